"""ASCOF from Client Level Data: the decisions DHSC's method makes, each with its reason.

The engine (carecommons/outcomes/engine, DuckDB SQL) reads these as small tables, so that a council
analyst sees every list in one place and the SQL names no value a council could change. The values
are Release 2 values exactly as DHSC's scripts in ../shared/reference/dhsc-asc-cld-dashboard/ spell
them; the engine compares them without regard to case, as DHSC's SQL Server does.

Pure: no Django, no clock, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# ---------------------------------------------------------------------------------------------------
# The reporting year
# ---------------------------------------------------------------------------------------------------

_YEAR = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2})\s*$")


def financial_year(text: str) -> tuple[date, date]:
    """ "2025-26" -> (1 April 2025, 31 March 2026). ASCOF years are financial years, 1 April to 31 March.

    Raises ValueError with a message a person can act on."""
    match = _YEAR.match(text or "")
    if not match:
        raise ValueError(f'The year must be written like 2025-26, not "{text}".')
    first, second = int(match.group(1)), int(match.group(2))
    if (first + 1) % 100 != second:
        raise ValueError(f'"{text}" is not a financial year: the second part must be the year after {first}.')
    return date(first, 4, 1), date(first + 1, 3, 31)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def quarters(anchor: date, first: date, last: date) -> list[tuple[date, date]]:
    """The three-month "reference periods" (DHSC 3-submission-selection.md) that overlap `first` to
    `last`, counted in steps of three months from `anchor` (the reporting year's first day, so quarters
    are April to June, July to September and so on). Each is (first day, last day)."""
    steps = ((first.year - anchor.year) * 12 + (first.month - anchor.month)) // 3
    quarter = add_months(anchor, 3 * steps)
    out = []
    while quarter <= last:
        out.append((quarter, date.fromordinal(add_months(quarter, 3).toordinal() - 1)))
        quarter = add_months(quarter, 3)
    return out


# ---------------------------------------------------------------------------------------------------
# Deriving a submission's real reporting period (DHSC 2-reporting-periods.md)
# ---------------------------------------------------------------------------------------------------

REPORTING_PERIOD_MIN_EVENTS = 100
"""Fewer events than this in a file and its stated reporting period is used (2-reporting-periods.md)."""
REPORTING_PERIOD_MIN_MONTH_SHARE = 2.0
"""A month with fewer than 2% of the file's events is not part of the derived period."""
REPORTING_PERIOD_EVENT_TYPES_SLACK = 1
"""A month must hold all but one of the event types the file holds (three out of four)."""

# A CLD file does not say when it was sent (DHSC's ImportDate). DHSC leaves out events ending in or
# after the month the file was imported; Care Commons leaves out events ending after the month of the
# file's stated reporting period end, the earliest a file can be sent.


# ---------------------------------------------------------------------------------------------------
# Choosing between submissions (DHSC 3-submission-selection.md)
# ---------------------------------------------------------------------------------------------------

# "The most recently submitted data is assumed to be the most accurate." A file does not carry its
# submission date, so the latest is the one whose stated reporting period ends latest, and between files
# for the same period, the one given later on the command line (its Der_Load_Order).


# ---------------------------------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------------------------------

INVALID = "Invalid and not mapped"
"""DHSC's cleaned value for anything that is neither a Release 2 value nor a known Release 1 value."""

CONVERSATION_WORD = "conversation"
"""DHSC's fourth tie-break between copies of one event is its "conversation flag" (Der_Conversation),
set upstream of the published code. Care Commons sets it when the event's description mentions a
conversation, which is how councils record a strengths-based conversation in CLD."""

# The value lists, the Release 1 -> Release 2 mapping, DHSC's groupings and the event-outcome hierarchy
# used to choose between copies of an event are in carecommons.rules.cld.

# ---------------------------------------------------------------------------------------------------
# Ages
# ---------------------------------------------------------------------------------------------------

DAYS_PER_YEAR = 365.25
"""DHSC's ages are whole years: FLOOR(days between / 365.25)."""


def birth_date_for_ages(date_of_birth: date) -> date:
    """DHSC receives only the year and month of birth, and takes the first of the month as the birth
    date (Der_Birth_Date). Care Commons does the same, so that figures match DHSC's."""
    return date_of_birth.replace(day=1)


def age_on(birth: date, day: date) -> int:
    """Whole years from `birth` to `day`, DHSC's way (days / 365.25, rounded down)."""
    return int((day - birth).days // DAYS_PER_YEAR)


@dataclass(frozen=True)
class AgeBand:
    label: str
    lowest: int
    highest: int  # inclusive


AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("Under 18", 0, 17),
    AgeBand("18 to 24", 18, 24),
    AgeBand("25 to 44", 25, 44),
    AgeBand("45 to 64", 45, 64),
    AgeBand("65 to 74", 65, 74),
    AgeBand("75 to 84", 75, 84),
    AgeBand("85 to 94", 85, 94),
    AgeBand("95 and above", 95, 200),
)
"""DHSC's age bands (Der_Age_Band, GetDerivedFields): the "age_band" breakdown of every measure."""

