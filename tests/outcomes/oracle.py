"""An independent count of the ASCOF measures from Client Level Data, in plain Python.

Written from DHSC's method notes (../shared/reference/dhsc-asc-cld-dashboard/Main_tables/docs/methodology/*.md:
submission selection, event filtering, cleaning, de-duplication) and from what each measure script says it counts
(ASCOF_measures/README.md and the comments and steps of Create_ASCOF_*.sql), NOT from Care Commons' engine. No DuckDB,
no SQL: the csv module, dataclasses, dicts and loops, so that a reader can follow one person through every step.

Where DHSC's scripts behave in a way their comments do not say (a blank value meeting `NOT LIKE` or `NOT IN` in SQL is
neither true nor false, so the row drops out), this count does what the comments say is counted: a blank service
component is not a short-term one, nor a direct payment; a blank hospital code is not an excluded one. Set
`SQL_BLANKS = True` for what DHSC's SQL literally does with blanks (look for "DHSC's effect").

`count(files, start=, end=, population=, sus=)` gives {key: (numerator, denominator, value)} with the keys of the
contract; `count_with_members(...)` also gives, for each key, who is in the numerator and the denominator (for
printing the people involved when the engine and this count disagree).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

SQL_BLANKS = (
    False  # what DHSC's comments say is counted (False), or what its SQL does with blank values (True)
)

OPEN_END = date(9999, 1, 1)  # DHSC sets a missing end date to 1 Jan 9999 "for ease of processing"
INVALID = "Invalid and not mapped"

# --------------------------------------------------------------------------------------------------------------------
# Release 2 values the measures look at, and the Release 1 (or obviously meant) values that map to them.
# DHSC joins raw values to mapping tables on SQL Server, whose default collation ignores case: so does this count.
# --------------------------------------------------------------------------------------------------------------------

CLIENT_TYPES_R2 = ("Service user", "Unpaid carer", "Unpaid carer known by association")
CLIENT_TYPES_R1 = {"carer": "Unpaid carer", "carer known by association": "Unpaid carer known by association"}

LTS_NURSING = "Long term support: Nursing care"
LTS_RESIDENTIAL = "Long term support: Residential care"
LTS_COMMUNITY = "Long term support: Community"
LTS_PRISON = "Long term support: Prison"
ST_MAX = "Short term support: ST-Max"
ST_LOW_LEVEL = "Short term support: Ongoing low level"
ST_OTHER = "Short term support: Other short term"
CARER_DIRECT = "Unpaid carer support: Direct to unpaid carer"
CARER_INVOLVING = "Unpaid carer support: Support involving the person cared-for"
SERVICE_TYPES_R2 = (
    LTS_NURSING,
    LTS_RESIDENTIAL,
    LTS_COMMUNITY,
    LTS_PRISON,
    ST_MAX,
    ST_LOW_LEVEL,
    ST_OTHER,
    CARER_DIRECT,
    CARER_INVOLVING,
)
SERVICE_TYPES_R1 = {
    "carer support: direct to carer": CARER_DIRECT,
    "carer support: support involving the person cared-for": CARER_INVOLVING,
}
LONG_TERM_TYPES = (LTS_NURSING, LTS_RESIDENTIAL, LTS_COMMUNITY, LTS_PRISON)

DP = "Direct payment"
PB = "CASSR managed personal budget"
CS = "CASSR commissioned support"
DELIVERY_MECHANISMS_R2 = (DP, PB, CS)

# Service components: DHSC's scripts test these by name. A component this list does not know is kept as sent
# (a valid Release 2 component the measures do not name behaves the same either way).
SERVICE_COMPONENTS_NAMED = (
    "Direct payment",
    "Reablement",
    "Equipment",
    "Short term residential care",
    "Short term nursing care",
    "Long term residential care",
    "Long term nursing care",
    "Shared Lives",
    "Community supported living",
    "Extra care housing",
    "Home support or domiciliary care",
)

# Event outcomes and DHSC's hierarchy (6-deduplication.md, step 3)
EVENT_OUTCOME_HIERARCHY = {
    "Progress to reablement/ST-Max": 1,
    "Progress to assessment, review or reassessment": 2,
    "Release 1 specification only: Not mapped": 3,
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
EVENT_OUTCOMES_R1 = {
    # Release 1 values with no Release 2 equivalent (DHSC's waiting-times notes name these two)
    "progress to financial assessment": "Release 1 specification only: Not mapped",
    "progress to end of life care": "Release 1 specification only: Not mapped",
    "service ended as planned": "NFA: Support ended as planned",
    "nfa - deceased": "NFA: Deceased",
}

# Accommodation status: Release 2 values and DHSC's settled (1) / not settled (0) groups (ASCOF 2E's reference table)
ACCOMMODATION_GROUP = {
    "Owner occupier or shared ownership scheme": 1,
    "Tenant: Local authority or other social housing provider": 1,
    "Tenant: Private landlord": 1,
    "Settled mainstream housing with family or friends": 1,
    "Supported accommodation, supported lodgings or supported group home": 1,
    "Shared Lives scheme": 1,
    "Approved premises for offenders released from prison or under probation supervision": 1,
    "Sheltered housing, extra care housing or other sheltered housing": 1,
    "Mobile accommodation for Gypsy, Roma and Traveller communities": 1,
    "Unknown: Presumed at home": 1,  # derived from services, not in the specification
    "Rough sleeper or squatting": 0,
    "Night shelter, emergency hostel or direct access hostel": 0,
    "Refuge": 0,
    "Placed in temporary accommodation by the council (inc. homelessness resettlement)": 0,
    "Staying with family or friends as a short term guest": 0,
    "Acute hospital or long term healthcare residential facility": 0,
    "Registered care home": 0,
    "Registered nursing home": 0,
    "Prison, young offenders institution or detention centre": 0,
    "Other temporary accommodation": 0,
    "Unknown": 0,
    "Unknown: Presumed in community": 0,  # derived from services, not in the specification
}
ACCOMMODATION_R2 = tuple(k for k in ACCOMMODATION_GROUP if not k.startswith("Unknown:"))


def _lookup(values: Iterable[str]) -> dict[str, str]:
    return {v.casefold(): v for v in values}


# The one table taken from Care Commons: the specification's Release 1 -> Release 2 pairs (a table of words, not a
# count), when the rules module has them. The paper cases check some of these pairs by hand.
try:
    from carecommons.rules.cld import RELEASE_1 as _SPEC_RELEASE_1  # type: ignore[attr-defined]
except ImportError:  # before the specification's lists are merged
    _SPEC_RELEASE_1 = {}


def _release_1(field_name: str) -> dict[str, str]:
    return {k.casefold(): v for k, v in _SPEC_RELEASE_1.get(field_name, {}).items()}


_CLIENT = _release_1("Client_Type") | CLIENT_TYPES_R1 | _lookup(CLIENT_TYPES_R2)
_SERVICE_TYPE = _release_1("Service_Type") | SERVICE_TYPES_R1 | _lookup(SERVICE_TYPES_R2)
_DELIVERY = _release_1("Delivery_Mechanism") | _lookup(DELIVERY_MECHANISMS_R2)
_COMPONENT = _lookup(SERVICE_COMPONENTS_NAMED)
_OUTCOME = _release_1("Event_Outcome") | EVENT_OUTCOMES_R1 | _lookup(EVENT_OUTCOME_HIERARCHY)
_ACCOMMODATION = _release_1("Accommodation_Status") | _lookup(ACCOMMODATION_R2)


def _blank(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _clean(table: dict[str, str], raw: str | None, *, keep_unknown: bool = False) -> str | None:
    """Release 2 value for a raw value: blank stays blank; Release 1 and differently-cased values are mapped; anything
    else is "Invalid and not mapped" (5-data-cleaning.md) — or kept as sent for fields whose list DHSC's measures
    only test by name."""
    value = _blank(raw)
    if value is None:
        return None
    found = table.get(value.casefold())
    if found is not None:
        return found
    return value if keep_unknown else INVALID


def _date(raw: str | None) -> date | None:
    value = _blank(raw)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _same(a: str | None, b: str) -> bool:
    """SQL Server `=` under its case-insensitive collation (NULL is never equal)."""
    return a is not None and a.casefold() == b.casefold()


def _age(born: date | None, on: date) -> int | None:
    """DHSC's age: FLOOR(DATEDIFF(DAY, birth, on) / 365.25)."""
    if born is None:
        return None
    return math.floor((on - born).days / 365.25)


