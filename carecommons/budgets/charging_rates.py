"""Where the charging rates in force come from: the one place the budgets app asks for them.

Every caller (the budget's contribution, the public API, the funding comparison, the financial
assessment) asks `charging_rates_on(day)`, which refuses a day no row covers with the year named.
The rates are the rows an administrator entered and confirmed (`models_rates`), each figure with its
source; a year with no applied figures does not exist. `rules.charging` still receives a `ChargingRates`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from carecommons.budgets.models_rates import ChargingRate, ChargingRateEntry
from carecommons.rules.charging import ChargingError, ChargingRates, rates_on
from carecommons.rules.charging_figures import FIGURES, OWN, Figure, rates_from_figures


def applied_rows(year: str | None = None) -> dict[str, dict[str, ChargingRate]]:
    """The figures that apply, by year and figure: for each, the row of the latest confirmed entry."""
    rows = ChargingRate.objects.filter(entry__status=ChargingRateEntry.Status.APPLIED).select_related("entry")
    if year is not None:
        rows = rows.filter(entry__year=year)
    current: dict[str, dict[str, ChargingRate]] = defaultdict(dict)
    for row in rows.order_by("entry__confirmed_at", "entry__pk", "pk"):
        current[row.entry.year][row.figure] = row  # a later confirmed entry supersedes
    return dict(current)


def applied_figures(year: str) -> dict[str, Figure]:
    return {key: Figure(row.pence, row.source) for key, row in applied_rows(year).get(year, {}).items()}


def charging_table() -> tuple[ChargingRates, ...]:
    """Every year's charging rates that have been entered and applied, oldest first."""
    table = []
    for year, rows in applied_rows().items():
        rates = rates_from_figures(year, {key: Figure(row.pence, row.source) for key, row in rows.items()})
        if rates is not None:
            table.append(rates)
    return tuple(sorted(table, key=lambda r: r.starts))


def charging_rates_on(day: dt.date) -> ChargingRates:
    """The rates covering `day`; raises ChargingError naming the year when none do."""
    return rates_on(charging_table(), day)


def last_rates() -> ChargingRates:
    """The latest year entered, to offer a day that can be worked out (ChargingError when none has been)."""
    table = charging_table()
    if not table:
        raise ChargingError("No charging rates have been entered in Care Commons. An administrator adds them with "
                            "their source.", "as_of")
    return max(table, key=lambda r: r.ends)


@dataclass(frozen=True)
class RateLine:
    key: str
    label: str
    row: ChargingRate | None  # None: not entered
    own: bool  # the council's own figure

    @property
    def weekly(self) -> bool:
        """Whether the figure is an amount a week (the capital limits and the tariff step are not)."""
        return not self.key.removeprefix("council:").endswith(("capital_limit", "tariff_step"))


@dataclass(frozen=True)
class RatesYear:
    year: str
    starts: dt.date
    ends: dt.date
    lines: tuple[RateLine, ...]
    superseded: tuple[ChargingRate, ...]  # earlier figures, kept: rows are never changed


def rates_overview() -> tuple[tuple[RatesYear, ...], tuple[ChargingRateEntry, ...]]:
    """What the charging rates page shows: every applied year, newest first, each figure or 'not entered', with the
    figures superseded; and the entries waiting to be checked."""
    current = applied_rows()
    in_force = {row.pk for rows in current.values() for row in rows.values()}
    superseded: dict[str, list[ChargingRate]] = defaultdict(list)
    entries = {}
    for row in ChargingRate.objects.filter(entry__status=ChargingRateEntry.Status.APPLIED).select_related(
            "entry", "entry__entered_by", "entry__confirmed_by").order_by("entry__confirmed_at", "pk"):
        entries[row.entry.year] = row.entry
        if row.pk not in in_force:
            superseded[row.entry.year].append(row)
    years = []
    for year in sorted(current, reverse=True):
        rows = current[year]
        entry = entries[year]
        years.append(RatesYear(year, entry.starts, entry.ends,
                               tuple(RateLine(key, label, rows.get(key), key in OWN) for key, label in FIGURES.items()),
                               tuple(superseded[year])))
    waiting = tuple(ChargingRateEntry.objects.filter(status=ChargingRateEntry.Status.WAITING)
                    .select_related("entered_by").order_by("entered_at", "pk"))
    return tuple(years), waiting
