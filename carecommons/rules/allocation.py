"""Budget decisions without panels: an indicative budget worked out in the open, and who may agree a plan.

The indicative budget is what the person sees before planning. It is never a black box: it is the
middle of the weekly budgets agreed for comparable plans (the same kind of assessment, about as
many things that are hard to do), with the range most of them fell in, and how many there were.
When there are too few comparable plans to be fair, the council's published starting figures are
used instead, and the page says so.

The final budget is the costed plan. A practitioner agrees it within their delegated limit; above
it, one named colleague whose own limit covers it signs it off with reasons. No panel, no queue.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from carecommons.rules.money import pounds

BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 2, "up to 2 things that are hard to do"),
    (3, 4, "3 or 4 things that are hard to do"),
    (5, 99, "5 or more things that are hard to do"),
)


class AllocationError(ValueError):
    """A decision the rules cannot make; the message says why."""


def band_of(unmet_outcomes: int) -> str:
    for low, high, words in BANDS:
        if low <= unmet_outcomes <= high:
            return words
    raise AllocationError("The number of things that are hard to do cannot be negative.")


@dataclass(frozen=True)
class IndicativeMethod:
    """How this council works out indicative budgets. Councils set it; it is published."""

    minimum_comparables: int
    starting_weekly: Mapping[str, int]  # by band, in pence, used when there are too few comparables
    source: str = "Set by the council"


@dataclass(frozen=True)
class IndicativeBudget:
    weekly: int
    low: int
    high: int
    comparables: int
    band: str
    from_comparables: bool
    reasons: tuple[str, ...]


def _to_pound(pence: float) -> int:
    return int(round(pence / 100)) * 100


def indicative_budget(*, kind: str, unmet_outcomes: int, comparable_weekly: Sequence[int],
                      method: IndicativeMethod) -> IndicativeBudget:
    """The indicative weekly budget, the range, and the working, from agreed budgets for comparable plans.

    `comparable_weekly` are the agreed weekly budgets (pence) for plans from assessments of the
    same `kind` in the same band. The figure is their median, rounded to the pound; the range is
    the lower to upper quartile, so half of comparable plans were agreed within it.
    """
    band = band_of(unmet_outcomes)
    who = "carers" if kind == "carer" else "adults"
    if any(w < 0 for w in comparable_weekly):
        raise AllocationError("An agreed budget cannot be negative.")
    n = len(comparable_weekly)
    if n >= max(method.minimum_comparables, 2):
        values = sorted(comparable_weekly)
        middle = _to_pound(statistics.median(values))
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        low, high = _to_pound(q1), _to_pound(q3)
        reasons = (
            f"We looked at the {n} budgets agreed for {who} with {band}.",
            f"The middle one was {pounds(middle)} a week. Half were between {pounds(low)} and {pounds(high)} a week.",
            "This is a starting point for planning, not a limit: your budget is what your plan costs, agreed with you.",
        )
        return IndicativeBudget(middle, low, high, n, band, True, reasons)
    start = method.starting_weekly.get(band)
    if start is None:
        raise AllocationError(f"The council has not set a starting figure for {band}.")
    reasons = (
        f"Fewer than {max(method.minimum_comparables, 2)} budgets have been agreed for {who} with {band} "
        f"({n} so far), too few to be fair to compare with.",
        f"So we use the council's published starting figure for {band}: {pounds(start)} a week ({method.source}).",
        "This is a starting point for planning, not a limit: your budget is what your plan costs, agreed with you.",
    )
    return IndicativeBudget(start, start, start, n, band, False, reasons)


@dataclass(frozen=True)
class Agreement:
    may_agree: bool
    needs_sign_off: bool
    reasons: tuple[str, ...]


def agreement(*, weekly_total: int, agreer_limit: int) -> Agreement:
    """Can this practitioner agree a plan costing `weekly_total` a week on their own?"""
    if weekly_total < 0:
        raise AllocationError("A plan cannot cost less than nothing.")
    if weekly_total <= agreer_limit:
        return Agreement(True, False, (f"The plan costs {pounds(weekly_total)} a week, within your delegated limit of "
                                       f"{pounds(agreer_limit)} a week, so you can agree it.",))
    return Agreement(False, True, (
        f"The plan costs {pounds(weekly_total)} a week, above your delegated limit of {pounds(agreer_limit)} a week.",
        "Agree it and name one colleague whose limit covers it: they sign it off with their reasons. No panel, no meeting.",
    ))


def sign_off_allowed(*, weekly_total: int, signer_limit: int, signer_is_agreer: bool) -> tuple[bool, str]:
    if signer_is_agreer:
        return False, "A colleague must sign off: you cannot sign off a budget you agreed yourself."
    if weekly_total > signer_limit:
        return False, (f"Their delegated limit is {pounds(signer_limit)} a week, below the plan's {pounds(weekly_total)}: "
                       "choose a colleague whose limit covers it.")
    return True, f"Their delegated limit of {pounds(signer_limit)} a week covers the plan's {pounds(weekly_total)}."
