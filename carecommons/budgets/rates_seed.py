"""The verified national charging figures in `rules/rates.py`, put in as applied rows with their sources.

Used by the data migration (with its historical models) and, when the tables are empty (a new database
or a test's flush), after `migrate`/`flush` through `post_migrate`. Figures that are None in
`rules/rates.py` (not verified) are not put in: they stay "Not entered".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from carecommons.rules.charging_figures import figures_of
from carecommons.rules.rates import CHARGING, CHARGING_SOURCES

SEEDED = "Put in from the verified figures in carecommons/rules/rates.py when charging rates became rows"


def seed_charging_rates(entry_model: Any, rate_model: Any, event_model: Any, *, now: dt.datetime) -> int:
    """Put in each year of `rules.rates.CHARGING` as an applied entry; how many figures were put in."""
    count = 0
    for rates in CHARGING:
        figures = figures_of(rates, CHARGING_SOURCES.get(rates.year, {}))
        entry = entry_model.objects.create(year=rates.year, starts=rates.starts, ends=rates.ends, status="applied",
                                           reason=SEEDED, entered_at=now, confirmed_at=now)
        for key, figure in figures.items():
            rate_model.objects.create(entry=entry, figure=key, pence=figure.amount, source=figure.source)
        event_model.objects.create(entry=entry, what="applied", at=now,
                                   detail={"seeded": True, "figures": {k: f.amount for k, f in figures.items()}})
        count += len(figures)
    return count


def seed_when_empty(**kwargs: Any) -> None:
    """`post_migrate`: when there are no charging rates at all, put in the verified ones."""
    from django.utils import timezone

    from carecommons.budgets.models_rates import ChargingRate, ChargingRateEntry, ChargingRateEvent

    if ChargingRateEntry.objects.exists():
        return
    seed_charging_rates(ChargingRateEntry, ChargingRate, ChargingRateEvent, now=timezone.now())
