"""Short-term support measures by DHSC's method: ASCOF 2A, ASCOF 2D and the waiting times.

The decisions the SQL in carecommons/outcomes/engine/sql/ascof_2a_*.sql, ascof_2d_*.sql and
waiting_*.sql follows, with the reason for each. They are DHSC's, read from its published method
(../shared/reference/dhsc-asc-cld-dashboard/: ASCOF_measures/Create_ASCOF_2A_2425_Onwards.sql,
Create_ASCOF_2D.sql, Waiting_times/waiting_times_method.sql); where Care Commons departs from them
the reason says so. Pure: no Django, no clock, no I/O.

Values are the Release 2 wording, as the pipeline's cleaning leaves them (DHSC's SQL Server compares
text without regard to case; after cleaning, every variant has the specification's wording, so the
engine compares exactly).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# ---------------------------------------------------------------------------------------------
# Shared values
# ---------------------------------------------------------------------------------------------

SERVICE_USER = "Service user"
"""Only the person's own support counts (not support to unpaid carers): DHSC filters every one of
these measures to Client type = Service user."""

ST_MAX = "Short term support: ST-Max"
"""Reablement is the Release 2 service type "Short term support: ST-Max"."""

LONG_TERM_SERVICE_TYPES: tuple[str, ...] = (
    "Long term support: Nursing care",
    "Long term support: Residential care",
    "Long term support: Community",
    "Long term support: Prison",
)

SHORT_TERM_SERVICE_TYPES: tuple[str, ...] = (
    ST_MAX,
    "Short term support: Ongoing low level",
    "Short term support: Other short term",
)

# ---------------------------------------------------------------------------------------------
# ASCOF 2A: short-term support for new clients, and what followed it
# ---------------------------------------------------------------------------------------------

CLUSTER_GAP_DAYS = 7
"""ST-Max events of one person that overlap, or start no more than 7 days after the latest end so
far, are one episode of reablement (a "cluster"). Seven, the same as the sequel window, so that an
ST-Max can never be the sequel of another ST-Max (DHSC 2A, section 1, clustering step 2)."""

NEW_CLIENT_LOOKBACK_DAYS = 91
"""A person is a new client if no long-term support of theirs started before the reablement began
and was still open, or ended fewer than 91 days before it began (DHSC 2A, "Identify new clients":
`DATEDIFF(DAY, end, cluster start) < 91`). DHSC's README calls this "no long-term support in the 3
months prior"; the SQL counts days, and so do we."""

SEQUEL_WINDOW_DAYS = 7
"""What happened next is looked for in events that start no later than 7 days after the
reablement ended (DHSC 2A, section 2)."""

DEATH_WINDOW_DAYS = 7
"""A death before, or within 7 days of, the end of reablement makes the sequel "NFA: Deceased"
(DHSC 2A, sequel step 1)."""

NESTED_ASSESSMENT_DAYS = 14
"""An assessment or review that ended within the reablement, fewer than 14 days before its end,
tells its outcome (DHSC 2A, sequel step 4c)."""

MINIMUM_AGE = 18
"""2A counts adults: under-18s are left out; people whose age is unknown stay in (DHSC 2A)."""

UNCLASSIFIABLE_OUTCOMES: tuple[str, ...] = (
    "Continuation of support or services",
    "Progress to support planning or services",
    "Progress to assessment, review or reassessment",
    "Progress to reablement/ST-Max",
    "Release 1 specification only: Not mapped",
    "Invalid and not mapped",
)
"""Outcomes that say something continues but not what: they cannot be a sequel. DHSC adds 100 to
their place in the event-outcome hierarchy so that any usable outcome beats them, and counts a
reablement whose final outcome is one of these as "unable to classify" (in neither numerator nor
denominator)."""

UNCLASSIFIABLE_PENALTY = 100
"""What DHSC adds to an unclassifiable outcome's place in the hierarchy."""

UNKNOWN_OUTCOME_RANK = 999
"""A missing or unmapped outcome ranks last of all."""

NFA_SUPPORT_ENDED_AS_PLANNED = "NFA: Support ended as planned"
"""On a request, assessment or review after the reablement this outcome almost certainly closes
something else, not the reablement, so DHSC ignores it there (sequel step 4b)."""

ADMITTED_TO_HOSPITAL = "Admitted to hospital"
DECEASED = "NFA: Deceased"
EQUIPMENT = "Equipment"
ONGOING_LOW_LEVEL = "Short term support: Ongoing low level"
OTHER_SHORT_TERM = "Short term support: Other short term"
RESIDENTIAL_OR_NURSING_SHORT_TERM = "Short term support: Residential or Nursing care"
SHORT_TERM_CARE_HOME_COMPONENTS: tuple[str, ...] = ("Short term residential care", "Short term nursing care")

SEQUEL_SERVICE_ORDER: tuple[str, ...] = LONG_TERM_SERVICE_TYPES + SHORT_TERM_SERVICE_TYPES
"""When several services start in the sequel window, the first in this order is the sequel: long
term before short term, a care home before the community (DHSC's REF_Service_Type). Within one
type, a short-term care-home component comes first."""


