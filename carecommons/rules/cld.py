"""Client Level Data (CLD), Release 2: the file's columns, in the order Care Commons writes them.

The names are those DHSC's data-quality procedure reads (`Stored_procedures/create_GetDQValues_procedure.sql`
in ../shared/reference/dhsc-asc-cld-dashboard/), grouped as its modules are. Value lists, Release 1 to
Release 2 mappings and the checks of each field follow in this module (issue 16).

Where each list comes from is said beside it. "DHSC" means the reference copy of DHSC's repository in
../shared/reference/dhsc-asc-cld-dashboard/ (ASC-CLD-LA-Dashboard, commit 9bee728): the literal values in its
ASCOF scripts, stored procedures and methodology notes are Release 2 values. The Release 2 specification
itself (NHS England / Arden & GEM) was not among the material we could read, so:

- a field whose whole list is known is in `VALUE_LISTS` and checked against it;
- a field of which only some values are known is in `KNOWN_VALUES` (the generator uses them), and any
  non-blank value passes the check: we never fail a council's value against a list we have not seen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

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


# ---------------------------------------------------------------------------------------------------------------
# Value lists (Release 2)
# ---------------------------------------------------------------------------------------------------------------

INVALID_NOT_MAPPED = "Invalid and not mapped"
RELEASE_1_NOT_MAPPED = "Release 1 specification only: Not mapped"

# DHSC Main_tables/docs/methodology/5-data-cleaning.md, the Ethnicity_Grouped table (its "Invalid and not mapped"
# row is DHSC's cleaning result, not a value a council sends).
ETHNICITY_GROUPS: dict[str, str] = {
    "Asian or Asian British: Any other Asian background": "Asian or Asian British",
    "Asian or Asian British: Bangladeshi": "Asian or Asian British",
    "Asian or Asian British: Chinese": "Asian or Asian British",
    "Asian or Asian British: Indian": "Asian or Asian British",
    "Asian or Asian British: Pakistani": "Asian or Asian British",
    "Black, Black British, Caribbean or African: African": "Black, Black British, Caribbean or African",
    "Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background": (
        "Black, Black British, Caribbean or African"
    ),
    "Black, Black British, Caribbean or African: Caribbean": "Black, Black British, Caribbean or African",
    "Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background": "Mixed or multiple ethnic groups",
    "Mixed or multiple ethnic groups: White and Asian": "Mixed or multiple ethnic groups",
    "Mixed or multiple ethnic groups: White and Black African": "Mixed or multiple ethnic groups",
    "Mixed or multiple ethnic groups: White and Black Caribbean": "Mixed or multiple ethnic groups",
    "No data: Refused": "No data",
    "No data: Undeclared or not known": "No data",
    "Other ethnic group: Any other ethnic group": "Other ethnic group",
    "Other ethnic group: Arab": "Other ethnic group",
    "White: Any other White background": "White",
    "White: English, Welsh, Scottish, Northern Irish or British": "White",
    "White: Gypsy or Irish Traveller": "White",
    "White: Irish": "White",
    "White: Roma": "White",
    INVALID_NOT_MAPPED: "Unknown",
}

# DHSC 5-data-cleaning.md, the Event_Outcome_Grouped table.
EVENT_OUTCOME_GROUPS: dict[str, str] = {
    "Admitted to hospital": "Admitted to hospital",
    "Continuation of support or services": "Continuation of support or services",
    INVALID_NOT_MAPPED: INVALID_NOT_MAPPED,
    "NFA: Deceased": "NFA",
    "NFA: Information and advice or signposting": "NFA",
    "NFA: No services offered for other reason": "NFA",
    "NFA: Other": "NFA",
    "NFA: Referral to NHS services or NHS funded social care": "NFA",
    "NFA: Referral to other service within the local authority": "NFA",
    "NFA: Responsibility moved to another local authority": "NFA",
    "NFA: Self-funded client or under 12wk disregard": "NFA",
    "NFA: Support declined": "NFA",
    "NFA: Support ended as planned": "NFA",
    "NFA: Support ended for other reason": "NFA",
    "Progress to assessment, review or reassessment": "Progress to assessment, review or reassessment",
    "Progress to reablement/ST-Max": "Progress to reablement/ST-Max",
    "Progress to support planning or services": "Progress to support planning or services",
    RELEASE_1_NOT_MAPPED: RELEASE_1_NOT_MAPPED,
}

# DHSC 6-deduplication.md, step 3: the order in which one record of a unique event is kept (1 first).
# Anything else (blank, invalid) sorts last, as DHSC's COALESCE(..., 999) in the ASCOF 2A script does.
EVENT_OUTCOME_HIERARCHY: dict[str, int] = {
    "Progress to reablement/ST-Max": 1,
    "Progress to assessment, review or reassessment": 2,
    RELEASE_1_NOT_MAPPED: 3,
    "Progress to support planning or services": 4,
    "Continuation of support or services": 5,
    "Admitted to hospital": 6,
    "NFA: Responsibility moved to another local authority": 7,
    "NFA: Referral to NHS services or NHS funded social care": 8,
    "NFA: Self-funded client or under 12wk disregard": 9,
    "NFA: Information and advice or signposting": 10,
    "NFA: Referral to other service within the local authority": 11,
    "NFA: Support declined": 12,
    "NFA: Deceased": 13,
    "NFA: Support ended as planned": 14,
    "NFA: Support ended for other reason": 15,
    "NFA: No services offered for other reason": 16,
    "NFA: Other": 17,
}
EVENT_OUTCOME_HIERARCHY_OTHER = 999

# DHSC 5-data-cleaning.md, the Service_Type_Grouped table.
SERVICE_TYPE_GROUPS: dict[str, str] = {
    INVALID_NOT_MAPPED: "Unknown",
    "Long term support: Community": "Long term support",
    "Long term support: Nursing care": "Long term support",
    "Long term support: Prison": "Long term support",
    "Long term support: Residential care": "Long term support",
    "Short term support: Ongoing low level": "Short term support",
    "Short term support: Other short term": "Short term support",
    "Short term support: ST-Max": "Short term support",
    "Unpaid carer support: Direct to unpaid carer": "Unpaid carer support",
    "Unpaid carer support: Support involving the person cared-for": "Unpaid carer support",
}


# Review type from review reason: DHSC Stored_procedures/create_GetDerivedFields_procedure.sql ("Derive review
# type field"): reasons beginning "Unplanned" or "Planned", and "Review of short term support".
def review_type(review_reason: str | None) -> str | None:
    """DHSC's review type of a cleaned review reason (None when blank)."""
    if not review_reason:
        return None
    if review_reason.startswith("Unplanned"):
        return "Unplanned"
    if review_reason.startswith("Planned"):
        return "Planned review of long term support"
    if review_reason == "Review of short term support":
        return "Review of short term support"
    return "Review Type Unknown"


