"""An area's money: the ledger's payments shared by the kinds of paid support in each plan, contracts, entered figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from carecommons.budgets import services as s
from carecommons.participation import services
from carecommons.participation.models import Area
from carecommons.testing import factories as f

START = dt.date(2026, 6, 1)


@pytest.mark.django_db
def test_payments_are_shared_between_areas_by_the_plan_and_every_figure_says_where_it_comes_from(cast: Any) -> None:
    cast.priya.staff.budget_limit = 10**7
    cast.priya.staff.save()
    person = f.PersonFactory(team=cast.north)
    plan = s.plan_start(assessment=f.eligible_assessment(person, by=cast.priya), user=cast.priya)
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="paid", paid_kind="provider", weekly_cost=30_000, description="Meals at home")
    s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="activity", weekly_cost=10_000, description="Swimming")
    s.plan_choose_management(plan=plan, way="council_arranged")
    budget = s.plan_agree(plan=s.plan_submit(plan=plan), practitioner=cast.priya, notes="", today=START).budget
    s.record_money(budget=budget, what="payment", pence=40_001, on=START + dt.timedelta(days=7), description="", payee="Oak Care", user=cast.priya)
    per_area, elsewhere = services.ledger_spending(2026)
    assert per_area == {"own-home": 30_001, "day-and-work": 10_000} and elsewhere == 0  # to the penny, largest remainder
    assert services.ledger_spending(2025) == ({}, 0)
    home = Area.objects.get(slug="own-home")
    services.figure_add(area=home, year=2027, kind="projected", pence=9_000_000, source="Budget book 2026, page 4", user=cast.priya)
    with pytest.raises(services.ParticipationError, match="where the figure comes from"):
        services.figure_add(area=home, year=2027, kind="projected", pence=1, source=" ", user=cast.priya)
    lines = services.area_money(home, today=dt.date(2026, 12, 1))
    # 1 December 2026 is day 245 of the 365-day year from 1 April: at the same rate, 30,001 x 365 / 245 = 44,695 (whole pence, down)
    assert [(m.year, m.kind, m.pence) for m in lines] == [(2026, "spent", 30_001), (2026, "projected", 44_695), (2027, "projected", 9_000_000)]
    assert lines[0].source.startswith("Care Commons ledger") and "245 of 365 days gone" in lines[1].source
    assert lines[2].source == "Entered by the council: Budget book 2026, page 4"
    early = services.area_money(home, today=dt.date(2026, 4, 20))  # before the payment, and too soon to forecast
    assert [(m.year, m.kind, m.pence) for m in early] == [(2026, "spent", 0), (2027, "projected", 9_000_000)]