WORKING_AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("Under 18", 0, 17),
    AgeBand("18 to 64", 18, 64),
    AgeBand("65 and above", 65, 200),
)
"""DHSC's working-age bands: 2B is 18 to 64, 2C and 2E's second part 65 and above."""

UNKNOWN_AGE = "Unknown"


def age_band(age: int | None, bands: Iterable[AgeBand] = AGE_BANDS) -> str:
    if age is None:
        return UNKNOWN_AGE
    for band in bands:
        if band.lowest <= age <= band.highest:
            return band.label
    return UNKNOWN_AGE


# ---------------------------------------------------------------------------------------------------
# Who is who (Client_Type, Release 2)
# ---------------------------------------------------------------------------------------------------

SERVICE_USER = "Service user"
# The carers (3D) are the client types in carecommons.rules.cld.CARER_CLIENT_TYPES.

# ---------------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------------

NURSING = "Long term support: Nursing care"
RESIDENTIAL = "Long term support: Residential care"
COMMUNITY = "Long term support: Community"
PRISON = "Long term support: Prison"
LONG_TERM_SERVICE_TYPES: tuple[str, ...] = (NURSING, RESIDENTIAL, COMMUNITY, PRISON)
CARE_HOME_SERVICE_TYPES: tuple[str, ...] = (RESIDENTIAL, NURSING)

CARER_DIRECT = "Unpaid carer support: Direct to unpaid carer"
CARER_WITH_CARED_FOR = "Unpaid carer support: Support involving the person cared-for"

DIRECT_PAYMENT = "Direct payment"
MANAGED_PERSONAL_BUDGET = "CASSR managed personal budget"
COMMISSIONED_SUPPORT = "CASSR commissioned support"

SERVICE_TYPE_HIERARCHY: tuple[str, ...] = (
    NURSING,
    RESIDENTIAL,
    COMMUNITY,
    PRISON,
    "Short term support: ST-Max",
    "Short term support: Ongoing low level",
    "Short term support: Other short term",
)
"""Which of a person's latest services says most about where they live, first first
(Create_person_details_table.sql, #REF_Service_Type)."""

CARE_HOME_COMPONENT_WORDS: tuple[str, ...] = ("residential", "nursing")
NOT_CARE_HOME_COMPONENT_WORD = "short"
"""2B and 2C count a residential or nursing service only when its component says so (contains
"Residential" or "Nursing") or is blank, and never a component containing "Short" (a short stay)."""

COUNT_BLANK_COMPONENT_AS_CARE_HOME = True
"""DHSC's 2B/2C script allows a blank component ("Service_Component_Cleaned IS NULL OR ...") but its
next line (`NOT LIKE '%Short%'`) is unknown, so false, for a blank one in SQL. Care Commons follows the
stated intent: a blank component does not stop a care-home admission counting. The same reading is
taken for 3D's carers (a blank component is "not a direct payment")."""

SELF_FUNDED_OUTCOME = "NFA: Self-funded client or under 12wk disregard"
"""2B/2C leave out an admission that ended because the person went on to pay for it themselves."""

NEW_ADMISSION_LOOKBACK_DAYS = 365
"""2B/2C: an admission is new unless a care-home service started before it and ended fewer than 365
days before it (or had not ended)."""

CLIENT_SETTING_HIERARCHY: tuple[tuple[str, str, int], ...] = (
    (NURSING, "", 1),
    (RESIDENTIAL, "", 2),
    (COMMUNITY, DIRECT_PAYMENT, 3),
    (COMMUNITY, MANAGED_PERSONAL_BUDGET, 4),
    (COMMUNITY, COMMISSIONED_SUPPORT, 5),
    (COMMUNITY, "", 6),
    (PRISON, MANAGED_PERSONAL_BUDGET, 7),
    (PRISON, COMMISSIONED_SUPPORT, 8),
    (PRISON, "", 9),
)
"""3D clients: someone in several settings on the last day of the year is counted once, in the first
setting listed (a care home outranks support at home; a direct payment outranks a managed budget).
"" is any other or no delivery mechanism (Create_ASCOF_3D_2425_Onwards.sql)."""

CARER_DIRECT_PAYMENT = "Direct Payment only"
CARER_MANAGED_BUDGET = "CASSR Managed Personal Budget"
CARER_COMMISSIONED = "CASSR Commissioned Support only"
CARER_UNKNOWN_MECHANISM = "Support Direct to Carer: Unknown Delivery Mech"
CARER_INFORMATION = "Information, Advice and Other Universal Services / Signposting"
CARER_NO_DIRECT_SUPPORT = "No Direct Support Provided to Carer"
CARER_SUPPORT_HIERARCHY: tuple[str, ...] = (
    CARER_DIRECT_PAYMENT,
    CARER_MANAGED_BUDGET,
    CARER_COMMISSIONED,
    CARER_UNKNOWN_MECHANISM,
    CARER_INFORMATION,
    CARER_NO_DIRECT_SUPPORT,
)
"""3D carers: a carer is counted once, by the most direct support they had in the year, first first."""

