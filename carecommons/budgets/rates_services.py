"""The only code that writes charging rates: enter a year's figures, check them, apply them (or not).

Figures apply only when an administrator confirms them after seeing them beside last year's. A row is
never changed: a correction is a new entry whose figures supersede the ones in force, with their own
source and a reason. Every step writes a `ChargingRateEvent` (who, when, what).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from carecommons.budgets.charging_rates import applied_figures, applied_rows
from carecommons.budgets.models_rates import ChargingRate, ChargingRateEntry, ChargingRateEvent
from carecommons.rules.charging_figures import (
    Change,
    Figure,
    changes,
    figure_problems,
    previous_year,
    words,
    year_dates,
)
from carecommons.rules.money import pounds


class RatesError(Exception):
    """Figures that cannot be entered or applied; `problems` maps a figure key (or 'year', 'reason') to a message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = dict(problems)


def lower_than_last_year(year: str, figures: Mapping[str, Figure]) -> dict[str, str]:
    """Each figure lower than last year's, with a message asking the administrator to check it."""
    last = applied_figures(previous_year(year))
    return {key: (f"{words(key)[0].upper()}{words(key)[1:]} of {pounds(f.amount)} is lower than last year's "
                  f"({pounds(last[key].amount)}). Check it; if it is right, tick the box to say so.")
            for key, f in figures.items() if key in last and f.amount < last[key].amount}


def _check(year: str, figures: Mapping[str, Figure], *, correction: bool, reason: str) -> dict[str, str]:
    if year_dates(year) is None:
        return {"year": "Enter the financial year like 2026-27: the year it starts, a dash, and the next year's last two "
                        "figures"}
    applied = applied_figures(year)
    problems: dict[str, str] = {}
    if not correction and applied:
        problems["year"] = (f"The charging rates for {year} have already been applied. To change a figure, enter a "
                            "correction for that year.")
    if correction and not applied:
        problems["year"] = f"No charging rates for {year} have been applied, so there is nothing to correct."
    if correction and len(reason.strip()) < 10:
        problems["reason"] = "Say in a sentence why these figures are being corrected"
    if not figures and "year" not in problems:
        problems["figures"] = "Enter at least one figure, with its source"
    if problems:
        return problems
    return figure_problems(year, {**applied, **figures}, new_year=not correction)


@transaction.atomic
def charging_rates_enter(*, year: str, figures: Mapping[str, Figure], user: Any, reason: str = "",
                         correction: bool = False, lower_confirmed: bool = False) -> ChargingRateEntry:
    """Enter figures for `year` (a new year, or a correction of one applied), waiting to be checked and applied."""
    year = year.strip()
    problems = _check(year, figures, correction=correction, reason=reason)
    if not problems and not lower_confirmed:
        problems = lower_than_last_year(year, figures)
    if problems:
        raise RatesError(problems)
    dates = year_dates(year)
    assert dates is not None
    now = timezone.now()
    current = applied_rows(year).get(year, {})
    entry = ChargingRateEntry.objects.create(year=year, starts=dates[0], ends=dates[1], reason=reason.strip(),
                                             lower_confirmed=lower_confirmed, entered_by=user, entered_at=now)
    for key, figure in figures.items():
        ChargingRate.objects.create(entry=entry, figure=key, pence=figure.amount, source=figure.source.strip(),
                                    supersedes=current.get(key))
    ChargingRateEvent.objects.create(entry=entry, what="entered", by=user, at=now, detail={
        "correction": correction, "reason": reason.strip(), "lower_confirmed": lower_confirmed,
        "figures": {key: {"pence": f.amount, "source": f.source.strip()} for key, f in figures.items()}})
    return entry


def entry_figures(entry: ChargingRateEntry) -> dict[str, Figure]:
    return {row.figure: Figure(row.pence, row.source) for row in entry.figures.all()}


def entry_changes(entry: ChargingRateEntry) -> tuple[Change, ...]:
    """The entry's figures beside last year's, for the check before they apply."""
    return changes(entry_figures(entry), applied_figures(previous_year(entry.year)))


@transaction.atomic
def charging_rates_apply(*, entry: ChargingRateEntry, user: Any) -> ChargingRateEntry:
    """Apply the entry's figures, once an administrator has checked them. Checked again against what is in force."""
    locked = ChargingRateEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.status != ChargingRateEntry.Status.WAITING:
        raise RatesError({"entry": f"These figures are already {locked.get_status_display().lower()}."})
    rows = list(locked.figures.all())
    current = applied_rows(locked.year).get(locked.year, {})
    correction = any(row.supersedes_id for row in rows) or bool(locked.reason)
    if not correction and current:
        raise RatesError({"year": f"The charging rates for {locked.year} have already been applied. To change a figure, "
                                  "enter a correction for that year."})
    if any((current[row.figure].pk if row.figure in current else None) != row.supersedes_id for row in rows):
        raise RatesError({"entry": f"The charging rates for {locked.year} have changed since these figures were "
                                   "entered. Enter them again."})
    problems = _check(locked.year, entry_figures(locked), correction=correction, reason=locked.reason)
    if problems:
        raise RatesError(problems)
    now = timezone.now()
    locked.status, locked.confirmed_by, locked.confirmed_at = ChargingRateEntry.Status.APPLIED, user, now
    locked.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    ChargingRateEvent.objects.create(entry=locked, what="applied", by=user, at=now, detail={
        "figures": {row.figure: {"pence": row.pence, "source": row.source, "supersedes": row.supersedes_id}
                    for row in rows}})
    return locked


@transaction.atomic
def charging_rates_not_apply(*, entry: ChargingRateEntry, user: Any) -> ChargingRateEntry:
    """Decide not to apply figures waiting to be checked. They are kept, marked not applied."""
    locked = ChargingRateEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.status != ChargingRateEntry.Status.WAITING:
        raise RatesError({"entry": f"These figures are already {locked.get_status_display().lower()}."})
    locked.status = ChargingRateEntry.Status.NOT_APPLIED
    locked.save(update_fields=["status"])
    ChargingRateEvent.objects.create(entry=locked, what="not applied", by=user, at=timezone.now(), detail={})
    return locked
