"""The decisions from Care Commons' categories to CLD Release 2 values: each case, and every value they can give
passes CLD's own check of that field."""

from __future__ import annotations

import datetime as dt

import pytest

from carecommons.rules import cld_mapping as m
from carecommons.rules.cld import MANDATORY, PASSED_VALID, check_value
from carecommons.rules.management import WAYS


@pytest.mark.parametrize(("management", "managed_as", "expected"), [
    ("direct_payment", "", "Direct payment"),
    ("council_arranged", "", "CASSR managed personal budget"),
    ("individual_service_fund", "", "CASSR managed personal budget"),
    ("mixed", "direct_payment", "Direct payment"),
    ("mixed", "council_arranged", "CASSR managed personal budget"),
    ("mixed", "", ""),
    ("", "", ""),
])
def test_delivery_mechanism(management: str, managed_as: str, expected: str) -> None:
    assert m.delivery_mechanism(management, managed_as) == expected


def test_every_way_of_managing_a_budget_has_a_delivery_mechanism() -> None:
    for way in WAYS:
        if way != "mixed":
            assert m.delivery_mechanism(way) in ("Direct payment", "CASSR managed personal budget")


@pytest.mark.parametrize(("paid_kind", "plan_kind", "mechanism", "expected"), [
    ("provider", "adult", "CASSR managed personal budget", "Home support or domiciliary care"),
    ("personal_assistant", "adult", "Direct payment", "Home support or domiciliary care"),
    ("equipment", "adult", "CASSR managed personal budget", "Equipment"),
    ("activity", "adult", "CASSR managed personal budget", "Other long term support"),
    ("activity", "adult", "Direct payment", "Other long term support"),
    ("provider", "carer", "Direct payment", "Direct payment"),
    ("activity", "carer", "Direct payment", "Direct payment"),
    ("provider", "carer", "CASSR managed personal budget", "Other unpaid carer support"),
])
def test_service_component(paid_kind: str, plan_kind: str, mechanism: str, expected: str) -> None:
    assert m.service_component(paid_kind=paid_kind, plan_kind=plan_kind, mechanism=mechanism) == expected


@pytest.mark.parametrize(("status", "agreed", "followed", "expected"), [
    ("held", ["connect"], False, "NFA: Information and advice or signposting"),
    ("held", ["information", "assessment"], False, "Progress to assessment, review or reassessment"),
    ("held", ["nothing_more"], True, "Progress to assessment, review or reassessment"),
    ("withdrawn", [], False, "NFA: Other"),
    ("waiting", [], False, ""),
    ("booked", [], False, ""),
    ("open", ["assessment"], True, ""),
])
def test_request_outcome(status: str, agreed: list[str], followed: bool, expected: str) -> None:
    assert m.request_outcome(status=status, agreed=agreed, assessment_followed=followed) == expected


def test_assessments() -> None:
    assert m.assessment_type("adult") == "Long term assessment"
    assert m.assessment_type("carer") == "Unpaid carer assessment"
    assert (m.eligible_needs(True), m.eligible_needs(False), m.eligible_needs(None)) == ("Yes", "No", "")
    assert m.assessment_outcome(eligible=True) == "Progress to support planning or services"
    assert m.assessment_outcome(eligible=False) == "NFA: Information and advice or signposting"
    assert m.assessment_outcome(eligible=None) == ""
    assert m.client_type("carer") == "Unpaid carer" and m.client_type("adult") == "Service user"


def test_costs_in_pounds_from_pence() -> None:
    assert m.unit_cost(12_345) == "123.45"
    assert m.unit_cost(5) == "0.05"
    assert (m.cost_frequency(100), m.planned_units(100)) == ("Weekly", "1")
    assert (m.cost_frequency(0), m.planned_units(0)) == ("", "")


def test_service_end_only_when_by_the_period_end() -> None:
    end = dt.date(2026, 3, 31)
    assert m.service_end(dt.date(2026, 3, 31), reporting_end=end) == dt.date(2026, 3, 31)
    assert m.service_end(dt.date(2026, 4, 1), reporting_end=end) is None
    assert m.service_outcome(None) == "" and m.service_outcome(end) == "NFA: Support ended as planned"


def test_care_homes() -> None:
    assert m.care_home_start(dt.date(2025, 10, 1), 0) == dt.date(2025, 10, 1)
    assert m.care_home_start(dt.date(2025, 10, 1), 3) == dt.date(2025, 9, 10)
    assert m.care_home_service() == ("Long term support: Residential care", "Long term residential care")


def test_in_period() -> None:
    s, e = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
    assert m.in_period(dt.date(2024, 1, 1), None, period_start=s, period_end=e)
    assert m.in_period(dt.date(2024, 1, 1), s, period_start=s, period_end=e)
    assert not m.in_period(dt.date(2024, 1, 1), s - dt.timedelta(days=1), period_start=s, period_end=e)
    assert not m.in_period(e + dt.timedelta(days=1), None, period_start=s, period_end=e)


def test_linked_people() -> None:
    assert m.linked_people([]) == ("", "", "", "")
    assert m.linked_people([7]) == ("1", "7", "", "")
    assert m.linked_people([9, 3, 3, 5, 12]) == ("4", "3", "5", "9")


FIELD_VALUES = {
    "Client_Type": {m.client_type("adult"), m.client_type("carer")},
    "Request_Route_of_Access": {m.request_route("online")},
    "Event_Outcome": {m.request_outcome(status=s, agreed=a, assessment_followed=f)
                      for s in ("held", "withdrawn") for a in ([], ["assessment"]) for f in (False, True)}
                     | {m.assessment_outcome(eligible=True), m.assessment_outcome(eligible=False),
                        m.review_outcome(budget_continues=True), m.service_outcome(dt.date(2026, 1, 1))},
    "Assessment_Type": {m.assessment_type("adult"), m.assessment_type("carer")},
    "Eligible_Needs_Identified": {m.eligible_needs(True), m.eligible_needs(False)},
    "Service_Type": {m.service_type("adult"), m.service_type("carer"), m.care_home_service()[0]},
    "Delivery_Mechanism": {m.delivery_mechanism(w) for w in WAYS if w != "mixed"},
    "Service_Component": {m.service_component(paid_kind=k, plan_kind=p, mechanism=d)
                          for k in ("provider", "personal_assistant", "equipment", "activity") for p in ("adult", "carer")
                          for d in ("Direct payment", "CASSR managed personal budget")} | {m.care_home_service()[1]},
    "Review_Reason": {m.review_reason()},
    "Unit_Cost": {m.unit_cost(1), m.unit_cost(987_654)},
    "Cost_Frequency_Unit_Type": {m.cost_frequency(1)},
    "Planned_units_per_week": {m.planned_units(1)},
}


@pytest.mark.parametrize("field", sorted(FIELD_VALUES))
def test_every_value_given_passes_the_cld_check(field: str) -> None:
    for value in FIELD_VALUES[field]:
        assert check_value(field, value, MANDATORY) == (PASSED_VALID, ""), (field, value)
