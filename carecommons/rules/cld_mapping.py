"""From Care Commons' own categories to Client Level Data (CLD) Release 2 values: the decisions, one function each.

`carecommons.outcomes.export` reads the records and calls these; nothing here reads a record, a clock or a setting.
Each function returns a Release 2 value, or "" (blank: not recorded) when Care Commons holds no fact that says it.
Why each mapping is what it is is written beside it; docs/cld-export.md lists every field.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# --- Release 2 values used ---------------------------------------------------------------------------------------
# Client type, event outcome, service type and delivery mechanism are in rules.cld.VALUE_LISTS (the whole Release 2
# list, from DHSC's code): tests/rules/test_cld_mapping.py checks every value given here against them. The others
# are our best reading where no whole list was found (rules.cld.KNOWN_VALUES, NO_LIST_FOUND): "Long term
# assessment", "Home support or domiciliary care", "Equipment", "Direct payment" and "Weekly" are names DHSC's code
# or the Social Care data standard's CLD vocabularies use; "Long term residential care", "Other long term support"
# and "Other unpaid carer support" are from that standard's service vocabulary; "Unpaid carer assessment",
# "Community / Other route" and "Planned review" are the Release 1 names in Release 2's wording (DHSC reads a review
# reason only by its first word, "Planned"). Check them against the specification before a live return.

SERVICE_USER = "Service user"
UNPAID_CARER = "Unpaid carer"

ROUTE_COMMUNITY = "Community / Other route"

LONG_TERM_ASSESSMENT = "Long term assessment"
UNPAID_CARER_ASSESSMENT = "Unpaid carer assessment"  # Release 2: a carer's assessment is its own type

YES, NO = "Yes", "No"

LTS_COMMUNITY = "Long term support: Community"
LTS_RESIDENTIAL = "Long term support: Residential care"
CARER_DIRECT = "Unpaid carer support: Direct to unpaid carer"

DIRECT_PAYMENT = "Direct payment"
MANAGED_BUDGET = "CASSR managed personal budget"

COMPONENT_HOME_SUPPORT = "Home support or domiciliary care"
COMPONENT_EQUIPMENT = "Equipment"
COMPONENT_DIRECT_PAYMENT = "Direct payment"
COMPONENT_OTHER_LONG_TERM = "Other long term support"
COMPONENT_OTHER_CARER = "Other unpaid carer support"
COMPONENT_LONG_TERM_RESIDENTIAL = "Long term residential care"

WEEKLY = "Weekly"

PROGRESS_ASSESSMENT = "Progress to assessment, review or reassessment"
PROGRESS_SUPPORT_PLANNING = "Progress to support planning or services"
NFA_INFORMATION = "NFA: Information and advice or signposting"
NFA_OTHER = "NFA: Other"
CONTINUATION = "Continuation of support or services"
NFA_ENDED_AS_PLANNED = "NFA: Support ended as planned"

PLANNED_REVIEW = "Planned review"

# --- the mappings -----------------------------------------------------------------------------------------------


def client_type(kind: str) -> str:
    """An adult's assessment, plan or budget is about a service user; a carer's is about an unpaid carer."""
    return UNPAID_CARER if kind == "carer" else SERVICE_USER


def request_route(channel: str) -> str:
    """Every request Care Commons takes comes from the community: the person (or someone for them) asks online, by
    phone or by walking in. Care Commons records no hospital discharge, prison release or transition from children's
    services as a request, so every request is "Community / Other route" — whatever the channel, which CLD does not ask
    for. (A ward's discharge request is not written as a CLD request: DHSC's 2A does not need one, and the
    reablement that follows is its own service row.)"""
    return ROUTE_COMMUNITY if channel else ""


def request_outcome(*, status: str, agreed: Iterable[str], assessment_followed: bool) -> str:
    """What came of a conversation request, from what was recorded.

    - held, and an assessment was started from the conversation, or the conversation agreed to start one: the
      request progressed to assessment;
    - held, nothing of that: the conversation itself was the help (information, advice, connecting to a community
      group or service): "NFA: Information and advice or signposting";
    - withdrawn (no longer wanted): "NFA: Other";
    - waiting or booked: still open, no outcome yet ("").
    """
    if status == "held":
        if assessment_followed or "assessment" in set(agreed):
            return PROGRESS_ASSESSMENT
        return NFA_INFORMATION
    if status == "withdrawn":
        return NFA_OTHER
    return ""


def assessment_type(kind: str) -> str:
    """A Care Act assessment of an adult's needs (s9) looks at long-term needs: "Long term assessment". A carer's
    assessment (s10) is "Unpaid carer assessment". Care Commons holds no short-term (reablement) assessment."""
    return UNPAID_CARER_ASSESSMENT if kind == "carer" else LONG_TERM_ASSESSMENT


def eligible_needs(eligible: bool | None) -> str:
    """The determination's answer under SI 2015/313, Yes or No; blank while not yet determined."""
    if eligible is None:
        return ""
    return YES if eligible else NO