INFORMATION_OUTCOME = "NFA: Information and advice or signposting"

# ---------------------------------------------------------------------------------------------------
# Where people live (2E, person details)
# ---------------------------------------------------------------------------------------------------

PRESUMED_AT_HOME = "Unknown: Presumed at home"
PRESUMED_IN_COMMUNITY = "Unknown: Presumed in community"

ACCOMMODATION_AT_HOME: tuple[str, ...] = (
    "Owner occupier or shared ownership scheme",
    "Tenant: Local authority or other social housing provider",
    "Tenant: Private landlord",
    "Settled mainstream housing with family or friends",
    "Supported accommodation, supported lodgings or supported group home",
    "Shared Lives scheme",
    "Approved premises for offenders released from prison or under probation supervision",
    "Sheltered housing, extra care housing or other sheltered housing",
    "Mobile accommodation for Gypsy, Roma and Traveller communities",
    PRESUMED_AT_HOME,
)
"""2E's numerator: living in their own home or with family (DHSC's Accommodation_Status_Group 1).
Every other status, unknown included, counts in the denominator only."""

ACCOMMODATION_UNKNOWN: tuple[str, ...] = ("Unknown", INVALID)


@dataclass(frozen=True)
class AccommodationFromService:
    """When a person's latest accommodation status is unknown, their latest service may say where they
    live (Create_person_details_table.sql, #Unknowns_Services_Mapped). Rules are tried in order."""

    order: int
    service_type: str | None  # None: any service type
    component: str | None  # None: any component; "" : no telling component
    accommodation: str


TELLING_COMPONENTS: tuple[str, ...] = (
    "Shared Lives",
    "Community supported living",
    "Extra care housing",
    "Home support or domiciliary care",
)
"""The service components that say where someone lives."""

ACCOMMODATION_FROM_SERVICE: tuple[AccommodationFromService, ...] = (
    AccommodationFromService(1, NURSING, None, "Registered nursing home"),
    AccommodationFromService(2, RESIDENTIAL, None, "Registered care home"),
    AccommodationFromService(3, None, "Shared Lives", "Shared Lives scheme"),
    AccommodationFromService(
        4, None, "Extra care housing", "Sheltered housing, extra care housing or other sheltered housing"
    ),
    AccommodationFromService(
        5,
        None,
        "Community supported living",
        "Supported accommodation, supported lodgings or supported group home",
    ),
    AccommodationFromService(6, COMMUNITY, "Home support or domiciliary care", PRESUMED_AT_HOME),
    AccommodationFromService(7, COMMUNITY, "", PRESUMED_IN_COMMUNITY),
    AccommodationFromService(8, PRISON, None, "Prison, young offenders institution or detention centre"),
)

# ---------------------------------------------------------------------------------------------------
# Population (2B and 2C are per 100,000 adults)
# ---------------------------------------------------------------------------------------------------

POPULATION_BANDS: tuple[str, ...] = ("18-64", "65+")
PER_POPULATION = 100_000


def parse_population(
    rows: Iterable[Mapping[str, str | None]], header: Iterable[str] | None
) -> dict[str, int]:
    """The population file's rows (`age_band,population`, rows 18-64 and 65+) as numbers.

    Raises ValueError with every problem found, in plain words."""
    columns = [c.strip().lower() for c in (header or [])]
    if "age_band" not in columns or "population" not in columns:
        raise ValueError("The population file must have the columns age_band and population.")
    found: dict[str, int] = {}
    problems: list[str] = []
    for line, row in enumerate(rows, start=2):
        normal = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        band = normal.get("age_band", "")
        if band not in POPULATION_BANDS:
            if band:
                problems.append(f"Line {line}: age band {band!r} is not one of 18-64 or 65+.")
            continue
        raw = normal.get("population", "").replace(",", "")
        if not raw.isdigit() or int(raw) <= 0:
            problems.append(
                f"Line {line}: the population for {band} must be a whole number above 0, not {raw!r}."
            )
            continue
        if band in found:
            problems.append(f"Line {line}: {band} is given twice.")
            continue
        found[band] = int(raw)
    for band in POPULATION_BANDS:
        if band not in found and not any(band in p for p in problems):
            problems.append(f"The population file has no row for {band}.")
    if problems:
        raise ValueError(" ".join(problems))
    return found


def one_decimal_place(value: float) -> float:
    """Rounded as SQL Server's ROUND(x, 1) rounds DHSC's figures: halves away from zero (6.25 -> 6.3),
    not to even as Python's round() does (6.25 -> 6.2)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def per_population(count: int, population: int) -> float:
    """2B/2C: admissions per 100,000 of the population, to one decimal place."""
    return one_decimal_place(count / population * PER_POPULATION)


def percentage(numerator: int, denominator: int) -> float | None:
    """A proportion as a percentage to one decimal place; None when nobody is in the denominator."""
    if denominator <= 0:
        return None
    return one_decimal_place(numerator / denominator * 100)