def _round1(x: float) -> float:
    """ROUND(x, 1), halves away from zero as SQL does."""
    return float(Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _percent(num: int, den: int) -> float | None:
    return _round1(num / den * 100) if den else None


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1) if d.day == 1 else date(d.year + y, m + 1, d.day)


# --------------------------------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class Event:
    """One CLD row after filtering and cleaning (one of DHSC's "records")."""

    file_index: int
    line: int
    la: str
    person: str  # DHSC's combined person ID: NHS number if present, else LA code + LA person ID
    raw: dict[str, str]
    ref_start: date
    ref_end: date
    event_type: str | None
    start: date | None
    end: date | None  # derived end date (date of death when it comes first; cropped; None = open)
    death: date | None
    birth: date | None
    client_type: str | None
    service_type: str | None
    component: str | None
    delivery: str | None
    outcome: str | None
    accommodation: str | None
    event_ref: tuple = ()

    @property
    def who(self) -> tuple[str, str]:
        return (self.la, self.person)

    @property
    def record_id(self) -> tuple[int, int]:
        return (self.file_index, self.line)

    @property
    def hierarchy(self) -> int:
        return EVENT_OUTCOME_HIERARCHY.get(self.outcome or "", 999)

    def is_type(self, name: str) -> bool:
        return _same(self.event_type, name)

    @property
    def is_service(self) -> bool:
        return self.event_type is not None and "service" in self.event_type.casefold()

    def describe(self) -> str:
        return (
            f"file {self.file_index} line {self.line}: {self.event_type} {self.start}..{self.end} "
            f"{self.client_type} | {self.service_type} | {self.component} | {self.delivery} | {self.outcome}"
        )


@dataclass
class Person:
    birth: date | None = None  # first of the birth month, as DHSC holds it
    death: date | None = None
    accommodation: str = "Unknown"


@dataclass
class Main:
    events: list[Event]
    people: dict[tuple[str, str], Person]
    by_person: dict[tuple[str, str], list[Event]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        grouped: dict[tuple[str, str], list[Event]] = defaultdict(list)
        for e in self.events:
            grouped[e.who].append(e)
        self.by_person = dict(grouped)


def read_rows(files: Sequence[Path]) -> list[tuple[int, int, dict[str, str]]]:
    rows = []
    for index, path in enumerate(files):
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                rows.append((index, reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}))
    return rows


# --------------------------------------------------------------------------------------------------------------------
# Main table: 3-submission-selection.md, 4-event-filtering.md, 5-data-cleaning.md, 6-deduplication.md
# --------------------------------------------------------------------------------------------------------------------


