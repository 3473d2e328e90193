"""The funding comparison's own figures: the only code that writes them, and the reads the pages make.

The council enters estimated groups of people Care Commons does not hold (self-funders, people it supports who are not
recorded here) and its council tax base, each with its source. Nothing is updated or deleted: each entry is a new row
with who made it and when, and the latest for a group is the one in use (an entry of 0 people takes a group out).
The care market's places and published fees (`market_figures`) can stand in for a typical fee, labelled as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from carecommons.budgets.models_funding import CouncilTaxBase, FundingEstimate
from carecommons.rules.council_tax import BAND_PROPORTIONS, CouncilTaxError
from carecommons.rules.funding import AGE_GROUPS, ESTIMATE_KINDS, SETTINGS, EstimatedGroup, fee_from_market


class FundingFigureError(ValueError):
    def __init__(self, message: str, field: str = "source") -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def funding_estimate_add(*, kind: str, setting: str, age_group: str, people: int, weekly_fee: int, capital: int,
                         weekly_income: int, source: str, estimated_on: dt.date, user: Any, fee_note: str = "",
                         people_note: str = "") -> FundingEstimate:
    """Record the council's estimate for one group, with its source. It replaces the last for the same group."""
    for value, allowed, field in ((kind, ESTIMATE_KINDS, "kind"), (setting, SETTINGS, "setting"), (age_group, AGE_GROUPS, "age_group")):
        if value not in allowed:
            raise FundingFigureError("Select one of the options shown.", field)
    if min(people, weekly_fee, capital, weekly_income) < 0:
        raise FundingFigureError("Numbers and amounts cannot be negative.", "people")
    if not source.strip():
        raise FundingFigureError("Say where the estimate comes from.")
    return FundingEstimate.objects.create(
        kind=kind, setting=setting, age_group=age_group, people=people, people_note=people_note.strip(), weekly_fee=weekly_fee,
        fee_note=fee_note.strip(),
        capital=capital, weekly_income=weekly_income, source=source.strip(), estimated_on=estimated_on, entered_by=user,
        entered_at=timezone.now())


@transaction.atomic
def council_tax_base_add(*, dwellings: dict[str, int], dwellings_source: str, dwellings_on: dt.date, band_d_extra: int,
                         band_d_reason: str, user: Any) -> CouncilTaxBase:
    """Record the dwellings in each band (with their source) and the extra precept at Band D put forward (with who and why)."""
    if set(dwellings) != set(BAND_PROPORTIONS) or any(n < 0 for n in dwellings.values()):
        raise CouncilTaxError("Enter the number of dwellings in every band, A to H (0 where there are none).", "dwellings")
    if not dwellings_source.strip():
        raise FundingFigureError("Say where the numbers of dwellings come from.", "dwellings_source")
    if band_d_extra < 0:
        raise FundingFigureError("The amount at Band D cannot be negative.", "band_d_extra")
    if not band_d_reason.strip():
        raise FundingFigureError("Say who puts the amount forward, and why.", "band_d_reason")
    return CouncilTaxBase.objects.create(
        dwellings={band: dwellings[band] for band in BAND_PROPORTIONS}, dwellings_source=dwellings_source.strip(),
        dwellings_on=dwellings_on, band_d_extra=band_d_extra, band_d_reason=band_d_reason.strip(), entered_by=user,
        entered_at=timezone.now())


def estimates_in_use() -> list[FundingEstimate]:
    """The latest entry for each group, leaving out groups whose latest entry is 0 people."""
    latest: dict[tuple[str, str, str], FundingEstimate] = {}
    for row in FundingEstimate.objects.order_by("-entered_at", "-pk"):
        latest.setdefault((row.kind, row.setting, row.age_group), row)
    return sorted((r for r in latest.values() if r.people), key=lambda r: (r.kind, r.setting, r.age_group))


def as_group(row: FundingEstimate) -> EstimatedGroup:
    return EstimatedGroup(row.kind, row.setting, row.age_group, row.people, row.weekly_fee, row.capital, row.weekly_income,
                          row.source, row.estimated_on.isoformat())


def council_tax_in_use() -> CouncilTaxBase | None:
    return CouncilTaxBase.objects.order_by("-entered_at", "-pk").first()


@dataclass(frozen=True)
class MarketFigures:
    """What the care market in Care Commons says about places and published prices, to stand in where the council has none."""

    area: str
    care_homes: int
    places: int
    self_funder_weekly: int | None  # median published weekly fee for people paying for themselves
    self_funder_weekly_from: int
    council_weekly: int | None  # median published weekly fee at the council's rate
    council_weekly_from: int
    hourly: int | None  # median published hourly rate for care at home
    hourly_from: int

    def weekly_note(self, on: dt.date) -> str:
        return (f"the median published weekly fee for people paying for themselves, from {self.self_funder_weekly_from} "
                f"care home charges in the care market in Care Commons ({self.area}), {on:%-d %B %Y}")

    def places_note(self, percent: int, on: dt.date) -> str:
        return (f"{percent}% of the {self.places:,} registered places in {self.care_homes} care homes in the care market in "
                f"Care Commons ({self.area}), {on:%-d %B %Y}")

    def hourly_note(self, hours: int, on: dt.date) -> str:
        return (f"{hours} hours a week at the median published hourly rate, from {self.hourly_from} care-at-home charges in "
                f"the care market in Care Commons ({self.area}), {on:%-d %B %Y}")


def market_figures() -> MarketFigures:
    from carecommons.market.models import Charge, Location
    from carecommons.market.services import config

    area = config()["LOCAL_AUTHORITY"]
    homes = Location.objects.filter(dormant=False, care_home=True, local_authority=area)
    charges = Charge.objects.filter(location__dormant=False, location__local_authority=area, amount__gt=0)
    self_funder = list(charges.filter(kind="weekly_fee", per="week", self_funder_only=True,
                                      location__care_home=True).values_list("amount", flat=True))
    council = list(charges.filter(kind="weekly_fee", per="week", self_funder_only=False,
                                  location__care_home=True).values_list("amount", flat=True))
    hourly = list(charges.filter(kind="hourly_rate", per="hour").values_list("amount", flat=True))
    return MarketFigures(area, homes.count(), homes.aggregate(n=Sum("beds"))["n"] or 0,
                         fee_from_market(self_funder), len(self_funder), fee_from_market(council), len(council),
                         fee_from_market(hourly), len(hourly))
