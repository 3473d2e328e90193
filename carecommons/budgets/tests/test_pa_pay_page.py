"""The pay calculator page: anyone can use it, without an account or JavaScript."""

import pytest
from django.urls import reverse

URL = reverse("budgets:pa-pay")
GOOD = {"hourly_rate": "14.00", "years_of_service": "2", "increment": "0.20", "bank_holiday_multiplier": "1.5",
        "london": "no", "shifts": "25/05/2026 09:00-13:00\n26/05/2026 09:00-13:00"}


def test_anyone_works_out_the_pay(client):
    html = client.post(URL, GOOD).content.decode()
    assert "Monday 25 May 2026" in html and "£86.40" in html and "£57.60" in html
    assert "Total pay before tax" in html and "£144.00" in html and "£17.38" in html


def test_pay_below_the_national_living_wage_is_not_allowed(client):
    html = client.post(URL, {**GOOD, "hourly_rate": "12.00", "years_of_service": "0", "shifts": "01/06/2026 09:00-10:00"}).content.decode()
    assert "This is not allowed" in html and "National Living Wage of £12.71" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hourly_rate": "lots"}, "Enter the hourly rate in pounds and pence"),
        ({"hourly_rate": "13.456"}, "Enter the hourly rate in pounds and pence"),
        ({"years_of_service": "-1"}, "Years worked cannot be negative"),
        ({"shifts": ""}, "Enter at least one shift"),
        ({"shifts": "tomorrow morning"}, "Line 1 must be a date and times"),
        ({"shifts": "25/05/2026 09:00-13:00\n31/02/2026 09:00-10:00"}, "Line 2 must be a real date"),
        ({"london": ""}, "Select whether they work in London"),
    ],
)
def test_wrong_answers_say_how_to_fix_them(client, change, message):
    html = client.post(URL, {**GOOD, **change}).content.decode()
    assert message in html and "govuk-error-summary" in html and "Total pay" not in html


def test_the_page_shows_the_employers_costs_on_top(client):
    week_2025 = "02/06/2025 09:00-13:00\n03/06/2025 09:00-13:00\n04/06/2025 09:00-13:00\n05/06/2025 09:00-13:00\n06/06/2025 09:00-13:00"
    html = client.post(URL, {**GOOD, "hourly_rate": "15.00", "years_of_service": "0", "shifts": week_2025}).content.decode()
    assert "What it costs the employer on top" in html and "£300.00" in html
    assert "£30.60" in html and "At least £5.40" in html  # 15% of (£300 - £96); 3% of (£300 - £120)
    html = client.post(URL, GOOD).content.decode()  # May 2026: paid in 2026-27
    assert "Not worked out. Employer&#x27;s National Insurance for 2026-27 has not been entered" in html
