"""Leaving hospital, counted for commissioners: percentiles, counts, capacity and money (issue 18)."""

import datetime as dt
import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.discharge_flow import (
    NO_REASON,
    Rate,
    active_each_day,
    days_between,
    delay_reason_counts,
    episode_days,
    nearest_rank,
    pathway_counts,
    places_free,
    rate_on,
    sequel_counts,
    spending,
    wait_summary,
)

D = dt.date


# --- Percentiles by nearest rank ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "median", "p90"), [
    ([5], 5, 5),
    ([1, 2], 1, 2),  # even: the lower middle value; 90% of 2 is rank 2
    ([3, 1, 2], 2, 3),
    ([1, 2, 3, 4], 2, 4),
    (list(range(1, 11)), 5, 9),  # ten people: rank 5 and rank 9
    (list(range(1, 21)), 10, 18),
    ([0, 0, 0, 7], 0, 7),
    ([2, 2, 2, 2, 2], 2, 2),
])
def test_median_and_90th_percentile_by_nearest_rank(values, median, p90):
    summary = wait_summary(values)
    assert (summary.median, summary.p90, summary.people, summary.longest) == (median, p90, len(values), max(values))
    assert summary.reason == ""


def test_a_histogram_gives_the_same_figures_as_the_list():
    values = [0, 0, 1, 3, 3, 3, 8, 12, 12, 40]
    assert wait_summary(Counter(values)) == wait_summary(values)
    assert wait_summary({0: 2, 1: 1, 3: 3, 8: 1, 12: 2, 40: 1, 99: 0}) == wait_summary(values)


def test_nobody_gives_no_figures_and_says_why():
    summary = wait_summary([])
    assert (summary.people, summary.median, summary.p90, summary.longest) == (0, None, None, None)
    assert summary.reason == "Nobody left hospital in this period, so there is nothing to count."
    assert nearest_rank({}, 0.5) is None


def test_percentile_arguments_are_checked():
    with pytest.raises(ValueError):
        nearest_rank({1: 1}, 0)
    with pytest.raises(ValueError):
        nearest_rank({1: 1}, 1.5)
    with pytest.raises(ValueError):
        wait_summary([-1])


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=200),
       st.floats(min_value=0.01, max_value=1.0))
def test_nearest_rank_is_the_sorted_value_at_rank_ceil_q_n(values, q):
    ordered = sorted(values)
    assert nearest_rank(Counter(values), q) == ordered[max(1, math.ceil(q * len(values))) - 1]


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=200))
def test_the_median_is_never_above_the_90th_and_both_are_someones_wait(values):
    summary = wait_summary(values)
    assert summary.median is not None and summary.p90 is not None
    assert min(values) <= summary.median <= summary.p90 <= max(values)
    assert summary.median in values and summary.p90 in values
    # at least half waited no longer than the median, at least 90 in 100 no longer than the 90th percentile
    assert sum(v <= summary.median for v in values) * 2 >= len(values)
    assert sum(v <= summary.p90 for v in values) * 10 >= 9 * len(values)


def test_days_between_counts_leaving_early_as_no_days():
    assert days_between([(D(2026, 5, 1), D(2026, 5, 4), 2), (D(2026, 5, 3), D(2026, 5, 1), 1),
                         (D(2026, 5, 1), D(2026, 5, 1), 1)]) == Counter({3: 2, 0: 2})


# --- Counts ------------------------------------------------------------------------------------------------------

def test_every_pathway_is_listed_with_zero_when_none():
    rows = pathway_counts({1: 4, 3: 1})
    assert [(r.key, r.count) for r in rows] == [("0", 0), ("1", 4), ("2", 0), ("3", 1)]
    assert rows[1].words == "Pathway 1: home, with support"
    with pytest.raises(ValueError):
        pathway_counts({7: 1})


def test_delay_reasons_count_someone_under_each_of_their_reasons_and_the_rest_as_no_reason():
    rows = {r.key: r.count for r in delay_reason_counts([
        (["care_at_home"], 3), (["care_at_home", "bed"], 2), ([], 4), (None, 1), (["made_up"], 1),
        (["other", "made_up"], 1)])}
    assert rows == {"care_at_home": 5, "bed": 2, "assessment": 0, "family_choice": 0, "other": 2, NO_REASON: 5}


def test_sequels_in_the_lists_order():
    rows = sequel_counts({"died": 1, "no_further_support": 6})
    assert [(r.key, r.count) for r in rows][:2] == [("no_further_support", 6), ("community", 0)]
    assert sum(r.count for r in rows) == 7
    with pytest.raises(ValueError):
        sequel_counts({"gone": 1})


# --- Counting by day -----------------------------------------------------------------------------------------

def test_active_each_day_carries_in_earlier_starts_and_stops():
    starts = {D(2026, 4, 28): 2, D(2026, 5, 1): 1, D(2026, 5, 3): 4}
    stops = {D(2026, 4, 30): 1, D(2026, 5, 2): 2, D(2026, 5, 9): 4}
    counted = active_each_day(starts=starts, stops=stops, first=D(2026, 5, 1), last=D(2026, 5, 4))
    assert counted == {D(2026, 5, 1): 2, D(2026, 5, 2): 0, D(2026, 5, 3): 4, D(2026, 5, 4): 4}
    assert active_each_day(starts=starts, stops=stops, first=D(2026, 5, 4), last=D(2026, 5, 1)) == {}
    with pytest.raises(ValueError):
        active_each_day(starts={}, stops={D(2026, 5, 1): 1}, first=D(2026, 5, 1), last=D(2026, 5, 1))


