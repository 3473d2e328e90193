"""POST /api/v1/charging/assess."""

import json

import pytest

pytestmark = pytest.mark.django_db  # the rates are rows

URL = "/api/v1/charging/assess"
BASE = {"setting": "home", "as_of": "2025-10-01", "capital_pence": 1_500_000, "weekly_income_pence": 20_000,
        "mig_category": "single_25_to_pension_age", "premiums": ["disability"], "disability_related_expenditure_pence": 1_085,
        "weekly_care_cost_pence": 30_000}


def post(client, body):
    response = client.post(URL, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_a_charge_at_home_with_reasons(client):
    status, body = post(client, BASE)
    assert status == 200
    # £200 - (£112.50 + £49.65) - £10.85 = £27.00, plus £3 tariff income on £15,000.
    assert body == {**body, "weekly_charge_pence": 3_000, "tariff_income_pence": 300, "self_funder": False}
    assert any("Minimum Income Guarantee" in r for r in body["reasons"])


def test_a_care_home_self_funder_after_12_weeks(client):
    status, body = post(client, {**BASE, "setting": "care_home", "capital_pence": 0, "property_value_pence": 20_000_000,
                                 "weeks_in_care_home": 13, "weekly_care_cost_pence": 127_800})
    assert status == 200 and body["self_funder"] and body["weekly_charge_pence"] == 127_800


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"setting": "hotel"}, "setting", ""),
        ({"as_of": "2025-02-30"}, "as_of", "real date"),
        ({"as_of": "2022-06-01"}, "as_of", "rates for 2022-23 have not been entered"),
        ({"as_of": "2026-06-01"}, "as_of", "rates for 2026-27 have not been entered"),
        ({"capital_pence": -1}, "capital_pence", ""),
        ({"capital_pence": "lots"}, "capital_pence", ""),
        ({"mig_category": "single_pension_age"}, "mig_category", "Not worked out: the rate for the Minimum Income Guarantee"),
        ({"premiums": ["carer"]}, "premiums", "Not worked out: the rate for the carer premium in 2025-26"),
        ({"premiums": ["disability", "disability"]}, "premiums", "only once"),
        ({"premiums": ["royal"]}, "premiums.0", ""),
        ({"savings": 1}, "savings", "is not a field"),
    ],
)
def test_bad_input_gets_a_400_field_by_field(client, change, field, message):
    status, body = post(client, {**BASE, **change})
    assert status == 400
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert field in errors and message in errors[field], body


def test_the_domain_worked_examples_through_the_api(client):
    at_home = {**BASE, "capital_pence": 1_500_000, "weekly_income_pence": 10_000, "premiums": [],
               "disability_related_expenditure_pence": 0}
    status, body = post(client, at_home)
    assert status == 200 and body["weekly_charge_pence"] == 0 and body["tariff_income_pence"] == 300
    in_a_home = {**BASE, "setting": "care_home", "capital_pence": 2_000_000, "weekly_income_pence": 2_000,
                 "weekly_care_cost_pence": 90_000, "premiums": []}
    status, body = post(client, in_a_home)
    assert status == 200 and body["weekly_charge_pence"] == 1_235 and any("reg 25" in r for r in body["reasons"])


@pytest.mark.parametrize(("change", "charge"), [
    ({"free_service": "minor_adaptation", "adaptation_cost_pence": 100_000}, 0),
    ({"free_service": "reablement", "week_of_service": 6}, 0),
    ({"free_service": "s117_after_care"}, 0),
    ({"free_service": "cjd"}, 0),
])
def test_free_services_through_the_api(client, change, charge):
    status, body = post(client, {**BASE, **change})
    assert status == 200 and body["weekly_charge_pence"] == charge


def test_a_temporary_resident_and_secured_debts_through_the_api(client):
    in_a_home = {**BASE, "setting": "care_home", "capital_pence": 0, "property_value_pence": 20_000_000,
                 "weeks_in_care_home": 20, "weekly_care_cost_pence": 90_000, "premiums": []}
    status, body = post(client, {**in_a_home, "resident": "temporary"})
    assert status == 200 and not body["self_funder"]
    status, body = post(client, {**in_a_home, "property_value_pence": 2_000_000, "property_secured_debt_pence": 800_000})
    assert status == 200 and body["tariff_income_pence"] == 0 and not body["self_funder"]
    status, body = post(client, {**in_a_home, "property_occupied_by": "estranged_partner"})
    assert status == 200 and body["self_funder"]
