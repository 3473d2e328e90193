"""The decisions from Care Commons' categories to CLD Release 2 values: each case, and every value they can give
passes CLD's own check of that field."""

from __future__ import annotations

import datetime as dt

import pytest

from carecommons.rules import ascof_short_term as st
from carecommons.rules import cld_mapping as m
from carecommons.rules.cld import KNOWN_VALUES, MANDATORY, PASSED_VALID, VALUE_LISTS, check_value
from carecommons.rules.discharge import Sequel
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


# --- Reablement after hospital, and discharges for 2D (issue 18) ----------------------------------------------------


def test_reablement_is_st_max_reablement_commissioned_by_the_council() -> None:
    service_type, component, mechanism = m.reablement_service()
    assert (service_type, component, mechanism) == ("Short term support: ST-Max", "Reablement", "CASSR commissioned support")
    # the values DHSC's 2A and 2D select on, and each a Release 2 value CLD's check knows
    assert service_type == st.ST_MAX and component == st.REABLEMENT_COMPONENT
    assert service_type in VALUE_LISTS["Service_Type"] and mechanism in VALUE_LISTS["Delivery_Mechanism"]
    assert component in KNOWN_VALUES["Service_Component"]


@pytest.mark.parametrize(("sequel", "outcome", "in_denominator", "in_numerator"), [
    (Sequel.NO_FURTHER_SUPPORT, "NFA: Support ended as planned", True, True),
    (Sequel.COMMUNITY, "NFA: Information and advice or signposting", True, True),
    # long-term support and a care home: 2A reads them from the service that follows, not from this outcome
    (Sequel.LONG_TERM, "Progress to support planning or services", False, False),
    (Sequel.CARE_HOME, "Progress to support planning or services", False, False),
    (Sequel.HOSPITAL, "Admitted to hospital", False, False),
    (Sequel.DIED, "NFA: Deceased", False, False),
])
def test_each_sequel_is_written_as_a_release_2_outcome_dhscs_2a_reads(sequel: Sequel, outcome: str,
                                                                       in_denominator: bool, in_numerator: bool) -> None:
    assert m.reablement_outcome(sequel.value) == outcome
    assert outcome in VALUE_LISTS["Event_Outcome"]
    assert (outcome in st.DENOMINATOR_OUTCOMES) is in_denominator
    assert (outcome in st.NUMERATOR_OUTCOMES) is in_numerator
    # an outcome DHSC cannot classify on its own is one that waits for the service row after it
    assert (outcome in st.UNCLASSIFIABLE_OUTCOMES) is (sequel in (Sequel.LONG_TERM, Sequel.CARE_HOME))


def test_every_sequel_has_an_outcome_and_an_open_episode_none() -> None:
    assert set(m.REABLEMENT_OUTCOMES) == {s.value for s in Sequel}
    assert m.reablement_outcome("") == "" and m.reablement_outcome(None) == ""


@pytest.mark.parametrize(("pathway", "destination"), [(0, "19"), (1, "19"), (2, "99"), (3, "99"), (None, "99")])
def test_discharge_destination_from_the_pathway(pathway: int | None, destination: str) -> None:
    assert m.discharge_destination(pathway) == destination
    assert destination not in st.SUS_DISCHARGE_DESTINATIONS_EXCLUDED


def test_a_discharge_as_the_sus_row_dhscs_2d_reads() -> None:
    row = m.sus_discharge(nhs_number="9434765919", stay="DR-1", admitted_on=dt.date(2025, 6, 1),
                          left_on=dt.date(2025, 6, 10), pathway=1, date_of_birth=dt.date(1945, 3, 17),
                          treatment_function="430")
    assert tuple(row) == st.SUS_COLUMNS
    assert row == {
        "Der_DHSC_Pseudo_NHS_Number": "9434765919", "APCS_Ident": "DR-1", "Admission_Date": "2025-06-01",
        "Discharge_Date": "2025-06-10", "Admission_Method": "99", "Discharge_Method": "1",
        "Discharge_Destination": "19", "Treatment_Function_Code": "430", "APCS_Last_Ep_Ind": "1",
        "Der_Management_Type": "", "Month_of_Birth_SUS": "3", "Year_of_Birth_SUS": "1945", "Sex": "",
        "Der_Postcode_LSOA_2011_Code": "",
    }
    # none of the codes written is one DHSC's 2D leaves out, and it is never read as an emergency readmission
    assert row["Admission_Method"] not in st.SUS_ADMISSION_METHODS_EXCLUDED
    assert row["Discharge_Method"] not in st.SUS_DISCHARGE_METHODS_EXCLUDED
    assert row["Treatment_Function_Code"] not in st.SUS_TREATMENT_FUNCTIONS_EXCLUDED
    assert not row["Treatment_Function_Code"].startswith(st.SUS_TREATMENT_FUNCTION_PREFIXES_EXCLUDED)
    assert row["Der_Management_Type"] not in st.SUS_EMERGENCY_MANAGEMENT_TYPES
    unknown = m.sus_discharge(nhs_number="9434765919", stay="DR-2", admitted_on=dt.date(2025, 6, 1),
                              left_on=dt.date(2025, 6, 10), pathway=2, date_of_birth=None, treatment_function="430")
    assert (unknown["Month_of_Birth_SUS"], unknown["Year_of_Birth_SUS"], unknown["Discharge_Destination"]) == ("", "", "99")
