"""Safeguarding rules: the s42(1) decision, routes with reasons, the life of a concern, closing an enquiry."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules import safeguarding as sg
from carecommons.rules.access import Ground, Kind, Purpose, Role, decide
from carecommons.rules.safeguarding import (
    Achieved,
    Closure,
    OutcomesAsked,
    Risk,
    Route,
    S42Test,
    State,
    can_move,
    check_categories,
    check_closure,
    check_triage,
    s42_decision,
)

REASONS = "A neighbour saw her son take her bank card and she is frightened of him."


@pytest.mark.parametrize(("needs", "abuse", "unable", "duty", "not_met"), [
    (True, True, True, True, ()),
    (False, True, True, False, (S42Test.NEEDS, S42Test.UNABLE_TO_PROTECT)),  # the third depends on the first
    (True, False, True, False, (S42Test.ABUSE_OR_NEGLECT,)),
    (True, True, False, False, (S42Test.UNABLE_TO_PROTECT,)),
    (False, False, False, False, tuple(S42Test)),
    (True, False, False, False, (S42Test.ABUSE_OR_NEGLECT, S42Test.UNABLE_TO_PROTECT)),
])
def test_the_duty_to_enquire_needs_all_three_tests(needs, abuse, unable, duty, not_met):
    d = s42_decision(needs=needs, abuse_or_neglect=abuse, unable_to_protect=unable)
    assert d.duty is duty
    assert d.not_met == not_met
    assert d.reference == "Care Act 2014, section 42(1)"
    assert len(d.reasons) == 4, "one line for each test and one for the decision"
    assert ("must make enquiries" in d.reasons[-1]) is duty


def test_the_reasons_say_in_plain_words_which_tests_were_met():
    d = s42_decision(needs=True, abuse_or_neglect=True, unable_to_protect=False)
    assert d.reasons[0] == "They may have needs for care and support (whether or not the council is meeting them)."
    assert d.reasons[2] == "There is no reason to think their needs stop them protecting themselves."
    assert d.reasons[3].startswith("One test is not met, so there is no duty")
    d = s42_decision(needs=False, abuse_or_neglect=True, unable_to_protect=True)
    assert "cannot be met" in d.reasons[2]


@pytest.mark.parametrize(("tests", "route", "referred_to", "problem"), [
    ((True, True, True), Route.S42_ENQUIRY, "", None),
    ((True, True, True), Route.NO_FURTHER_ACTION, "", "route"),  # the duty holds: no other route instead
    ((True, True, True), Route.OTHER_ENQUIRY, "", "route"),
    ((True, False, True), Route.S42_ENQUIRY, "", "route"),  # no duty, so not under s42
    ((True, False, True), Route.OTHER_ENQUIRY, "", None),
    ((False, True, False), Route.INFORMATION_AND_ADVICE, "", None),
    ((True, True, False), Route.NEEDS_ASSESSMENT, "", None),
    ((False, False, False), Route.NO_FURTHER_ACTION, "", None),
    ((False, True, False), Route.REFERRAL, "", "referred_to"),
    ((False, True, False), Route.REFERRAL, "Police (fictional force)", None),
    ((False, True, False), "sideways", "", "route"),
])
def test_a_route_must_fit_the_decision(tests, route, referred_to, problem):
    needs, abuse, unable = tests
    check = check_triage(needs=needs, abuse_or_neglect=abuse, unable_to_protect=unable, route=route,
                         reasons=REASONS, referred_to=referred_to)
    assert check.ok is (problem is None)
    if problem:
        assert set(check.problems) == {problem}


@pytest.mark.parametrize("reasons", ["", "   ", "nfa", "see above please", "1 2 3 4 5 6"])
@pytest.mark.parametrize("route", list(Route))
def test_every_route_needs_reasons_in_words(route, reasons):
    duty = route is Route.S42_ENQUIRY
    check = check_triage(needs=duty, abuse_or_neglect=duty, unable_to_protect=duty, route=route, reasons=reasons,
                         referred_to="Police")
    assert not check.ok
    assert check.problems["reasons"] == "Give your reasons in at least 5 words"


ALL_MOVES = [
    (State.RAISED, State.TRIAGED, None, True),
    (State.RAISED, State.ENQUIRY_OPEN, Route.S42_ENQUIRY, False),  # never without a triage decision
    (State.RAISED, State.CLOSED, Route.NO_FURTHER_ACTION, False),
    (State.TRIAGED, State.ENQUIRY_OPEN, Route.S42_ENQUIRY, True),
    (State.TRIAGED, State.ENQUIRY_OPEN, Route.OTHER_ENQUIRY, True),
    (State.TRIAGED, State.ENQUIRY_OPEN, Route.REFERRAL, False),
    (State.TRIAGED, State.CLOSED, Route.REFERRAL, True),
    (State.TRIAGED, State.CLOSED, Route.S42_ENQUIRY, False),  # an enquiry closes only once it has been open
    (State.ENQUIRY_OPEN, State.CLOSED, Route.S42_ENQUIRY, True),
    (State.ENQUIRY_OPEN, State.TRIAGED, Route.S42_ENQUIRY, False),
    (State.CLOSED, State.ENQUIRY_OPEN, Route.S42_ENQUIRY, False),
    (State.CLOSED, State.RAISED, None, False),
]


@pytest.mark.parametrize(("state", "to", "route", "allowed"), ALL_MOVES)
def test_the_life_of_a_concern(state, to, route, allowed):
    assert can_move(state=state, to=to, route=route) is allowed


def test_nothing_leaves_closed_and_nothing_returns_to_raised():
    for state, route in itertools.product(State, [*Route, None]):
        assert sg.next_states(state=State.CLOSED, route=route) == ()
        assert not can_move(state=state, to=State.RAISED, route=route)


def test_each_state_allows_its_own_fields():
    assert "route" in sg.FIELDS_BY_STATE[State.TRIAGED] and "route" not in sg.FIELDS_BY_STATE[State.CLOSED]
    assert {"outcomes_achieved", "risk", "risk_why"} <= sg.FIELDS_BY_STATE[State.CLOSED]
    assert "desired_outcomes" in sg.FIELDS_BY_STATE[State.ENQUIRY_OPEN]
    assert "outcomes_achieved" not in sg.FIELDS_BY_STATE[State.ENQUIRY_OPEN]


def _closure(**kw):
    base = {"route": Route.S42_ENQUIRY, "outcomes_asked": OutcomesAsked.YES, "outcomes_achieved": Achieved.PARTIALLY,
            "risk": Risk.REDUCED, "risk_why": "", "reasons": "The plan she agreed is in place and reviewed."}
    return Closure(**{**base, **kw})


@pytest.mark.parametrize(("changes", "problems"), [
    ({}, set()),
    ({"risk": None}, {"risk"}),
    ({"outcomes_achieved": None}, {"outcomes_achieved"}),
    ({"outcomes_asked": OutcomesAsked.NO, "outcomes_achieved": None}, set()),
    ({"outcomes_asked": OutcomesAsked.NO}, {"outcomes_achieved"}),  # cannot be achieved if never asked
    ({"outcomes_asked": None}, {"outcomes_asked"}),
    ({"risk": Risk.REMAINS}, {"risk_why"}),
    ({"risk": Risk.REMAINS, "risk_why": "She chooses to keep seeing her son, knowing the risk."}, set()),
    ({"reasons": "done"}, {"reasons"}),
    ({"route": Route.NO_FURTHER_ACTION, "outcomes_asked": None, "outcomes_achieved": None, "risk": None}, set()),
])
def test_closing(changes, problems):
    assert set(check_closure(_closure(**changes))) == problems


@given(route=st.sampled_from(list(Route)), asked=st.sampled_from([*OutcomesAsked, None]),
       achieved=st.sampled_from([*Achieved, None]), risk=st.sampled_from([*Risk, None]),
       why=st.sampled_from(["", "She chooses to keep living with her brother."]),
       reasons=st.sampled_from(["", "The enquiry found what happened and what she wants."]))
def test_every_closed_enquiry_says_what_happened_to_the_risk_and_whether_outcomes_asked_were_achieved(
        route, asked, achieved, risk, why, reasons):
    closure = Closure(route=route, outcomes_asked=asked, outcomes_achieved=achieved, risk=risk, risk_why=why,
                      reasons=reasons)
    if check_closure(closure):
        return
    assert reasons
    if route in sg.ENQUIRY_ROUTES:
        assert risk is not None
        assert asked is not None
        if asked is OutcomesAsked.YES:
            assert achieved is not None
        else:
            assert achieved is None
        if risk is Risk.REMAINS:
            assert why


def test_the_national_returns_categories():
    assert len(sg.ABUSE_TYPES) == 11 and "self_neglect" in sg.ABUSE_TYPES and "modern_slavery" in sg.ABUSE_TYPES
    assert set(sg.SOURCES_OF_RISK) == {"service_provider", "known", "unknown"}
    assert check_categories(abuse_types=["financial"], location="own_home", source_of_risk="known") == {}
    assert set(check_categories(abuse_types=[], location="moon", source_of_risk="")) == {
        "abuse_types", "location", "source_of_risk"}
    assert "abuse_types" in check_categories(abuse_types=["financial", "gossip"], location="own_home",
                                             source_of_risk="known")


@pytest.mark.parametrize(("minutes", "words"), [
    (0, "0 minutes"), (1, "1 minute"), (59, "59 minutes"), (60, "1 hour"), (61, "1 hour 1 minute"),
    (190, "3 hours 10 minutes"), (24 * 60, "1 day"), (2 * 24 * 60 + 4 * 60 + 5, "2 days 4 hours"),
])
def test_time_waited_in_words(minutes, words):
    now = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
    assert sg.waited_words(raised_at=now - dt.timedelta(minutes=minutes), now=now) == words


def test_over_a_day_is_overdue():
    now = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
    assert not sg.overdue(raised_at=now - dt.timedelta(hours=24), now=now)
    assert sg.overdue(raised_at=now - dt.timedelta(hours=24, minutes=1), now=now)


def test_the_public_form_limit_and_references():
    assert sg.may_raise_another(raised_from_address_last_hour=9)
    assert not sg.may_raise_another(raised_from_address_last_hour=10)
    assert sg.reference_for(1234) == "SG-0000-1234"
    assert sg.reference_for(99_999_999) == "SG-9999-9999"


# --- Safeguarding records in the access table -------------------------------------------------------------------

PR, M, H, C, A, P = Role.PRACTITIONER, Role.MANAGER, Role.HOST, Role.COMMISSIONER, Role.ADMIN, Role.PERSON


@pytest.mark.parametrize(("role", "purpose", "grounds", "allowed"), [
    (PR, Purpose.DECIDE, {Ground.SAFEGUARDING_TEAM}, True),
    (M, Purpose.VIEW, {Ground.SAFEGUARDING_TEAM}, True),
    (PR, Purpose.VIEW, {Ground.NAMED}, True),
    (PR, Purpose.DECIDE, {Ground.NAMED}, False),  # named people see; the team decides
    (P, Purpose.VIEW, {Ground.SELF}, True),
    # Refused: another team, however close to the person; sharing; break glass; commissioners; hosts
    (PR, Purpose.VIEW, {Ground.TEAM, Ground.MET, Ground.ALLOCATED}, False),
    (M, Purpose.VIEW, {Ground.TEAM}, False),
    (None, Purpose.VIEW, {Ground.SHARED}, False),
    (PR, Purpose.VIEW, {Ground.BREAK_GLASS}, False),
    (A, Purpose.VIEW, {Ground.BREAK_GLASS}, False),
    (C, Purpose.VIEW, {Ground.SAFEGUARDING_TEAM, Ground.NAMED}, False),
    (H, Purpose.VIEW, {Ground.SAFEGUARDING_TEAM, Ground.NAMED, Ground.HUB_BOOKING}, False),
])
def test_safeguarding_records_in_the_access_table(role, purpose, grounds, allowed):
    d = decide(role=role, kind=Kind.SAFEGUARDING, purpose=purpose, grounds=grounds)
    assert d.allowed is allowed
    assert not d.reason_needed, "nobody breaks glass into a safeguarding record"


def test_the_safeguarding_team_opens_nothing_else_without_a_reason():
    d = decide(role=PR, kind=Kind.BUDGET, purpose=Purpose.VIEW, grounds={Ground.SAFEGUARDING_TEAM})
    assert not d.allowed and d.reason_needed
    d = decide(role=PR, kind=Kind.PERSON, purpose=Purpose.VIEW, grounds={Ground.SAFEGUARDING_TEAM, Ground.NAMED})
    assert not d.allowed and d.reason_needed


# --- Opening the enquiry: the person's own outcomes, and advocacy (s68) -----------------------------------------

@pytest.mark.parametrize(("difficulty", "appropriate", "needed"), [
    (False, False, False), (False, True, False), (True, True, False), (True, False, True),
])
def test_an_advocate_is_needed_with_substantial_difficulty_and_no_appropriate_person(difficulty, appropriate, needed):
    a = sg.advocate_needed(substantial_difficulty=difficulty, appropriate_person=appropriate)
    assert a.needed is needed and a.reference == "Care Act 2014, section 68"
    assert ("must be arranged" in a.reason) is needed


def _start(**kw):
    base = {"outcomes_asked": OutcomesAsked.YES, "desired_outcomes": "I want him to stop coming round.",
            "not_asked_why": "", "substantial_difficulty": False, "appropriate_person": "", "advocate": "",
            "lacks_capacity": sg.Capacity.HAS}
    return sg.EnquiryStart(**{**base, **kw})


@pytest.mark.parametrize(("changes", "problems"), [
    ({}, set()),
    ({"outcomes_asked": None}, {"outcomes_asked"}),
    ({"desired_outcomes": "  "}, {"desired_outcomes"}),
    ({"outcomes_asked": OutcomesAsked.YES_NO_VIEW, "desired_outcomes": ""}, set()),
    ({"outcomes_asked": OutcomesAsked.NO}, {"not_asked_why"}),
    ({"outcomes_asked": OutcomesAsked.NO, "not_asked_why": "She was in hospital and too unwell to talk."}, set()),
    ({"substantial_difficulty": None}, {"substantial_difficulty"}),
    ({"substantial_difficulty": True}, {"advocate"}),
    ({"substantial_difficulty": True, "appropriate_person": "Her sister, Grace"}, set()),
    ({"substantial_difficulty": True, "advocate": "Jo Bright, Ashby Vale Advocacy (fictional)"}, set()),
    ({"lacks_capacity": None}, {"lacks_capacity"}),  # asked at the start: yes, no, or not assessed yet
    ({"lacks_capacity": sg.Capacity.NOT_ASSESSED}, set()),
    ({"lacks_capacity": sg.Capacity.LACKS, "substantial_difficulty": True, "advocate": "Jo Bright (fictional)"}, set()),
])
def test_opening_an_enquiry(changes, problems):
    assert set(sg.check_enquiry_start(_start(**changes))) == problems


@pytest.mark.parametrize(("changes", "problems"), [
    ({}, set()),
    ({"held_on": None}, {"held_on"}),
    ({"held_on": dt.date(2026, 3, 3)}, {"held_on"}),  # not yet held
    ({"agencies": []}, {"agencies"}),
    ({"agencies": ["police", "astrologer"]}, {"agencies"}),
    ({"attendees": " "}, {"attendees"}),
    ({"actions": "tbc"}, {"actions"}),
])
def test_a_strategy_meeting_says_when_who_and_what_was_agreed(changes, problems):
    base = {"held_on": dt.date(2026, 3, 2), "today": dt.date(2026, 3, 2), "agencies": ["police", "nhs"],
            "attendees": "Sita Kaur (council), PC Dana Hill (police), fictional",
            "actions": "The police will visit her nephew; Sita will tell Evelyn by Friday."}
    assert set(sg.check_meeting(**{**base, **changes})) == problems


@pytest.mark.parametrize(("changes", "problems"), [
    ({}, set()),
    ({"kind": "protection", "risks_chosen": ""}, set()),
    ({"risks_chosen": ""}, {"risks_chosen"}),  # a risk-enablement plan names the risks they choose
    ({"kind": "wishful"}, {"kind"}),
    ({"support": ""}, {"support"}),
    ({"who_does_what": "tbc"}, {"who_does_what"}),
    ({"review_on": None}, {"review_on"}),
    ({"review_on": dt.date(2026, 3, 2)}, {"review_on"}),  # today is not a review
    ({"review_on": dt.date(2026, 9, 2)}, {"review_on"}),  # more than six months away
    ({"person_agrees": False}, {"person_agrees"}),
])
def test_a_plan_the_person_agrees_to(changes, problems):
    base = {"kind": "risk_enablement", "risks_chosen": "I will keep seeing my grandson on Sundays.",
            "support": "Her pension goes to an account only she can use.",
            "who_does_what": "Sita calls her each week; the bank checks large withdrawals.",
            "review_on": dt.date(2026, 6, 1), "today": dt.date(2026, 3, 2), "person_agrees": True}
    assert set(sg.check_plan(**{**base, **changes})) == problems


# --- Naming people in an enquiry, and reviewing a plan --------------------------------------------------------------

@pytest.mark.parametrize(("role", "source", "team", "named", "words"), [
    ("practitioner", True, False, False, "alleged source of risk"),
    ("manager", True, True, True, "alleged source of risk"),  # the source comes first, whatever else holds
    ("commissioner", False, False, False, "Commissioners never see"),
    ("host", False, False, False, "Hosts never see"),
    ("admin", False, False, False, "Administrators never see"),
    ("person", False, False, False, "not as staff"),
    (None, False, False, False, "not as staff"),
    ("practitioner", False, True, False, "sees every concern already"),
    ("manager", False, False, True, "named in this concern already"),
])
def test_naming_is_refused_to_whom_the_access_table_refuses_and_to_the_alleged_source(role, source, team, named,
                                                                                      words):
    problems = sg.check_naming(name="Jo Bright", role=role, alleged_source=source, on_team=team,
                               already_named=named, why="Needs to know this")
    assert list(problems) == ["who"] and problems["who"].startswith("Jo Bright ") and words in problems["who"]


def test_naming_a_practitioner_or_manager_needs_only_why():
    for role in ("practitioner", "manager"):
        assert sg.check_naming(name="Jo", role=role, alleged_source=False, on_team=False, already_named=False,
                               why="Her practitioner, North team") == {}
    assert set(sg.check_naming(name="Jo", role="manager", alleged_source=False, on_team=False, already_named=False,
                               why="Manager")) == {"why"}
    # The access table agrees: named practitioners and managers see; commissioners, hosts and admins never do.
    for role in Role:
        allowed = decide(role=role, kind=Kind.SAFEGUARDING, purpose=Purpose.VIEW, grounds={Ground.NAMED}).allowed
        assert allowed == (role.value in sg.NAMEABLE_ROLES), role


def test_a_plan_review_needs_a_past_date_what_changed_agreement_and_the_next_within_six_months():
    today = dt.date(2026, 3, 1)
    ok = {"reviewed_on": today, "plan_agreed_on": dt.date(2026, 1, 5), "today": today,
          "what_changed": "Nothing has changed.", "still_agrees": False, "next_review_on": today + dt.timedelta(days=183)}
    assert sg.check_plan_review(**ok) == {}
    assert set(sg.check_plan_review(**{**ok, "reviewed_on": None, "what_changed": " ", "still_agrees": None,
                                       "next_review_on": None})) == {"reviewed_on", "what_changed", "still_agrees",
                                                                     "next_review_on"}
    assert "past" in sg.check_plan_review(**{**ok, "reviewed_on": today + dt.timedelta(days=1)})["reviewed_on"]
    assert "agreed" in sg.check_plan_review(**{**ok, "reviewed_on": dt.date(2026, 1, 4)})["reviewed_on"]
    assert "after today" in sg.check_plan_review(**{**ok, "next_review_on": today})["next_review_on"]
    assert "6 months" in sg.check_plan_review(**{**ok, "next_review_on": today + dt.timedelta(days=184)})[
        "next_review_on"]
    # Reviewed late: six months from the review, and still after today.
    late = {**ok, "reviewed_on": today - dt.timedelta(days=10)}
    assert "6 months" in sg.check_plan_review(**{**late, "next_review_on": today + dt.timedelta(days=180)})[
        "next_review_on"]
