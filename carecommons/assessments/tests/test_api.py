"""The public eligibility calculator: answers, and a clear 400 for anything malformed."""

import json

import pytest

ADULT = "/api/v1/eligibility/adult"
CARER = "/api/v1/eligibility/carer"
HELP = {"unable": True, "because": ["without_assistance"]}


def post(client, path, body, raw=False):
    response = client.post(path, data=body if raw else json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_an_eligible_adult(client):
    status, body = post(client, ADULT, {"needs_from_impairment_or_illness": True, "significant_impact_on_wellbeing": True,
                                         "outcomes": {"nutrition": HELP, "clothing": {"unable": True, "because": ["pain_distress_anxiety"]},
                                                      "relationships": {"unable": False}}})
    assert status == 200
    assert body["eligible"] is True and body["unmet_outcomes"] == ["nutrition", "clothing"]
    assert any("significant pain, distress or anxiety" in r for r in body["reasons"])


def test_one_outcome_is_not_enough(client):
    status, body = post(client, ADULT, {"needs_from_impairment_or_illness": True, "significant_impact_on_wellbeing": True,
                                         "outcomes": {"nutrition": HELP}})
    assert status == 200 and body["eligible"] is False and body["unmet_outcomes"] == ["nutrition"]


def test_a_carer_with_health_at_risk_and_no_outcome_unmet(client):
    status, body = post(client, CARER, {"needs_from_providing_necessary_care": True, "health_at_risk": True,
                                         "significant_impact_on_wellbeing": True, "outcomes": {"recreation": {"unable": False}}})
    assert status == 200 and body["eligible"] is True and body["unmet_outcomes"] == []


def test_a_carer_unable_to_achieve_one_outcome(client):
    status, body = post(client, CARER, {"needs_from_providing_necessary_care": True, "health_at_risk": False,
                                         "significant_impact_on_wellbeing": True, "outcomes": {"recreation": {"unable": True}}})
    assert status == 200 and body["eligible"] is True and body["unmet_outcomes"] == ["recreation"]


BASE = {"needs_from_impairment_or_illness": True, "significant_impact_on_wellbeing": True}


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        (ADULT, {**BASE, "colour": "blue"}, "colour", "is not a field this calculator knows"),
        (ADULT, {"significant_impact_on_wellbeing": True}, "needs_from_impairment_or_illness", "is required"),
        (ADULT, {**BASE, "needs_from_impairment_or_illness": "yes"}, "needs_from_impairment_or_illness", "must be true or false"),
        (ADULT, {**BASE, "needs_from_impairment_or_illness": 1}, "needs_from_impairment_or_illness", "must be true or false"),
        (ADULT, {**BASE, "outcomes": {"flying": HELP}}, "outcomes.flying", "is not an outcome this calculator knows"),
        (ADULT, {**BASE, "outcomes": {"nutrition": {"unable": True}}}, "outcomes.nutrition", "needs at least one reason"),
        (ADULT, {**BASE, "outcomes": {"nutrition": {"unable": True, "because": []}}}, "outcomes.nutrition", "needs at least one reason"),
        (ADULT, {**BASE, "outcomes": {"nutrition": {"unable": True, "because": ["sad"]}}}, "outcomes.nutrition.because.0", "is not a value"),
        (ADULT, {**BASE, "outcomes": {"nutrition": {"unable": True, "because": "without_assistance"}}}, "outcomes.nutrition.because", "list"),
        (ADULT, {**BASE, "outcomes": {"nutrition": {"unable": True, "because": ["without_assistance"], "why": 1}}}, "outcomes.nutrition.why", "is not a field"),
        (ADULT, {**BASE, "outcomes": ["nutrition"]}, "outcomes", "dictionary"),
        (ADULT, [], "body", ""),
        (CARER, {"needs_from_providing_necessary_care": True, "health_at_risk": True, "significant_impact_on_wellbeing": True,
                 "outcomes": {"toilet_needs": {"unable": True}}}, "outcomes.toilet_needs", "is not an outcome"),
        (CARER, {"needs_from_providing_necessary_care": True, "health_at_risk": "no", "significant_impact_on_wellbeing": True},
         "health_at_risk", "must be true or false"),
        (CARER, {"needs_from_providing_necessary_care": True, "health_at_risk": True, "significant_impact_on_wellbeing": True,
                 "outcomes": {"recreation": {"unable": True, "why": ["without_assistance"]}}}, "outcomes.recreation.why", "is not a field"),
    ],
)
def test_malformed_requests_get_a_400_field_by_field(client, path, body, field, message):
    status, answer = post(client, path, body)
    assert status == 400
    errors = {e["field"]: e["message"] for e in answer["errors"]}
    assert field in errors, answer
    assert message in errors[field]


def test_unreadable_json_gets_a_400(client):
    status, answer = post(client, ADULT, "{not json", raw=True)
    assert status == 400 and answer == {"errors": [{"field": "body", "message": "is not valid JSON"}]}


def test_the_calculator_is_documented_with_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/eligibility/adult", "/api/v1/eligibility/carer"} <= set(schema["paths"])


def test_carers_meanings_of_unable_and_the_combinations_the_law_refuses(client):
    carer = {"needs_from_providing_necessary_care": True, "health_at_risk": False, "significant_impact_on_wellbeing": True}
    status, body = post(client, CARER, {**carer, "outcomes": {"recreation": {"unable": True, "because": ["pain_distress_anxiety"]}},
                                        "able_and_willing_to_care": False, "wellbeing_areas": ["health"]})
    assert status == 200 and body["eligible"] and any("s10(5)" in r for r in body["reasons"])
    status, body = post(client, CARER, {**carer, "outcomes": {"recreation": {"unable": True,
                                                                            "because": ["takes_significantly_longer"]}}})
    assert status == 400 and body["errors"][0]["field"].startswith("outcomes.recreation.because")
    status, body = post(client, ADULT, {"needs_from_impairment_or_illness": True, "significant_impact_on_wellbeing": True,
                                        "outcomes": {"nutrition": {"unable": True, "because": ["without_assistance",
                                                                                                "pain_distress_anxiety"]}}})
    assert status == 400 and "cannot be combined" in body["errors"][0]["message"]


def test_an_adult_needing_an_advocate_is_told_so(client):
    status, body = post(client, ADULT, {"needs_from_impairment_or_illness": True, "significant_impact_on_wellbeing": True,
                                        "advocacy": {"substantial_difficulty": True, "appropriate_person": False}})
    assert status == 200 and any("independent advocate" in r for r in body["reasons"])