@dataclass(frozen=True)
class SequelStep:
    code: str
    name: str
    reason: str


SEQUEL_STEPS: tuple[SequelStep, ...] = (
    SequelStep("1", "Died", "The person died before the reablement ended or within 7 days of its end."),
    SequelStep("2", "Admitted to hospital", "The reablement's own outcome is 'Admitted to hospital'."),
    SequelStep("3", "A service followed", "A service was open at the end of the reablement or started within 7 days; "
               "the highest in the service order is the sequel."),
    SequelStep("4a", "The reablement's outcome", "No service followed, and the reablement's own outcome is the most "
               "telling outcome found."),
    SequelStep("4b", "A later request, assessment or review", "No service followed, and a request, assessment or "
               "review starting within 7 days gave the most telling outcome."),
    SequelStep("4c", "An assessment or review near the end", "An assessment or review ending in the last 14 days "
               "of the reablement gave the most telling outcome."),
    SequelStep("5", "Equipment", "Equipment was provided during the reablement: counted as ongoing low-level support."),
    SequelStep("6", "Unable to classify", "Nothing else was found: the reablement's own outcome stands."),
)
"""DHSC's sequel steps, in the order they are tried: the first that applies decides."""

DENOMINATOR_OUTCOMES: tuple[str, ...] = (
    "Long term support: Community",
    "Long term support: Nursing care",
    "Long term support: Residential care",
    "Long term support: Prison",
    "Short term support: Ongoing low level",
    "Short term support: Other short term",
    "Short term support: Residential or Nursing care",
    "NFA: Information and advice or signposting",
    "NFA: Support ended as planned",
    "NFA: Responsibility moved to another local authority",
    "NFA: Other",
    "NFA: No services offered for other reason",
    "NFA: Support ended for other reason",
    "NFA: Referral to other service within the local authority",
)
"""Final outcomes counted in 2A's denominator (DHSC's `Included_In_Denom`). Deaths, hospital
admissions, support declined, self-funding, NHS referrals and the unclassifiable are not."""

NUMERATOR_OUTCOMES: tuple[str, ...] = tuple(
    o for o in DENOMINATOR_OUTCOMES if not o.startswith("Long term support") and o != RESIDENTIAL_OR_NURSING_SHORT_TERM
)
"""2A's numerator: no further request for ongoing support: any denominator outcome except long-term
support and a short-term place in a care home (DHSC's `Included_In_Num`)."""

# ---------------------------------------------------------------------------------------------
# ASCOF 2D: at home 91 days (12 weeks) after leaving hospital into reablement
# ---------------------------------------------------------------------------------------------

REABLEMENT_COMPONENT = "Reablement"
"""2D counts ST-Max services whose component is "Reablement" (DHSC 2D, stage 1)."""

FOLLOW_UP_DAYS = 84
"""12 weeks: DHSC's 2D looks for death, readmission or a move into a care home up to 84 days after
discharge (`DATEADD(DAY, 84, Discharge_Date)`). The ASCOF title's "91 days" is the older
definition; we follow DHSC's code."""

DISCHARGE_BEFORE_REABLEMENT_DAYS = 7
DISCHARGE_AFTER_REABLEMENT_DAYS = 3
"""A discharge links to reablement that started up to 3 days before or 7 days after it (discharge
between reablement start - 7 and start + 3), admitted no later than the reablement start. If
several discharges link, the latest is kept."""

MINIMUM_AGE_2D = 65
"""2D counts people aged 65 and over at discharge, by the month and year of birth SUS holds."""

SUS_ADMISSION_METHODS_EXCLUDED: tuple[str, ...] = ("31", "32", "82", "83")
"""Maternity and birth admissions."""
SUS_DISCHARGE_METHODS_EXCLUDED: tuple[str, ...] = ("4", "5")
"""Died in hospital; stillbirth."""
SUS_DISCHARGE_DESTINATIONS_EXCLUDED: tuple[str, ...] = ("49", "50", "51", "52", "79", "87", "88")
"""Discharged to another hospital or a non-NHS hospital, or died."""
SUS_TREATMENT_FUNCTIONS_EXCLUDED: tuple[str, ...] = (
    "199", "223", "290", "291", "331", "344", "345", "346", "424", "499", "501", "504", "560",
    "660", "661", "662", "840", "920",
)
SUS_TREATMENT_FUNCTION_PREFIXES_EXCLUDED: tuple[str, ...] = ("65", "7")
"""Not acute care: maternity, well babies, mental health and learning disability, and others."""
SUS_EMERGENCY_MANAGEMENT_TYPES: tuple[str, ...] = ("EM", "NE")
"""A readmission is an emergency or non-elective admission."""
SUS_READMISSION_DISCHARGE_METHODS_EXCLUDED: tuple[str, ...] = ("5",)

CARE_HOME_SERVICE_TYPES: tuple[str, ...] = ("Long term support: Residential care", "Long term support: Nursing care")
"""Moving into long-term residential or nursing care within 12 weeks means not at home."""
EXCLUDED_AT_ADMISSION_SERVICE_TYPES: tuple[str, ...] = CARE_HOME_SERVICE_TYPES + ("Long term support: Prison",)
"""People already in a care home or prison when admitted are left out of 2D."""