def _select_submissions(
    rows: list[tuple[int, int, dict[str, str]]],
) -> dict[tuple[int, str], tuple[date, date]]:
    """Each file (per council) is one submission, later in the list = submitted later. Its reporting period is the
    one it states (DHSC derive it from the events when a file holds 100 events or more; a file here has no import
    date to do that against, so the stated period is used). The full period is cut into quarters from the earliest
    start; for each quarter the latest submission covering it is chosen; a chosen submission's reference period runs
    from the start of its first chosen quarter to the end of its last."""
    stated: dict[tuple[int, str], list[date]] = {}
    for index, _line, raw in rows:
        la = raw.get("LA_Code", "").strip()
        s, e = _date(raw.get("Reporting_Period_Start_Date")), _date(raw.get("Reporting_Period_End_Date"))
        if s is None or e is None:
            continue
        key = (index, la)
        if key in stated:
            stated[key] = [min(stated[key][0], s), max(stated[key][1], e)]
        else:
            stated[key] = [s, e]
    chosen: dict[tuple[int, str], tuple[date, date]] = {}
    for la in sorted({la for _i, la in stated}):
        subs = {i: (p[0], p[1]) for (i, code), p in stated.items() if code == la}
        q_start = min(p[0] for p in subs.values())
        last = max(p[1] for p in subs.values())
        while True:
            q_end = _add_months(q_start, 3) - timedelta(days=1)
            if q_end > last:
                break
            covering = [i for i, (s, e) in subs.items() if s <= q_start and e >= q_end]
            if covering:
                i = max(covering)
                if (i, la) in chosen:
                    s0, e0 = chosen[(i, la)]
                    chosen[(i, la)] = (min(s0, q_start), max(e0, q_end))
                else:
                    chosen[(i, la)] = (q_start, q_end)
            q_start = _add_months(q_start, 3)
    return chosen


def build_main(files: Sequence[Path]) -> Main:
    rows = read_rows(files)
    periods = _select_submissions(rows)
    records: list[Event] = []
    for index, line, raw in rows:
        la = raw.get("LA_Code", "").strip()
        if (index, la) not in periods:
            continue
        ref_start, ref_end = periods[(index, la)]
        event_type = _blank(raw.get("Event_Type"))
        start = _date(raw.get("Event_Start_Date"))
        end = _date(raw.get("Event_End_Date"))
        death = _date(raw.get("Date_of_Death"))
        # Derived end date: the date of death when it falls between start and end, or after the start of an open event
        der_end = end
        if death is not None and start is not None:
            if (end is not None and start <= death <= end) or (end is None and death > start):
                der_end = death
        # 4-event-filtering.md (a row with no event type is neither a service nor not one in SQL: it drops out)
        if event_type is None or start is None or start > ref_end:
            continue
        service = event_type is not None and "service" in event_type.casefold()
        if service:
            if der_end is not None and der_end < ref_start:
                continue
        elif der_end is None or not (ref_start <= der_end <= ref_end):
            continue
        if death is not None and (death < ref_start or death < start):
            continue
        # Combined person ID; a row with none is dropped
        nhs, local = _blank(raw.get("NHS_Number")), _blank(raw.get("LA_Person_Unique_Identifier"))
        if nhs is None and local is None:
            continue
        person = nhs if nhs is not None else f"{la}_{local}"
        born = _date(raw.get("Date_of_Birth"))
        records.append(
            Event(
                file_index=index,
                line=line,
                la=la,
                person=person,
                raw=raw,
                ref_start=ref_start,
                ref_end=ref_end,
                event_type=event_type,
                start=start,
                end=der_end,
                death=death,
                birth=date(born.year, born.month, 1) if born else None,
                client_type=_clean(_CLIENT, raw.get("Client_Type")),
                service_type=_clean(_SERVICE_TYPE, raw.get("Service_Type")),
                component=_clean(_COMPONENT, raw.get("Service_Component"), keep_unknown=True),
                delivery=_clean(_DELIVERY, raw.get("Delivery_Mechanism")),
                outcome=_clean(_OUTCOME, raw.get("Event_Outcome")),
                accommodation=_clean(_ACCOMMODATION, raw.get("Accommodation_Status")),
            )
        )
    # Step 1: unique events, by DHSC's identifying fields (raw values, but derived person ID and end date)
    for r in records:
        t = (r.event_type or "").casefold()

        def raw(name: str, rec: Event = r) -> str:
            # raw values, compared as SQL Server compares them (case and trailing spaces ignored)
            return (_blank(rec.raw.get(name)) or "").casefold()

        r.event_ref = (
            r.la,
            r.person,
            r.start,
            None if "service" in t else r.end,
            raw("Client_Type"),
            t,
            raw("Request_Route_of_Access") if "request" in t else None,
            raw("Assessment_Type") if "assessment" in t else None,
            raw("Service_Type") if "service" in t else None,
            raw("Service_Component") if "service" in t else None,
        )
    # Step 2: an open service not found in the next reference period is cropped to the end of its period
    ref_periods: dict[str, set[tuple[date, date]]] = defaultdict(set)
    for r in records:
        ref_periods[r.la].add((r.ref_start, r.ref_end))
    refs_by_period: dict[tuple[str, date], set[tuple]] = defaultdict(set)
    for r in records:
        refs_by_period[(r.la, r.ref_start)].add(r.event_ref)
    for r in records:
        latest = max(s for s, _e in ref_periods[r.la])
        if r.ref_start == latest or not r.is_service:
            continue
        if r.end is None or r.end > r.ref_end:
            if r.event_ref not in refs_by_period.get((r.la, r.ref_end + timedelta(days=1)), set()):
                r.end = r.ref_end
    # Step 3: one record per unique event: latest reference period, open end first then latest end, outcome highest
    # in the hierarchy, most recently submitted
    best: dict[tuple, Event] = {}

    def rank(r: Event) -> tuple:
        return (r.ref_end, r.end or OPEN_END, -r.hierarchy, r.record_id)

    for r in records:
        current = best.get(r.event_ref)
        if current is None or rank(r) > rank(current):
            best[r.event_ref] = r
    events = list(best.values())
    return Main(events=events, people=_person_details(events))


