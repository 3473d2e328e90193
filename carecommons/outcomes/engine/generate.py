"""Synthetic CLD: one area's quarterly submissions, written as councils send them, for tests and benchmarks.

Everything here is made up from a seed (FICTIONAL: no real person, council or figure). Each submission covers a
rolling 12 months ending at a quarter end, so an event appears in every file whose period it touches, as DHSC's
joined-submissions method expects (Main_tables/docs/methodology/3-submission-selection.md, 6-deduplication.md).

The awkward cases DHSC's method handles are all here, each in a share of people:
- the same event in several submissions, sometimes with its reference, cost, delivery mechanism or outcome
  changed between them; services still open at a period's end sent with no end date and no outcome;
- people in long-term support from before the first period, some in two settings on the year-end snapshot;
- deaths: the date of death on later submissions only, a service whose end date is after the death, a review
  recorded after the death;
- reablement (Short term support: ST-Max, component "Reablement") followed by each kind of sequel: nothing
  further, long-term community support, residential or nursing care, ongoing low-level support, other short-term
  support, support ending, admission to hospital;
- discharge from hospital into reablement (the request's route of access; the hospital stay in the SUS file);
- unpaid carers with direct payments and with commissioned support, linked to the adult they care for;
- invalid values and Release 1 spellings, in about one row in a hundred.

Fast enough for a national-size bench: people are made in chunks, each from its own seeded generator (so the
output does not depend on how many processes write it), rows are built as strings and streamed to disk.
No Django (import-linter contract); only carecommons.rules.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from carecommons.rules import cld

LAST_QUARTER_END = date(2026, 3, 31)
CHUNK = 5_000  # people per seeded chunk
SUS_FIELDS: tuple[str, ...] = (
    # The columns DHSC's ASCOF 2D script reads from SUS (ASCOF_measures/Create_ASCOF_2D.sql, stage 2).
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

# Route of access: no Release 2 list was found (rules.cld.NO_LIST_FOUND). These are SALT's STS001 route
# categories, which CLD's request module carries on; the generator needs one value meaning "discharge from
# hospital" and one for the rest.
ROUTE_HOSPITAL = "Discharge from hospital"
ROUTE_COMMUNITY = "Community / other route"
ROUTE_PLANNED = "Planned entry (transition)"

ST_MAX = "Short term support: ST-Max"
LTS_COMMUNITY = "Long term support: Community"
LTS_RESIDENTIAL = "Long term support: Residential care"
LTS_NURSING = "Long term support: Nursing care"
ST_LOW = "Short term support: Ongoing low level"
ST_OTHER = "Short term support: Other short term"
CARER_DIRECT = "Unpaid carer support: Direct to unpaid carer"
CARER_INVOLVING = "Unpaid carer support: Support involving the person cared-for"

SEQUELS: tuple[str, ...] = (
    "none",
    "community",
    "residential",
    "low_level",
    "short_other",
    "ended",
    "hospital",
)


def _q(value: str) -> str:
    """One CSV cell (RFC 4180 quoting only when needed)."""
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _months_back(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    # the last day of that month
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


@dataclass(frozen=True)
class Submission:
    index: int
    start: date
    end: date

    @property
    def name(self) -> str:
        return f"CLD_{self.start:%Y%m%d}_{self.end:%Y%m%d}"


def submissions(quarters: int = 8) -> list[Submission]:
    """The quarterly submissions, oldest first: each a rolling 12 months ending at a quarter end, the last
    ending 31 March 2026."""
    found = []
    for k in range(quarters):
        end = _months_back(LAST_QUARTER_END, 3 * (quarters - 1 - k))
        start = _months_back(end, 12) + timedelta(days=1)
        found.append(Submission(k, start, end))
    return found


def _nhs_number(index: int) -> str:
    """A number in the range NHS England keeps for testing (999 000 0000 upwards) with a correct check digit,
    or "" when the index has none (its check digit would be 10, or the range is used up)."""
    if index >= 1_000_000:
        return ""
    stem = f"999{index:06d}"
    total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return ""
    return stem + str(check)


def _weighted(values: Sequence[str], weights: Sequence[float]) -> tuple[list[str], list[float]]:
    total = 0.0
    cum = []
    for w in weights:
        total += w
        cum.append(total)
    return list(values), [c / total for c in cum]


_ETHNICITY = _weighted(
    cld.VALUE_LISTS["Ethnicity"],
    # FICTIONAL weights: mostly "White: English, ..." and a spread of the rest.
    [3 if "English" in v else 1 if not v.startswith("No data") else 2 for v in cld.VALUE_LISTS["Ethnicity"]],
)
_PSR = _weighted(
    cld.VALUE_LISTS["Primary_Support_Reason"],
    [2, 10, 1, 1, 0.5, 4, 4, 4, 0.5, 0.3, 1, 0, 1],
)
_ACCOMMODATION = _weighted(
    cld.VALUE_LISTS["Accommodation_Status"],
    [10, 6, 3, 4, 2, 0.5, 0.1, 2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 2, 1, 0.1, 0.2, 3],
)
_EMPLOYMENT = _weighted(cld.VALUE_LISTS["Employment_Status"], [1, 1, 0.5, 1, 8, 0.5, 4])


def _pick(rng: random.Random, table: tuple[list[str], list[float]]) -> str:
    values, cum = table
    x = rng.random()
    for value, c in zip(values, cum, strict=True):
        if x <= c:
            return value
    return values[-1]


class _Dates:
    """ISO strings for day ordinals, made once."""

    def __init__(self, first: date, last: date) -> None:
        self.base = first.toordinal()
        self.text = [
            (first + timedelta(days=i)).isoformat() for i in range(last.toordinal() - self.base + 400)
        ]

    def __call__(self, ordinal: int) -> str:
        return self.text[ordinal - self.base]


@dataclass
class _Event:
    kind: str  # Request, Assessment, Service, Review
    start: int  # ordinal
    end: int | None  # ordinal; None = open at the last period's end
    cells: list[str]  # the 25 event cells (end and outcome filled as when the event is over)
    changed_from: int | None = None  # submission index from which a non-identifying field changes
    changed_cells: list[str] | None = None


_EV = {name: i for i, name in enumerate(cld.EVENT_FIELDS)}
_N_EVENT = len(cld.EVENT_FIELDS)


def _cells(kind: str, ref: str, start: str, end: str, outcome: str, **more: str) -> list[str]:
    cells = [""] * _N_EVENT
    cells[_EV["Event_Type"]] = kind
    cells[_EV["Event_Reference"]] = ref
    cells[_EV["Event_Start_Date"]] = start
    cells[_EV["Event_End_Date"]] = end
    cells[_EV["Event_Outcome"]] = outcome
    for name, value in more.items():
        cells[_EV[name]] = value
    return cells


@dataclass
class _Stay:
    admission: int
    discharge: int
    emergency: bool


class _Area:
    """Makes one chunk of people and their events."""

    def __init__(self, *, seed: int, quarters: int, la_code: str) -> None:
        self.seed = seed
        self.la_code = la_code
        self.subs = submissions(quarters)
        self.first = self.subs[0].start.toordinal()
        self.last = self.subs[-1].end.toordinal()
        self.history_start = self.first - 3 * 365
        self.dates = _Dates(date.fromordinal(self.history_start - 120 * 365), self.subs[-1].end)
        self.sub_prefix = [f"{_q(la_code)},{s.start.isoformat()},{s.end.isoformat()}," for s in self.subs]
        self.sub_bounds = [(s.start.toordinal(), s.end.toordinal()) for s in self.subs]
        self.reference_day = date(2025, 9, 30).toordinal()

    # -- people ---------------------------------------------------------------------------------------------
    def chunk(self, chunk_index: int, people: int) -> tuple[list[list[str]], list[str]]:
        """Rows for each submission (lists of lines) and SUS lines for people [chunk*CHUNK, ...)."""
        rng = random.Random(f"{self.seed}:{chunk_index}")
        out: list[list[str]] = [[] for _ in self.subs]
        sus: list[str] = []
        first_person = chunk_index * CHUNK
        for index in range(first_person, min(first_person + CHUNK, people)):
            self._person(rng, index, out, sus)
        return out, sus

    def _person(self, rng: random.Random, index: int, out: list[list[str]], sus: list[str]) -> None:
        d = self.dates
        person_id = f"{self.la_code}P{index:08d}"
        nhs = _nhs_number(index) if rng.random() < 0.9 else ""
        old = rng.random() < 0.62
        age = rng.randint(65, 99) if old else rng.randint(18, 64)
        birth = self.reference_day - age * 365 - rng.randint(0, 364)
        carer = rng.random() < 0.12
        gender = "Female" if rng.random() < 0.58 else "Male"
        if rng.random() < 0.01:
            gender = "Unknown"
        died: int | None = None
        if not carer and rng.random() < (0.14 if old else 0.03):
            died = rng.randint(self.first, self.last + 60)
            if died > self.last:
                died = None
        person = [
            person_id,
            nhs,
            "",  # GP practice: not generated
            gender,
            _pick(rng, _ETHNICITY),
            d(birth),
            "",  # date of death: filled per submission
            "Unpaid carer" if carer else "Service user",
            "Social support: Support to unpaid carer" if carer else _pick(rng, _PSR),
            "",  # postcode: not generated
            _pick(rng, _ACCOMMODATION),
            _pick(rng, _EMPLOYMENT)
            if age < 65
            else "Not in paid employment: Not actively seeking work or retired",
            rng.choice(cld.YES_NO_UNKNOWN),
            "",
            "",
            "",
            "",  # the four flags: no Release 2 list found, left blank
            rng.choice(cld.VALUE_LISTS["Client_Funding_Status"]),
        ]
        quirk = rng.random()
        if quirk < 0.004:
            person[7] = "Service User" if not carer else "Carer"  # Release 1 spelling
        elif quirk < 0.006:
            person[3] = "F"  # invalid
        elif quirk < 0.007:
            person[5] = f"31/02/{1930 + rng.randint(0, 60)}"  # not a date
        elif quirk < 0.010:
            person[4] = person[4].replace(": ", " - ", 1)  # Release 1 ethnicity
        events: list[_Event] = []
        stays: list[_Stay] = []
        if carer:
            self._carer(rng, index, events)
        else:
            self._service_user(rng, events, stays, died, old)
        # Now and then a person's details change (a move into a care home, a new support reason): earlier
        # submissions carry the old ones, as a council's would.
        changed_from: int | None = None
        earlier_alive = ""
        if rng.random() < 0.08:
            changed_from = rng.randint(1, len(self.subs) - 1) if len(self.subs) > 1 else None
            before = list(person)
            before[10] = _pick(rng, _ACCOMMODATION)
            if not carer and rng.random() < 0.5:
                before[8] = _pick(rng, _PSR)
            earlier_alive = ",".join(map(_q, before))
        person_alive = ",".join(map(_q, person))
        person[6] = d(died) if died is not None else ""
        person_dead = ",".join(map(_q, person))
        for event in events:
            self._emit(event, out, person_alive, person_dead, died, changed_from, earlier_alive)
        if nhs and stays:
            sex = "1" if gender == "Male" else "2" if gender == "Female" else "0"
            bdate = date.fromordinal(birth)
            lsoa = f"E01{990000 + index % 10000:06d}"  # FICTIONAL area codes, England's prefix
            for n, stay in enumerate(stays):
                sus.append(
                    ",".join(
                        (
                            nhs,
                            f"{self.la_code}S{index:08d}{n}",
                            d(stay.admission),
                            d(stay.discharge),
                            "21" if stay.emergency else "11",
                            "1",
                            "19",
                            "300",
                            "1",
                            "EM" if stay.emergency else "EL",
                            str(bdate.month),
                            str(bdate.year),
                            sex,
                            lsoa,
                        )
                    )
                )

    # -- the two kinds of person --------------------------------------------------------------------------
    def _service_user(
        self, rng: random.Random, events: list[_Event], stays: list[_Stay], died: int | None, old: bool
    ) -> None:
        d = self.dates
        counter = [0]

        def ref(prefix: str) -> str:
            counter[0] += 1
            return f"{prefix}{rng.randint(10**7, 10**8 - 1)}-{counter[0]}"

        def cap(end: int | None) -> int | None:
            if end is not None and end > self.last + 90:
                return None
            return end

        if rng.random() < 0.28:
            # In long-term support from before the first period.
            start = rng.randint(self.history_start, self.first - 30)
            setting = rng.random()
            service = LTS_COMMUNITY if setting < 0.7 else LTS_RESIDENTIAL if setting < 0.9 else LTS_NURSING
            end = None if rng.random() < 0.75 else rng.randint(self.first, self.last)
            if died is not None and (end is None or end > died):
                # some services end when the person dies, some are closed later (end date after death)
                end = died if rng.random() < 0.6 else died + rng.randint(5, 60)
            self._long_term(rng, events, service, start, cap(end), ref, died)
            if service == LTS_COMMUNITY and rng.random() < 0.06:
                # a second setting open on the snapshot date (for example a care home stay beside home support)
                second = rng.randint(self.last - 200, self.last - 10)
                self._long_term(
                    rng, events, LTS_RESIDENTIAL, second, None if died is None else died, ref, died
                )
            return

        # A new request for support in (or just before) the periods.
        start = rng.randint(self.first - 180, self.last - 5)
        if died is not None and start > died:
            start = max(self.history_start, died - rng.randint(30, 200))
        hospital = rng.random() < (0.35 if old else 0.15)
        route = ROUTE_HOSPITAL if hospital else ROUTE_PLANNED if rng.random() < 0.05 else ROUTE_COMMUNITY
        if hospital:
            admission = start - rng.randint(2, 25)
            stays.append(_Stay(admission, start, True))
        roll = rng.random()
        if hospital and roll < 0.7 or not hospital and roll < 0.12:
            outcome = "Progress to reablement/ST-Max"
        elif roll < 0.85:
            outcome = "Progress to assessment, review or reassessment"
        else:
            outcome = rng.choice(
                (
                    "NFA: Information and advice or signposting",
                    "NFA: Referral to other service within the local authority",
                    "NFA: Support declined",
                    "NFA: Self-funded client or under 12wk disregard",
                )
            )
        request_end = start + rng.randint(0, 2)
        events.append(
            _Event(
                "Request",
                start,
                request_end,
                _cells(
                    "Request",
                    ref("R"),
                    d(start),
                    d(request_end),
                    outcome,
                    Request_Route_of_Access=route,
                ),
            )
        )
        if outcome == "Progress to reablement/ST-Max":
            self._reablement(rng, events, stays, request_end, died, ref, cap)
        elif outcome.startswith("Progress to assessment"):
            a_start = request_end + rng.randint(1, 40)
            if a_start > self.last:
                return
            a_end = a_start + rng.randint(0, 30)
            eligible = rng.random() < 0.7
            events.append(
                _Event(
                    "Assessment",
                    a_start,
                    a_end,
                    _cells(
                        "Assessment",
                        ref("A"),
                        d(a_start),
                        d(a_end),
                        "Progress to support planning or services"
                        if eligible
                        else "NFA: Information and advice or signposting",
                        Assessment_Type="Long term assessment",
                    ),
                )
            )
            if eligible and a_end + 7 <= self.last:
                lts_end: int | None = None
                if died is not None:
                    lts_end = died if rng.random() < 0.6 else died + rng.randint(5, 60)
                self._long_term(
                    rng,
                    events,
                    LTS_COMMUNITY if rng.random() < 0.8 else LTS_RESIDENTIAL,
                    a_end + rng.randint(1, 14),
                    cap(lts_end),
                    ref,
                    died,
                )
        elif old and rng.random() < 0.1:
            # a hospital stay with no social care after it (counted among all discharges in 2D's part 2)
            adm = rng.randint(self.first, self.last - 20)
            stays.append(_Stay(adm, adm + rng.randint(1, 15), True))

    def _reablement(
        self,
        rng: random.Random,
        events: list[_Event],
        stays: list[_Stay],
        after: int,
        died: int | None,
        ref: Callable[[str], str],
        cap: Callable[[int | None], int | None],
    ) -> None:
        d = self.dates
        # mostly within days of the request (DHSC's 2D links a discharge up to 7 days before reablement starts);
        # now and then later, so that the link is missed as it is in real data
        r_start = after + (rng.randint(0, 2) if rng.random() < 0.95 else rng.randint(8, 12))
        if died is not None and died < r_start:
            return
        r_end = r_start + rng.randint(10, 42)
        sequel = SEQUELS[rng.randrange(len(SEQUELS))]
        if died is not None and died < r_end:
            sequel = "ended"
        outcome = {
            "none": "NFA: Support ended as planned",
            "community": "Progress to support planning or services",
            "residential": "Progress to support planning or services",
            "low_level": "Progress to support planning or services",
            "short_other": "Progress to support planning or services",
            "ended": "NFA: Deceased"
            if died is not None and died < r_end
            else "NFA: Support ended for other reason",
            "hospital": "Admitted to hospital",
        }[sequel]
        if died is not None and died < r_end:
            r_end = died
        cost = f"{rng.randint(18, 32)}.{rng.choice(('00', '50', '25'))}"
        cells = _cells(
            "Service",
            ref("S"),
            d(r_start),
            d(r_end),
            outcome,
            Service_Type=ST_MAX,
            Service_Component="Reablement",
            Delivery_Mechanism="CASSR commissioned support",
            Unit_Cost=cost,
            Cost_Frequency_Unit_Type="Hourly",
            Planned_units_per_week=str(rng.randint(3, 14)),
        )
        if rng.random() < 0.01:
            cells[_EV["Service_Type"]] = "Short Term Support: ST-Max"  # Release 1 spelling
        if r_end - r_start > 14 and rng.random() < 0.05:
            # one episode sent as two rows (a change of provider, say) that DHSC's method joins into one cluster
            # (events no more than 7 days apart)
            middle = r_start + (r_end - r_start) // 2
            first = list(cells)
            first[_EV["Event_Reference"]] = ref("S")
            first[_EV["Event_End_Date"]] = d(middle)
            first[_EV["Event_Outcome"]] = "Continuation of support or services"
            events.append(_Event("Service", r_start, middle, first))
            r_start = middle + rng.randint(0, 3)
            cells[_EV["Event_Start_Date"]] = d(r_start)
        event = _Event("Service", r_start, cap(r_end), cells)
        if rng.random() < 0.15:
            # a later submission sends it with another reference and an uplifted cost (not identifying fields)
            changed = list(cells)
            changed[_EV["Event_Reference"]] = ref("S")
            changed[_EV["Unit_Cost"]] = f"{float(cost) * 1.04:.2f}"
            event.changed_from, event.changed_cells = self._submission_after(r_start), changed
        events.append(event)
        if rng.random() < 0.5:
            v = r_end + rng.randint(-3, 5)
            events.append(
                _Event(
                    "Review",
                    v,
                    v,
                    _cells(
                        "Review",
                        ref("V"),
                        d(v),
                        d(v),
                        outcome,
                        Review_Reason="Review of short term support",
                    ),
                )
            )
        if sequel in ("none", "ended"):
            return
        s_start = r_end + rng.randint(0, 6)
        if s_start > self.last or (died is not None and died < s_start):
            return
        if sequel == "hospital":
            stays.append(_Stay(r_end, r_end + rng.randint(2, 20), True))
            return
        end: int | None = None
        if died is not None:
            end = died + (0 if rng.random() < 0.6 else rng.randint(5, 60))
        if sequel == "community":
            self._long_term(rng, events, LTS_COMMUNITY, s_start, cap(end), ref, died)
        elif sequel == "residential":
            self._long_term(
                rng,
                events,
                LTS_RESIDENTIAL if rng.random() < 0.6 else LTS_NURSING,
                s_start,
                cap(end),
                ref,
                died,
            )
        elif sequel == "low_level":
            e = s_start + rng.randint(30, 200)
            component = "Equipment" if rng.random() < 0.5 else "Home support or domiciliary care"
            events.append(
                _Event(
                    "Service",
                    s_start,
                    cap(e),
                    _cells(
                        "Service",
                        ref("S"),
                        d(s_start),
                        d(e),
                        "NFA: Support ended as planned",
                        Service_Type=ST_LOW,
                        Service_Component=component,
                        Delivery_Mechanism="CASSR commissioned support",
                    ),
                )
            )
        else:
            e = s_start + rng.randint(7, 42)
            component = "Short term residential care" if rng.random() < 0.7 else "Short term nursing care"
            events.append(
                _Event(
                    "Service",
                    s_start,
                    cap(e),
                    _cells(
                        "Service",
                        ref("S"),
                        d(s_start),
                        d(e),
                        "NFA: Support ended as planned",
                        Service_Type=ST_OTHER,
                        Service_Component=component,
                        Delivery_Mechanism="CASSR commissioned support",
                    ),
                )
            )

    def _long_term(
        self,
        rng: random.Random,
        events: list[_Event],
        service: str,
        start: int,
        end: int | None,
        ref: Callable[[str], str],
        died: int | None,
    ) -> None:
        if died is not None and died < start:
            return  # no support begins after a death (the events after death are reviews and late end dates)
        d = self.dates
        if service == LTS_COMMUNITY:
            mech_roll = rng.random()
            if mech_roll < 0.27:
                mechanism = "Direct payment"
                component = "Direct payment" if rng.random() < 0.6 else "Home support or domiciliary care"
            else:
                mechanism = (
                    "CASSR managed personal budget"
                    if mech_roll < 0.42
                    else "CASSR commissioned support"
                    if mech_roll < 0.95
                    else ""
                )
                c = rng.random()
                component = (
                    "Home support or domiciliary care"
                    if c < 0.7
                    else "Community supported living"
                    if c < 0.85
                    else "Extra care housing"
                    if c < 0.95
                    else "Shared Lives"
                )
            cost, unit, units = (
                f"{rng.randint(19, 30)}.{rng.choice(('00', '40', '80'))}",
                "Hourly",
                rng.randint(4, 40),
            )
        else:
            mechanism = "CASSR commissioned support"
            component = (
                "Long term residential care" if service == LTS_RESIDENTIAL else "Long term nursing care"
            )
            cost, unit, units = f"{rng.randint(700, 1400)}.00", "Weekly", 1
        outcome = (
            "NFA: Deceased"
            if died is not None and end is not None and end >= died
            else "NFA: Support ended as planned"
        )
        cells = _cells(
            "Service",
            ref("S"),
            d(start),
            d(end) if end is not None else "",
            outcome if end is not None else "",
            Service_Type=service,
            Service_Component=component,
            Delivery_Mechanism=mechanism,
            Unit_Cost=cost,
            Cost_Frequency_Unit_Type=unit,
            Planned_units_per_week=str(units),
        )
        quirk = rng.random()
        if quirk < 0.01:
            cells[_EV["Service_Type"]] = service.title()  # the Release 1 spelling ("Long Term Support: ...")
        elif quirk < 0.012:
            cells[_EV["Delivery_Mechanism"]] = "DP"  # invalid
        event = _Event("Service", start, end, cells)
        if rng.random() < 0.3:
            # costs are uplifted each April: later submissions carry the new figure
            changed = list(cells)
            changed[_EV["Unit_Cost"]] = f"{float(cost) * 1.05:.2f}"
            if rng.random() < 0.2:
                changed[_EV["Delivery_Mechanism"]] = ""
            event.changed_from, event.changed_cells = self._april_submission(), changed
        events.append(event)
        # a first review some weeks in, then yearly while the support lasts; now and then one recorded after
        # the person's death (an event after death)
        d_ = self.dates
        day = start + rng.randint(42, 120)
        stop = min(end if end is not None else self.last, self.last)
        while day <= stop or (died is not None and day <= self.last and rng.random() < 0.05):
            if died is not None and day > died and rng.random() > 0.1:
                break
            done = day + rng.randint(0, 20)
            if done > self.last:
                break
            events.append(
                _Event(
                    "Review",
                    day,
                    done,
                    _cells("Review", ref("V"), d_(day), d_(done), "Continuation of support or services"),
                )
            )
            day += 365 + rng.randint(-30, 30)

    def _carer(self, rng: random.Random, index: int, events: list[_Event]) -> None:
        d = self.dates
        cared_for = f"{self.la_code}P{max(0, index - 1 - rng.randint(0, 50)):08d}"
        a_start = rng.randint(self.first - 120, self.last - 10)
        a_end = a_start + rng.randint(0, 20)
        hours = str(rng.choice((10, 20, 35, 50, 70)))
        carer_cells = {
            "Total_Hrs_Caring_per_week": hours,
            "No_of_adults_being_cared_for": "1",
            "Adult_1_Linked_Person_ID": cared_for,
        }
        events.append(
            _Event(
                "Assessment",
                a_start,
                a_end,
                _cells(
                    "Assessment",
                    f"A{index}-1",
                    d(a_start),
                    d(a_end),
                    "Progress to support planning or services",
                    **carer_cells,
                ),
            )
        )
        s_start = a_end + rng.randint(1, 30)
        if s_start > self.last:
            return
        roll = rng.random()
        if roll < 0.45:
            service, component, mechanism = CARER_DIRECT, "Direct payment", "Direct payment"
        elif roll < 0.8:
            service, component, mechanism = CARER_DIRECT, "", "CASSR commissioned support"
        else:
            service, component, mechanism = CARER_INVOLVING, "", "CASSR commissioned support"
        s_end = s_start + rng.randint(0, 365) if rng.random() < 0.6 else None
        end = s_end if s_end is None or s_end <= self.last + 90 else None
        events.append(
            _Event(
                "Service",
                s_start,
                end,
                _cells(
                    "Service",
                    f"S{index}-2",
                    d(s_start),
                    d(end) if end else "",
                    "NFA: Support ended as planned" if end else "",
                    Service_Type=service,
                    Service_Component=component,
                    Delivery_Mechanism=mechanism,
                    Unit_Cost=f"{rng.randint(150, 600)}.00",
                    Cost_Frequency_Unit_Type="One-off",
                    Planned_units_per_week="",
                    **carer_cells,
                ),
            )
        )

    def _april_submission(self) -> int:
        for s in self.subs:
            if s.end.month == 6:  # the first submission after an April uplift
                return s.index
        return len(self.subs)

    def _submission_after(self, day: int) -> int:
        for s, (_, end) in zip(self.subs, self.sub_bounds, strict=True):
            if end >= day + 100:
                return s.index
        return len(self.subs)

    # -- writing ------------------------------------------------------------------------------------------
    def _emit(
        self,
        event: _Event,
        out: list[list[str]],
        alive: str,
        dead: str,
        died: int | None,
        person_changed_from: int | None = None,
        earlier: str = "",
    ) -> None:
        cells = event.cells
        service = event.kind == "Service"
        closed: str | None = None
        open_text: str | None = None
        changed_closed: str | None = None
        changed_open: str | None = None
        for k, (p_start, p_end) in enumerate(self.sub_bounds):
            if event.start > p_end:
                continue
            if service:
                if event.end is not None and event.end < p_start:
                    continue
                is_open = event.end is None or event.end > p_end
            else:
                # requests, assessments and reviews are sent once completed
                if event.end is None or event.end > p_end or event.end < p_start:
                    continue
                is_open = False
            changed = (
                event.changed_cells is not None and event.changed_from is not None and k >= event.changed_from
            )
            if is_open:
                if changed:
                    if changed_open is None:
                        changed_open = self._open_text(event.changed_cells or cells)
                    text = changed_open
                else:
                    if open_text is None:
                        open_text = self._open_text(cells)
                    text = open_text
            elif changed:
                if changed_closed is None:
                    changed_closed = ",".join(map(_q, event.changed_cells or cells))
                text = changed_closed
            else:
                if closed is None:
                    closed = ",".join(map(_q, cells))
                text = closed
            if died is not None and died <= p_end:
                person = dead
            elif person_changed_from is not None and k < person_changed_from:
                person = earlier
            else:
                person = alive
            out[k].append(self.sub_prefix[k] + person + "," + text)

    @staticmethod
    def _open_text(cells: list[str]) -> str:
        open_cells = list(cells)
        open_cells[_EV["Event_End_Date"]] = ""
        open_cells[_EV["Event_Outcome"]] = ""
        return ",".join(map(_q, open_cells))


def _write_chunks(args: tuple[int, int, int, int, int, str, str, bool, bool]) -> tuple[int, int]:
    """Worker: chunks [first, last) into its own part files in folder; returns (cld rows, sus rows)."""
    first, last, people, seed, quarters, la_code, folder, want_cld, want_sus = args
    area = _Area(seed=seed, quarters=quarters, la_code=la_code)
    base = Path(folder)
    handles = (
        [
            open(base / f"part-{first:07d}-{k:02d}.csv", "w", encoding="utf-8", newline="", buffering=1 << 20)
            for k in range(len(area.subs))
        ]
        if want_cld
        else []
    )
    sus_handle = (
        open(base / f"part-{first:07d}-sus.csv", "w", encoding="utf-8", newline="", buffering=1 << 20)
        if want_sus
        else None
    )
    if first == 0:
        # the first part of each file carries its header, and becomes the file (the rest are appended)
        for handle in handles:
            handle.write(",".join(cld.FIELDS) + "\n")
        if sus_handle is not None:
            sus_handle.write(",".join(SUS_FIELDS) + "\n")
    rows = sus_rows = 0
    try:
        for chunk_index in range(first, last):
            out, sus = area.chunk(chunk_index, people)
            if handles:
                for handle, lines in zip(handles, out, strict=True):
                    if lines:
                        handle.write("\n".join(lines))
                        handle.write("\n")
                        rows += len(lines)
            if sus_handle is not None and sus:
                sus_handle.write("\n".join(sus))
                sus_handle.write("\n")
                sus_rows += len(sus)
    finally:
        for handle in handles:
            handle.close()
        if sus_handle is not None:
            sus_handle.close()
    return rows, sus_rows


def _join_parts(parts: list[Path], target: Path, header: Sequence[str]) -> None:
    """The first part (which has the header) becomes the target; the others are appended to it."""
    if not parts:
        target.write_text(",".join(header) + "\n", encoding="utf-8")
        return
    shutil.move(parts[0], target)
    if len(parts) > 1:
        with open(target, "ab") as handle:
            for part in parts[1:]:
                with open(part, "rb") as source:
                    shutil.copyfileobj(source, handle, 1 << 22)


def _generate(
    folder: Path,
    *,
    people: int,
    seed: int,
    quarters: int,
    la_code: str,
    parquet: bool,
    cld_files: bool,
    sus_path: Path | None,
    workers: int | None,
) -> list[Path]:
    if people < 0 or quarters < 1:
        raise ValueError("people must be 0 or more and quarters 1 or more")
    if not (la_code.isascii() and la_code.isalnum() and len(la_code) <= 9):
        raise ValueError("la_code must be letters and digits only, up to 9 (it is part of the file names)")
    folder.mkdir(parents=True, exist_ok=True)
    subs = submissions(quarters)
    chunks = (people + CHUNK - 1) // CHUNK
    if workers is None:
        workers = min(os.cpu_count() or 1, 2) if chunks >= 8 else 1
    with tempfile.TemporaryDirectory(dir=folder, prefix=".parts-") as tmp:
        bounds = [(chunks * w // workers, chunks * (w + 1) // workers) for w in range(workers)]
        jobs = [
            (a, b, people, seed, quarters, la_code, tmp, cld_files, sus_path is not None)
            for a, b in bounds
            if b > a
        ]
        if workers > 1 and len(jobs) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                list(pool.map(_write_chunks, jobs))
        else:
            for job in jobs:
                _write_chunks(job)
        written: list[Path] = []
        if cld_files:
            for s in subs:
                target = folder / f"{s.name}_{la_code}_synthetic.csv"
                _join_parts(
                    [Path(tmp) / f"part-{a:07d}-{s.index:02d}.csv" for a, b in bounds if b > a],
                    target,
                    cld.FIELDS,
                )
                written.append(target)
        if sus_path is not None:
            sus_path.parent.mkdir(parents=True, exist_ok=True)
            _join_parts(
                [Path(tmp) / f"part-{a:07d}-sus.csv" for a, b in bounds if b > a], sus_path, SUS_FIELDS
            )
    if parquet and written:
        written = [to_parquet(path) for path in written]
    return written


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def to_parquet(csv_path: Path) -> Path:
    """The same file as Parquet (every column VARCHAR, the CSV removed); DuckDB does the writing."""
    import duckdb

    target = csv_path.with_suffix(".parquet")
    con = duckdb.connect()
    try:
        # DuckDB takes no parameters in COPY's file names: both are quoted as SQL string literals
        source, dest = (_sql_text(str(p)) for p in (csv_path, target))
        sql = (
            f"COPY (SELECT * FROM read_csv({source}, header=true, all_varchar=true, quote='\"', escape='\"')) "  # noqa: S608
            f"TO {dest} (FORMAT parquet, COMPRESSION zstd)"
        )
        con.execute(sql)
    finally:
        con.close()
    csv_path.unlink()
    return target


def write_area(
    folder: Path,
    *,
    people: int,
    seed: int,
    quarters: int = 8,
    la_code: str = "999",
    parquet: bool = False,
    sus_path: Path | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Write one area's quarterly CLD submissions into `folder` (oldest first) and return their paths.

    Deterministic for (people, seed, quarters, la_code), whatever `workers`. With `sus_path`, also writes the
    hospital stays of the same people (see `write_sus`)."""
    return _generate(
        Path(folder),
        people=people,
        seed=seed,
        quarters=quarters,
        la_code=la_code,
        parquet=parquet,
        cld_files=True,
        sus_path=Path(sus_path) if sus_path else None,
        workers=workers,
    )


def write_sus(
    path: Path, *, people: int, seed: int, quarters: int = 8, la_code: str = "999", workers: int | None = None
) -> Path:
    """Write the hospital stays (SUS, in the columns DHSC's 2D script reads) of the people `write_area` makes
    with the same arguments: discharges into reablement, readmissions after reablement, and discharges with no
    social care after them. Linked by NHS number (our files are not pseudonymised: the NHS number stands for
    DHSC's pseudonymised one); people without one cannot be linked, as in DHSC's data."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        _generate(
            Path(tmp),
            people=people,
            seed=seed,
            quarters=quarters,
            la_code=la_code,
            parquet=False,
            cld_files=False,
            sus_path=path,
            workers=workers,
        )
    return path
