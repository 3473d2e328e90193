"""CLD Release 2: value lists, Release 1 mapping, groupings, and the check of one row (carecommons.rules.cld)."""

from __future__ import annotations

import pytest

from carecommons.rules import cld


def _row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(cld.FIELDS, "")
    row.update(
        LA_Code="999",
        Reporting_Period_Start_Date="2025-04-01",
        Reporting_Period_End_Date="2026-03-31",
        LA_Person_Unique_Identifier="P1",
        Client_Type="Service user",
        Event_Type="Service",
        Event_Start_Date="2025-05-01",
        Service_Type="Long term support: Community",
        Service_Component="Home support or domiciliary care",
    )
    row.update(values)
    return row


def test_fields_are_unchanged_and_every_coded_field_is_accounted_for():
    assert cld.FIELDS[0] == "LA_Code" and len(cld.FIELDS) == len(set(cld.FIELDS)) == 46
    coded = set(cld.VALUE_LISTS) | set(cld.KNOWN_VALUES) | set(cld.NO_LIST_FOUND)
    for name in (
        "Gender",
        "Ethnicity",
        "Client_Type",
        "Primary_Support_Reason",
        "Accommodation_Status",
        "Employment_Status",
        "Has_Unpaid_Carer",
        "Autism_Spectrum_Disorder_ASD",
        "Visual_Impairment",
        "Hearing_Impairment",
        "Dementia",
        "Client_Funding_Status",
        "Event_Type",
        "Event_Outcome",
        "Request_Route_of_Access",
        "Assessment_Type",
        "Eligible_Needs_Identified",
        "Method_of_Assessment",
        "Service_Type",
        "Service_Component",
        "Delivery_Mechanism",
        "Review_Reason",
        "Review_Outcomes_Achieved",
        "Method_of_Review",
        "Cost_Frequency_Unit_Type",
    ):
        assert name in cld.FIELDS and name in coded, name
    assert not set(cld.VALUE_LISTS) & set(cld.KNOWN_VALUES)


def test_groupings_cover_every_value_and_the_hierarchy_is_dhscs_order():
    assert set(cld.VALUE_LISTS["Ethnicity"]) <= set(cld.ETHNICITY_GROUPS)
    assert len(cld.VALUE_LISTS["Ethnicity"]) == 21
    assert set(cld.VALUE_LISTS["Service_Type"]) == set(cld.SERVICE_TYPE_GROUPS) - {cld.INVALID_NOT_MAPPED}
    assert cld.SERVICE_TYPE_GROUPS["Short term support: ST-Max"] == "Short term support"
    assert set(cld.VALUE_LISTS["Event_Outcome"]) <= set(cld.EVENT_OUTCOME_GROUPS)
    assert sorted(cld.EVENT_OUTCOME_HIERARCHY.values()) == list(range(1, 18))
    assert cld.EVENT_OUTCOME_HIERARCHY["Progress to reablement/ST-Max"] == 1
    assert cld.EVENT_OUTCOME_HIERARCHY["NFA: Other"] == 17
    assert cld.EVENT_OUTCOME_GROUPS["NFA: Deceased"] == "NFA"


def test_release_1_values_map_into_the_release_2_lists():
    for name, mapping in cld.RELEASE_1.items():
        for old, new in mapping.items():
            assert old not in cld.VALUE_LISTS[name], (name, old)
            assert new in cld.VALUE_LISTS[name] or new == cld.RELEASE_1_NOT_MAPPED, (name, old, new)
            assert cld.clean(name, old) == new


@pytest.mark.parametrize(
    ("field", "raw", "cleaned"),
    [
        ("Service_Type", "Short Term Support: ST-Max", "Short term support: ST-Max"),
        ("Service_Type", "  Short term support: ST-Max ", "Short term support: ST-Max"),
        ("Service_Type", "Reablement", cld.INVALID_NOT_MAPPED),
        ("Client_Type", "Carer", "Unpaid carer"),
        ("Ethnicity", "White - Irish", "White: Irish"),
        ("Event_Outcome", "NFA - Deceased", "NFA: Deceased"),
        ("Event_Outcome", "Progress to End of Life Care", cld.RELEASE_1_NOT_MAPPED),
        ("Event_Outcome", "No change in package", cld.INVALID_NOT_MAPPED),
        ("Gender", "female", "Female"),
        ("Gender", "", None),
        ("Assessment_Type", "Carer's assessment", "Carer's assessment"),
    ],
)
def test_clean(field, raw, cleaned):
    assert cld.clean(field, raw) == cleaned


def test_review_type_follows_dhsc():
    assert cld.review_type("Unplanned: hospital") == "Unplanned"
    assert cld.review_type("Planned: annual") == "Planned review of long term support"
    assert cld.review_type("Review of short term support") == "Review of short term support"
    assert cld.review_type("Something else") == "Review Type Unknown"
    assert cld.review_type("") is None