YES_NO_UNKNOWN: tuple[str, ...] = ("Yes", "No", "Unknown")

# Fields whose whole Release 2 list is known: a value outside it fails.
VALUE_LISTS: dict[str, tuple[str, ...]] = {
    # DHSC ASCOF_measures/Create_personal_details_table.sql and Create_ASCOF_2E_2425_Onwards.sql compare
    # "Male", "Female" and "Unknown" (2E reports Male, Female, Total).
    "Gender": ("Male", "Female", "Unknown"),
    # DHSC 5-data-cleaning.md (the ethnicity grouping table), less DHSC's own "Invalid and not mapped".
    "Ethnicity": tuple(k for k in ETHNICITY_GROUPS if k != INVALID_NOT_MAPPED),
    # DHSC Create_personal_details_table.sql ("Unpaid carer", "Unpaid carer known by association") and
    # Waiting_times/waiting_times_method.sql ("Service user").
    "Client_Type": ("Service user", "Unpaid carer", "Unpaid carer known by association"),
    # Sentence-case Release 2 names: DHSC Create_personal_details_table.sql ("Social support: Support to unpaid
    # carer", "Unknown"); the other ten as NHS England's Adult Social Care Activity and Finance Report and
    # councils' CLD cleaning code spell them (e.g. a dbt macro `clean_asc_cld_primary_support_reason` in the
    # public code index, which maps "social support: support for social isolation or other r[eason]").
    "Primary_Support_Reason": (
        "Physical support: Access and mobility only",
        "Physical support: Personal care support",
        "Sensory support: Support for visual impairment",
        "Sensory support: Support for hearing impairment",
        "Sensory support: Support for dual impairment",
        "Support with memory and cognition",
        "Learning disability support",
        "Mental health support",
        "Social support: Substance misuse support",
        "Social support: Asylum seeker support",
        "Social support: Support for social isolation or other reason",
        "Social support: Support to unpaid carer",
        "Unknown",
    ),
    # DHSC Create_ASCOF_2E_2425_Onwards.sql, #REF_Accommodation_Status, less the two categories DHSC derives
    # itself ("Unknown: presumed at home", "Unknown: presumed in community").
    "Accommodation_Status": (
        "Owner occupier or shared ownership scheme",
        "Tenant: Local authority or other social housing provider",
        "Tenant: Private landlord",
        "Settled mainstream housing with family or friends",
        "Supported accommodation, supported lodgings or supported group home",
        "Shared Lives scheme",
        "Approved premises for offenders released from prison or under probation supervision",
        "Sheltered housing, extra care housing or other sheltered housing",
        "Mobile accommodation for Gypsy, Roma and Traveller communities",
        "Rough sleeper or squatting",
        "Night shelter, emergency hostel or direct access hostel",
        "Refuge",
        "Placed in temporary accommodation by the council (inc. homelessness resettlement)",
        "Staying with family or friends as a short term guest",
        "Acute hospital or long term healthcare residential facility",
        "Registered care home",
        "Registered nursing home",
        "Prison, young offenders institution or detention centre",
        "Other temporary accommodation",
        "Unknown",
    ),
    # DHSC Create_personal_details_table.sql, #REF_Employment_Status, less "Invalid and not mapped".
    "Employment_Status": (
        "Paid: Less than 16 hours a week",
        "Paid: 16 or more hours a week",
        "Paid: Hours per week unknown",
        "Not in paid employment: Seeking work",
        "Not in paid employment: Not actively seeking work or retired",
        "Not in paid employment: Voluntary work only",
        "Unknown",
    ),
    # DHSC Create_personal_details_table.sql: "Unknown" mapped to 0, the final table "as 'Yes' or 'No'".
    "Has_Unpaid_Carer": YES_NO_UNKNOWN,
    # DHSC Create_personal_details_table.sql names the three funded states; "Unknown" from the Social Care
    # data standard's client-funding-status vocabulary (public code index), which lists the same three.
    "Client_Funding_Status": (
        "Fully client funded",
        "Joint client and social care funded",
        "Fully social care funded",
        "Unknown",
    ),
    "Event_Type": EVENT_TYPES,
    # DHSC 6-deduplication.md (the hierarchy), less "Release 1 specification only: Not mapped" (a cleaning result).
    "Event_Outcome": tuple(k for k in EVENT_OUTCOME_HIERARCHY if k != RELEASE_1_NOT_MAPPED),
    # DHSC 5-data-cleaning.md (the service type grouping table), less "Invalid and not mapped".
    "Service_Type": tuple(k for k in SERVICE_TYPE_GROUPS if k != INVALID_NOT_MAPPED),
    # DHSC Create_ASCOF_3D_2425_Onwards.sql (the Release 2 spellings it compares).
    "Delivery_Mechanism": ("Direct payment", "CASSR managed personal budget", "CASSR commissioned support"),
}

