"""Saying who came on a hub's day: when a booking can be marked, and when a mark can be undone."""

import datetime as dt

import pytest

from carecommons.rules.access import Role
from carecommons.rules.assessment_next import after_sending
from carecommons.rules.booking import can_mark_attendance, can_undo_attendance

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(("slot_day", "cancelled", "marked", "allowed", "words"), [
    (TODAY, False, "", True, "the day of the conversation has come"),
    (TODAY - dt.timedelta(days=2), False, "", True, "the day of the conversation has come"),
    (TODAY + dt.timedelta(days=1), False, "", False, "on a later day"),
    (TODAY, True, "", False, "was cancelled"),
    (TODAY, False, "arrived", False, "already marked \u201cArrived\u201d"),
    (TODAY, True, "did_not_attend", False, "already marked \u201cDid not attend\u201d"),
])
def test_a_booking_is_marked_once_from_its_day_and_never_when_cancelled(slot_day, cancelled, marked, allowed, words):
    decision = can_mark_attendance(slot_day=slot_day, today=TODAY, cancelled=cancelled, marked=marked)
    assert decision.allowed is allowed
    assert words in decision.reasons[0].lower() or words in decision.reasons[0]


def test_a_booking_whose_conversation_is_recorded_is_not_marked():
    decision = can_mark_attendance(slot_day=TODAY, today=TODAY, cancelled=False, marked="", held=True)
    assert not decision.allowed and "recorded" in decision.reasons[0]


@pytest.mark.parametrize(("marked", "marked_on", "allowed"), [
    ("arrived", TODAY, True),
    ("did_not_attend", TODAY, True),
    ("arrived", TODAY - dt.timedelta(days=1), False),
    ("", None, False),
])
def test_a_mark_is_undone_only_on_the_day_it_was_made(marked, marked_on, allowed):
    decision = can_undo_attendance(marked=marked, marked_on=marked_on, today=TODAY)
    assert decision.allowed is allowed and decision.reasons


def test_what_happens_next_after_sending_is_said_to_whoever_is_looking():
    person = " ".join(after_sending(viewer=Role.PERSON, person_name="Ruth", team="North community team"))
    host = " ".join(after_sending(viewer=Role.HOST, person_name="Ruth", team="North community team"))
    practitioner = " ".join(after_sending(viewer=Role.PRACTITIONER, person_name="Ruth", team="North community team"))
    assert "A practitioner from North community team will read it" in person and "your needs" in person
    assert "Your part is done" in host and "tell Ruth what they decide" in host
    assert "You can make the determination now" in practitioner
    assert "will look at it" not in person + host + practitioner
    assert "council's adult social care team" in " ".join(after_sending(viewer=Role.PERSON, person_name="R", team=""))
