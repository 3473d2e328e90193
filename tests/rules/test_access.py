import pytest

from carecommons.rules.access import Relationship, Role, decide_access


@pytest.mark.parametrize(
    ("role", "rel", "allowed", "reason_needed", "grounds"),
    [
        (Role.PERSON, Relationship(is_the_person=True), True, False, "self"),
        (Role.PERSON, Relationship(), False, False, ""),
        (None, Relationship(), False, False, ""),
        (Role.PRACTITIONER, Relationship(has_met=True), True, False, "met"),
        (Role.PRACTITIONER, Relationship(is_allocated=True), True, False, "allocated"),
        (Role.PRACTITIONER, Relationship(same_team=True), True, False, "team"),
        (Role.PRACTITIONER, Relationship(), False, True, ""),
        (Role.PRACTITIONER, Relationship(break_glass_reason="Duty call about a safeguarding worry"), True, False, "break_glass"),
        (Role.PRACTITIONER, Relationship(break_glass_reason="   "), False, True, ""),
        (Role.MANAGER, Relationship(same_team=True), True, False, "team"),
        (Role.MANAGER, Relationship(), False, True, ""),
        (Role.ADMIN, Relationship(same_team=True), False, True, ""),
        (Role.ADMIN, Relationship(break_glass_reason="Data protection request from the person"), True, False, "break_glass"),
        (Role.HOST, Relationship(same_team=True, has_met=True), False, False, ""),
        (Role.HOST, Relationship(booked_at_your_hub=True), True, False, "hub_booking"),
        (Role.PRACTITIONER, Relationship(booked_at_your_hub=True), False, True, ""),
        (Role.HOST, Relationship(break_glass_reason="I want to see it"), False, False, ""),
        (Role.COMMISSIONER, Relationship(break_glass_reason="Planning"), False, False, ""),
    ],
)
def test_decide_access(role, rel, allowed, reason_needed, grounds):
    d = decide_access(role=role, relationship=rel)
    assert (d.allowed, d.reason_needed, d.grounds) == (allowed, reason_needed, grounds)
    assert d.reasons, "every decision says why"