# Fields of which only some Release 2 values are known: any non-blank value passes; these are what the
# generator writes. A field missing from both dicts has no list we could find (free text, a date, a number
# or an identifier, or a coded field whose list we never saw: see NO_LIST_FOUND).
KNOWN_VALUES: dict[str, tuple[str, ...]] = {
    # DHSC Waiting_times/waiting_times_method.sql filters assessments to these two; carers' and other
    # assessment types exist in the specification but their names were not in the material we read.
    "Assessment_Type": ("Short term assessment", "Long term assessment"),
    # DHSC's review type (GetDerivedFields) only tells us reasons begin "Planned" or "Unplanned", plus
    # "Review of short term support". The full reasons were not found.
    "Review_Reason": ("Review of short term support",),
    # DHSC Create_personal_details_table.sql, Create_ASCOF_2A_2425_Onwards.sql, Create_ASCOF_2D.sql and
    # Create_ASCOF_3D_2425_Onwards.sql compare these components. The Social Care data standard's service
    # vocabulary (public code index) lists the same names with more besides, among them the two long-term
    # care components added here; we do not treat it as the specification.
    "Service_Component": (
        "Reablement",
        "Short term residential care",
        "Short term nursing care",
        "Home support or domiciliary care",
        "Shared Lives",
        "Community supported living",
        "Extra care housing",
        "Equipment",
        "Direct payment",
        "Long term residential care",
        "Long term nursing care",
    ),
    # Cost frequency, from the Social Care data standard's "Service Cost Frequency Vocabulary", which says it is
    # taken from the CLD specification (public code index). Not confirmed against the specification itself.
    "Cost_Frequency_Unit_Type": (
        "Per session",
        "Hourly",
        "Daily",
        "Weekly",
        "Fortnightly",
        "4-weekly",
        "Monthly",
        "Quarterly",
        "Annually",
        "One-off",
    ),
}

# Coded fields for which no list was found in DHSC's material nor elsewhere we could read: any non-blank value
# passes. (Route of access is used by DHSC only as an identifying field, never by value.)
NO_LIST_FOUND: tuple[str, ...] = (
    "Request_Route_of_Access",
    "Eligible_Needs_Identified",
    "Method_of_Assessment",
    "Review_Outcomes_Achieved",
    "Method_of_Review",
    "Autism_Spectrum_Disorder_ASD",
    "Visual_Impairment",
    "Hearing_Impairment",
    "Dementia",
)

# ---------------------------------------------------------------------------------------------------------------
# Release 1 -> Release 2
# ---------------------------------------------------------------------------------------------------------------
# Release 1 spellings: DHSC's own scripts still compare some (Create_ASCOF_2A/2D/3D: "Short Term Support: ST-Max",
# "Service User", "Direct Payment", "CASSR Managed Personal Budget", "Carer", "Carer known by association",
# "Long Term Support: Community", "Carer Support: Direct to Carer", "Learning Disability Support"); the rest are
# from NHS England's Release 1 replication code (NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-transformations,
# commit d6ff762, May 2024: its reference tables of event outcomes, accommodation, ethnicity, employment and
# support reasons). Each is paired with the Release 2 value of the same words. DHSC names two Release 1 event
# outcomes with no Release 2 value, which it cleans to "Release 1 specification only: Not mapped"
# (Waiting_times/waiting_times_method.sql, stage 2). Release 1 values whose Release 2 partner is not plain from
# the words are in RELEASE_1_UNPAIRED: reported as Release 1, cleaned to "Invalid and not mapped".
_ETHNICITY_R1 = {v.replace(": ", " - ", 1): v for v in ETHNICITY_GROUPS if v != INVALID_NOT_MAPPED}
_ETHNICITY_R1["No data - Undeclared or Not known"] = "No data: Undeclared or not known"

