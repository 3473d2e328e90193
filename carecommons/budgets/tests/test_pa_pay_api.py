"""POST /api/v1/pa-pay, with bank holidays from the holidays package and rates from dated data."""

import json

import pytest

URL = "/api/v1/pa-pay"
BASE = {"hourly_rate_pence": 1400, "bank_holiday_multiplier": 1.5, "years_of_service": 2,
        "service_increment_pence_per_year": 20, "london": False}


def post(client, body):
    response = client.post(URL, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_a_week_with_a_bank_holiday(client):
    status, body = post(client, {**BASE, "shifts": [
        {"date": "2026-05-25", "start": "09:00", "end": "13:00"},  # Spring bank holiday
        {"date": "2026-05-26", "start": "09:00", "end": "13:00"},
    ]})
    assert status == 200
    assert body["bank_holidays"] == ["2026-05-25"]
    assert [s["pay_pence"] for s in body["shifts"]] == [4 * 1440 * 3 // 2, 4 * 1440]
    assert body["gross_pence"] == 8640 + 5760 and body["holiday_pay_accrued_pence"] == 1738  # 12.07% of £144.00
    assert body["flags"] == []


def test_below_the_national_living_wage_is_an_error(client):
    status, body = post(client, {**BASE, "hourly_rate_pence": 1200, "years_of_service": 0,
                                 "shifts": [{"date": "2026-04-01", "start": "09:00", "end": "10:00"}]})
    assert status == 200 and "error" in {f["level"] for f in body["flags"]}
    assert any("National Living Wage of £12.71" in f["message"] for f in body["flags"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hourly_rate_pence": -1}, "hourly_rate_pence"),
        ({"hourly_rate_pence": "14.00"}, "hourly_rate_pence"),
        ({"bank_holiday_multiplier": 0.5}, "bank_holiday_multiplier"),
        ({"london": "yes"}, "london"),
        ({"shifts": []}, "shifts"),
        ({"shifts": [{"date": "2026-02-30", "start": "09:00", "end": "10:00"}]}, "shifts.0.date"),
        ({"shifts": [{"date": "2026-02-03", "start": "9am", "end": "10:00"}]}, "shifts.0.start"),
        ({"shifts": [{"date": "2026-02-03", "start": "09:00", "end": "10:00", "break": 5}]}, "shifts.0.break"),
        ({"tip": 1}, "tip"),
    ],
)
def test_bad_input_gets_a_400_field_by_field(client, change, field):
    status, body = post(client, {**BASE, "shifts": [{"date": "2026-06-02", "start": "09:00", "end": "10:00"}], **change})
    assert status == 400
    assert field in {e["field"] for e in body["errors"]}, body


WEEK_2025 = [{"date": f"2025-06-0{d}", "start": "09:00", "end": "13:00"} for d in range(2, 7)]  # 20 hours


def test_the_employer_costs_of_a_300_pound_week_in_2025_26(client):
    status, body = post(client, {**BASE, "hourly_rate_pence": 1500, "years_of_service": 0, "shifts": WEEK_2025,
                                 "worker_date_of_birth": "1990-05-01", "pension_status": "enrolled"})
    assert status == 200 and body["gross_pence"] == 30_000
    assert body["pay_period"] == {"start": "2025-06-02", "end": "2025-06-06", "length": "week"}
    assert body["employer_national_insurance_pence"] == 3_060  # 15% of (£300 - £96)
    assert body["employer_pension_pence"] == 540  # 3% of (£300 - £120)
    assert body["auto_enrolment_category"] == "eligible_jobholder" and body["employer_cost_flags"] == []
    assert any("Secondary Class 1 Contributions) Act 2025" in r for r in body["employer_cost_reasons"])


def test_the_employment_allowance_and_the_payment_date_set_the_national_insurance(client):
    base = {**BASE, "hourly_rate_pence": 1500, "years_of_service": 0, "shifts": WEEK_2025}
    _, body = post(client, {**base, "claims_employment_allowance": True, "employment_allowance_used_pence": 1_049_000})
    assert (body["employer_national_insurance_pence"], body["employment_allowance_claimed_pence"]) == (2_060, 1_000)
    _, body = post(client, {**base, "paid_on": "2026-04-06"})  # paid in 2026-27: the threshold is not entered
    assert body["employer_national_insurance_pence"] is None
    assert body["employer_cost_flags"][0]["message"].startswith(
        "Employer's National Insurance for 2026-27 has not been entered, so it has not been set aside")


def test_a_worker_aged_21_is_not_eligible_for_automatic_enrolment(client):
    _, body = post(client, {**BASE, "hourly_rate_pence": 1500, "years_of_service": 0, "shifts": WEEK_2025, "worker_age": 21})
    assert body["auto_enrolment_category"] == "non_eligible_jobholder" and body["employer_pension_pence"] == 0


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"paid_on": "2025-06-01"}, 400, "paid_on"),  # before the last shift
        ({"worker_date_of_birth": "2025-07-01"}, 400, "worker_date_of_birth"),
        ({"paid_on": "2025-02-30"}, 400, "paid_on"),
        ({"paid_on": "soon"}, 400, "paid_on"),
        ({"pension_status": "maybe"}, 400, "pension_status"),
        ({"claims_employment_allowance": "yes"}, 400, "claims_employment_allowance"),
        ({"employment_allowance_used_pence": -1}, 400, "employment_allowance_used_pence"),
    ],
)
def test_bad_employer_cost_input_is_refused_field_by_field(client, change, status, field):
    code, body = post(client, {**BASE, "shifts": WEEK_2025, **change})
    assert code == status
    assert field in {e["field"] for e in body["errors"]}, body
