"""Client Level Data (CLD), Release 2: the file's columns, in the order Care Commons writes them.

The names are those DHSC's data-quality procedure reads (`Stored_procedures/create_GetDQValues_procedure.sql`
in ../shared/reference/dhsc-asc-cld-dashboard/), grouped as its modules are. Value lists, Release 1 to
Release 2 mappings and the checks of each field follow in this module (issue 16).
"""

from __future__ import annotations

SUBMISSION_FIELDS: tuple[str, ...] = ("LA_Code", "Reporting_Period_Start_Date", "Reporting_Period_End_Date")

PERSON_FIELDS: tuple[str, ...] = (
    "LA_Person_Unique_Identifier",
    "NHS_Number",
    "GP_Practice_Code",
    "Gender",
    "Ethnicity",
    "Date_of_Birth",
    "Date_of_Death",
    "Client_Type",
    "Primary_Support_Reason",
    "Postcode",
    "Accommodation_Status",
    "Employment_Status",
    "Has_Unpaid_Carer",
    "Autism_Spectrum_Disorder_ASD",
    "Visual_Impairment",
    "Hearing_Impairment",
    "Dementia",
    "Client_Funding_Status",
)

EVENT_FIELDS: tuple[str, ...] = (
    "Event_Type",
    "Event_Reference",
    "Event_Start_Date",
    "Event_End_Date",
    "Event_Description",
    "Event_Outcome",
    # requests
    "Request_Route_of_Access",
    # assessments
    "Assessment_Type",
    "Eligible_Needs_Identified",
    "Method_of_Assessment",
    # carers and the adults they care for
    "Total_Hrs_Caring_per_week",
    "No_of_adults_being_cared_for",
    "Adult_1_Linked_Person_ID",
    "Adult_2_Linked_Person_ID",
    "Adult_3_Linked_Person_ID",
    # services
    "Service_Type",
    "Service_Component",
    "Delivery_Mechanism",
    "Provider_CQC_Location_ID",
    # reviews
    "Review_Reason",
    "Review_Outcomes_Achieved",
    "Method_of_Review",
    # costs (services)
    "Unit_Cost",
    "Cost_Frequency_Unit_Type",
    "Planned_units_per_week",
)

FIELDS: tuple[str, ...] = SUBMISSION_FIELDS + PERSON_FIELDS + EVENT_FIELDS

EVENT_TYPES: tuple[str, ...] = ("Request", "Assessment", "Service", "Review")