SUS_COLUMNS: tuple[str, ...] = (
    "Der_DHSC_Pseudo_NHS_Number",
    "APCS_Ident",
    "Admission_Date",
    "Discharge_Date",
    "Admission_Method",
    "Discharge_Method",
    "Discharge_Destination",
    "Treatment_Function_Code",
    "APCS_Last_Ep_Ind",
    "Der_Management_Type",
    "Month_of_Birth_SUS",
    "Year_of_Birth_SUS",
    "Sex",
    "Der_Postcode_LSOA_2011_Code",
)
"""The SUS columns DHSC's 2D script reads; `--sus SUS.csv` takes them by these names. The NHS number
must be pseudonymised the same way as the CLD's NHS_Number, so that the two link.
`Der_Postcode_LSOA_2011_Code` is read but not used: DHSC maps it to an upper-tier council to report
England by area; one council's file holds that council's patients already (see `sus_area_note`)."""

SUS_REQUIRED_COLUMNS: tuple[str, ...] = tuple(c for c in SUS_COLUMNS if c != "Der_Postcode_LSOA_2011_Code")

SUS_SEX: dict[str, str] = {"1": "Male", "2": "Female", "9": "Not specified", "0": "Not known"}

NO_SUS_REASON = "ASCOF 2D needs hospital discharges (SUS), which Client Level Data does not hold: pass --sus"

# ---------------------------------------------------------------------------------------------
# Waiting times
# ---------------------------------------------------------------------------------------------

CLD_FIRST_DATE = date(2023, 4, 1)
"""Requests before Client Level Data began (1 April 2023) are not counted (DHSC stage 1.3a)."""

WAIT_MINIMUM_AGE = 25
"""DHSC counts waits for people aged 25 and over at the start of each event (stage 1.3b), to leave
out transitions from children's services."""

WAIT_ASSESSMENT_TYPES: tuple[str, ...] = ("Short term assessment", "Long term assessment")

EXISTING_CLIENT_LONG_TERM_MONTHS = 12
EXISTING_CLIENT_SHORT_TERM_MONTHS = 3
EXISTING_CLIENT_SHORT_TERM_TYPES: tuple[str, ...] = (ST_MAX, OTHER_SHORT_TERM)
"""A request is left out when the person already had long-term support that started before it and
ended within the 12 months before it (or later, or is open), or ST-Max or other short-term support
that ended within the 3 months before it (stage 1.3c): the wait is for new people."""

REQUEST_OUTCOME_GROUPS_EXCLUDED: tuple[str, ...] = ("NFA", "Admitted to hospital")
"""Requests that ended with no further action or a hospital admission lead to no wait (stage 1.4).
A request with no grouped outcome is left out too, as DHSC's `NOT IN` does."""

ASSESSMENT_PROGRESS_TO_SERVICE: tuple[str, ...] = (
    "Progress to reablement/ST-Max",
    "Progress to support planning or services",
    "Continuation of support or services",
)
"""An assessment, or a run of assessments one after another, leads on to a service only if one of
them had one of these outcomes; otherwise the next service is not counted as the end of this
request's wait for a service (stages 2.3 and 3.3)."""

WAIT_AGE_BANDS: tuple[str, ...] = ("25 to 64", "65 and above")

CONVERSATION_OVERRIDE_NOTE = (
    "DHSC lets a Release 1 request flagged as a conversation stand as its own first response (stage 3.1). "
    "Release 2 files carry no such flag, so Care Commons does not apply that step."
)

WAIT_MEASURES: dict[str, str] = {
    "wait_request_to_assessment": "Days from a new person's request to the first response: an assessment, or a "
    "service if that came first (DHSC's 'wait time to first response').",
    "wait_request_to_service": "Days from a new person's request to the first service (DHSC's 'wait time to first "
    "service').",
    "wait_assessment_to_service": "Days from that first assessment to the first service, for requests that had both "
    "(Care Commons' split of DHSC's two waits; not a DHSC figure).",
}


def working_age_band(age: int | None) -> str:
    """DHSC's bands for 2A: '18 to 64', '65 and above'; 'Under 18' is left out; None -> 'Unknown'."""
    if age is None:
        return "Unknown"
    if age < MINIMUM_AGE:
        return "Under 18"
    return "18 to 64" if age <= 64 else "65 and above"


def older_age_band(age: int | None) -> str | None:
    """2D's bands from SUS: 65-74, 75-84, 85+ (None under 65 or unknown)."""
    if age is None or age < MINIMUM_AGE_2D:
        return None
    if age <= 74:
        return "65-74"
    if age <= 84:
        return "75-84"
    return "85+"


def age_on(birth: date, on: date) -> int:
    """DHSC's age: whole years as FLOOR(days / 365.25)."""
    return int((on - birth).days // 365.25)


def sus_area_note() -> str:
    return ("DHSC keeps discharges whose patient lives in England (LSOA to upper-tier council). Care Commons takes "
            "the SUS file as given: pass the discharges of the council's own residents.")