# --------------------------------------------------------------------------------------------------------------------
# Latest person details (Create_personal_details_table.sql's rules, as its comments state them)
# --------------------------------------------------------------------------------------------------------------------

_COMPONENTS_FOR_HOME = (
    "Shared Lives",
    "Community supported living",
    "Extra care housing",
    "Home support or domiciliary care",
)
_SERVICE_TYPE_ORDER = {
    LTS_NURSING: 1,
    LTS_RESIDENTIAL: 2,
    LTS_COMMUNITY: 3,
    LTS_PRISON: 4,
    ST_MAX: 5,
    ST_LOW_LEVEL: 6,
    ST_OTHER: 7,
}


def _person_details(events: list[Event]) -> dict[tuple[str, str], Person]:
    by_person: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for e in events:
        by_person[e.who].append(e)
    people = {}
    for who, evs in by_person.items():
        p = Person()
        # Birth: known first, latest submission, then the earliest birth month
        born = [e for e in evs if e.birth is not None]
        if born:
            latest = max(e.ref_end for e in born)
            p.birth = min(e.birth for e in born if e.ref_end == latest)  # type: ignore[type-var]
        # Death: known first, latest submission, then the latest date
        died = [e for e in evs if e.death is not None]
        if died:
            latest = max(e.ref_end for e in died)
            p.death = max(e.death for e in died if e.ref_end == latest)  # type: ignore[type-var]
        p.accommodation = _latest_accommodation(evs)
        people[who] = p
    return people


def _latest_accommodation(evs: list[Event]) -> str:
    """Known before unknown, then latest submission, latest (open first) end, latest start; more than one status at
    the top = unknown. An unknown status is worked out from the person's latest services where they say where the
    person lives."""

    def status(e: Event) -> str:
        return "Unknown" if e.accommodation in (None, INVALID) else e.accommodation  # type: ignore[return-value]

    def key(e: Event) -> tuple:
        return (status(e) != "Unknown", e.ref_end, e.end or OPEN_END, e.start)

    top = max(key(e) for e in evs)
    found = {status(e) for e in evs if key(e) == top}
    if len(found) == 1 and "Unknown" not in found:
        return found.pop()
    services = [e for e in evs if _same(e.event_type, "Service")]
    if not services:
        return "Unknown"

    def skey(e: Event) -> tuple:
        return (
            e.end or OPEN_END,
            -_SERVICE_TYPE_ORDER.get(e.service_type or "", 99),
            e.component in _COMPONENTS_FOR_HOME,
            e.start,
        )

    top = max(skey(e) for e in services)
    latest = [e for e in services if skey(e) == top]
    types = {e.service_type for e in latest if e.service_type in _SERVICE_TYPE_ORDER}
    comps = {e.component for e in latest if e.component in _COMPONENTS_FOR_HOME}
    stype = types.pop() if len(types) == 1 else None
    comp = comps.pop() if len(comps) == 1 else None
    if stype == LTS_NURSING:
        return "Registered nursing home"
    if stype == LTS_RESIDENTIAL:
        return "Registered care home"
    if comp == "Shared Lives":
        return "Shared Lives scheme"
    if comp == "Extra care housing":
        return "Sheltered housing, extra care housing or other sheltered housing"
    if comp == "Community supported living":
        return "Supported accommodation, supported lodgings or supported group home"
    if stype == LTS_COMMUNITY and comp == "Home support or domiciliary care":
        return "Unknown: Presumed at home"
    if stype == LTS_COMMUNITY and comp is None:
        return "Unknown: Presumed in community"
    if stype == LTS_PRISON:
        return "Prison, young offenders institution or detention centre"
    return "Unknown"


# --------------------------------------------------------------------------------------------------------------------
# The measures
# --------------------------------------------------------------------------------------------------------------------

Members = tuple[set, set]  # (numerator members, denominator members)


def ascof_2bc(main: Main, start: date, end: date) -> tuple[set, set]:
    """2B/2C: people whose long-term needs were met by a new admission to residential or nursing care in the year,
    by age at admission. Returns (people 18-64, people 65+)."""
    build: list[Event] = []
    for e in main.events:
        p = main.people[e.who]
        if not (_same(e.event_type, "Service") and e.client_type == "Service user"):
            continue
        if e.service_type not in (LTS_RESIDENTIAL, LTS_NURSING) or p.birth is None:
            continue
        if p.death is not None and p.death < start:
            continue
        # "exclude any services which indicate they aren't LT res/nurs": DHSC's effect is that a blank component is
        # excluded too (blank NOT LIKE '%Short%' is not true in SQL)
        comp = (e.component or "").casefold()
        if e.component is None and SQL_BLANKS:
            continue
        if e.component is not None and (not ("residential" in comp or "nursing" in comp) or "short" in comp):
            continue
        build.append(e)
    by_person: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for e in build:
        by_person[e.who].append(e)
    bands: dict[tuple[str, str], str] = {}
    for who, evs in by_person.items():
        for a in evs:
            assert a.start is not None
            if (
                not (start <= a.start <= end)
                or a.outcome == "NFA: Self-funded client or under 12wk disregard"
            ):
                continue
            existing = any(
                b.start is not None and b.start < a.start and (b.end is None or (a.start - b.end).days < 365)
                for b in evs
            )
            if existing:
                continue
            age = _age(main.people[who].birth, a.start)
            if age is None or age < 18:
                continue
            band = "18 to 64" if age <= 64 else "65 and above"
            bands[who] = min(bands.get(who, band), band)  # one admission per person; the younger band if both
    return (
        {w for w, b in bands.items() if b == "18 to 64"},
        {w for w, b in bands.items() if b == "65 and above"},
    )