RELEASE_1: dict[str, dict[str, str]] = {
    "Ethnicity": _ETHNICITY_R1,
    "Service_Type": {
        "Long Term Support: Community": "Long term support: Community",
        "Long Term Support: Nursing Care": "Long term support: Nursing care",
        "Long Term Support: Residential Care": "Long term support: Residential care",
        "Long Term Support: Prison": "Long term support: Prison",
        "Short Term Support: ST-Max": "Short term support: ST-Max",
        "Short Term Support: Ongoing Low Level": "Short term support: Ongoing low level",
        "Short Term Support: Other Short Term": "Short term support: Other short term",
        "Carer Support: Direct to Carer": "Unpaid carer support: Direct to unpaid carer",
        "Carer Support: Support involving the person cared-for": (
            "Unpaid carer support: Support involving the person cared-for"
        ),
    },
    "Client_Type": {
        "Service User": "Service user",
        "Carer": "Unpaid carer",
        "Carer known by association": "Unpaid carer known by association",
    },
    "Delivery_Mechanism": {
        "Direct Payment": "Direct payment",
        "CASSR Managed Personal Budget": "CASSR managed personal budget",
        "CASSR Commissioned Support": "CASSR commissioned support",
        "CASSR Commissioned support": "CASSR commissioned support",
    },
    "Primary_Support_Reason": {
        "Physical Support: Access & mobility only": "Physical support: Access and mobility only",
        "Physical Support: Personal care support": "Physical support: Personal care support",
        "Sensory Support: Support for visual impairment": "Sensory support: Support for visual impairment",
        "Sensory Support: Support for hearing impairment": "Sensory support: Support for hearing impairment",
        "Sensory Support: Support for dual impairment": "Sensory support: Support for dual impairment",
        "Support with Memory & Cognition": "Support with memory and cognition",
        "Learning Disability Support": "Learning disability support",
        "Mental Health Support": "Mental health support",
        "Social Support: Substance misuse support": "Social support: Substance misuse support",
        "Social Support: Asylum seeker support": "Social support: Asylum seeker support",
        "Social Support: Support for Social Isolation/Other": (
            "Social support: Support for social isolation or other reason"
        ),
        "Social Support: Support to Carer": "Social support: Support to unpaid carer",
    },
    "Accommodation_Status": {
        "Tenant - private landlord": "Tenant: Private landlord",
        "Settled mainstream housing with family / friends": "Settled mainstream housing with family or friends",
        "Supported accommodation / supported lodgings / supported group home": (
            "Supported accommodation, supported lodgings or supported group home"
        ),
        "Sheltered housing / extra care housing / other sheltered housing": (
            "Sheltered housing, extra care housing or other sheltered housing"
        ),
        "Mobile accommodation for Gypsy / Roma and Traveller communities": (
            "Mobile accommodation for Gypsy, Roma and Traveller communities"
        ),
        "Rough sleeper / squatting": "Rough sleeper or squatting",
        "Night shelter / emergency hostel / direct access hostel": (
            "Night shelter, emergency hostel or direct access hostel"
        ),
        "Staying with family / friends as a short-term guest": "Staying with family or friends as a short term guest",
        "Acute / long-term healthcare residential facility or hospital": (
            "Acute hospital or long term healthcare residential facility"
        ),
        "Prison / Young offenders institution / detention centre": (
            "Prison, young offenders institution or detention centre"
        ),
    },
    "Employment_Status": {
        "Not in Paid Employment (seeking work)": "Not in paid employment: Seeking work",
        "Not in Paid Employment (not actively seeking work / retired)": (
            "Not in paid employment: Not actively seeking work or retired"
        ),
        "Not in Paid Employment (voluntary work only)": "Not in paid employment: Voluntary work only",
    },
    "Event_Outcome": {
        "Progress to Reablement/ST-Max": "Progress to reablement/ST-Max",
        "Progress to Assessment": "Progress to assessment, review or reassessment",
        "Progress to Re-assessment / Unplanned Review": "Progress to assessment, review or reassessment",
        "Admitted to Hospital": "Admitted to hospital",
        "Progress to Support Planning / Services": "Progress to support planning or services",
        "Service ended as planned": "NFA: Support ended as planned",
        "Service Ended as Planned": "NFA: Support ended as planned",
        "NFA - Deceased": "NFA: Deceased",
        "NFA - Moved to another LA": "NFA: Responsibility moved to another local authority",
        "NFA - Information & Advice / Signposting only": "NFA: Information and advice or signposting",
        "NFA - Self-funded client (inc. 12wk disregard)": "NFA: Self-funded client or under 12wk disregard",
        "NFA - Support declined": "NFA: Support declined",
        "NFA - Support ended – other reason": "NFA: Support ended for other reason",
        "NFA - Support ended: Other reason": "NFA: Support ended for other reason",
        "NFA - No services offered - other reason": "NFA: No services offered for other reason",
        "NFA - No services offered: Other reason": "NFA: No services offered for other reason",
        "NFA- Other": "NFA: Other",
        "Progress to financial assessment": RELEASE_1_NOT_MAPPED,
        "Progress to End of Life Care": RELEASE_1_NOT_MAPPED,
    },
}

