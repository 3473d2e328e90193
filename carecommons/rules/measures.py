"""Measures computed from the work itself: waiting times and follow-up results."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta


def nearest_rank_percentile(sorted_values: Sequence[int], percentile: float) -> int:
    """The nearest-rank percentile of values already sorted ascending.

    The smallest value such that at least `percentile` per cent of values are at or below it.
    """
    if not sorted_values:
        raise ValueError("no values")
    if not 0 < percentile <= 100:
        raise ValueError("percentile must be in (0, 100]")
    rank = math.ceil(percentile / 100 * len(sorted_values))
    return sorted_values[rank - 1]


def median(sorted_values: Sequence[int]) -> float:
    """The median of values already sorted ascending (the mean of the middle two for an even count)."""
    if not sorted_values:
        raise ValueError("no values")
    n = len(sorted_values)
    middle = n // 2
    if n % 2:
        return float(sorted_values[middle])
    return (sorted_values[middle - 1] + sorted_values[middle]) / 2


@dataclass(frozen=True)
class WaitingTimeMeasure:
    """Days from first contact to conversation, over conversations held in a window."""

    window_start: date
    window_end: date
    conversations: int
    median_days: float | None
    p90_days: int | None
    reasons: tuple[str, ...]


def days_waited(*, first_contact_on: date, held_on: date) -> int | None:
    """Whole days from first contact to the conversation; None when it was held before first contact
    (a record entered against the wrong request), which the measure leaves out."""
    days = (held_on - first_contact_on).days
    return days if days >= 0 else None


def days_to_conversation(
    pairs: Iterable[tuple[date, date]], *, as_of: date, window_days: int
) -> WaitingTimeMeasure:
    """The headline measure: median and 90th percentile of days from first contact to conversation.

    `pairs` are (date of first contact, date the conversation was held). Only conversations
    held in the `window_days` days up to and including `as_of` count.
    """
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    window_start = as_of - timedelta(days=window_days - 1)
    counts: dict[int, int] = {}
    for first, held in pairs:
        if window_start <= held <= as_of and held >= first:
            days = (held - first).days
            counts[days] = counts.get(days, 0) + 1
    return days_to_conversation_counted(counts.items(), as_of=as_of, window_days=window_days)


def days_to_conversation_counted(
    counts: Iterable[tuple[int, int]], *, as_of: date, window_days: int
) -> WaitingTimeMeasure:
    """The headline measure from (days waited, how many conversations) for the conversations held in the
    `window_days` days up to and including `as_of`, as the database counts them. Negative waits are left out."""
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    window_start = as_of - timedelta(days=window_days - 1)
    counted: dict[int, int] = {}
    for days, n in counts:
        if days >= 0 and n > 0:
            counted[days] = counted.get(days, 0) + n
    total = sum(counted.values())
    period = f"conversations held from {window_start:%-d %B %Y} to {as_of:%-d %B %Y}"
    if not total:
        return WaitingTimeMeasure(
            window_start, as_of, 0, None, None, (f"There were no {period}, so there is nothing to measure yet.",)
        )
    ordered = sorted(counted.items())

    def at_rank(rank: int) -> int:  # the rank-th smallest wait, counting from 1
        seen = 0
        for days, n in ordered:
            seen += n
            if seen >= rank:
                return days
        raise AssertionError("rank beyond the count")

    middle = total // 2
    med = float(at_rank(middle + 1)) if total % 2 else (at_rank(middle) + at_rank(middle + 1)) / 2
    p90 = at_rank(math.ceil(90 / 100 * total))
    reasons = (
        f"Counted {total} {period}.",
        f"Half of people waited {med:g} days or less from first contact.",
        f"Nine in ten waited {p90} days or less.",
    )
    return WaitingTimeMeasure(window_start, as_of, total, med, p90, reasons)


@dataclass(frozen=True)
class WeekOfWaits:
    starts: date
    conversations: int
    median_days: float | None


def weekly_medians(rows: Iterable[tuple[date, int, int]], *, as_of: date, weeks: int) -> list[WeekOfWaits]:
    """The median wait for each of the last `weeks` weeks (each ending on the weekday of `as_of`), oldest first, from
    (date held, days waited, how many conversations). A week with no conversations has no median."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    first = as_of - timedelta(days=7 * weeks - 1)
    by_week: list[dict[int, int]] = [{} for _ in range(weeks)]
    for held_on, days, n in rows:
        if held_on < first or held_on > as_of or days < 0 or n <= 0:
            continue
        week = (held_on - first).days // 7
        by_week[week][days] = by_week[week].get(days, 0) + n
    result = []
    for i, counted in enumerate(by_week):
        starts = first + timedelta(days=7 * i)
        m = days_to_conversation_counted(counted.items(), as_of=starts + timedelta(days=6), window_days=7)
        result.append(WeekOfWaits(starts, m.conversations, m.median_days))
    return result


WAIT_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("The same day", 0, 0), ("1 or 2 days", 1, 2), ("3 to 5 days", 3, 5), ("6 to 10 days", 6, 10),
    ("11 to 20 days", 11, 20), ("More than 20 days", 21, None),
)


def wait_histogram(counts: Iterable[tuple[int, int]]) -> list[tuple[str, int]]:
    """How many people waited how long, in bands a team can read at a glance, from (days waited, how many)."""
    totals = dict.fromkeys((label for label, _, _ in WAIT_BANDS), 0)
    for days, n in counts:
        if days < 0 or n <= 0:
            continue
        for label, low, high in WAIT_BANDS:
            if days >= low and (high is None or days <= high):
                totals[label] += n
                break
    return list(totals.items())


@dataclass(frozen=True)
class FollowUpAnswer:
    useful: str  # "yes" | "partly" | "no"
    difference: str  # "yes" | "partly" | "no" | "too_soon"


@dataclass(frozen=True)
class FollowUpSummary:
    asked: int
    answered: int
    useful: int
    partly_useful: int
    made_a_difference: int
    partly_made_a_difference: int
    reasons: tuple[str, ...]

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.asked if self.asked else None


def summarise_follow_ups(*, asked: int, answers: Sequence[FollowUpAnswer]) -> FollowUpSummary:
    """How many people said their conversation was useful and made a difference."""
    return summarise_follow_up_counts(asked=asked, counted=[(a.useful, a.difference, 1) for a in answers])


def summarise_follow_up_counts(*, asked: int, counted: Sequence[tuple[str, str, int]]) -> FollowUpSummary:
    """The same from (useful, difference, how many answered so) — as a database counts them, one row per pair."""
    answered = sum(n for _, _, n in counted)
    if asked < answered:
        raise ValueError("more answers than follow-ups asked")
    useful = sum(n for u, _, n in counted if u == "yes")
    partly = sum(n for u, _, n in counted if u == "partly")
    diff = sum(n for _, d, n in counted if d == "yes")
    partly_diff = sum(n for _, d, n in counted if d == "partly")
    if not answered:
        reasons: tuple[str, ...] = (f"{asked} follow-ups sent; nobody has answered yet.",)
    else:
        reasons = (
            f"{answered} of {asked} people answered the follow-up.",
            f"{useful} said the conversation was useful and {partly} said it was partly useful.",
            f"{diff} said it made a difference and {partly_diff} said it made some difference.",
        )
    return FollowUpSummary(asked, answered, useful, partly, diff, partly_diff, reasons)