def ascof_2e(main: Main, start: date, end: date) -> dict[str, Members]:
    """2E: people in long-term support during the year who live in their own home or with family, by age at the end
    of their latest long-term service (capped at the year end)."""
    capped: dict[tuple[str, str], date] = {}
    for e in main.events:
        if not (
            e.client_type == "Service user"
            and _same(e.event_type, "Service")
            and e.service_type in LONG_TERM_TYPES
        ):
            continue
        if e.start is None or (e.end is not None and e.end < e.start):
            continue
        if e.start > end or (e.end is not None and e.end < start):
            continue
        c = min(e.end or OPEN_END, end)
        capped[e.who] = max(capped.get(e.who, c), c)
    out: dict[str, Members] = {"18 to 64": (set(), set()), "65 and above": (set(), set())}
    for who, last in capped.items():
        p = main.people[who]
        if p.death is not None and p.death < start:
            continue
        age = _age(p.birth, last)
        if age is None or age < 18:
            continue
        band = "18 to 64" if age <= 64 else "65 and above"
        out[band][1].add(who)
        if ACCOMMODATION_GROUP.get(p.accommodation) == 1:
            out[band][0].add(who)
    return out


_3D_CLIENT_RANK = {
    (LTS_NURSING, ""): 1,
    (LTS_RESIDENTIAL, ""): 2,
    (LTS_COMMUNITY, DP): 3,
    (LTS_COMMUNITY, PB): 4,
    (LTS_COMMUNITY, CS): 5,
    (LTS_COMMUNITY, ""): 6,
    (LTS_PRISON, PB): 7,
    (LTS_PRISON, CS): 8,
    (LTS_PRISON, ""): 9,
}


def ascof_3d_clients(main: Main, start: date, end: date) -> tuple[Members, Members]:
    """3D 1a/2a: clients in long-term community support at the year end (each placed in their highest setting) who
    have self-directed support (direct payment or managed personal budget) / a direct payment."""
    ranks: dict[tuple[str, str], int] = {}
    for e in main.events:
        p = main.people[e.who]
        if e.service_type not in LONG_TERM_TYPES or e.client_type != "Service user":
            continue
        if e.start is None or e.start > end or (e.end is not None and (e.end < e.start or e.end < end)):
            continue
        if p.death is not None and p.death < end:
            continue
        dm = DP if e.component == DP else e.delivery
        if e.service_type not in (LTS_COMMUNITY, LTS_PRISON) or (e.service_type, dm) not in _3D_CLIENT_RANK:
            dm = ""
        rank = (
            3
            if (e.service_type == LTS_COMMUNITY and e.component == DP)
            else _3D_CLIENT_RANK[(e.service_type, dm or "")]
        )
        ranks[e.who] = min(ranks.get(e.who, rank), rank)
    sds, dps, den = set(), set(), set()
    for who, rank in ranks.items():
        age = _age(main.people[who].birth, end)
        if age is not None and age < 18:
            continue
        if rank in (3, 4, 5, 6):
            den.add(who)
        if rank in (3, 4):
            sds.add(who)
        if rank == 3:
            dps.add(who)
    return (sds, den), (dps, set(den))


CARER_TYPES = ("Unpaid carer", "Unpaid carer known by association")
_CARER_RANK = {"DP": 1, "PB": 2, "CS": 3, "unknown": 4, "info": 5, "none": 6}


def _not_like(value: str | None, pattern: str) -> bool | None:
    """SQL `value NOT LIKE pattern` for a pattern without wildcards: None (unknown) when the value is blank."""
    return None if value is None else value.casefold() != pattern.casefold()


def _carer_support(e: Event) -> str | None:
    """The support a carer's event shows (3D's CASE, in its order). DHSC's effect: with a blank service component,
    `Service_Component NOT LIKE 'Direct payment'` is not true, so a personal budget or commissioned support with no
    component recorded shows no support at all (only a direct payment is recognised without a component)."""
    t, dm, comp = e.service_type, e.delivery, e.component
    outcome = e.outcome or INVALID
    not_dp = _not_like(comp, DP) is True if SQL_BLANKS else comp != DP
    if t == CARER_DIRECT:
        if dm == DP or comp == DP:
            return "DP"
        if dm == PB and not_dp:
            return "PB"
        if dm == CS and not_dp:
            return "CS"
        if dm is not None and dm not in (DP, PB, CS) and not_dp:
            return "unknown"
        if dm is None and not_dp:
            return "unknown"
    if t == CARER_INVOLVING:
        return "none"
    if e.is_type("Assessment") or e.is_type("Review"):
        return "info" if _same(outcome, "NFA: Information and advice or signposting") else "none"
    if e.is_type("Request"):
        return "info"
    return None


