"""Leaving hospital, counted for commissioners (issue 18, "Commissioners see the flow"): how long people wait from
being ready to leave hospital to leaving, how many wait today and why, what followed reablement, how many places
the reablement service has free, and what reablement cost this financial year.

Counts only: every function here takes counts or dates, never a person. The Django side groups in the database
(by day, by pathway, by reason) and hands the groups over, so a year of requests is a few hundred rows, not a
quarter of a million.

Percentiles are by **nearest rank**: sort the values; the p-th percentile is the value at position ceil(p/100 × n)
(counting from 1). So the median is the middle value (the lower of the two middle values when there is an even
number), and the 90th percentile is the value that at least 90 in every 100 people waited no longer than. Every
figure is a number of days someone actually waited: nothing is averaged or made up between two people.

Pure: no Django, no clock; dates are parameters.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from carecommons.rules.discharge import (
    DELAY_REASON_WORDS,
    PATHWAY_WORDS,
    SEQUEL_WORDS,
    DelayReason,
    Pathway,
    Sequel,
)

PERCENTILE_METHOD = ("Nearest rank: the values are sorted and the p-th percentile is the value at position "
                     "ceil(p/100 × n), counting from 1. The median is the 50th percentile.")
NO_REASON = "no_reason"
NO_REASON_WORDS = "No reason recorded yet"
DAYS_IN_WEEK = 7


# --- Percentiles -----------------------------------------------------------------------------------------------

def nearest_rank(histogram: Mapping[int, int], q: float) -> int | None:
    """The q-th quantile (0 < q <= 1) of the values in `histogram` (value -> how many), by nearest rank; None when
    there are no values. Counts of 0 or less are ignored."""
    if not 0 < q <= 1:
        raise ValueError("q is a fraction above 0 and at most 1")
    total = sum(n for n in histogram.values() if n > 0)
    if total == 0:
        return None
    rank = max(1, math.ceil(q * total))
    seen = 0
    for value in sorted(histogram):
        n = histogram[value]
        if n <= 0:
            continue
        seen += n
        if seen >= rank:
            return value
    raise AssertionError("unreachable: the ranks add up to the total")  # pragma: no cover


@dataclass(frozen=True)
class WaitSummary:
    people: int
    median: int | None
    p90: int | None
    longest: int | None
    reason: str  # why there are no figures, when there are none


def wait_summary(days: Mapping[int, int] | Iterable[int]) -> WaitSummary:
    """The median and 90th percentile of days waited from ready to leave to leaving, from a list of days or a
    histogram (days -> people). Nobody to count: no figures, and the reason why."""
    histogram = Counter({int(k): int(v) for k, v in days.items()}) if isinstance(days, Mapping) else Counter(days)
    if any(d < 0 for d, n in histogram.items() if n > 0):
        raise ValueError("days waited are never negative")
    people = sum(n for n in histogram.values() if n > 0)
    if people == 0:
        return WaitSummary(0, None, None, None, "Nobody left hospital in this period, so there is nothing to count.")
    return WaitSummary(people, nearest_rank(histogram, 0.5), nearest_rank(histogram, 0.9),
                       max(d for d, n in histogram.items() if n > 0), "")


def days_between(pairs: Iterable[tuple[dt.date, dt.date, int]]) -> Counter[int]:
    """A histogram of days waited from (ready on, left on, how many) groups; leaving early counts as no days
    (`rules.discharge.days_waiting`)."""
    out: Counter[int] = Counter()
    for ready_on, left_on, n in pairs:
        out[max(0, (left_on - ready_on).days)] += n
    return out


# --- Counts by pathway, by reason, by sequel -------------------------------------------------------------------

@dataclass(frozen=True)
class CountRow:
    key: str
    words: str
    count: int


def pathway_counts(counts: Mapping[int, int]) -> tuple[CountRow, ...]:
    """Every pathway in order, with how many (0 when none); a pathway outside 0 to 3 is refused."""
    unknown = set(counts) - {p.value for p in Pathway}
    if unknown:
        raise ValueError(f"no such pathway: {sorted(unknown)}")
    return tuple(CountRow(str(p.value), PATHWAY_WORDS[p], int(counts.get(p.value, 0))) for p in Pathway)


def delay_reason_counts(groups: Iterable[tuple[Sequence[str] | None, int]]) -> tuple[CountRow, ...]:
    """How many people wait for each reason, from (the reasons recorded, how many people) groups. Someone waiting
    for two reasons is counted under both, so the rows can add up to more than the people; someone with no reason
    recorded yet is counted once under "no reason recorded yet". Reasons not on the list are counted as "something
    else"."""
    known = {r.value for r in DelayReason}
    out: Counter[str] = Counter()
    for reasons, n in groups:
        chosen = {r if r in known else DelayReason.OTHER.value for r in (reasons or [])}
        if not chosen:
            out[NO_REASON] += n
        for r in chosen:
            out[r] += n
    rows = [CountRow(r.value, DELAY_REASON_WORDS[r], out.get(r.value, 0)) for r in DelayReason]
    rows.append(CountRow(NO_REASON, NO_REASON_WORDS, out.get(NO_REASON, 0)))
    return tuple(rows)