def method_of_assessment(completed_by_kind: str) -> str:
    """Care Commons records who completed an assessment (the person, an organisation with them, a practitioner with
    them), not whether it was face to face, by phone or online; CLD's method asks the latter, so it is blank."""
    return ""


def assessment_outcome(*, eligible: bool | None) -> str:
    """After a determination: eligible needs go on to care and support planning (Care Act s24 and s25); needs that
    are not eligible are met by information and advice about preventing or delaying needs (s13(5)), which Care
    Commons gives with the determination. Blank while the assessment is waiting for its determination."""
    if eligible is None:
        return ""
    return PROGRESS_SUPPORT_PLANNING if eligible else NFA_INFORMATION


def service_type(plan_kind: str) -> str:
    """A personal budget agreed from an adult's support plan is long-term support in the community (care home
    placements and reablement are rows of their own: `care_home_service`, `reablement_service`); a carer's plan is
    support direct to the carer."""
    return CARER_DIRECT if plan_kind == "carer" else LTS_COMMUNITY


def delivery_mechanism(management: str, item_managed_as: str = "") -> str:
    """How the budget (or, for a mix, this part of it) is managed.

    - a direct payment: "Direct payment";
    - the council arranges it: "CASSR managed personal budget" — it is a personal budget the council manages;
    - an individual service fund: also "CASSR managed personal budget": the money is the council's, held by a
      provider the person chose, and DHSC's collections count an ISF as a managed personal budget;
    - a mix: the way recorded for this item; blank when none was recorded.
    """
    way = item_managed_as if management == "mixed" else management
    if way == "direct_payment":
        return DIRECT_PAYMENT
    if way in ("council_arranged", "individual_service_fund"):
        return MANAGED_BUDGET
    return ""


def service_component(*, paid_kind: str, plan_kind: str, mechanism: str) -> str:
    """What the paid support is, from the plan item's kind.

    - a carer's support paid by direct payment: "Direct payment" (the component DHSC's measure 3D reads for
      carers); a carer's other paid support: "Other unpaid carer support" (Care Commons does not record whether it
      is a break, sitting or something else);
    - a care provider or a personal assistant: "Home support or domiciliary care" (support in the person's home,
      which is where Care Commons' providers and assistants work);
    - equipment: "Equipment";
    - an activity (a class, a club, a group): "Other long term support" — it is not day support in a day centre.
    """
    if plan_kind == "carer":
        return COMPONENT_DIRECT_PAYMENT if mechanism == DIRECT_PAYMENT else COMPONENT_OTHER_CARER
    if paid_kind in ("provider", "personal_assistant"):
        return COMPONENT_HOME_SUPPORT
    if paid_kind == "equipment":
        return COMPONENT_EQUIPMENT
    if paid_kind == "activity":
        return COMPONENT_OTHER_LONG_TERM
    return ""


def care_home_start(assessed_on: date, weeks_in_care_home: int) -> date:
    """When a permanent care home placement began: a financial assessment for a care home records how many weeks
    the person had already lived there (for the 12-week property disregard) on the day it was assessed."""
    return assessed_on - timedelta(weeks=weeks_in_care_home)


def care_home_service() -> tuple[str, str]:
    """A permanent placement in a care home, as a financial assessment records it (setting "In a care home",
    resident permanently): long-term residential care. Care Commons does not record whether the home provides
    nursing, so it is never "Nursing care"."""
    return LTS_RESIDENTIAL, COMPONENT_LONG_TERM_RESIDENTIAL