def ascof_3d_carers(main: Main, start: date, end: date) -> tuple[Members, Members]:
    """3D 1b/2b: carers supported in the year by direct payment, managed personal budget or commissioned support
    (each placed in their highest kind of support) who have self-directed support / a direct payment."""
    ranks: dict[tuple[str, str], int] = {}
    for e in main.events:
        p = main.people[e.who]
        if e.client_type not in CARER_TYPES or e.start is None or e.start > end:
            continue
        if e.end is not None and (e.end < start or e.end < e.start):
            continue
        if p.death is not None and p.death < start:
            continue
        in_cohort = (
            (e.service_type is None and e.outcome == "NFA: Information and advice or signposting")
            or e.service_type in (CARER_DIRECT, CARER_INVOLVING)
            or ((e.is_type("Assessment") or e.is_type("Review")) and e.service_type is None)
        )
        if not in_cohort:
            continue
        support = _carer_support(e)
        if support is None:
            continue
        rank = _CARER_RANK[support]
        ranks[e.who] = min(ranks.get(e.who, rank), rank)
    sds, dps, den = set(), set(), set()
    for who, rank in ranks.items():
        age = _age(main.people[who].birth, end)
        if age is not None and age < 18:
            continue
        if rank <= 3:
            den.add(who)
        if rank <= 2:
            sds.add(who)
        if rank == 1:
            dps.add(who)
    return (sds, den), (dps, set(den))


# ---- 2A -------------------------------------------------------------------------------------------------------------

_UNUSABLE_OUTCOMES = {
    "Continuation of support or services",
    "Progress to support planning or services",
    "Progress to assessment, review or reassessment",
    "Progress to reablement/ST-Max",
    "Release 1 specification only: Not mapped",
    INVALID,
}
_2A_DENOMINATOR = {
    LTS_COMMUNITY,
    LTS_NURSING,
    LTS_RESIDENTIAL,
    LTS_PRISON,
    ST_LOW_LEVEL,
    ST_OTHER,
    "Short term support: Residential or Nursing care",
    "NFA: Information and advice or signposting",
    "NFA: Support ended as planned",
    "NFA: Responsibility moved to another local authority",
    "NFA: Other",
    "NFA: No services offered for other reason",
    "NFA: Support ended for other reason",
    "NFA: Referral to other service within the local authority",
}
_2A_NUMERATOR = _2A_DENOMINATOR - {
    LTS_COMMUNITY,
    LTS_NURSING,
    LTS_RESIDENTIAL,
    LTS_PRISON,
    "Short term support: Residential or Nursing care",
}


def _usable(outcome: str | None) -> int:
    """2A's outcome hierarchy: outcomes that say nothing about what followed get 100 added; no outcome is 999."""
    o = outcome or INVALID
    if o not in EVENT_OUTCOME_HIERARCHY:
        return 999
    return EVENT_OUTCOME_HIERARCHY[o] + (100 if o in _UNUSABLE_OUTCOMES else 0)


@dataclass
class Cluster:
    who: tuple[str, str]
    start: date
    end: date
    outcome: str
    hierarchy: int
    final: str = ""
    step: str = ""


def _clusters(events: list[Event]) -> list[Cluster]:
    """ST-Max events of one person that overlap or follow within 7 days form one episode; its outcome is that of the
    event ending last (the most usable outcome if several end that day)."""
    evs = sorted(
        events, key=lambda e: (e.start, e.end or OPEN_END, _usable(e.outcome), tuple(-x for x in e.record_id))
    )
    groups: list[list[Event]] = []
    previous_end: date | None = None
    for e in evs:
        assert e.start is not None
        if previous_end is None or (e.start - previous_end).days > 7:
            groups.append([])
        groups[-1].append(e)
        end = e.end or OPEN_END
        previous_end = end if previous_end is None else max(previous_end, end)
    out = []
    for g in groups:
        last = max(g, key=lambda e: (e.end or OPEN_END, -_usable(e.outcome), e.record_id))
        out.append(
            Cluster(
                who=g[0].who,
                start=min(e.start for e in g),  # type: ignore[type-var]
                end=max(e.end or OPEN_END for e in g),
                outcome=last.outcome or INVALID,
                hierarchy=_usable(last.outcome),
            )
        )
    return out


_2A_SERVICE_ORDER = {
    LTS_NURSING: 1,
    LTS_RESIDENTIAL: 2,
    LTS_COMMUNITY: 3,
    LTS_PRISON: 4,
    ST_MAX: 5,
    ST_LOW_LEVEL: 6,
    ST_OTHER: 7,
}
_ST_RES_NURS = ("Short term residential care", "Short term nursing care")