def sequel_counts(counts: Mapping[str, int]) -> tuple[CountRow, ...]:
    """Every sequel of an ended reablement episode in the list's order, with how many."""
    unknown = set(counts) - {s.value for s in Sequel}
    if unknown:
        raise ValueError(f"no such sequel: {sorted(unknown)}")
    return tuple(CountRow(s.value, SEQUEL_WORDS[s], int(counts.get(s.value, 0))) for s in Sequel)


# --- Counting by day -------------------------------------------------------------------------------------------

def days_from(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def active_each_day(*, starts: Mapping[dt.date, int], stops: Mapping[dt.date, int], first: dt.date,
                    last: dt.date) -> dict[dt.date, int]:
    """How many are counted on each day from `first` to `last`, from how many start on each day (counted from that
    day) and how many stop on each day (no longer counted from that day). Starts and stops may lie outside the days
    asked about: those before `first` carry in. Never negative: a stop without its start is a mistake."""
    if last < first:
        return {}
    running = sum(n for d, n in starts.items() if d < first) - sum(n for d, n in stops.items() if d < first)
    out: dict[dt.date, int] = {}
    for day in days_from(first, last):
        running += starts.get(day, 0) - stops.get(day, 0)
        if running < 0:
            raise ValueError(f"more stopped than started by {day}")
        out[day] = running
    return out


# --- Capacity --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Places:
    capacity: int | None
    in_use: int
    free: int | None  # None when no capacity is recorded; never negative
    over_by: int  # how many more people are supported than the capacity recorded
    sentence: str


def places_free(*, capacity: int | None, open_episodes: int) -> Places:
    """Places free in the reablement service: its capacity less the episodes open today. Never negative: when more
    people are supported than the capacity recorded, none are free and the page says by how many it is over."""
    if open_episodes < 0:
        raise ValueError("open episodes are never negative")
    people = f"{open_episodes:,} {'person is' if open_episodes == 1 else 'people are'}"
    if capacity is None:
        return Places(None, open_episodes, None, 0,
                      f"{people} having reablement today. The council has not recorded how many people the reablement "
                      "service can support at once yet, so we cannot say how many places are free.")
    if capacity < 0:
        raise ValueError("capacity is never negative")
    free = max(0, capacity - open_episodes)
    over = max(0, open_episodes - capacity)
    if over:
        return Places(capacity, open_episodes, 0, over,
                      f"{people} having reablement today: {over:,} more than the {capacity:,} the service can support at "
                      "once. No places are free.")
    return Places(capacity, open_episodes, free, 0,
                  f"{people} having reablement today, of the {capacity:,} the service can support at once. "
                  f"{free:,} {'place is' if free == 1 else 'places are'} free.")


# --- Money -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rate:
    effective_from: dt.date
    weekly_pence: int


def rate_on(rates: Sequence[Rate], day: dt.date) -> Rate | None:
    """The weekly cost in force on a day: the latest to take effect on or before it (None before the first)."""
    chosen = None
    for rate in sorted(rates, key=lambda r: r.effective_from):
        if rate.effective_from <= day:
            chosen = rate
    return chosen


@dataclass(frozen=True)
class Spending:
    pence: int | None  # None when no weekly cost is recorded for any day counted
    person_days: int  # days of reablement counted, one a person a day
    days_without_a_cost: int  # person-days before the first weekly cost took effect: not counted in `pence`
    reasons: tuple[str, ...]


def spending(*, per_day: Mapping[dt.date, int], rates: Sequence[Rate]) -> Spending:
    """Reablement spending: for each day, the people having reablement that day × the weekly cost per person in
    force that day ÷ 7. Added up exactly and rounded once to whole pence (half a penny rounds up). Days before any
    weekly cost took effect are counted apart and priced at nothing: the page says so, never "£0"."""
    if any(r.weekly_pence < 0 for r in rates):
        raise ValueError("a weekly cost is never negative")
    if any(n < 0 for n in per_day.values()):
        raise ValueError("people counted are never negative")
    ordered = sorted(rates, key=lambda r: r.effective_from)
    sevenths = 0  # pence × 7, exact
    person_days = unpriced = 0
    for day, n in per_day.items():
        person_days += n
        rate = rate_on(ordered, day)
        if rate is None:
            unpriced += n
        else:
            sevenths += n * rate.weekly_pence
    if not ordered or person_days == unpriced and person_days:
        return Spending(None, person_days, unpriced, (
            "The council has not recorded the weekly cost per person of reablement for these days, so we cannot "
            "say what it cost.",))
    pence = (sevenths * 2 + DAYS_IN_WEEK) // (2 * DAYS_IN_WEEK)  # rounded half up
    reasons = [f"{person_days:,} days of reablement, one a person a day, each costed at the weekly cost per person "
               "in force that day divided by 7."]
    if unpriced:
        reasons.append(f"{unpriced:,} of those days came before the first weekly cost recorded, so they are not "
                       "counted in this figure.")
    return Spending(pence, person_days, unpriced, tuple(reasons))


def episode_days(*, started_on: dt.date, ended_on: dt.date | None, first: dt.date, last: dt.date) -> int:
    """Days of one episode between `first` and `last`, counting the day it starts and the day it ends (an open
    episode runs to `last`). The same sum, episode by episode, as `active_each_day` over the period."""
    begin = max(started_on, first)
    end = min(ended_on if ended_on is not None else last, last)
    return max(0, (end - begin).days + 1)