episodes = st.lists(st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 30))), max_size=40)


@given(episodes, st.integers(0, 70), st.integers(0, 30))
def test_days_per_episode_add_up_to_the_people_counted_each_day(found, offset, length):
    base = D(2026, 4, 1)
    first, last = base + dt.timedelta(days=offset), base + dt.timedelta(days=offset + length)
    starts: Counter[dt.date] = Counter()
    stops: Counter[dt.date] = Counter()
    total = 0
    for start, duration in found:
        started = base + dt.timedelta(days=start)
        ended = started + dt.timedelta(days=duration) if duration is not None else None
        starts[started] += 1
        if ended is not None:
            stops[ended + dt.timedelta(days=1)] += 1  # counted on the day it ends
        total += episode_days(started_on=started, ended_on=ended, first=first, last=last)
    assert sum(active_each_day(starts=starts, stops=stops, first=first, last=last).values()) == total


# --- Capacity ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("capacity", "open_", "free", "over", "says"), [
    (40, 31, 9, 0, "31 people are having reablement today, of the 40 the service can support at once. 9 places are free."),
    (40, 39, 1, 0, "1 place is free"),
    (40, 40, 0, 0, "0 places are free"),
    (40, 45, 0, 5, "45 people are having reablement today: 5 more than the 40 the service can support at once. No places are free."),
    (None, 1, None, 0, "1 person is having reablement today. The council has not recorded how many people"),
    (1200, 1100, 100, 0, "1,100 people are having reablement today, of the 1,200 the service can support at once."),
])
def test_places_free_is_capacity_less_open_episodes_never_negative(capacity, open_, free, over, says):
    places = places_free(capacity=capacity, open_episodes=open_)
    assert (places.free, places.over_by, places.in_use) == (free, over, open_)
    assert says in places.sentence


@given(st.integers(0, 500), st.integers(0, 500))
def test_places_free_and_over_by_add_up(capacity, open_):
    places = places_free(capacity=capacity, open_episodes=open_)
    assert places.free is not None and places.free >= 0 and places.over_by >= 0
    assert capacity - open_ == places.free - places.over_by


# --- Money -------------------------------------------------------------------------------------------------------

def test_spending_is_people_each_day_times_the_weekly_cost_in_force_over_7():
    rates = [Rate(D(2026, 4, 1), 70_000), Rate(D(2026, 4, 3), 35_000)]
    per_day = {D(2026, 4, 1): 2, D(2026, 4, 2): 1, D(2026, 4, 3): 3}
    got = spending(per_day=per_day, rates=rates)
    assert got.pence == 2 * 10_000 + 10_000 + 3 * 5_000  # £700 a week is £100 a day; £350 a week is £50
    assert (got.person_days, got.days_without_a_cost) == (6, 0)


def test_spending_rounds_once_half_up():
    assert spending(per_day={D(2026, 4, 1): 1}, rates=[Rate(D(2026, 1, 1), 10)]).pence == 1  # 10/7 = 1.43
    assert spending(per_day={D(2026, 4, 1): 1}, rates=[Rate(D(2026, 1, 1), 11)]).pence == 2  # 11/7 = 1.57
    assert spending(per_day={D(2026, 4, 1): 7}, rates=[Rate(D(2026, 1, 1), 11)]).pence == 11  # exact over 7 days
    assert spending(per_day={D(2026, 4, 1): 1}, rates=[Rate(D(2026, 1, 1), 7 * 3 + 3)]).pence == 3  # 3.43


def test_no_weekly_cost_is_no_figure_never_nothing():
    nothing = spending(per_day={D(2026, 4, 1): 3}, rates=[])
    assert nothing.pence is None and "has not recorded the weekly cost" in nothing.reasons[0]
    too_late = spending(per_day={D(2026, 4, 1): 3}, rates=[Rate(D(2026, 5, 1), 70_000)])
    assert too_late.pence is None and too_late.days_without_a_cost == 3


def test_days_before_the_first_cost_are_counted_apart():
    got = spending(per_day={D(2026, 4, 1): 3, D(2026, 5, 1): 1}, rates=[Rate(D(2026, 5, 1), 70_000)])
    assert (got.pence, got.person_days, got.days_without_a_cost) == (10_000, 4, 3)
    assert "3 of those days came before the first weekly cost" in got.reasons[1]


def test_the_cost_in_force_is_the_latest_to_take_effect():
    rates = [Rate(D(2026, 6, 1), 2), Rate(D(2026, 4, 1), 1)]
    assert rate_on(rates, D(2026, 3, 31)) is None
    assert rate_on(rates, D(2026, 5, 31)) == Rate(D(2026, 4, 1), 1)
    assert rate_on(rates, D(2026, 6, 1)) == Rate(D(2026, 6, 1), 2)


@given(st.dictionaries(st.integers(0, 365), st.integers(0, 50), max_size=60), st.integers(0, 200_000))
def test_one_cost_all_year_is_person_days_times_the_cost_over_7_rounded(per_day, weekly):
    days = {D(2026, 4, 1) + dt.timedelta(days=k): n for k, n in per_day.items()}
    got = spending(per_day=days, rates=[Rate(D(2026, 4, 1), weekly)])
    person_days = sum(days.values())
    assert got.pence is not None and abs(got.pence * 7 - person_days * weekly) <= 7 / 2
    assert got.person_days == person_days


def test_money_arguments_are_checked():
    with pytest.raises(ValueError):
        spending(per_day={}, rates=[Rate(D(2026, 4, 1), -1)])
    with pytest.raises(ValueError):
        places_free(capacity=-1, open_episodes=0)