def ascof_2a(main: Main, start: date, end: date) -> tuple[list[Cluster], Members]:
    """2A: episodes of reablement (ST-Max) ending in the year, for people new to services (no long-term support in
    the 91 days before), and what followed within 7 days ("sequels"): numerator = no further long-term support."""
    build = [
        e
        for e in main.events
        if e.client_type == "Service user" and e.start is not None and (e.end is None or e.end >= e.start)
    ]
    by_person: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for e in build:
        by_person[e.who].append(e)
    result: list[Cluster] = []
    for who, evs in by_person.items():
        stmax = [e for e in evs if _same(e.event_type, "Service") and e.service_type == ST_MAX]
        p = main.people[who]
        for c in _clusters(stmax):
            if not (start <= c.end <= end):
                continue
            age = _age(p.birth, c.end)
            if age is not None and age < 18:
                continue
            if p.death is not None and p.death < c.start:
                continue

            def ends(e: Event) -> date:
                return e.end or OPEN_END

            # the episode's own ST-Max events are set aside
            others = [
                e
                for e in evs
                if not (
                    c.start <= e.start <= c.end
                    and _same(e.event_type, "Service")
                    and e.service_type == ST_MAX
                )  # type: ignore[operator]
            ]
            if any(
                e.service_type in LONG_TERM_TYPES and e.start < c.start and (c.start - ends(e)).days < 91  # type: ignore[operator]
                for e in others
            ):
                continue  # not a new client
            result.append(c)
            # Step 1: died before or within 7 days of the end
            if p.death is not None and (p.death - c.end).days <= 7:
                c.final, c.step = "NFA: Deceased", "1"
                continue
            # Step 2: the episode's outcome is admission to hospital
            if c.outcome == "Admitted to hospital":
                c.final, c.step = c.outcome, "2"
                continue
            # Events starting during the episode, still going after it, starting within 7 days of its end; none at or
            # after the first later ST-Max start
            window = [
                e for e in others if e.start >= c.start and ends(e) > c.end and (e.start - c.end).days <= 7
            ]  # type: ignore[operator]
            stmax_starts = [e.start for e in window if e.service_type == ST_MAX]
            if stmax_starts:
                first = min(stmax_starts)  # type: ignore[type-var]
                window = [e for e in window if e.start < first]  # type: ignore[operator]
            # Step 3: a service follows: the highest one (short-term residential or nursing care preferred)
            services = [e for e in window if e.service_type in _2A_SERVICE_ORDER]
            if services:
                top = min(
                    services,
                    key=lambda e: (_2A_SERVICE_ORDER[e.service_type], e.component not in _ST_RES_NURS),
                )  # type: ignore[index]
                if top.service_type == ST_OTHER and top.component in _ST_RES_NURS:
                    c.final = "Short term support: Residential or Nursing care"
                else:
                    c.final = top.service_type  # type: ignore[assignment]
                c.step = "3"
                continue
            # Step 4: the most conclusive outcome among the episode's own, later non-service events', and the last
            # assessment or review ending within 14 days before the end
            candidates: list[int] = []
            if not window and c.hierarchy < 100:
                candidates.append(c.hierarchy)
            for e in window:
                h = _usable(e.outcome)
                if (
                    (c.hierarchy < 100 or h < 100)
                    and (e.outcome or INVALID) != "NFA: Support ended as planned"
                    and not _same(e.event_type, "Service")
                ):
                    candidates.append(c.hierarchy)
                    if h < 100:
                        candidates.append(h)
            nested = [e for e in others if e.start >= c.start and ends(e) > c.start and ends(e) <= c.end]  # type: ignore[operator]
            near = [
                e
                for e in nested
                if (e.is_type("Assessment") or e.is_type("Review"))
                and (c.end - ends(e)).days < 14
                and _usable(e.outcome) < 100
            ]
            if near:
                last = max(near, key=lambda e: (ends(e), -_usable(e.outcome)))
                candidates.append(_usable(last.outcome))
            if candidates:
                h = min(candidates)
                c.final = next((o for o in EVENT_OUTCOME_HIERARCHY if _usable(o) == h), INVALID)
                c.step = "4"
                continue
            # Step 5: equipment provided during the episode
            if any(_same(e.event_type, "Service") and e.component == "Equipment" for e in nested):
                c.final, c.step = ST_LOW_LEVEL, "5"
                continue
            # Step 6: unable to classify: the episode's own outcome
            c.final, c.step = c.outcome, "6"
    num = {(c.who, c.start) for c in result if c.final in _2A_NUMERATOR}
    den = {(c.who, c.start) for c in result if c.final in _2A_DENOMINATOR}
    return result, (num, den)


# ---- 2D -------------------------------------------------------------------------------------------------------------

_2D_EXCLUDED_DESTINATIONS = {"49", "50", "51", "52", "79", "87", "88"}
_2D_EXCLUDED_TREATMENT = {
    "199",
    "223",
    "290",
    "291",
    "331",
    "344",
    "345",
    "346",
    "424",
    "499",
    "501",
    "504",
    "560",
    "660",
    "661",
    "662",
    "840",
    "920",
}


@dataclass
class Spell:
    nhs: str
    admitted: date
    discharged: date
    row: dict[str, str]


def _sus_rows(sus: Path) -> list[dict[str, str]]:
    with open(sus, newline="", encoding="utf-8-sig") as handle:
        return [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in csv.DictReader(handle)]


