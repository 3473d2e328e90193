"""Patterns of concerns: the flag for concerns close together, place names written one way, the groups counted, and
the counts commissioners see (suppressed)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.safeguarding import (
    PATTERN_THRESHOLD,
    PATTERN_WINDOW_DAYS,
    ConcernFacts,
    State,
    check_place_name,
    pattern_check,
    pattern_groups,
    place_key,
    provider_concern_counts,
)

DAY = dt.date(2026, 1, 5)


def days(*offsets: int) -> list[dt.date]:
    return [DAY + dt.timedelta(days=o) for o in offsets]


@pytest.mark.parametrize(("offsets", "flagged", "most"), [
    ((), False, 0),
    ((0,), False, 1),
    ((0, 10), False, 2),
    ((0, 10, 20), True, 3),  # three within 90 days
    ((0, 45, 89), True, 3),  # the first and last 89 days apart: within 90 days in a row
    ((0, 45, 90), False, 2),  # 90 days apart: the 91st day, outside
    ((0, 100, 200, 300), False, 1),  # spread thinly over the year: not flagged for the total alone
    ((0, 0, 0), True, 3),  # three on the same day
    ((300, 0, 150, 160, 170), True, 3),  # in any order
])
def test_three_or_more_concerns_within_90_days_are_a_possible_pattern(offsets, flagged, most):
    check = pattern_check(raised_on=days(*offsets))
    assert (check.flagged, check.most_in_window) == (flagged, most)
    assert check.reasons


def test_the_reasons_say_when_and_what_to_do():
    check = pattern_check(raised_on=days(0, 30, 60))
    assert check.reasons == ("3 concerns were raised within 90 days (5 January 2026 to 6 March 2026).",
                             "3 or more within 90 days is a possible pattern: look at them together.")
    quiet = pattern_check(raised_on=days(0, 30))
    assert quiet.reasons == ("The most raised within any 90 days is 2.",
                             "A possible pattern is flagged at 3 within 90 days.")
    assert pattern_check(raised_on=[]).reasons == ("No concerns about it in this period.",)


def test_a_council_passes_its_own_threshold_and_window():
    assert pattern_check(raised_on=days(0, 10), threshold=2, window_days=30).flagged
    assert not pattern_check(raised_on=days(0, 40), threshold=2, window_days=30).flagged
    with pytest.raises(ValueError):
        pattern_check(raised_on=days(0), threshold=0)


def _brute_most(dates: list[dt.date], window: int) -> int:
    return max((sum(1 for d in dates if 0 <= (d - start).days < window) for start in dates), default=0)


@given(st.lists(st.integers(min_value=0, max_value=800), max_size=25),
       st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=200))
def test_the_flag_is_the_most_in_any_window_counted_the_slow_way(offsets, threshold, window):
    dates = days(*offsets)
    check = pattern_check(raised_on=dates, threshold=threshold, window_days=window)
    most = _brute_most(dates, window)
    assert check.most_in_window == most
    assert check.flagged is (most >= threshold)
    if check.flagged:
        assert check.window_from is not None and check.window_to is not None
        assert 0 <= (check.window_to - check.window_from).days < window
        inside = sum(1 for d in dates if check.window_from <= d <= check.window_to)
        assert inside == most
    # one more concern never takes a flag away
    assert pattern_check(raised_on=dates + days(offsets[0] if offsets else 0), threshold=threshold,
                         window_days=window).flagged >= check.flagged


@pytest.mark.parametrize(("name", "key"), [
    ("St. Mary's  Ward", "st marys ward"),
    ("st marys ward", "st marys ward"),
    ("Ward 7, Northtown General Hospital", "ward 7 northtown general hospital"),
    ("Oak & Elm Day Centre", "oak and elm day centre"),
    ("  ", ""),
])
def test_a_place_name_is_written_one_way_for_grouping(name, key):
    assert place_key(name) == key


def test_a_place_name_is_short_and_has_letters():
    assert check_place_name("") == {}
    assert check_place_name("Riverside Day Centre") == {}
    assert "place_name" in check_place_name("1234")
    assert "100 characters" in check_place_name("x" * 101)["place_name"]


def _facts(i: int, offset: int, state: State = State.RAISED, types: tuple[str, ...] = ()) -> ConcernFacts:
    return ConcernFacts(id=i, raised_on=DAY + dt.timedelta(days=offset), state=state, route="", abuse_types=types)


def test_groups_are_counted_by_state_and_type_most_first():
    groups = pattern_groups({
        "1": ("Oak Care Ltd", [_facts(1, 0, State.CLOSED, ("neglect",)), _facts(2, 20, State.ENQUIRY_OPEN,
                                                                             ("neglect", "organisational")),
                               _facts(3, 40)]),
        "2": ("Birch Homes", [_facts(4, 0, State.TRIAGED, ("financial",))]),
        "3": ("Nobody", []),
    })
    assert [g.name for g in groups] == ["Oak Care Ltd", "Birch Homes"]  # most first; empty groups left out
    oak = groups[0]
    assert oak.total == 3 and oak.check.flagged
    assert dict(oak.by_state) == {State.RAISED: 1, State.TRIAGED: 0, State.ENQUIRY_OPEN: 1, State.CLOSED: 1}
    assert oak.by_type == (("Neglect and acts of omission", 2), ("Organisational abuse", 1))
    assert oak.concern_ids == (3, 2, 1)  # newest first
    assert not groups[1].check.flagged


@pytest.mark.parametrize(("concerns", "s42", "shown", "led"), [
    (0, 0, "0", "0"),
    (1, 0, "fewer than 5", "0"),
    (4, 4, "fewer than 5", "fewer than 5"),
    (5, 0, "5", "0"),
    (7, 2, "7", "fewer than 5"),
    (7, 6, "7", "not shown"),  # 1 did not lead to one: anyone could subtract
    (12, 5, "12", "5"),
    (12, 12, "12", "12"),
])
def test_commissioners_see_counts_with_1_to_4_as_fewer_than_5(concerns, s42, shown, led):
    counts = provider_concern_counts(concerns=concerns, s42=s42)
    assert (counts.concerns, counts.s42) == (shown, led)
    text = " ".join(counts.words)
    for small in range(1, 5):
        assert f" {small} " not in f" {text} " and not text.startswith(f"{small} ")


@given(st.integers(min_value=0, max_value=60), st.data())
def test_no_count_of_1_to_4_is_ever_shown_or_left_to_subtract(concerns, data):
    s42 = data.draw(st.integers(min_value=0, max_value=concerns))
    counts = provider_concern_counts(concerns=concerns, s42=s42)
    shown = [int(c) for c in (counts.concerns, counts.s42) if c.isdigit()]
    assert not any(1 <= n <= 4 for n in shown)
    if counts.concerns.isdigit() and counts.s42.isdigit():
        assert not 1 <= int(counts.concerns) - int(counts.s42) <= 4


def test_the_defaults_are_three_within_ninety_days():
    assert (PATTERN_THRESHOLD, PATTERN_WINDOW_DAYS) == (3, 90)
