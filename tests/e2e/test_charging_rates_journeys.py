"""An administrator enters a year's charging rates with their sources, checks them and applies them (issue 13).

Real Chromium, an axe-core scan of every page visited. The 2026-27 figures typed here are made up, and
their sources say so: no verified source for 2026-27 was found.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carecommons.budgets.charging_rates import charging_rates_on
from carecommons.rules.charging import ChargingError, Finances, assess_charge
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEST = "Test figure, not a real rate"


def test_an_administrator_enters_checks_and_applies_2026_27_rates_and_a_care_home_charge_can_be_worked_out(visit, cast):
    day = dt.date(2026, 12, 6)
    with pytest.raises(ChargingError, match="2026-27 have not been entered"):
        charging_rates_on(day)

    ade = visit("ade-rates", javascript=False)
    ade.sign_in("ade", f.PASSWORD)
    ade.goto("/funding/?on=2026-12-06")
    assert "The charging rates for 2026-27 have not been entered" in ade.text()
    ade.click_link("Enter the charging rates, with their source")
    assert ade.heading() == "Charging rates"
    assert "Not entered" in ade.text() and "£30.65 a week" in ade.text()  # 2025-26, as first put in

    ade.click_button("Enter a year's charging rates")  # a link styled as a button
    assert ade.heading() == "Enter a year's charging rates"
    ade.fill("Financial year", "2026-27")
    for label, source, amount in (
        ("Upper capital limit", "Source of upper capital limit", "23,250"),
        ("Lower capital limit", "Source of lower capital limit", "14,250"),
        ("Tariff income step (£1 a week for each step of capital)",
         "Source of tariff income step (£1 a week for each step of capital)", "250"),
        ("Personal Expenses Allowance (care homes)", "Source of Personal Expenses Allowance (care homes)", "0"),
    ):
        ade.fill(label, amount).fill(source, TEST)
    ade.click_button("Continue to check the figures")
    assert "There is a problem" in ade.text()
    assert "The Personal Expenses Allowance (care homes) must be more than £0" in ade.text()
    assert ade.page.get_by_label("Upper capital limit", exact=True).input_value() == "23,250"  # nothing typed is lost

    ade.fill("Personal Expenses Allowance (care homes)", "31.65")
    ade.click_button("Continue to check the figures")
    assert ade.heading() == "Check the charging rates for 2026-27"
    text = ade.text()
    assert "£31.65" in text and "£30.65" in text and "+£1.00" in text and TEST in text
    with pytest.raises(ChargingError):  # checked, not yet confirmed: nothing applies
        charging_rates_on(day)

    ade.click_button("Confirm and apply these rates")
    assert ade.heading() == "Charging rates"
    text = ade.text()
    assert "The charging rates for 2026-27 now apply" in text and "£31.65 a week" in text and "Ade Bello" in text

    rates = charging_rates_on(day)
    assert rates.year == "2026-27" and TEST in rates.source
    # In a care home: income £20 a week and capital £20,000 (tariff £23) less the £31.65 test PEA: £11.35.
    charge = assess_charge(Finances(setting="care_home", capital=2_000_000, weekly_income=2_000, weekly_care_cost=90_000),
                           rates=rates)
    assert charge.weekly_charge == 1_135 and not charge.self_funder


def test_an_administrator_corrects_a_figure_with_a_reason_and_the_old_one_is_kept(visit, cast):
    ade = visit("ade-correction")
    ade.sign_in("ade", f.PASSWORD)
    ade.click_link("Charging rates")
    ade.click_link("Correct a figure for 2025-26")
    assert ade.heading() == "Correct the charging rates for 2025-26"
    ade.fill("Personal Expenses Allowance (care homes)", "30.60")
    ade.fill("Source of Personal Expenses Allowance (care homes)", TEST)
    ade.click_button("Continue to check the figures")
    text = ade.text()
    assert "Say in a sentence why these figures are being corrected" in text
    assert "lower than last year's" not in text  # 2024-25's £30.15 is lower still
    ade.fill("Why are these figures being corrected?", "Checking the correction journey (a test, not a real change)")
    ade.click_button("Continue to check the figures")
    assert ade.heading() == "Check the charging rates for 2025-26"
    assert "£30.60" in ade.text() and "£30.15" in ade.text() and "+£0.45" in ade.text()
    ade.click_button("Confirm and apply these rates")
    assert "£30.60 a week" in ade.text()
    ade.page.get_by_text("Earlier figures for 2025-26, since corrected").click()
    assert "Personal Expenses Allowance (care homes): £30.65" in ade.text()
    assert charging_rates_on(dt.date(2025, 10, 1)).personal_expenses_allowance == 3_060


def test_someone_who_is_not_an_administrator_cannot_open_charging_rates(visit, cast):
    priya = visit("priya-rates", javascript=False)
    priya.sign_in("priya", f.PASSWORD)
    priya.page.goto(priya.base_url + "/charging-rates/")
    priya.checked()
    assert "Your role cannot see charging rates" in priya.text()
