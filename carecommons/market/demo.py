"""The demo area's care market: a synthetic CQC directory, providers' profiles and prices, and a tender.

Everything is made up: the area is fictional, as the banner on every page says. Fees are drawn around the national figures in
shared/docs/domain.md section 8 (care homes: councils £908 and self-funders £1,278 a week, nursing
£1,225 and £1,594; care at home £24.10 an hour paid by councils), so the demo looks like a real
market without claiming to be one.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from carecommons.market import cqc, services
from carecommons.market.models import (
    Bid,
    Charge,
    ChildPlacement,
    ChildrensSetting,
    CommissioningWeights,
    ImportRun,
    Location,
    Profile,
    Provider,
    Tender,
)
from carecommons.market.synthetic import synthetic_csv


def wipe() -> None:
    for model in (ChildPlacement, ChildrensSetting, Bid, Tender, Charge, Profile, Location, Provider, ImportRun, CommissioningWeights):
        if model is Tender:
            Tender.objects.update(awarded_to=None)
        model._default_manager.all().delete()


def build(*, seed: int, commissioner: Any, locations: int = 240, today: dt.date | None = None) -> dict[str, Any]:
    rng = random.Random(seed * 104729 + 5)
    free = random.Random(seed * 7919 + 3)  # free places on their own stream, so the rest of the market is as before
    today = today or timezone.localdate()
    run = cqc.import_text(synthetic_csv(locations, seed=seed, malformed=False), file_name="synthetic-demo-directory.csv")
    providers = list(Provider.objects.order_by("cqc_id"))
    for provider in providers:
        if rng.random() < 0.3:
            continue  # some publish nothing: the pages say "not published"
        form = next((code for word, code in (("CIC", "cic"), ("Co-operative", "cooperative"), ("Trust", "charity"))
                     if word in provider.name), "company")
        Profile.objects.create(
            provider=provider, legal_form=form if rng.random() < 0.9 else "",
            ultimate_owner=f"{provider.name.split(' (')[0]} Holdings" if form == "company" else provider.name,
            tax_residence=rng.choice(("United Kingdom", "United Kingdom", "United Kingdom", "Jersey", "Luxembourg", "")),
            employees=rng.choice((12, 30, 45, 80, 150, 400, None)), head_office_local=rng.choice((True, False, None)),
            lowest_hourly_pay=rng.choice((1_221, 1_271, 1_300, 1_345, 1_400, None)),
            sick_pay_above_statutory=rng.choice((True, False, None)), guaranteed_hours_offered=rng.choice((True, False, None)),
            paid_training=rng.choice((True, False, None)), recognises_union=rng.choice((True, False, None)),
            ethical_care_charter=rng.choice((True, False, None)),
            complaints="Speak to the manager, or write to us; we reply within 20 working days." if rng.random() < 0.7 else "",
            notice_terms="Four weeks' notice either side; fees are charged during notice." if rng.random() < 0.6 else "",
            social_value=rng.choice((None, 40, 60, 75)), updated_at=timezone.now(), updated_by_name="Demo provider")
    for loc in Location.objects.select_related("provider"):
        if rng.random() < 0.25:
            continue
        if loc.care_home:
            base = 122_500 if loc.nursing else 90_800
            council = base + rng.randint(-80, 80) * 100
            Charge.objects.create(location=loc, kind="weekly_fee", description="Single room, council rate", amount=council, per="week")
            Charge.objects.create(location=loc, kind="weekly_fee", description="Single room, paying for yourself",
                                  amount=int(council * rng.uniform(1.25, 1.45)) // 100 * 100, per="week", self_funder_only=True)
            if rng.random() < 0.5:
                Charge.objects.create(location=loc, kind="deposit", description="Deposit", amount=rng.choice((0, 100_000, 250_000)), per="once")
            if rng.random() < 0.4:
                Charge.objects.create(location=loc, kind="top_up", description="Larger room or garden view", amount=rng.randint(3, 15) * 1_000,
                                      per="week")
            if rng.random() < 0.5:
                Charge.objects.create(location=loc, kind="extra", description="Hairdressing", amount=rng.randint(8, 20) * 100, per="once")
            if rng.random() < 0.3:
                Charge.objects.create(location=loc, kind="after_death", description="Fees after death, until the room is cleared",
                                      amount=council, per="week")
            if free.random() < 0.6:  # most homes say how many places are free, some of them weeks ago
                services.vacancies_set(location=loc, count=free.choice((0, 0, 1, 1, 2, 3)), on=today - dt.timedelta(days=free.randint(0, 30)))
        else:
            Charge.objects.create(location=loc, kind="hourly_rate", description="Care at home, daytime",
                                  amount=2_410 + rng.randint(-200, 600), per="hour")
            if rng.random() < 0.3:
                Charge.objects.create(location=loc, kind="extra", description="Mileage for shopping trips", amount=45, per="once")
    CommissioningWeights.objects.create(updated_at=timezone.now(), updated_by=commissioner)
    home_care = [p for p in providers if p.locations.filter(home_care=True, local_authority="Ashby Vale").exists()]
    tender = services.tender_create(title="Care at home, North Ashby Vale (fictional)", description="About 600 hours a week of care at home.",
                                    local_authority="Ashby Vale", value_estimate=90_000_000, user=commissioner)
    for provider, price, quality in zip(home_care[:2], (88_000_000, 76_000_000), (80, 55), strict=False):
        services.bid_add(tender=tender, provider=provider, price=price, quality=quality,
                         quality_notes="Fictional evaluation notes: continuity of workers and travel time paid.")
    _childrens(rng)
    return {"locations": run.created, "providers": len(providers),
            "home_care": [p.name for p in home_care[:6]]}


CHILDRENS = (
    # name, kind, operator, legal form, owner, tax residence, rating, lat, lon, fee (pence), profit %
    ("Hilltop House", "childrens_home", "Hilltop Care Ltd", "company", "Summit Capital", "Luxembourg",
     "Good", 53.20, -2.00, 620_000, "22.5"),
    ("Meadow View", "childrens_home", "Ashby Vale Council", "council", "", "United Kingdom", "Outstanding",
     52.62, -1.18, 410_000, None),
    ("Riverside Fostering", "fostering_agency", "Riverside Fostering CIC", "cic", "", "United Kingdom", "Good",
     52.70, -1.30, 95_000, "4.0"),
    ("Northern Foster Partners", "fostering_agency", "NFP Group Ltd", "company", "NFP Holdings",
     "Cayman Islands", "Requires improvement to be good", 53.80, -1.55, 110_000, "18.0"),
)


def _childrens(rng: random.Random) -> None:
    import datetime as dt

    from django.conf import settings

    lat, lon = settings.CARECOMMONS["MARKET"]["AREA_CENTRE"]
    today = timezone.localdate()
    n = 0
    for name, kind, operator, form, owner, tax, rating, s_lat, s_lon, fee, profit in CHILDRENS:
        setting = ChildrensSetting.objects.create(
            name=name, kind=kind, operator=operator, legal_form=form, ultimate_owner=owner, tax_residence=tax, ofsted_rating=rating,
            ofsted_rated_on=today - dt.timedelta(days=rng.randint(60, 900)), latitude=s_lat, longitude=s_lon, places=rng.randint(3, 40),
            weekly_fee=fee, profit_percent=profit, profit_year="2024-25" if profit else "", created_at=timezone.now())
        for _ in range(rng.randint(1, 5)):
            n += 1
            ChildPlacement.objects.create(setting=setting, reference=f"PL-{n:04d}", home_latitude=lat, home_longitude=lon,
                                          started_on=today - dt.timedelta(days=rng.randint(10, 700)),
                                          weekly_fee=fee + rng.randint(-20, 60) * 1_000, created_at=timezone.now())
