"""Who pays for care: a commissioner enters the council's estimates and council tax figures, and anyone reads the
comparison, in real Chromium without JavaScript, with an axe-core scan of every page visited."""

from __future__ import annotations

import pytest

from carecommons.market.models import Charge
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _date(visitor, group: str, day: str, month: str, year: str) -> None:
    fields = visitor.page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(day)
    fields.get_by_label("Month").fill(month)
    fields.get_by_label("Year").fill(year)


def test_a_commissioner_enters_estimates_and_a_precept_and_a_citizen_reads_who_pays(visit, cast):
    home = f.market_location(name="Oak House (fictional)")
    Charge.objects.create(location=home, kind="weekly_fee", description="Paying for yourself", amount=90_000, per="week",
                          self_funder_only=True)
    chris = visit("chris-funding", javascript=False)
    chris.sign_in("chris", f.PASSWORD)
    chris.goto("/funding/figures/")
    assert chris.heading() == "Figures for who pays for care"
    chris.click_button("Add the estimate")  # nothing filled in: a message for each fact
    assert "Select who they are" in chris.text() and "Say where the estimate comes from" in chris.text()
    chris.choose("People who pay for their own care (self-funders)").choose("In a care home").choose("65 and over")
    chris.fill("How many people?", "10").fill("Typical savings and other capital", "40000").fill("Typical income a week", "250")
    chris.fill("Where does the estimate come from?", "Market sustainability plan 2025, table 3")
    _date(chris, "Date of the estimate", "31", "3", "2025")
    chris.click_button("Add the estimate")  # the weekly cost left blank: the market's median fee
    assert "Estimate added" in chris.text() and "10 people at £900.00 a week" in chris.text()
    for band, n in zip("ABCDEFGH", (9000, 6000, 4000, 3000, 1500, 800, 400, 50), strict=True):
        chris.fill(f"Dwellings in band {band}", str(n))
    chris.fill("Where do the numbers of dwellings come from?", "Valuation Office Agency, 2025")
    _date(chris, "Date the numbers are for", "31", "3", "2025")
    chris.fill("Extra council tax a year at Band D", "100").fill("Who puts this amount forward, and why?", "For consultation")
    chris.click_button("Add the council tax figures")
    assert "Council tax figures added" in chris.text()

    citizen = visit("citizen-funding", javascript=False)
    citizen.goto("/funding/?on=2025-07-01")
    text = citizen.text()
    assert "The council estimates 10 more people" in text and "£293,304.50" in text
    assert "An extra £100.00 a year at Band D, band by band" in text
    citizen.fill("Try another amount a year at Band D", "ten pounds").click_button("Work it out")
    assert "Enter the amount at Band D in pounds and pence" in citizen.text()
    citizen.fill("Try another amount a year at Band D", "50").click_button("Work it out")
    assert "You are trying £50.00 a year at Band D" in citizen.text()
