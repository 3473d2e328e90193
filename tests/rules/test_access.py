"""The access table: role × ground × kind × purpose → allowed, refused, or "give a reason"."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.access import (
    BREAK_GLASS_ROLES,
    NAV_LIMIT,
    PAGES,
    Ground,
    Kind,
    Purpose,
    Role,
    check_break_glass_reason,
    decide,
    grounds_allowing,
    more_for,
    nav_for,
)

ALLOWED, REASON, REFUSED = "allowed", "reason", "refused"
P, PR, M, H, C, A = Role.PERSON, Role.PRACTITIONER, Role.MANAGER, Role.HOST, Role.COMMISSIONER, Role.ADMIN


def outcome(role, kind, purpose, grounds):
    d = decide(role=role, kind=kind, purpose=purpose, grounds=grounds)
    assert d.reasons, "every decision says why"
    return ALLOWED if d.allowed else REASON if d.reason_needed else REFUSED


@pytest.mark.parametrize(("role", "kind", "purpose", "grounds", "expected", "ground"), [
    # The person and their own record
    (P, Kind.BUDGET, Purpose.VIEW, {Ground.SELF}, ALLOWED, Ground.SELF),
    (P, Kind.FINANCIAL_ASSESSMENT, Purpose.EXPORT, {Ground.SELF}, ALLOWED, Ground.SELF),
    (P, Kind.BUDGET, Purpose.RECORD_MONEY, {Ground.SELF}, REFUSED, None),
    (P, Kind.BUDGET, Purpose.RECORD_MONEY, {Ground.SELF, Ground.OWN_DIRECT_PAYMENT}, ALLOWED, Ground.OWN_DIRECT_PAYMENT),
    (P, Kind.SUPPORT_PLAN, Purpose.DECIDE, {Ground.SELF}, REFUSED, None),
    (P, Kind.PERSON, Purpose.VIEW, set(), REFUSED, None),
    (None, Kind.PERSON, Purpose.VIEW, set(), REFUSED, None),
    # Someone the person shared with sees, and only sees
    (P, Kind.BUDGET, Purpose.VIEW, {Ground.SHARED}, ALLOWED, Ground.SHARED),
    (None, Kind.ASSESSMENT, Purpose.VIEW, {Ground.SHARED}, ALLOWED, Ground.SHARED),
    (P, Kind.SUPPORT_PLAN, Purpose.CHANGE, {Ground.SHARED}, REFUSED, None),
    (H, Kind.BUDGET, Purpose.VIEW, {Ground.SHARED}, ALLOWED, Ground.SHARED),
    (P, Kind.BUDGET, Purpose.EXPORT, {Ground.SHARED}, REFUSED, None),
    # Practitioners and managers with a relationship
    (PR, Kind.CONVERSATION, Purpose.CHANGE, {Ground.MET}, ALLOWED, Ground.MET),
    (PR, Kind.BUDGET, Purpose.RECORD_MONEY, {Ground.ALLOCATED}, ALLOWED, Ground.ALLOCATED),
    (M, Kind.SUPPORT_PLAN, Purpose.DECIDE, {Ground.TEAM}, ALLOWED, Ground.TEAM),
    (PR, Kind.SUPPORT_PLAN, Purpose.DECIDE, {Ground.SIGN_OFF}, ALLOWED, Ground.SIGN_OFF),
    (PR, Kind.BUDGET, Purpose.VIEW, {Ground.SIGN_OFF}, REFUSED, None),
    (PR, Kind.BOOKING, Purpose.CHANGE, {Ground.DUTY}, ALLOWED, Ground.DUTY),
    (PR, Kind.PERSON, Purpose.VIEW, {Ground.DUTY}, REASON, None),
    # No relationship: a reason, then only view and change
    (PR, Kind.PERSON, Purpose.VIEW, set(), REASON, None),
    (PR, Kind.PERSON, Purpose.VIEW, {Ground.BREAK_GLASS}, ALLOWED, Ground.BREAK_GLASS),
    (PR, Kind.BUDGET, Purpose.RECORD_MONEY, {Ground.BREAK_GLASS}, REFUSED, None),
    (PR, Kind.BUDGET, Purpose.RECORD_MONEY, set(), REFUSED, None),
    (A, Kind.PERSON, Purpose.VIEW, {Ground.TEAM}, REASON, None),
    (A, Kind.PERSON, Purpose.VIEW, {Ground.BREAK_GLASS}, ALLOWED, Ground.BREAK_GLASS),
    (A, Kind.ASSESSMENT, Purpose.CHANGE, {Ground.BREAK_GLASS}, REFUSED, None),
    # Hosts: bookings and assessing, only with someone currently booked; never budgets or plans
    (H, Kind.BOOKING, Purpose.VIEW, {Ground.HUB_BOOKING}, ALLOWED, Ground.HUB_BOOKING),
    (H, Kind.ASSESSMENT, Purpose.CHANGE, {Ground.HUB_BOOKING}, ALLOWED, Ground.HUB_BOOKING),
    (H, Kind.BUDGET, Purpose.VIEW, {Ground.HUB_BOOKING}, REFUSED, None),
    (H, Kind.SUPPORT_PLAN, Purpose.VIEW, {Ground.HUB_BOOKING}, REFUSED, None),
    (H, Kind.FINANCIAL_ASSESSMENT, Purpose.VIEW, {Ground.HUB_BOOKING}, REFUSED, None),
    (H, Kind.ASSESSMENT, Purpose.VIEW, set(), REFUSED, None),
    (H, Kind.PERSON, Purpose.VIEW, {Ground.BREAK_GLASS}, REFUSED, None),
    (PR, Kind.BOOKING, Purpose.VIEW, {Ground.HUB_BOOKING}, REASON, None),
    # Commissioners see numbers only
    (C, Kind.PERSON, Purpose.VIEW, {Ground.TEAM, Ground.BREAK_GLASS}, REFUSED, None),
])
def test_the_access_table(role, kind, purpose, grounds, expected, ground):
    assert outcome(role, kind, purpose, grounds) == expected
    assert decide(role=role, kind=kind, purpose=purpose, grounds=grounds).ground == ground


def test_a_host_is_told_what_hosts_can_see():
    d = decide(role=H, kind=Kind.BUDGET, purpose=Purpose.VIEW, grounds={Ground.HUB_BOOKING})
    assert "currently booked" in d.reasons[0]


@given(st.sampled_from(list(Role) + [None]), st.sampled_from(list(Kind)), st.sampled_from(list(Purpose)),
       st.sets(st.sampled_from(list(Ground))))
def test_no_ground_is_needed_for_a_refusal_and_more_grounds_never_take_access_away(role, kind, purpose, grounds):
    allowed = decide(role=role, kind=kind, purpose=purpose, grounds=grounds).allowed
    assert not decide(role=role, kind=kind, purpose=purpose, grounds=set()).allowed
    if allowed:
        for extra in Ground:
            assert decide(role=role, kind=kind, purpose=purpose, grounds=grounds | {extra}).allowed


@given(st.sampled_from(list(Role) + [None]), st.sampled_from(list(Kind)), st.sampled_from(list(Purpose)))
def test_lists_name_exactly_the_people_a_ground_would_open(role, kind, purpose):
    for ground in grounds_allowing(role=role, kind=kind, purpose=purpose):
        assert decide(role=role, kind=kind, purpose=purpose, grounds={ground}).allowed
    assert Ground.BREAK_GLASS not in grounds_allowing(role=role, kind=kind, purpose=purpose)


def test_only_practitioners_managers_and_administrators_can_break_glass():
    assert BREAK_GLASS_ROLES == {PR, M, A}


@pytest.mark.parametrize(("purpose", "explanation", "ok"), [
    ("duty", "Her son rang the duty line worried she has not eaten for two days", True),
    ("safeguarding", "A neighbour reported bruising and asked us to check who supports him", True),
    ("duty", "need to see", False),
    ("duty", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", False),
    ("duty", "see see see see see see see see", False),
    ("curious", "I would like to look at this record because I am curious", False),
    ("", "", False),
])
def test_a_break_glass_reason_is_a_published_purpose_and_a_real_sentence(purpose, explanation, ok):
    check = check_break_glass_reason(purpose=purpose, explanation=explanation)
    assert check.ok is ok
    assert bool(check.problems) is not ok
    if ok:
        assert check.reason.endswith(explanation)


@pytest.mark.parametrize("role", [*Role, None])
def test_each_role_has_at_most_six_navigation_items_counting_sign_out(role):
    pages = nav_for(role)
    assert len(pages) + (1 if role else 0) <= NAV_LIMIT
    assert all(role in page.roles for page in pages), "a role's navigation shows only pages it may open"
    assert not set(pages) & set(more_for(role))


def test_every_page_in_the_table_is_open_to_someone():
    assert all(page.roles for page in PAGES.values())


# --- Ward staff: the requests their own ward sent, nothing else (issue 18) ---------------------------------------
W = Role.WARD


@pytest.mark.parametrize(("kind", "purpose", "grounds", "allowed"), [
    (Kind.DISCHARGE, Purpose.VIEW, {Ground.WARD_REQUEST}, True),
    (Kind.DISCHARGE, Purpose.CHANGE, {Ground.WARD_REQUEST}, True),
    (Kind.DISCHARGE, Purpose.DECIDE, {Ground.WARD_REQUEST}, False),  # the team agrees the pathway, not the ward
    (Kind.DISCHARGE, Purpose.VIEW, set(), False),  # another ward's request
    (Kind.PERSON, Purpose.VIEW, {Ground.WARD_REQUEST}, False),  # the person's record
    (Kind.ASSESSMENT, Purpose.VIEW, {Ground.WARD_REQUEST}, False),
    (Kind.BOOKING, Purpose.VIEW, {Ground.WARD_REQUEST}, False),
    (Kind.SAFEGUARDING, Purpose.VIEW, {Ground.WARD_REQUEST}, False),
    (Kind.PERSON, Purpose.VIEW, {Ground.SHARED, Ground.SELF, Ground.TEAM, Ground.BREAK_GLASS}, False),
    (Kind.DISCHARGE, Purpose.VIEW, {Ground.SHARED, Ground.HOSPITAL_TEAM, Ground.BREAK_GLASS}, False),
])
def test_ward_staff_see_only_their_own_wards_requests(kind, purpose, grounds, allowed):
    d = decide(role=W, kind=kind, purpose=purpose, grounds=grounds)
    assert d.allowed is allowed
    assert not d.reason_needed, "ward staff cannot break glass"
    if not allowed:
        assert d.reasons == ("Ward staff see only the requests to leave hospital that their own ward sent, and "
                             "nothing else about the person.",)


@pytest.mark.parametrize(("role", "grounds", "allowed"), [
    (PR, {Ground.HOSPITAL_TEAM}, True),
    (M, {Ground.HOSPITAL_TEAM}, True),
    (C, {Ground.HOSPITAL_TEAM}, False),
    (H, {Ground.HOSPITAL_TEAM}, False),
    (PR, {Ground.WARD_REQUEST}, False),
    (P, {Ground.SELF}, True),  # the person sees their own request
])
def test_the_hospital_team_plans_every_request(role, grounds, allowed):
    assert decide(role=role, kind=Kind.DISCHARGE, purpose=Purpose.VIEW, grounds=grounds).allowed is allowed


def test_the_hospital_team_ground_reaches_no_other_record():
    d = decide(role=PR, kind=Kind.PERSON, purpose=Purpose.VIEW, grounds={Ground.HOSPITAL_TEAM})
    assert not d.allowed and d.reason_needed, "like anyone else, they give a reason to open the rest of the record"


@pytest.mark.parametrize(("kind", "purpose", "allowed"), [
    (Kind.CONVERSATION, Purpose.CHANGE, True),  # record a conversation, as the front door does
    (Kind.CONVERSATION, Purpose.VIEW, False),  # not read earlier ones: having met the person, MET allows that
    (Kind.ASSESSMENT, Purpose.VIEW, False),
    (Kind.BUDGET, Purpose.VIEW, False),
    (Kind.SAFEGUARDING, Purpose.VIEW, False),
])
def test_the_hospital_team_may_record_a_conversation_and_nothing_more(kind, purpose, allowed):
    for role in (PR, M):
        assert decide(role=role, kind=kind, purpose=purpose, grounds={Ground.HOSPITAL_TEAM}).allowed is allowed
    assert not decide(role=C, kind=kind, purpose=purpose, grounds={Ground.HOSPITAL_TEAM}).allowed
