"""Deferred payment interest rates: the one seam that reads them, and the only code that writes them.

`deferred_rates_on(day)` answers with the row in force for the six months covering `day` (the latest
correction), or None: then nothing about interest is worked out and the page says where it is entered.
`deferred_rates_enter` adds a row; a row for six months already entered is a correction that supersedes
it, with a reason. No figure is built in: the seed has none (ADR 0019 addendum).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from carecommons.budgets.models_deferred import DeferredPaymentRate
from carecommons.rules.deferred_payments import InterestCap, cap_period_end

HIGHEST_BELIEVABLE = 2_000  # basis points (20% a year): above this the figure was almost certainly mistyped


class DeferredRatesError(Exception):
    """Figures that cannot be entered; `problems` maps a field name to a plain message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = dict(problems)


def percent(bp: int) -> str:
    return f"{bp / 100:.2f}%"


def period_start(day: dt.date) -> dt.date:
    """1 January or 1 July: the start of the six months `day` falls in."""
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


def period_words(starts: dt.date) -> str:
    return f"{starts.day} {starts:%B %Y} to {cap_period_end(starts).day} {cap_period_end(starts):%B %Y}"


def deferred_rates_on(day: dt.date) -> DeferredPaymentRate | None:
    """The rates in force for the six months covering `day`: the latest correction, or None if none is entered."""
    return (DeferredPaymentRate.objects.filter(starts__lte=day, ends__gte=day, superseded_by__isnull=True)
            .order_by("-entered_at", "-pk").first())


def interest_on(day: dt.date) -> tuple[tuple[int, str] | None, InterestCap | None]:
    """The council's rate (basis points, source) and the maximum for `day`, as `rules.deferred_payments` takes them."""
    row = deferred_rates_on(day)
    if row is None:
        return None, None
    cap = InterestCap(row.starts, row.max_rate, row.max_rate_source)
    interest = (row.council_rate, row.council_rate_source) if row.council_rate is not None else None
    return interest, cap


@dataclass(frozen=True)
class Period:
    starts: dt.date
    ends: dt.date
    row: DeferredPaymentRate | None  # None: not entered
    earlier: tuple[DeferredPaymentRate, ...]  # rows since corrected, newest first


def deferred_rates_overview(today: dt.date) -> list[Period]:
    """Every six months with rates entered, newest first, and the six months covering `today` even when not entered."""
    rows = list(DeferredPaymentRate.objects.select_related("entered_by").order_by("-starts", "-entered_at", "-pk"))
    by_start: dict[dt.date, list[DeferredPaymentRate]] = {}
    for row in rows:
        by_start.setdefault(row.starts, []).append(row)
    by_start.setdefault(period_start(today), [])
    superseded = {row.supersedes_id for row in rows if row.supersedes_id}
    periods = []
    for starts in sorted(by_start, reverse=True):
        current = [r for r in by_start[starts] if r.pk not in superseded]
        row = current[0] if current else None
        periods.append(Period(starts, cap_period_end(starts), row, tuple(r for r in by_start[starts] if r is not row)))
    return periods


def _problems(*, starts: dt.date, max_rate: int, max_rate_source: str, council_rate: int | None,
              council_rate_source: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if (starts.month, starts.day) not in ((1, 1), (7, 1)):
        problems["starts"] = "The six months start on 1 January or 1 July"
    if max_rate <= 0:
        problems["max_rate"] = "The maximum interest rate must be more than 0%"
    elif max_rate > HIGHEST_BELIEVABLE:
        problems["max_rate"] = (f"The maximum interest rate of {percent(max_rate)} is above "
                                f"{percent(HIGHEST_BELIEVABLE)}: enter it as a percentage a year, like 4.65")
    if not max_rate_source.strip():
        problems["max_rate_source"] = "Give the source of the maximum interest rate, like the page the Department of " \
                                      "Health and Social Care published it on"
    if council_rate is not None:
        if council_rate < 0:
            problems["council_rate"] = "The council's interest rate cannot be less than 0%"
        elif council_rate > max_rate > 0:
            problems["council_rate"] = (f"The council's interest rate of {percent(council_rate)} is above the maximum "
                                        f"of {percent(max_rate)} for these six months. A council may not charge more "
                                        "than the maximum.")
        if not council_rate_source.strip():
            problems["council_rate_source"] = "Give the council's decision that set its interest rate"
    elif council_rate_source.strip():
        problems["council_rate"] = "Enter the council's interest rate, or clear its source"
    return problems


@transaction.atomic
def deferred_rates_enter(*, starts: dt.date, max_rate: int, max_rate_source: str, council_rate: int | None,
                         council_rate_source: str, user: Any, reason: str = "") -> DeferredPaymentRate:
    """Add the rates for six months; for six months already entered, a correction with a reason that supersedes them."""
    problems = _problems(starts=starts, max_rate=max_rate, max_rate_source=max_rate_source,
                         council_rate=council_rate, council_rate_source=council_rate_source)
    if problems:
        raise DeferredRatesError(problems)
    in_force = (DeferredPaymentRate.objects.select_for_update(of=("self",))
                .filter(starts=starts, superseded_by__isnull=True).order_by("-entered_at", "-pk").first())
    if in_force is not None and len(reason.strip()) < 10:
        raise DeferredRatesError({"reason": f"Rates for {period_words(starts)} are already entered. To correct them, "
                                            "say in a sentence why they are being changed"})
    return DeferredPaymentRate.objects.create(
        starts=starts, ends=cap_period_end(starts), max_rate=max_rate, max_rate_source=max_rate_source.strip(),
        council_rate=council_rate, council_rate_source=council_rate_source.strip() if council_rate is not None else "",
        reason=reason.strip() if in_force is not None else "", supersedes=in_force, entered_by=user,
        entered_at=timezone.now())