# Release 1 values (NHS England's replication code) whose Release 2 partner is not plain from the words.
RELEASE_1_UNPAIRED: dict[str, frozenset[str]] = {
    "Accommodation_Status": frozenset({"Tenant"}),
    "Event_Outcome": frozenset(
        {"No change in package", "Provision of service", "NFA - 100% NHS-funded care"}
    ),
}

# ---------------------------------------------------------------------------------------------------------------
# Which field applies to which event, and which must be filled
# ---------------------------------------------------------------------------------------------------------------
# The specification's own table of mandatory fields was not found. Applicability follows DHSC's data-quality
# modules (GetDQValues: "Events (requests only)", "(assessments only)", "(services only)", "(reviews only)",
# "Costs (services only)"; carers' fields for unpaid carers). "Mandatory" here is only what DHSC's method cannot
# work without: the submission's council and period (GetSubmissions), a person identifier (GetDerivedFields drops
# rows without one), the event's type and start date (FilterToEventsInPeriod), the client type (every measure
# selects service users or carers by it) and, for a service, its service type (the measures classify services by
# it). The other identifying fields of a unique event (6-deduplication.md, step 1: route of access, assessment
# type, service component) are used as they are, blank or not, so they are applicable but not mandatory here.
MANDATORY = "Mandatory"
APPLICABLE = "Applicable but not mandatory"
NOT_APPLICABLE = "Not applicable"

_ALL_EVENTS_MANDATORY = frozenset(
    {
        "LA_Code",
        "Reporting_Period_Start_Date",
        "Reporting_Period_End_Date",
        "LA_Person_Unique_Identifier",
        "Client_Type",
        "Event_Type",
        "Event_Start_Date",
    }
)
MANDATORY_BY_EVENT: dict[str, frozenset[str]] = {
    "Request": _ALL_EVENTS_MANDATORY,
    "Assessment": _ALL_EVENTS_MANDATORY,
    "Service": _ALL_EVENTS_MANDATORY | {"Service_Type"},
    "Review": _ALL_EVENTS_MANDATORY,
}
ONLY_FOR_EVENT: dict[str, str] = {
    "Request_Route_of_Access": "Request",
    "Assessment_Type": "Assessment",
    "Eligible_Needs_Identified": "Assessment",
    "Method_of_Assessment": "Assessment",
    "Service_Type": "Service",
    "Service_Component": "Service",
    "Delivery_Mechanism": "Service",
    "Provider_CQC_Location_ID": "Service",
    "Unit_Cost": "Service",
    "Cost_Frequency_Unit_Type": "Service",
    "Planned_units_per_week": "Service",
    "Review_Reason": "Review",
    "Review_Outcomes_Achieved": "Review",
    "Method_of_Review": "Review",
}
CARER_FIELDS: frozenset[str] = frozenset(
    {
        "Total_Hrs_Caring_per_week",
        "No_of_adults_being_cared_for",
        "Adult_1_Linked_Person_ID",
        "Adult_2_Linked_Person_ID",
        "Adult_3_Linked_Person_ID",
    }
)
CARER_CLIENT_TYPES = frozenset({"Unpaid carer", "Unpaid carer known by association"})

# The modules DHSC's data-quality table groups the fields in (GetDQValues).
MODULES: dict[str, str] = {
    **dict.fromkeys(SUBMISSION_FIELDS, "Submission information"),
    **dict.fromkeys(PERSON_FIELDS, "Person details"),
    **dict.fromkeys(
        (
            "Event_Type",
            "Event_Reference",
            "Event_Start_Date",
            "Event_End_Date",
            "Event_Description",
            "Event_Outcome",
        ),
        "Events (all)",
    ),
    "Request_Route_of_Access": "Events (requests only)",
    **dict.fromkeys(
        ("Assessment_Type", "Eligible_Needs_Identified", "Method_of_Assessment"), "Events (assessments only)"
    ),
    **dict.fromkeys(sorted(CARER_FIELDS), "Carers and linked service users"),
    **dict.fromkeys(
        ("Service_Type", "Service_Component", "Delivery_Mechanism", "Provider_CQC_Location_ID"),
        "Events (services only)",
    ),
    **dict.fromkeys(
        ("Review_Reason", "Review_Outcomes_Achieved", "Method_of_Review"), "Events (reviews only)"
    ),
    **dict.fromkeys(
        ("Unit_Cost", "Cost_Frequency_Unit_Type", "Planned_units_per_week"), "Costs (services only)"
    ),
}


