"""Telling the person, before the six free weeks of reablement end, that the normal financial assessment applies."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.discharge import HOW_TOLD, NoticeState, charging_notice, check_told, free_period

START = dt.date(2026, 1, 5)  # day 1; day 42, the last free day, is 15 February 2026


def _free(notice_days: int | None = 7, ended_on: dt.date | None = None):
    return free_period(started_on=START, ended_on=ended_on, notice_days=notice_days)


@pytest.mark.parametrize(("today", "told_on", "state"), [
    (dt.date(2026, 2, 1), None, NoticeState.NOT_YET),  # tell by 9 February (7 days before 16 February)
    (dt.date(2026, 2, 9), None, NoticeState.DUE),  # the day to tell them by
    (dt.date(2026, 2, 15), None, NoticeState.DUE),  # the last free day: still before charging could apply
    (dt.date(2026, 2, 16), None, NoticeState.LATE),  # charging could apply from today and they were not told
    (dt.date(2026, 3, 1), dt.date(2026, 2, 9), NoticeState.TOLD),
    (dt.date(2026, 3, 1), dt.date(2026, 2, 2), NoticeState.TOLD),
    (dt.date(2026, 3, 1), dt.date(2026, 2, 10), NoticeState.TOLD_LATE),
])
def test_where_telling_them_is_up_to(today, told_on, state):
    notice = charging_notice(free=_free(), told_on=told_on, today=today)
    assert notice.state is state
    assert notice.words  # always something to say, in words


def test_the_words_give_the_days():
    assert charging_notice(free=_free(), told_on=None, today=dt.date(2026, 2, 1)).words == "Tell them by 9 February 2026."
    late = charging_notice(free=_free(), told_on=None, today=dt.date(2026, 2, 20)).words
    assert "the free weeks ended on 15 February 2026" in late and "before any charge is made" in late
    told_late = charging_notice(free=_free(), told_on=dt.date(2026, 2, 12), today=dt.date(2026, 2, 20)).words
    assert told_late.startswith("Told on 12 February 2026, after 9 February 2026")


def test_nothing_to_tell_when_it_ended_within_six_weeks():
    free = _free(ended_on=dt.date(2026, 2, 1))
    assert charging_notice(free=free, told_on=None, today=dt.date(2026, 3, 1)).state is NoticeState.NOT_NEEDED


def test_with_no_notice_set_they_are_due_to_be_told_by_the_last_free_day():
    free = _free(notice_days=None)
    assert charging_notice(free=free, told_on=None, today=dt.date(2026, 2, 14)).state is NoticeState.NOT_YET
    assert charging_notice(free=free, told_on=None, today=dt.date(2026, 2, 15)).state is NoticeState.DUE


@pytest.mark.parametrize(("told_on", "how", "field", "message"), [
    (None, "letter", "told_on", "Enter the day they were told"),
    (dt.date(2026, 3, 2), "letter", "told_on", "The day they were told must be today or in the past"),
    (dt.date(2026, 1, 4), "letter", "told_on", "The day they were told cannot be before reablement started (5 January 2026)"),
    (dt.date(2026, 2, 1), "", "how", "Select how they were told"),
    (dt.date(2026, 2, 1), "carrier pigeon", "how", "Select how they were told"),
])
def test_a_record_of_telling_them_is_checked(told_on, how, field, message):
    problems = check_told(told_on=told_on, how=how, started_on=START, today=dt.date(2026, 3, 1))
    assert problems[field] == message


def test_a_good_record_has_no_problems():
    for how in HOW_TOLD:
        assert check_told(told_on=dt.date(2026, 2, 1), how=how, started_on=START, today=dt.date(2026, 3, 1)) == {}


@given(st.integers(min_value=0, max_value=200), st.one_of(st.none(), st.integers(min_value=1, max_value=42)))
def test_an_untold_person_is_never_called_told_and_is_late_only_once_charging_could_apply(offset, notice_days):
    free = _free(notice_days=notice_days)
    today = START + dt.timedelta(days=offset)
    state = charging_notice(free=free, told_on=None, today=today).state
    assert state in (NoticeState.NOT_YET, NoticeState.DUE, NoticeState.LATE)
    assert (state is NoticeState.LATE) == (today >= free.charging_may_apply_from)