def unit_cost(weekly_pence: int) -> str:
    """The plan item's weekly cost, in pounds to the penny: Care Commons keeps integer pence."""
    return str((Decimal(weekly_pence) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def cost_frequency(weekly_pence: int) -> str:
    """Plan items are costed by the week: "Weekly", one unit a week. Blank when no cost was recorded."""
    return WEEKLY if weekly_pence > 0 else ""


def planned_units(weekly_pence: int) -> str:
    """One weekly unit: the unit cost is the week's cost."""
    return "1" if weekly_pence > 0 else ""


def service_end(period_end: date, *, reporting_end: date) -> date | None:
    """A budget's agreed period ends on a recorded date; a service still going at the end of the reporting period
    has no end date in CLD."""
    return period_end if period_end <= reporting_end else None


def service_outcome(end: date | None) -> str:
    """A budget period that ended: support ended as planned (the period agreed ran its course). Open: blank."""
    return NFA_ENDED_AS_PLANNED if end is not None else ""


def review_reason() -> str:
    """A budget review in Care Commons is the planned review of a personal budget and its plan (Care Act s27),
    recorded when it falls due."""
    return PLANNED_REVIEW


def review_outcome(*, budget_continues: bool) -> str:
    """A review after which the same budget goes on: "Continuation of support or services". A review on the last
    day of the budget: blank (what came next is a new plan, an event of its own)."""
    return CONTINUATION if budget_continues else ""


def in_period(start: date, end: date | None, *, period_start: date, period_end: date) -> bool:
    """An event belongs in the file for a period when it started by the period's end and had not ended before its
    start (open events count)."""
    return start <= period_end and (end is None or end >= period_start)


def linked_people(ids: Iterable[int]) -> tuple[str, str, str, str]:
    """A carer's adults cared for: (how many, first, second, third) as CLD writes them, from the people recorded."""
    distinct = sorted(set(ids))
    if not distinct:
        return ("", "", "", "")
    named = [str(i) for i in distinct[:3]] + ["", "", ""]
    return (str(len(distinct)), named[0], named[1], named[2])


# --- Reablement after leaving hospital (issue 18) ------------------------------------------------------------------
# An episode of reablement (`hospital.ReablementEpisode`) is a CLD service event: DHSC's ASCOF 2A reads reablement
# as the service type "Short term support: ST-Max" (ASCOF_measures/Create_ASCOF_2A_2425_Onwards.sql, "Select
# ST-Max events"), and its 2D as ST-Max with the component "Reablement" (Create_ASCOF_2D.sql, stage 1:
# `Service_Type_Cleaned = 'Short Term Support: ST-Max' AND Service_Component_Cleaned LIKE 'Reablement'`).

ST_MAX = "Short term support: ST-Max"
COMPONENT_REABLEMENT = "Reablement"
COMMISSIONED = "CASSR commissioned support"
ADMITTED_TO_HOSPITAL = "Admitted to hospital"
NFA_DECEASED = "NFA: Deceased"


def reablement_service() -> tuple[str, str, str]:
    """(service type, component, delivery mechanism) of an episode of reablement. Reablement after hospital is the
    council's own short-term support, free for six weeks and never a personal budget (Care and Support (Charging
    and Assessment of Resources) Regulations 2014, regs 3 and 4): "CASSR commissioned support"."""
    return ST_MAX, COMPONENT_REABLEMENT, COMMISSIONED


REABLEMENT_OUTCOMES: dict[str, str] = {
    # No further support: the episode ran its course and nothing followed (DHSC's 2A numerator).
    "no_further_support": NFA_ENDED_AS_PLANNED,
    # Support from the community (groups, neighbours, services anyone can use): the team pointed the person to it.
    "community": NFA_INFORMATION,
    # Long-term support at home, or a care home: the person goes on to a plan or a placement. DHSC's 2A reads that
    # sequel from the long-term service's own row (its step 3, a service starting within 7 days of the end), never
    # from the reablement's outcome ("Long term support: ..." is not an event outcome in Release 2): the outcome
    # written here says only that support planning or a service follows. Where Care Commons records the long-term
    # support (a personal budget, a care home financial assessment) its row is in the file and 2A finds it; where
    # it does not, DHSC counts the episode as "unable to classify" (in neither part of 2A).
    "long_term": PROGRESS_SUPPORT_PLANNING,
    "care_home": PROGRESS_SUPPORT_PLANNING,
    # Back in hospital: DHSC's sequel step 2 reads the reablement's own outcome "Admitted to hospital".
    "hospital": ADMITTED_TO_HOSPITAL,
    # Died: "NFA: Deceased" (DHSC's step 1 reads the date of death, which Care Commons does not record; the outcome
    # keeps the episode out of 2A's denominator all the same, as DHSC's Included_In_Denom does).
    "died": NFA_DECEASED,
}
"""The Release 2 event outcome written on the ST-Max row of an ended episode, for each `rules.discharge.Sequel`
(keyed by its value, so this module needs no import of it)."""


def reablement_outcome(sequel: str | None) -> str:
    """The event outcome of an episode of reablement: from its sequel once it has ended; blank while it is open (or
    ended after the reporting period, which is not known at its end)."""
    if not sequel:
        return ""
    return REABLEMENT_OUTCOMES[sequel]


# --- Hospital discharges in the shape DHSC's ASCOF 2D reads (SUS) ----------------------------------------------------
# DHSC's 2D links NHS hospital episodes (SUS) to CLD by NHS number; Care Commons writes its own discharge records
# (`hospital.DischargePlan.left_on` for a ward's request) in the SUS columns `ascof --sus` reads
# (`rules.ascof_short_term.SUS_COLUMNS`). Codes the records do not hold are written as the NHS Data Dictionary's
# default code "99 Not known" where the element has one (ADMISSION METHOD (HOSPITAL PROVIDER SPELL) and DISCHARGE
# DESTINATION (HOSPITAL PROVIDER SPELL): "Default Codes: 98 Not applicable, 99 Not known"): a blank would be dropped
# by DHSC's `NOT IN` filters, and "not known" is none of the codes those filters leave out. Check these against the
# SUS specification before sending the file anywhere: it is made to measure 2D from the council's own records.

SUS_NOT_KNOWN = "99"
SUS_DISCHARGED_WITH_CLINICAL_CONSENT = "1"
SUS_USUAL_PLACE_OF_RESIDENCE = "19"
SUS_LAST_EPISODE = "1"


def discharge_destination(pathway: int | None) -> str:
    """DISCHARGE DESTINATION from the pathway agreed: pathway 0 or 1 is home, "19 Usual place of residence"; pathway
    2 (a short-term bed) or 3 (a care home): the kind of place (NHS, council or independent) is not recorded, so
    "99 Not known"."""
    if pathway in (0, 1):
        return SUS_USUAL_PLACE_OF_RESIDENCE
    return SUS_NOT_KNOWN


def sus_discharge(*, nhs_number: str, stay: str, admitted_on: date, left_on: date, pathway: int | None,
                  date_of_birth: date | None, treatment_function: str) -> dict[str, str]:
    """One hospital stay that ended with the person leaving, as a SUS row (`ascof_short_term.SUS_COLUMNS`).

    - the NHS number as the ward gave it (the CLD file carries the same number, so the two link as DHSC's do);
    - the stay's identifier: the discharge request's own reference;
    - admitted: as the ward's system sent it (FHIR Encounter.period.start), else the day the ward's request was
      received (the person was on the ward that day, so it is the latest the admission can have been);
    - discharged: the day the team recorded they left;
    - admission method: not recorded, "99 Not known";
    - discharge method: "1 Discharged on clinical advice or with clinical consent": the ward asked the council to
      help them leave once they were ready to, and they left on the pathway agreed;
    - discharge destination: from the pathway (`discharge_destination`);
    - treatment function: the ward's main specialty, as the council's administrator recorded it
      (`hospital.Ward.treatment_function`); the caller leaves out a stay whose ward has none (DHSC's filters would
      drop a blank code, and no "not known" code is made up);
    - last episode of the stay: "1" (the record is of the whole stay, which ended when they left);
    - management type: not recorded (blank: never read as an emergency readmission);
    - month and year of birth: from the date of birth recorded (blank when none: DHSC cannot age the stay);
    - sex and the LSOA: not recorded.
    """
    return {
        "Der_DHSC_Pseudo_NHS_Number": nhs_number,
        "APCS_Ident": stay,
        "Admission_Date": admitted_on.isoformat(),
        "Discharge_Date": left_on.isoformat(),
        "Admission_Method": SUS_NOT_KNOWN,
        "Discharge_Method": SUS_DISCHARGED_WITH_CLINICAL_CONSENT,
        "Discharge_Destination": discharge_destination(pathway),
        "Treatment_Function_Code": treatment_function,
        "APCS_Last_Ep_Ind": SUS_LAST_EPISODE,
        "Der_Management_Type": "",
        "Month_of_Birth_SUS": str(date_of_birth.month) if date_of_birth else "",
        "Year_of_Birth_SUS": str(date_of_birth.year) if date_of_birth else "",
        "Sex": "",
        "Der_Postcode_LSOA_2011_Code": "",
    }