def field_status(field_name: str, event_type: str | None, client_type: str | None = None) -> str:
    """Mandatory, applicable but not mandatory, or not applicable, for one field of a row of this event type.

    An unknown event type makes only the fields common to every event applicable (the rest not applicable),
    as DHSC's "Undetermined in row" would leave them unjudged."""
    event = clean("Event_Type", event_type) if event_type else None
    if event not in MANDATORY_BY_EVENT:
        event = None
    only = ONLY_FOR_EVENT.get(field_name)
    if only is not None and only != event:
        return NOT_APPLICABLE
    if field_name in CARER_FIELDS:
        client = clean("Client_Type", client_type) if client_type else None
        if client not in CARER_CLIENT_TYPES:
            return NOT_APPLICABLE
    if event in MANDATORY_BY_EVENT and field_name in MANDATORY_BY_EVENT[event]:
        return MANDATORY
    if event is None and field_name in _ALL_EVENTS_MANDATORY:
        return MANDATORY
    return APPLICABLE


# ---------------------------------------------------------------------------------------------------------------
# Cleaning and checking
# ---------------------------------------------------------------------------------------------------------------
_POSITION: dict[str, int] = {name: i for i, name in enumerate(FIELDS)}
_VALUE_SETS: dict[str, frozenset[str]] = {name: frozenset(values) for name, values in VALUE_LISTS.items()}
_BY_FOLDED: dict[str, dict[str, str]] = {
    name: {v.casefold(): v for v in values} for name, values in VALUE_LISTS.items()
}


def clean(field_name: str, value: str | None) -> str | None:
    """A submitted value as DHSC's cleaning would have it: None when blank; the Release 2 value (unchanged, or
    mapped from Release 1, or the same words in other capitals); "Release 1 specification only: Not mapped";
    otherwise "Invalid and not mapped". Fields without a complete list come back trimmed, as they are."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    values = VALUE_LISTS.get(field_name)
    if values is None:
        return text
    if text in values:
        return text
    release_1 = RELEASE_1.get(field_name, {})
    if text in release_1:
        return release_1[text]
    if text in RELEASE_1_UNPAIRED.get(field_name, ()):
        return INVALID_NOT_MAPPED
    folded = _BY_FOLDED[field_name].get(text.casefold())
    if folded is not None:
        return folded
    return INVALID_NOT_MAPPED


PASSED_VALID = "Passed: Valid"
PASSED_BLANK = "Passed: Blank (Not Mandatory)"
FAILED_BLANK = "Failed: Blank (Mandatory)"
FAILED_INVALID = "Failed: Invalid"
FAILED_RELEASE_1 = "Failed: Release 1"
FAILED: frozenset[str] = frozenset({FAILED_BLANK, FAILED_INVALID, FAILED_RELEASE_1})


@dataclass(frozen=True)
class Problem:
    """One value that fails: which field, what was sent, why (plain words), and DHSC's validity heading."""

    field: str
    value: str
    reason: str
    validity: str
    status: str


DATE_FIELDS: frozenset[str] = frozenset(
    {
        "Reporting_Period_Start_Date",
        "Reporting_Period_End_Date",
        "Date_of_Birth",
        "Date_of_Death",
        "Event_Start_Date",
        "Event_End_Date",
    }
)
NUMBER_FIELDS: frozenset[str] = frozenset(
    {"Total_Hrs_Caring_per_week", "Unit_Cost", "Planned_units_per_week"}
)
WHOLE_NUMBER_FIELDS: frozenset[str] = frozenset({"No_of_adults_being_cared_for"})

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"\d{1,9}(\.\d{1,4})?")
_WHOLE = re.compile(r"\d{1,4}")
_LA_CODE = re.compile(r"[0-9A-Za-z]{1,9}")
# GP practice (ODS) codes: a letter and five digits; CQC location ids: "1-" and digits.
_GP_PRACTICE = re.compile(r"[A-Z]\d{5}")
_CQC_LOCATION = re.compile(r"1-\d{6,12}")
_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}")
MAX_FIELD_LENGTH = 255

# Values DHSC never shows in its data-quality table (GetDQValues writes "N/A - PID"): nor do we.
PID_FIELDS: frozenset[str] = frozenset(
    {
        "NHS_Number",
        "LA_Person_Unique_Identifier",
        "Date_of_Birth",
        "Postcode",
        "Adult_1_Linked_Person_ID",
        "Adult_2_Linked_Person_ID",
        "Adult_3_Linked_Person_ID",
    }
)
PID_SHOWN_AS = "N/A - PID"


