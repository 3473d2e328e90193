"""An administrator enters six months' deferred payment interest rates with their sources (issue 13).

Real Chromium, an axe-core scan of every page visited, including the form showing its errors. The rates typed
here are made up, and their sources say so: no gilt rate was verified.
"""

from __future__ import annotations

import pytest

from carecommons.budgets.models import DeferredPaymentRate
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEST = "Test figure, not a real rate"


def test_an_administrator_enters_deferred_payment_rates_and_a_rate_above_the_maximum_is_refused(visit, cast):
    ade = visit("ade-deferred")
    ade.sign_in("ade", f.PASSWORD)
    ade.goto("/charging-rates/")
    ade.click_link("Deferred payment interest rates")
    assert ade.heading() == "Deferred payment interest rates"
    assert "Not entered" in ade.text()

    ade.click_button("Enter rates for six months")  # a link styled as a button
    assert ade.heading() == "Enter deferred payment interest rates"
    ade.fill("Day", "1").fill("Month", "7").fill("Year", "2025")
    ade.fill("Maximum interest rate", "4.65").fill("Source of the maximum interest rate", TEST)
    ade.fill("The council's interest rate (optional)", "5.00")
    ade.fill("Source of the council's interest rate (optional)", TEST)
    ade.click_button("Enter these rates")
    assert "There is a problem" in ade.text()
    assert "The council's interest rate of 5.00% is above the maximum of 4.65%" in ade.text()
    assert ade.page.get_by_label("Maximum interest rate", exact=True).input_value() == "4.65"  # nothing typed is lost
    assert not DeferredPaymentRate.objects.exists()

    ade.fill("The council's interest rate (optional)", "4.00")
    ade.click_button("Enter these rates")
    assert ade.heading() == "Deferred payment interest rates"
    text = ade.text()
    assert "1 July 2025 to 31 December 2025" in text and "4.65% a year" in text and "4.00% a year" in text
    assert TEST in text
    assert DeferredPaymentRate.objects.get().council_rate == 400
