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
