"""Leaving hospital: pathways, reasons for delay, the six free weeks, the 91-day check and the sequel (issue 18)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules import ascof_short_term
from carecommons.rules.discharge import (
    ASCOF_2D_FOLLOW_UP_DAYS,
    FREE_DAYS,
    OPEN_STATUSES,
    PATHWAY_MEANING,
    PATHWAY_WORDS,
    SEQUEL_CLD_OUTCOME,
    SEQUEL_ORDER,
    DelayReason,
    Pathway,
    RequestStatus,
    Sequel,
    WithdrawalReason,
    ascof_2d_window_ends,
    can_move,
    check_delay,
    check_due,
    check_episode_end,
    check_new_request,
    check_pathway_agreed,
    check_withdrawal,
    counted_in_2a,
    counts_as_no_further_request,
    days_waiting,
    fhir_status,
    free_period,
    nhs_number_valid,
    pathway_from,
    sequel_of,
    still_at_home_check_on,
    withdrawable_from,
)

D = dt.date
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


# --- Pathways --------------------------------------------------------------------------------------------------

def test_four_pathways_each_in_plain_words():
    assert [p.value for p in Pathway] == [0, 1, 2, 3]
    assert set(PATHWAY_WORDS) == set(PATHWAY_MEANING) == set(Pathway)
    assert PATHWAY_WORDS[Pathway.HOME] == "Pathway 0: home, with no new support"
    assert "care home" in PATHWAY_WORDS[Pathway.CARE_HOME]


@pytest.mark.parametrize(("value", "expected"), [
    ("0", Pathway.HOME), (1, Pathway.HOME_WITH_SUPPORT), (" 2 ", Pathway.SHORT_TERM_BED), ("3", Pathway.CARE_HOME),
    ("4", None), ("", None), (None, None), ("one", None), ("1.0", None), ("-1", None), ("١", None),
])
def test_a_pathway_from_what_was_sent(value, expected):
    assert pathway_from(value) == expected


@pytest.mark.parametrize(("proposed", "agreed", "reasons", "ok", "changed", "problem"), [
    (Pathway.HOME_WITH_SUPPORT, "1", "", True, False, None),
    (Pathway.HOME_WITH_SUPPORT, "2", "", False, True, "reasons"),
    (Pathway.HOME_WITH_SUPPORT, "2", "too weak", False, True, "reasons"),
    (Pathway.HOME_WITH_SUPPORT, "2", "She cannot manage the stairs yet and wants to get stronger first", True, True, None),
    (None, "0", "", True, False, None),
    (Pathway.HOME, "", "", False, False, "pathway"),
    (Pathway.HOME, "9", "", False, False, "pathway"),
])
def test_the_team_agrees_the_pathway_or_changes_it_with_reasons(proposed, agreed, reasons, ok, changed, problem):
    d = check_pathway_agreed(proposed=proposed, agreed=agreed, reasons=reasons)
    assert d.ok is ok
    assert d.changed is changed
    if problem:
        assert problem in d.problems
    else:
        assert d.reasons and d.reasons[0].startswith("Pathway")


def test_a_changed_pathway_names_what_the_ward_proposed():
    d = check_pathway_agreed(proposed=Pathway.HOME_WITH_SUPPORT, agreed="2", reasons="no")
    assert "pathway 1: home, with support" in d.problems["reasons"]


# --- Delay -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ready", "left", "today", "days"), [
    (D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 9), 0),
    (D(2026, 3, 1), D(2026, 3, 4), D(2026, 3, 9), 3),
    (D(2026, 3, 1), None, D(2026, 3, 9), 8),
    (D(2026, 3, 5), D(2026, 3, 2), D(2026, 3, 9), 0),  # left before the expected day
    (D(2026, 2, 27), D(2026, 3, 1), D(2026, 3, 9), 2),  # across the end of February
])
def test_days_from_ready_to_leave_to_leaving(ready, left, today, days):
    assert days_waiting(ready_on=ready, left_on=left, today=today) == days


@pytest.mark.parametrize(("left", "reasons", "other", "ok", "problem"), [
    (D(2026, 3, 1), [], "", True, None),  # no wait, no reason needed
    (D(2026, 3, 4), [], "", False, "reasons"),
    (D(2026, 3, 4), ["care_at_home"], "", True, None),
    (D(2026, 3, 4), ["bed", "family_choice"], "", True, None),
    (D(2026, 3, 4), ["bored"], "", False, "reasons"),
    (D(2026, 3, 4), ["other"], "", False, "other"),
    (D(2026, 3, 4), ["other"], "waiting for a wheelchair", True, None),
])
def test_a_delay_has_reasons_from_the_published_list(left, reasons, other, ok, problem):
    check = check_delay(ready_on=D(2026, 3, 1), left_on=left, today=D(2026, 3, 9), reasons=reasons, other=other)
    assert check.ok is ok
    if problem:
        assert problem in check.problems
    else:
        assert set(check.reasons) == {DelayReason(r) for r in reasons}


def test_a_delay_without_reasons_says_how_long_they_have_waited():
    check = check_delay(ready_on=D(2026, 3, 1), left_on=None, today=D(2026, 3, 2), reasons=[])
    assert check.problems["reasons"].startswith("They have waited 1 day since")


# --- The six free weeks ----------------------------------------------------------------------------------------

def test_six_weeks_free_then_charging_and_the_day_to_tell_the_person():
    p = free_period(started_on=D(2026, 1, 5), notice_days=7)
    assert p.last_free_day == D(2026, 2, 15)  # day 42
    assert p.charging_may_apply_from == D(2026, 2, 16)
    assert p.tell_by == D(2026, 2, 9)
    assert p.free_days == 42
    assert "regulations 3 and 4" in p.reasons[0]
    assert "16 February 2026" in p.reasons[1]


@pytest.mark.parametrize(("ended", "free_days", "charging"), [
    (D(2026, 1, 5), 1, None),  # one day
    (D(2026, 2, 15), 42, None),  # exactly six weeks: all free
    (D(2026, 2, 16), 42, D(2026, 2, 16)),  # one day more: that day may be charged
    (D(2026, 6, 1), 42, D(2026, 2, 16)),
])
def test_an_ended_episode_is_free_for_at_most_six_weeks(ended, free_days, charging):
    p = free_period(started_on=D(2026, 1, 5), ended_on=ended, notice_days=14)
    assert p.free_days == free_days
    assert p.charging_may_apply_from == charging
    assert (p.tell_by is None) is (charging is None)


def test_notice_is_never_before_the_start():
    p = free_period(started_on=D(2026, 1, 5), notice_days=100)
    assert p.tell_by == D(2026, 1, 5)


def test_an_end_before_the_start_or_no_notice_is_a_mistake():
    with pytest.raises(ValueError):
        free_period(started_on=D(2026, 1, 5), ended_on=D(2026, 1, 4), notice_days=7)
    with pytest.raises(ValueError):
        free_period(started_on=D(2026, 1, 5), notice_days=0)


def test_with_no_notice_set_by_the_council_the_person_is_told_by_the_last_free_day():
    p = free_period(started_on=D(2026, 1, 5))
    assert p.tell_by == p.last_free_day == D(2026, 2, 15)
    assert "the council has set no earlier notice" in p.reasons[-1]


@given(dates, st.one_of(st.none(), st.integers(min_value=0, max_value=800)), st.integers(min_value=1, max_value=60))
def test_the_free_period_never_exceeds_six_weeks(start, length, notice):
    ended = None if length is None else start + dt.timedelta(days=length)
    p = free_period(started_on=start, ended_on=ended, notice_days=notice)
    assert 1 <= p.free_days <= FREE_DAYS == 42
    assert p.starts_on <= p.last_free_day <= start + dt.timedelta(days=41)
    assert (p.last_free_day - start).days + 1 == p.free_days
    if p.charging_may_apply_from is not None:
        assert p.charging_may_apply_from == p.last_free_day + dt.timedelta(days=1)
        assert start <= p.tell_by < p.charging_may_apply_from
    if ended is not None and ended <= start + dt.timedelta(days=41):
        assert p.charging_may_apply_from is None and p.last_free_day == ended


# --- The 91-day check -----------------------------------------------------------------------------------------

def test_the_check_is_91_days_after_leaving_and_ascof_2d_reads_84_from_the_engines_rules():
    left = D(2026, 1, 1)
    assert still_at_home_check_on(left_hospital_on=left) == D(2026, 4, 2)
    assert ASCOF_2D_FOLLOW_UP_DAYS is ascof_short_term.FOLLOW_UP_DAYS == 84
    assert ascof_2d_window_ends(left_hospital_on=left) == D(2026, 3, 26)
    assert not check_due(left_hospital_on=left, today=D(2026, 4, 1))
    assert check_due(left_hospital_on=left, today=D(2026, 4, 2))


# --- The sequel ------------------------------------------------------------------------------------------------

def test_six_sequels_each_with_a_cld_outcome_the_engine_knows():
    assert set(SEQUEL_ORDER) == set(Sequel) == set(SEQUEL_CLD_OUTCOME)
    known = set(ascof_short_term.DENOMINATOR_OUTCOMES) | {ascof_short_term.DECEASED, ascof_short_term.ADMITTED_TO_HOSPITAL}
    assert set(SEQUEL_CLD_OUTCOME.values()) <= known


@pytest.mark.parametrize(("sequel", "in_2a", "no_further_request"), [
    (Sequel.NO_FURTHER_SUPPORT, True, True),
    (Sequel.COMMUNITY, True, True),
    (Sequel.LONG_TERM, True, False),
    (Sequel.CARE_HOME, True, False),
    (Sequel.HOSPITAL, False, False),
    (Sequel.DIED, False, False),
])
def test_what_each_sequel_means_for_ascof_2a(sequel, in_2a, no_further_request):
    assert counted_in_2a(sequel) is in_2a
    assert counts_as_no_further_request(sequel) is no_further_request


@pytest.mark.parametrize(("facts", "expected"), [
    ({}, Sequel.NO_FURTHER_SUPPORT),
    ({"community_support": True}, Sequel.COMMUNITY),
    ({"community_support": True, "long_term_support": True}, Sequel.LONG_TERM),
    ({"care_home": True, "long_term_support": True}, Sequel.CARE_HOME),
    ({"back_in_hospital": True, "care_home": True}, Sequel.HOSPITAL),
    ({"died": True, "back_in_hospital": True}, Sequel.DIED),
])
def test_the_first_true_in_dhscs_order_is_the_sequel(facts, expected):
    args = dict.fromkeys(("died", "back_in_hospital", "care_home", "long_term_support", "community_support"), False)
    decision = sequel_of(**(args | facts))
    assert decision.sequel is expected
    assert decision.reasons
    assert ("Also true" in " ".join(decision.reasons)) is (len(facts) > 1)


@given(st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_every_ended_episode_has_exactly_one_sequel(died, hospital, care_home, long_term, community):
    decision = sequel_of(died=died, back_in_hospital=hospital, care_home=care_home, long_term_support=long_term,
                         community_support=community)
    assert isinstance(decision.sequel, Sequel)
    true = {Sequel.DIED: died, Sequel.HOSPITAL: hospital, Sequel.CARE_HOME: care_home, Sequel.LONG_TERM: long_term,
            Sequel.COMMUNITY: community}
    assert decision.sequel is next((s for s in SEQUEL_ORDER if true.get(s)), Sequel.NO_FURTHER_SUPPORT)


@given(dates, st.integers(min_value=-10, max_value=100), st.one_of(st.sampled_from([s.value for s in Sequel]),
                                                                    st.text(max_size=12), st.none()))
def test_ending_an_episode_gives_one_sequel_or_a_reason_why_not(start, length, sequel):
    today = start + dt.timedelta(days=50)
    ended = start + dt.timedelta(days=length)
    end = check_episode_end(started_on=start, ended_on=ended, sequel=sequel, today=today)
    if end.ok:
        assert isinstance(end.sequel, Sequel) and end.sequel.value == sequel and not end.problems
    else:
        assert end.sequel is None and end.problems


def test_ending_without_a_date_or_sequel_says_what_is_missing():
    end = check_episode_end(started_on=D(2026, 1, 5), ended_on=None, sequel="", today=D(2026, 2, 1))
    assert end.problems == {"ended_on": "Enter the day the reablement ended", "sequel": "Choose what happened next"}


# --- A request's life -----------------------------------------------------------------------------------------

def test_a_request_moves_forward_only():
    assert can_move(status=RequestStatus.RECEIVED, to=RequestStatus.PLANNING)
    assert can_move(status=RequestStatus.PLANNING, to=RequestStatus.LEFT_HOSPITAL)
    assert not can_move(status=RequestStatus.RECEIVED, to=RequestStatus.LEFT_HOSPITAL)
    assert not can_move(status=RequestStatus.LEFT_HOSPITAL, to=RequestStatus.PLANNING)
    assert not can_move(status=RequestStatus.WITHDRAWN, to=RequestStatus.RECEIVED)


@pytest.mark.parametrize(("value", "ok"), [
    ("9434765919", True), ("943 476 5919", True), ("9434765918", False), ("943476591", False),
    ("abcdefghij", False), ("٩٤٣٤٧٦٥٩١٩", False), ("", False),
])
def test_nhs_numbers_by_their_check_digit(value, ok):
    assert nhs_number_valid(value) is ok


@pytest.mark.parametrize(("kwargs", "problem"), [
    ({}, None),
    ({"name": " "}, "name"),
    ({"name": "x" * 101}, "name"),
    ({"identifier": ""}, "identifier"),
    ({"identifier": "x" * 65}, "identifier"),
    ({"ready_on": None}, "ready_on"),
    ({"ready_on": D(2028, 1, 1)}, "ready_on"),
    ({"ready_on": D(2025, 3, 1)}, "ready_on"),
    ({"pathway": "5"}, "pathway"),
    ({"nhs_number": ""}, "nhs_number"),
    ({"nhs_number": "9434765918"}, "nhs_number"),
    ({"same_ward_identifier_exists": True}, "identifier"),
    ({"open_request_by_this_ward": True}, "person"),
    ({"open_request_by_another_ward": "Ward 7 (Ashby Vale General)"}, "person"),
])
def test_a_new_request_is_refused_for_each_reason_with_a_message(kwargs, problem):
    args = {"name": "Edna Fictional", "identifier": "EPR-1", "ready_on": D(2026, 3, 2), "today": D(2026, 3, 1),
            "pathway": "1", "nhs_number": "9434765919", "same_ward_identifier_exists": False,
            "open_request_by_this_ward": False, "open_request_by_another_ward": None} | kwargs
    check = check_new_request(**args)
    assert check.ok is (problem is None)
    if problem:
        assert list(check.problems) == [problem] and check.problems[problem]
    if "open_request_by_another_ward" in kwargs:
        assert check.problems["person"].startswith("Ward 7 (Ashby Vale General) has already sent")


# --- A ward withdrawing its request ------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "to", "allowed"), [
    (RequestStatus.RECEIVED, RequestStatus.WITHDRAWN, True),
    (RequestStatus.PLANNING, RequestStatus.WITHDRAWN, True),
    (RequestStatus.LEFT_HOSPITAL, RequestStatus.WITHDRAWN, False),
    (RequestStatus.WITHDRAWN, RequestStatus.WITHDRAWN, False),
    (RequestStatus.WITHDRAWN, RequestStatus.PLANNING, False),
    (RequestStatus.WITHDRAWN, RequestStatus.LEFT_HOSPITAL, False),
])
def test_only_an_open_request_can_be_withdrawn(status, to, allowed):
    assert can_move(status=status, to=to) is allowed


def test_the_statuses_a_request_can_be_withdrawn_from_are_the_open_ones():
    assert withdrawable_from() == OPEN_STATUSES == {RequestStatus.RECEIVED, RequestStatus.PLANNING}


@pytest.mark.parametrize(("status", "reason", "words", "problems"), [
    (RequestStatus.RECEIVED, "no_longer_needed", "Recovered and went home", {}),
    (RequestStatus.PLANNING, "died", "He died last night", {}),
    (RequestStatus.RECEIVED, "sent_in_error", "Wrong person chosen", {}),
    (RequestStatus.RECEIVED, "", "Recovered and went home", {"reason": "Choose why you are withdrawing this request"}),
    (RequestStatus.RECEIVED, "bored", "Recovered and went home", {"reason": "Choose why you are withdrawing this request"}),
    (RequestStatus.RECEIVED, "died", "Died", {"words": "Say what happened in at least 3 words, for the hospital team"}),
    (RequestStatus.RECEIVED, "died", "x " * 600 + "y", {"words": "Say what happened in 1000 characters or fewer"}),
    (RequestStatus.LEFT_HOSPITAL, "died", "He died at home", {
        "reason": "This request can no longer be withdrawn: left hospital. If something has changed, phone the "
                  "hospital team"}),
    (RequestStatus.WITHDRAWN, "died", "He died at home", {
        "reason": "This request can no longer be withdrawn: withdrawn by the ward. If something has changed, phone "
                  "the hospital team"}),
])
def test_a_withdrawal_needs_an_open_request_a_reason_from_the_list_and_words(status, reason, words, problems):
    check = check_withdrawal(status=status, reason=reason, words=words)
    assert dict(check.problems) == problems
    assert check.ok is (not problems)
    assert (check.reason is not None) is check.ok
    if check.ok:
        assert check.reason == WithdrawalReason(reason)


@given(st.sampled_from(list(RequestStatus)), st.sampled_from([*list(WithdrawalReason), None]))
def test_the_fhir_status_is_always_a_request_status_code(status, reason):
    code = fhir_status(status, reason)
    assert code in {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
    assert (code == "entered-in-error") is (status is RequestStatus.WITHDRAWN and reason is WithdrawalReason.SENT_IN_ERROR)
    if status is RequestStatus.WITHDRAWN and reason is not WithdrawalReason.SENT_IN_ERROR:
        assert code == "revoked"