@lru_cache(maxsize=65536)
def parse_date(text: str) -> date | None:
    """A `YYYY-MM-DD` date, or None when it is not one (31/02/2025, 2025-02-31, 2025-2-1 all give None)."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return None


def nhs_number_valid(text: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine (NHS Data Dictionary)."""
    digits = text.replace(" ", "")
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit()):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _format_reason(field_name: str, text: str) -> str | None:
    """Why a non-blank value of a field without a value list is wrong, or None when it is fine."""
    if len(text) > MAX_FIELD_LENGTH:
        return f"longer than {MAX_FIELD_LENGTH} characters"
    if field_name in DATE_FIELDS:
        if parse_date(text):
            return None
        if _DATE.fullmatch(text):
            return "not a real date (no such day in that month)"
        return "not a date written YYYY-MM-DD (for example 2025-04-01)"
    if field_name in NUMBER_FIELDS:
        return None if _NUMBER.fullmatch(text) else "not a number of zero or more (for example 12.50)"
    if field_name in WHOLE_NUMBER_FIELDS:
        return None if _WHOLE.fullmatch(text) else "not a whole number of zero or more"
    if field_name == "NHS_Number":
        return (
            None
            if nhs_number_valid(text)
            else "not a valid NHS number (10 digits with a correct check digit)"
        )
    if field_name == "LA_Code":
        return None if _LA_CODE.fullmatch(text) else "not a council code (letters and digits, up to 9)"
    if field_name == "GP_Practice_Code":
        return (
            None if _GP_PRACTICE.fullmatch(text.upper()) else "not a GP practice code (a letter and 5 digits)"
        )
    if field_name == "Provider_CQC_Location_ID":
        return None if _CQC_LOCATION.fullmatch(text) else "not a CQC location id (like 1-123456789)"
    if field_name == "Postcode":
        return None if _POSTCODE.fullmatch(text.upper()) else "not a postcode"
    return None


def check_value(field_name: str, value: str | None, status: str) -> tuple[str, str]:
    """DHSC's validity heading for one value, and the reason when it fails."""
    text = (value or "").strip()
    if not text:
        if status == MANDATORY:
            return FAILED_BLANK, "missing, and this field must be filled for this kind of event"
        return PASSED_BLANK, ""
    values = VALUE_LISTS.get(field_name)
    if values is not None:
        if text in values:
            return PASSED_VALID, ""
        if text in RELEASE_1.get(field_name, {}):
            mapped = RELEASE_1[field_name][text]
            if mapped == RELEASE_1_NOT_MAPPED:
                return FAILED_RELEASE_1, "a Release 1 value with no Release 2 equivalent"
            return FAILED_RELEASE_1, f'a Release 1 value: Release 2 writes it "{mapped}"'
        if text in RELEASE_1_UNPAIRED.get(field_name, ()):
            return FAILED_RELEASE_1, "a Release 1 value: choose the Release 2 value that fits"
        folded = _BY_FOLDED[field_name].get(text.casefold())
        if folded is not None:
            return FAILED_INVALID, f'not in the Release 2 list as written: did you mean "{folded}"?'
        return FAILED_INVALID, "not in the Release 2 list of values for this field"
    reason = _format_reason(field_name, text)
    if reason:
        return FAILED_INVALID, reason
    return PASSED_VALID, ""


@lru_cache(maxsize=512)
def row_statuses(event_type: str | None, client_type: str | None) -> tuple[str, ...]:
    """The status of every field (in FIELDS order) for a row of this event type and client type."""
    return tuple(field_status(name, event_type, client_type) for name in FIELDS)


def assess_row(row: Mapping[str, str | None]) -> tuple[tuple[str, ...], tuple[str, ...], list[Problem]]:
    """Each field's status and validity (in FIELDS order; "" for a field not applicable to the row) and the
    row's problems, as `check_row` gives them."""
    statuses = row_statuses(row.get("Event_Type") or None, row.get("Client_Type") or None)
    validities: list[str] = []
    append = validities.append
    problems: list[Problem] = []
    for name, status in zip(FIELDS, statuses, strict=True):
        if status == NOT_APPLICABLE:
            append("")
            continue
        value = row.get(name)
        if value:
            allowed = _VALUE_SETS.get(name)
            if allowed is not None and value in allowed:
                append(PASSED_VALID)
                continue
        elif status != MANDATORY:
            append(PASSED_BLANK)
            continue
        validity, reason = check_value(name, value, status)
        append(validity)
        if validity in FAILED:
            text = (value or "").strip()
            shown = PID_SHOWN_AS if name in PID_FIELDS and text else text
            problems.append(Problem(name, shown, reason, validity, status))
    if row.get("Event_Start_Date") or row.get("Date_of_Death") or row.get("Reporting_Period_End_Date"):
        for problem in _contradictions(row):
            position = _POSITION[problem.field]
            if validities[position] in (PASSED_VALID, ""):
                # counted once, as invalid, in the field's summary
                validities[position] = FAILED_INVALID
                problems.append(problem)
    return statuses, tuple(validities), problems


def check_row(row: Mapping[str, str | None]) -> list[Problem]:
    """Every failing value of one row (a dict of FIELDS to text; missing keys count as blank), in file order,
    then the row's own contradictions (an end before its start, a death before birth). Identifying values
    (NHS number, person ids, date of birth, postcode) are shown as "N/A - PID", as DHSC's table shows them."""
    return assess_row(row)[2]


VALIDITIES: tuple[str, ...] = (PASSED_VALID, PASSED_BLANK, FAILED_BLANK, FAILED_INVALID, FAILED_RELEASE_1)
STATUSES: tuple[str, ...] = (MANDATORY, APPLICABLE, NOT_APPLICABLE)
_MAX_VALUES_KEPT = 200  # distinct failing values remembered per field: memory stays flat on any file