def test_field_status_by_event_type():
    assert cld.field_status("Service_Type", "Service") == cld.MANDATORY
    assert cld.field_status("Service_Type", "Request") == cld.NOT_APPLICABLE
    assert cld.field_status("Service_Component", "Service") == cld.APPLICABLE
    assert cld.field_status("Request_Route_of_Access", "Request") == cld.APPLICABLE
    assert cld.field_status("Assessment_Type", "Assessment") == cld.APPLICABLE
    assert cld.field_status("Client_Type", "Assessment") == cld.MANDATORY
    assert cld.field_status("Review_Reason", "Review") == cld.APPLICABLE
    assert cld.field_status("Gender", "Review") == cld.APPLICABLE
    assert cld.field_status("Total_Hrs_Caring_per_week", "Assessment", "Service user") == cld.NOT_APPLICABLE
    assert cld.field_status("Total_Hrs_Caring_per_week", "Assessment", "Unpaid carer") == cld.APPLICABLE
    assert cld.field_status("Event_Start_Date", "Nonsense") == cld.MANDATORY


def test_a_good_row_has_no_problems():
    assert cld.check_row(_row(NHS_Number="9434765919", Gender="Female", Unit_Cost="18.50")) == []


def test_each_kind_of_failure_with_field_value_and_reason():
    problems = cld.check_row(
        _row(
            LA_Person_Unique_Identifier="",
            Gender="Woman",
            Service_Type="Long Term Support: Community",
            Event_Start_Date="31/02/2025",
            Event_End_Date="2025-02-31",
            Unit_Cost="£12",
            NHS_Number="1234567890",
            Request_Route_of_Access="Not looked at: a service row",
        )
    )
    by_field = {p.field: p for p in problems}
    assert by_field["LA_Person_Unique_Identifier"].validity == cld.FAILED_BLANK
    assert by_field["Gender"].validity == cld.FAILED_INVALID and by_field["Gender"].value == "Woman"
    assert by_field["Service_Type"].validity == cld.FAILED_RELEASE_1
    assert "Long term support: Community" in by_field["Service_Type"].reason
    assert by_field["Event_Start_Date"].reason.startswith("not a date written YYYY-MM-DD")
    assert by_field["Event_End_Date"].reason == "not a real date (no such day in that month)"
    assert by_field["Unit_Cost"].validity == cld.FAILED_INVALID
    assert by_field["NHS_Number"].value == cld.PID_SHOWN_AS  # never echoed, as DHSC's table
    assert "Request_Route_of_Access" not in by_field  # not applicable to a service


def test_contradictions():
    problems = cld.check_row(
        _row(Event_End_Date="2025-04-01", Date_of_Birth="1950-01-01", Date_of_Death="1949-01-01")
    )
    reasons = {(p.field, p.reason) for p in problems}
    assert ("Event_End_Date", "before the event's start date") in reasons
    assert ("Date_of_Death", "before the date of birth") in reasons
    late = cld.check_row(_row(Event_Start_Date="2026-04-01", Date_of_Birth="2027-01-01"))
    assert {(p.field, p.value, p.reason) for p in late} == {
        ("Event_Start_Date", "2026-04-01", "after the end of the reporting period"),
        ("Date_of_Birth", cld.PID_SHOWN_AS, "after the end of the reporting period"),
    }
    tally = cld.Tally()
    tally.add(_row(Event_End_Date="2025-04-01"))
    assert tally.validity("Event_End_Date")[cld.FAILED_INVALID] == 1 and tally.problems == 1


def test_missing_keys_count_as_blank_and_partial_lists_accept_any_value():
    problems = cld.check_row({"Event_Type": "Assessment", "Assessment_Type": "Carer's assessment"})
    fields = {p.field for p in problems}
    assert "Assessment_Type" not in fields and "LA_Code" in fields and "Client_Type" in fields


def test_nhs_number_check_digit():
    assert cld.nhs_number_valid("943 476 5919")
    assert not cld.nhs_number_valid("9434765918")
    assert not cld.nhs_number_valid("94347659１9")


def test_tally_counts_like_dhscs_table_and_keeps_its_size():
    tally = cld.Tally()
    tally._FOLD_AT = 3  # fold often, to show folding loses nothing
    rows = [_row(), _row(Gender="F"), _row(Gender=""), _row(Event_Type="Request", Service_Type="")]
    rows += [_row(Gender=f"G{n}") for n in range(300)]
    for row in rows:
        tally.add(row)
    assert tally.rows == 304 and tally.rows_with_problems == 301 and tally.problems == 301
    assert tally.validity("Gender") == {
        cld.PASSED_VALID: 0,
        cld.PASSED_BLANK: 3,
        cld.FAILED_BLANK: 0,
        cld.FAILED_INVALID: 301,
        cld.FAILED_RELEASE_1: 0,
    }
    assert tally.status("Service_Type") == {cld.MANDATORY: 303, cld.APPLICABLE: 0, cld.NOT_APPLICABLE: 1}
    assert tally.most_common("Gender", 1) == [("F", 1)]
    assert len(tally.failing_values["Gender"]) == 200  # distinct values kept are capped


def test_tally_table_has_every_row_of_every_field_in_dhscs_modules():
    tally = cld.Tally()
    for row in (_row(), _row(Event_Type="Review", Service_Type=""), _row(Gender="F")):
        tally.add(row)
    table = tally.table()
    for name in cld.FIELDS:
        assert sum(count for _, field, _, _, count in table if field == name) == 3
    assert ("Events (reviews only)", "Review_Reason", cld.APPLICABLE, cld.PASSED_BLANK, 1) in table
    assert ("Person details", "Gender", cld.APPLICABLE, cld.FAILED_INVALID, 1) in table
