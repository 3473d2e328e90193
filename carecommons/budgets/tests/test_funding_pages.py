"""The funding comparison's figures: who may enter them, validation, the audit, and what /funding/ and the command show."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from carecommons.budgets import services as s
from carecommons.budgets import services_funding as sf
from carecommons.budgets.models import CouncilTaxBase, FinancialAssessment, FundingEstimate
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = [pytest.mark.django_db]
URL = "budgets:funding-figures"
DWELLINGS = {"A": 9_000, "B": 6_000, "C": 4_000, "D": 3_000, "E": 1_500, "F": 800, "G": 400, "H": 50}


@pytest.fixture
def limits(cast: Any) -> None:
    cast.priya.staff.budget_limit = 40_000
    cast.priya.staff.save()


def _estimate(**over: Any) -> dict[str, Any]:
    data = {"action": "estimate", "estimate-kind": "self_funder", "estimate-setting": "care_home",
            "estimate-age_group": "pension_age", "estimate-people": "10", "estimate-weekly_fee": "900",
            "estimate-capital": "40,000", "estimate-weekly_income": "250", "estimate-source": "Market sustainability plan 2025, table 3",
            "estimate-estimated_on_day": "31", "estimate-estimated_on_month": "3", "estimate-estimated_on_year": "2025"}
    data.update(over)
    return data


def _tax(**over: Any) -> dict[str, Any]:
    data = {"action": "council_tax", "tax-dwellings_source": "Valuation Office Agency, stock of properties 2025",
            "tax-dwellings_on_day": "31", "tax-dwellings_on_month": "3", "tax-dwellings_on_year": "2025", "tax-band_d_extra": "100",
            "tax-band_d_reason": "Proposed for consultation"}
    data.update({f"tax-band_{band.lower()}": str(n) for band, n in DWELLINGS.items()})
    data.update(over)
    return data


def test_only_commissioners_and_administrators_enter_funding_figures(cast: Any) -> None:
    assert Client().get(reverse(URL)).status_code == 302  # to sign in
    for user in (cast.priya, cast.morgan, cast.hana, cast.ruth_user):
        client = client_for(user)
        assert client.get(reverse(URL)).status_code == 403
        assert client.post(reverse(URL), _estimate()).status_code == 403
        assert client.post(reverse(URL), _tax()).status_code == 403
    assert not FundingEstimate.objects.exists() and not CouncilTaxBase.objects.exists()
    for user in (cast.chris, cast.ade):
        assert client_for(user).get(reverse(URL)).status_code == 200
    assert "Enter the council's estimates" not in client_for(cast.priya).get(reverse("budgets:funding") + "?on=2025-07-01").content.decode()
    assert "Enter the council's estimates" in client_for(cast.chris).get(reverse("budgets:funding") + "?on=2025-07-01").content.decode()


def test_an_estimate_needs_every_fact_and_its_source_and_keeps_what_was_typed(cast: Any) -> None:
    response = client_for(cast.chris).post(reverse(URL), {"action": "estimate", "estimate-source": "",
                                                          "estimate-capital": "lots", "estimate-people": "-3",
                                                          "estimate-weekly_income": "250"})
    page = response.content.decode()
    assert response.status_code == 400 and not FundingEstimate.objects.exists()
    for message in ("Select who they are", "Select where they get care", "Select how old they are",
                    "The number of people cannot be negative", "Enter the capital in pounds and pence, like 13.45",
                    "Say where the estimate comes from", "Enter the date of the estimate"):
        assert message in page, message
    assert 'value="250"' in page and 'value="lots"' in page  # nothing typed is lost
    no_people = client_for(cast.chris).post(reverse(URL), _estimate(**{"estimate-people": ""})).content.decode()
    assert "Enter how many people, or the share of the care market&#x27;s places they fill" in no_people
    no_market = client_for(cast.chris).post(reverse(URL), _estimate(**{"estimate-weekly_fee": ""})).content.decode()
    assert "the care market in Care Commons publishes no care home fees to use" in no_market
    at_home = client_for(cast.chris).post(reverse(URL), _estimate(**{"estimate-weekly_fee": "", "estimate-setting": "home"}))
    assert "or the hours of care a week to price at the care market" in at_home.content.decode()


def test_an_estimate_is_kept_with_who_entered_it_and_can_take_the_markets_fee(cast: Any) -> None:
    from carecommons.market.models import Charge

    for i, fee in enumerate((120_000, 130_000, 150_000)):
        place = f.market_location(name=f"Home {i} (fictional)")
        Charge.objects.create(location=place, kind="weekly_fee", description="Paying for yourself", amount=fee, per="week",
                              self_funder_only=True)
    chris = client_for(cast.chris)
    response = chris.post(reverse(URL), _estimate(**{"estimate-weekly_fee": ""}))
    assert response.status_code == 302 and response["Location"] == reverse(URL)  # post, redirect, get
    row = FundingEstimate.objects.get()
    assert (row.weekly_fee, row.capital, row.people, row.entered_by) == (130_000, 4_000_000, 10, cast.chris)
    assert row.fee_note.startswith("the median published weekly fee for people paying for themselves, from 3 care home charges")
    page = chris.get(reverse(URL)).content.decode()
    assert "Estimate added" in page and "Chris Evans" in page and "Market sustainability plan 2025, table 3" in page
    assert "3 care homes in Ashby Vale with 90 registered places" in page
    chris.post(reverse(URL), _estimate(**{"estimate-people": "0"}))  # takes the group out; both entries are kept
    assert FundingEstimate.objects.count() == 2 and sf.estimates_in_use() == []
    both = chris.post(reverse(URL), _estimate(**{"estimate-share_of_places": "40"})).content.decode()
    assert "Give either the number of people or the share of places, not both" in both
    at_home = chris.post(reverse(URL), _estimate(**{"estimate-people": "", "estimate-share_of_places": "40",
                                                    "estimate-setting": "home"})).content.decode()
    assert "A share of places works only for care homes: enter how many people" in at_home
    assert chris.post(reverse(URL), _estimate(**{"estimate-people": "", "estimate-share_of_places": "40"})).status_code == 302
    row = FundingEstimate.objects.order_by("-pk").first()
    assert row.people == 36 and row.people_note.startswith("40% of the 90 registered places in 3 care homes")  # 3 homes of 30
    assert "the number is 40% of the 90 registered places" in Client().get(reverse("budgets:funding") + "?on=2025-07-01").content.decode()


def test_council_tax_figures_are_checked_band_by_band(cast: Any) -> None:
    ade = client_for(cast.ade)
    response = ade.post(reverse(URL), _tax(**{"tax-band_c": "-1", "tax-band_h": "", "tax-dwellings_source": "",
                                              "tax-band_d_extra": "£1.234"}))
    page = response.content.decode()
    assert response.status_code == 400 and not CouncilTaxBase.objects.exists()
    for message in ("The number of dwellings in band C cannot be negative", "Enter the number of dwellings in band H (0 if none)",
                    "Say where the numbers of dwellings come from", "Enter the amount at Band D in pounds and pence"):
        assert message in page, message
    assert ade.post(reverse(URL), _tax()).status_code == 302
    row = CouncilTaxBase.objects.get()
    assert row.dwellings == DWELLINGS and row.band_d_extra == 10_000 and row.entered_by == cast.ade


def _counted(cast: Any, *, born: dt.date, mig: str = "single_25_to_pension_age", setting: str = "home") -> None:
    person = f.PersonFactory(team=cast.north, date_of_birth=born)
    FinancialAssessment.objects.create(person=person, assessed_on=dt.date(2025, 5, 1), setting=setting, capital=0,
                                       weekly_income=20_000, mig_category=mig, created_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC))
    plan = s.plan_start(assessment=f.eligible_assessment(person, by=cast.priya), user=cast.priya)
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="paid", paid_kind="provider", weekly_cost=10_000, description="Meals")
    s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="self", description="Myself")
    s.plan_choose_management(plan=plan, way="council_arranged")
    s.plan_agree(plan=s.plan_submit(plan=plan), practitioner=cast.priya, notes="", today=dt.date(2025, 6, 1))


def test_the_funding_page_keeps_estimates_apart_and_says_who_could_not_be_counted(cast: Any, limits: None) -> None:
    for i in range(5):
        _counted(cast, born=dt.date(1980 + i, 1, 1))
    _counted(cast, born=dt.date(1940, 1, 1), mig="single_pension_age")  # 2025-26 has no pension-age MIG entered
    client_for(cast.chris).post(reverse(URL), _estimate())
    client_for(cast.chris).post(reverse(URL), _tax())
    page = Client().get(reverse("budgets:funding") + "?on=2025-07-01").content.decode()
    assert "5 people with a personal budget are counted one by one" in page
    assert ("1 person could not be counted under any policy. Not worked out: the rate for the Minimum Income Guarantee for a "
            "single person at or over pension credit age in 2025-26 has not been entered.") in page
    assert "The council estimates 10 more people" in page and "<strong>estimates</strong>" in page
    assert "Market sustainability plan 2025, table 3, estimate for 31 March 2025" in page
    assert "Estimated: the council pays" in page and "Counted: the council pays" in page
    # the worked example in tests/rules/test_funding.py: each pays £29,330.45 over the year, drawn down from £40,000
    assert "£293,304.50" in page
    assert "An extra £100.00 a year at Band D, band by band" in page and "£66.67" in page and "£200.00" in page
    assert "json" not in page.lower() and "manage.py" not in page, "no commands or file formats on a public page"
    out = StringIO()
    call_command("funding_simulate", "--policy", "means_test", "--on", "2025-07-01", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["people"] == 5 and data["year"] == "2025-26"
    assert data["not_counted"]["reasons"][0]["people"] == 1
    assert data["estimated"]["people"] == 10 and data["estimated"]["people_pence"] == 10 * 2_933_045
    assert data["counted_and_estimated"]["people_pence"] == data["people_pence"] + 10 * 2_933_045
    assert data["council_tax"]["bands"]["A"]["per_dwelling_pence"] == 6_667
    tried = Client().get(reverse("budgets:funding") + "?on=2025-07-01&band_d=50").content.decode()
    assert "You are trying £50.00 a year at Band D" in tried
    wrong = Client().get(reverse("budgets:funding") + "?on=2025-07-01&band_d=lots").content.decode()
    assert "Enter the amount at Band D in pounds and pence" in wrong and "An extra £100.00 a year at Band D" in wrong


def test_without_council_tax_figures_the_page_says_so(cast: Any) -> None:
    page = Client().get(reverse("budgets:funding") + "?on=2025-07-01").content.decode()
    assert "has not entered the number of dwellings in each council tax band" in page
    assert "has not entered estimates of the people Care Commons does not hold" in page