def ascof_2d(main: Main, start: date, end: date, sus: Path) -> tuple[list[tuple], Members]:
    """2D: people 65+ discharged from hospital into reablement (discharge 7 days before to 3 days after its start) in
    the year, and whether they remained at home 12 weeks (84 days) after discharge: no death, no emergency
    readmission, no move into residential or nursing care."""
    rows = _sus_rows(sus)
    cleaned = [
        e
        for e in main.events
        if e.client_type == "Service user"
        and (main.people[e.who].death is None or main.people[e.who].death >= start)  # type: ignore[operator]
        and (e.end is None or e.end >= e.start)  # type: ignore[operator]
    ]
    lts: dict[str, list[Event]] = defaultdict(list)
    reab: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for e in cleaned:
        if e.service_type is not None and e.service_type.casefold().startswith("long"):
            lts[e.person].append(e)
        if _same(e.event_type, "Service") and e.service_type == ST_MAX and _same(e.component, "Reablement"):
            reab[e.who].append(e)

    def in_lts(nhs: str, on: date, types: tuple[str, ...]) -> bool:
        return any(b.service_type in types and b.start <= on <= (b.end or OPEN_END) for b in lts.get(nhs, []))  # type: ignore[operator]

    discharges: list[Spell] = []
    for r in rows:
        admitted, discharged = _date(r.get("Admission_Date")), _date(r.get("Discharge_Date"))
        nhs = _blank(r.get("Der_DHSC_Pseudo_NHS_Number"))
        y, m = _blank(r.get("Year_of_Birth_SUS")), _blank(r.get("Month_of_Birth_SUS"))
        if admitted is None or discharged is None or nhs is None or y is None or m is None:
            continue
        try:
            born = date(int(y), int(m), 1)
        except ValueError:
            continue
        age = _age(born, discharged)
        # NOT IN on a blank value is not true in SQL: a blank method, destination or treatment code drops the row
        adm_method, dis_method = _blank(r.get("Admission_Method")), _blank(r.get("Discharge_Method"))
        dest, tfc = _blank(r.get("Discharge_Destination")), _blank(r.get("Treatment_Function_Code"))
        if age is None or age < 65 or (SQL_BLANKS and None in (adm_method, dis_method, dest, tfc)):
            continue
        adm_method, dis_method, dest, tfc = adm_method or "", dis_method or "", dest or "", tfc or ""
        if (
            adm_method in ("31", "32", "82", "83")
            or dis_method in ("4", "5")
            or dest in _2D_EXCLUDED_DESTINATIONS
        ):
            continue
        if tfc in _2D_EXCLUDED_TREATMENT or tfc.startswith("65") or tfc.startswith("7"):
            continue
        if (
            not (admitted < discharged and start <= discharged <= end)
            or _blank(r.get("APCS_Last_Ep_Ind")) != "1"
        ):
            continue
        lsoa = _blank(r.get("Der_Postcode_LSOA_2011_Code"))
        if lsoa is None or not lsoa.upper().startswith("E"):
            continue  # England only (DHSC: LSOA to an English upper-tier council)
        if in_lts(nhs, admitted, (LTS_NURSING, LTS_RESIDENTIAL, LTS_PRISON)):
            continue  # already in residential, nursing or prison support when admitted
        discharges.append(Spell(nhs, admitted, discharged, r))
    readmissions: dict[str, list[date]] = defaultdict(list)
    for r in rows:
        admitted, discharged = _date(r.get("Admission_Date")), _date(r.get("Discharge_Date"))
        nhs = _blank(r.get("Der_DHSC_Pseudo_NHS_Number"))
        dis_method = _blank(r.get("Discharge_Method"))
        if admitted is None or discharged is None or nhs is None or (dis_method is None and SQL_BLANKS):
            continue
        if (
            admitted < discharged
            and _blank(r.get("Der_Management_Type")) in ("EM", "NE")
            and dis_method != "5"
            and _blank(r.get("APCS_Last_Ep_Ind")) == "1"
            and admitted >= start
        ):
            readmissions[nhs].append(admitted)
    by_nhs: dict[str, list[Spell]] = defaultdict(list)
    for s in discharges:
        by_nhs[s.nhs].append(s)
    linked: list[tuple] = []
    num, den = set(), set()
    for who, evs in reab.items():
        person = who[1]
        p = main.people[who]
        for c in _clusters(evs):
            spells = [
                s
                for s in by_nhs.get(person, [])
                if c.start - timedelta(days=7) <= s.discharged <= c.start + timedelta(days=3)
                and s.admitted <= c.start
            ]
            if not spells:
                continue
            d = max(s.discharged for s in spells)
            limit = d + timedelta(days=84)
            readmitted = any(a > c.start and a > d and a <= limit for a in readmissions.get(person, []))
            died = p.death is not None and d <= p.death <= limit
            moved = any(
                b.service_type in (LTS_RESIDENTIAL, LTS_NURSING) and d <= b.start <= limit  # type: ignore[operator]
                for b in lts.get(person, [])
            )
            key = (who, c.start)
            den.add(key)
            if not (readmitted or died or moved):
                num.add(key)
            linked.append((key, d, died, readmitted, moved))
    return linked, (num, den)


# --------------------------------------------------------------------------------------------------------------------


KEYS = ("2A", "2B", "2C", "2D", "2E_18_64", "2E_65_plus", "3D_1a", "3D_2a", "3D_1b", "3D_2b")
Figures = tuple[int | None, int | None, float | None]


def count_with_members(
    files: Sequence[Path],
    *,
    start: date,
    end: date,
    population: Mapping[str, int] | None = None,
    sus: Path | None = None,
) -> tuple[dict[str, Figures], dict[str, Members], Main]:
    main = build_main(files)
    figures: dict[str, Figures] = {}
    members: dict[str, Members] = {}

    def put(key: str, m: Members) -> None:
        members[key] = m
        figures[key] = (len(m[0]), len(m[1]), _percent(len(m[0]), len(m[1])))

    _clusters_2a, m2a = ascof_2a(main, start, end)
    put("2A", m2a)
    young, old = ascof_2bc(main, start, end)
    for key, people, band in (("2B", young, "18-64"), ("2C", old, "65+")):
        members[key] = (people, set())
        pop = (population or {}).get(band)
        figures[key] = (len(people), pop, _round1(len(people) / pop * 100000) if pop else None)
    if sus is None:
        figures["2D"], members["2D"] = (None, None, None), (set(), set())
    else:
        _linked, m2d = ascof_2d(main, start, end, sus)
        put("2D", m2d)
    e = ascof_2e(main, start, end)
    put("2E_18_64", e["18 to 64"])
    put("2E_65_plus", e["65 and above"])
    c1a, c2a = ascof_3d_clients(main, start, end)
    put("3D_1a", c1a)
    put("3D_2a", c2a)
    c1b, c2b = ascof_3d_carers(main, start, end)
    put("3D_1b", c1b)
    put("3D_2b", c2b)
    return figures, members, main


def count(
    files: Sequence[Path],
    *,
    start: date,
    end: date,
    population: Mapping[str, int] | None = None,
    sus: Path | None = None,
) -> dict[str, Figures]:
    return count_with_members(files, start=start, end=end, population=population, sus=sus)[0]