class Tally:
    """Counts per field, as DHSC's data-quality table does: rows by status (mandatory, applicable but not
    mandatory, not applicable) and by validity, and the most common failing values (identifying ones hidden).
    Its size does not grow with the file: rows are counted by their pattern of statuses and validities (few
    patterns recur), folded into the per-field counts whenever the patterns grow many."""

    _FOLD_AT = 20_000

    def __init__(self) -> None:
        self.rows = 0
        self.rows_with_problems = 0
        self.problems = 0
        self._status: dict[str, dict[str, int]] = {name: dict.fromkeys(STATUSES, 0) for name in FIELDS}
        self._validity: dict[str, dict[str, int]] = {name: dict.fromkeys(VALIDITIES, 0) for name in FIELDS}
        self._joint: dict[str, dict[tuple[str, str], int]] = {name: {} for name in FIELDS}
        self._patterns: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
        self.failing_values: dict[str, dict[str, int]] = {name: {} for name in FIELDS}

    def add(self, row: Mapping[str, str | None]) -> list[Problem]:
        """Count one row and give back its problems."""
        statuses, validities, problems = assess_row(row)
        self.rows += 1
        key = (statuses, validities)
        patterns = self._patterns
        patterns[key] = patterns.get(key, 0) + 1
        if len(patterns) > self._FOLD_AT:
            self._fold()
        if problems:
            self.rows_with_problems += 1
            self.problems += len(problems)
            for problem in problems:
                kept = self.failing_values[problem.field]
                if problem.value in kept or len(kept) < _MAX_VALUES_KEPT:
                    kept[problem.value] = kept.get(problem.value, 0) + 1
        return problems

    def add_problem(self, problem: Problem) -> None:
        """Count a problem found outside any one field's value (a line that is not UTF-8, a ragged line)."""
        self.problems += 1

    def _fold(self) -> None:
        for (statuses, validities), count in self._patterns.items():
            for name, status, validity in zip(FIELDS, statuses, validities, strict=True):
                self._status[name][status] += count
                if validity:
                    self._validity[name][validity] += count
                joint = self._joint[name]
                joint[(status, validity)] = joint.get((status, validity), 0) + count
        self._patterns.clear()

    def status(self, field_name: str) -> dict[str, int]:
        """Rows in which the field is mandatory, applicable but not mandatory, not applicable."""
        self._fold()
        return dict(self._status[field_name])

    def validity(self, field_name: str) -> dict[str, int]:
        """Rows by DHSC's validity heading for the field (rows where it is not applicable are not counted)."""
        self._fold()
        return dict(self._validity[field_name])

    def table(self) -> list[tuple[str, str, str, str, int]]:
        """DHSC's data-quality table without its values: (module, field, status, validity, rows), in FIELDS order.
        A field not applicable to a row is not checked in it: its validity is "Not checked"."""
        self._fold()
        order = {v: i for i, v in enumerate(VALIDITIES)}
        rows = []
        for name in FIELDS:
            for (status, validity), count in sorted(
                self._joint[name].items(),
                key=lambda item: (STATUSES.index(item[0][0]), order.get(item[0][1], 9)),
            ):
                rows.append((MODULES[name], name, status, validity or "Not checked", count))
        return rows

    def most_common(self, field_name: str, n: int = 5) -> list[tuple[str, int]]:
        kept = self.failing_values[field_name]
        return sorted(kept.items(), key=lambda item: (-item[1], item[0]))[:n]


def _date_of(row: Mapping[str, str | None], name: str) -> date | None:
    value = row.get(name)
    return parse_date(value.strip()) if value else None


def _contradictions(row: Mapping[str, str | None]) -> list[Problem]:
    """Dates that cannot all be true together."""
    found: list[Problem] = []

    def add(name: str, reason: str, status: str) -> None:
        text = str(row.get(name) or "").strip()
        found.append(
            Problem(name, PID_SHOWN_AS if name in PID_FIELDS else text, reason, FAILED_INVALID, status)
        )

    start, end = _date_of(row, "Event_Start_Date"), _date_of(row, "Event_End_Date")
    period_start = _date_of(row, "Reporting_Period_Start_Date")
    period_end = _date_of(row, "Reporting_Period_End_Date")
    birth, death = _date_of(row, "Date_of_Birth"), _date_of(row, "Date_of_Death")
    if start and end and end < start:
        add("Event_End_Date", "before the event's start date", APPLICABLE)
    if period_start and period_end and period_end < period_start:
        add("Reporting_Period_End_Date", "before the reporting period's start date", MANDATORY)
    if start and period_end and start > period_end:
        add("Event_Start_Date", "after the end of the reporting period", MANDATORY)
    if birth and death and death < birth:
        add("Date_of_Death", "before the date of birth", APPLICABLE)
    if birth and period_end and birth > period_end:
        add("Date_of_Birth", "after the end of the reporting period", APPLICABLE)
    return found
