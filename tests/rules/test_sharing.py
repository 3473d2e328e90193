"""Sharing periods, invitation links and suggested usernames."""

import datetime as dt

import pytest

from carecommons.rules.contact import uk_mobile
from carecommons.rules.sharing import (
    InvitationState,
    ShareState,
    add_months,
    invitation_state,
    share_period,
    share_state,
    username_from,
)

TODAY = dt.date(2026, 1, 31)


@pytest.mark.parametrize(("period", "ends"), [
    ("week", dt.date(2026, 2, 7)), ("month", dt.date(2026, 2, 28)), ("three_months", dt.date(2026, 4, 30)),
    ("year", dt.date(2027, 1, 31)),
])
def test_a_chosen_period_ends_on_the_same_day_later_or_the_end_of_a_shorter_month(period, ends):
    result = share_period(period=period, until=None, today=TODAY, longest_days=365)
    assert result.ok and result.starts_on == TODAY and result.ends_on == ends


def test_a_chosen_date_may_be_today_and_at_most_a_year_away():
    assert share_period(period="date", until=TODAY, today=TODAY, longest_days=365).ok
    assert share_period(period="date", until=TODAY + dt.timedelta(days=365), today=TODAY, longest_days=365).ok
    too_long = share_period(period="date", until=TODAY + dt.timedelta(days=366), today=TODAY, longest_days=365)
    assert not too_long.ok and "up to a year" in too_long.problems["until"] and "31 January 2027" in too_long.problems["until"]
    past = share_period(period="date", until=TODAY - dt.timedelta(days=1), today=TODAY, longest_days=365)
    assert not past.ok and "today or later" in past.problems["until"]


def test_a_period_must_be_chosen_and_a_date_given_when_asked_for():
    assert "period" in share_period(period="", until=None, today=TODAY, longest_days=365).problems
    assert "until" in share_period(period="date", until=None, today=TODAY, longest_days=365).problems


def test_add_months_handles_leap_years_and_the_turn_of_the_year():
    assert add_months(dt.date(2027, 12, 15), 1) == dt.date(2028, 1, 15)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)


@pytest.mark.parametrize(("starts", "ends", "ended", "state"), [
    (TODAY, TODAY, False, ShareState.CURRENT),
    (TODAY, TODAY - dt.timedelta(days=1), False, ShareState.FINISHED),
    (TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=5), False, ShareState.NOT_STARTED),
    (TODAY, TODAY + dt.timedelta(days=5), True, ShareState.ENDED_EARLY),
])
def test_a_sharing_is_current_only_between_its_dates_and_until_the_person_ends_it(starts, ends, ended, state):
    assert share_state(starts_on=starts, ends_on=ends, ended=ended, today=TODAY) is state


def test_an_invitation_works_once_until_it_expires():
    now = dt.datetime(2026, 1, 31, 12, tzinfo=dt.UTC)
    later = now + dt.timedelta(days=7)
    assert invitation_state(expires_at=later, used=False, now=now) is InvitationState.OPEN
    assert invitation_state(expires_at=later, used=True, now=now) is InvitationState.USED
    assert invitation_state(expires_at=now, used=False, now=now) is InvitationState.EXPIRED


@pytest.mark.parametrize(("text", "username"), [
    ("Stan Hughes", "stan.hughes"), ("sue.hughes+care@example.com", "sue.hughes.care"), ("Zoë O'Neil", "zoe.o.neil"),
    ("!!!", "me"),
])
def test_a_username_is_suggested_from_a_name_or_an_email(text, username):
    assert username_from(text) == username


@pytest.mark.parametrize(("raw", "mobile"), [("07700 900982", "07700 900 982"), ("+44 7700 900982", "07700 900 982"),
                                             ("01632 960001", ""), ("", ""), ("hello", "")])
def test_only_a_uk_mobile_can_take_a_text(raw, mobile):
    assert uk_mobile(raw) == mobile
