"""Client Level Data (CLD, Release 2) from Care Commons' own records, and Care Commons' own measures.

`export_to_file(path, start=, end=)` writes one row per event (request, assessment, service, review) that belongs to
the reporting period, each with its person's details, in the columns `carecommons.rules.cld.FIELDS`: CSV, or Parquet
when the file name ends in ``.parquet``. Every value comes from a recorded fact; anything Care Commons does not record
is left blank, as the specification allows. The decisions (which Care Commons category becomes which CLD value) are
pure functions in `carecommons.rules.cld_mapping`.

Records are read in bulk, each kind in one query ordered by person (`iterator()`, never a query per person), and
merged person by person as the file is written, so memory stays flat however many people there are. The file is
written to a temporary file beside the target and renamed into place: nothing half-written is ever left.

This is a council's statutory return, not anyone reading a person's record: it does not go through
`people.access.open_record` (one access event per person per export would bury the events people read); the
`cld_export` command records the export itself (`outcomes.models.CldExport`: who ran it, when, the period, how many
rows and people, the file's SHA-256). docs/adr/0036-cld-export.md says why.

Field by field (docs/cld-export.md says the same):

=================================  ==========================================================================
Field                              Where the value comes from, or why it is blank
=================================  ==========================================================================
LA_Code                            the council's code: `--la-code`, else CARECOMMONS["LA_CODE"] (999 in a
                                   fictional area)
Reporting_Period_Start_Date        the period asked for (`--from`)
Reporting_Period_End_Date          the period asked for (`--to`)
LA_Person_Unique_Identifier        Care Commons' person id (`Person.pk`)
NHS_Number                         the NHS number the ward gave on the person's latest discharge request
                                   (issue 18); blank for everyone else
GP_Practice_Code                   blank: not recorded
Gender                             blank: not recorded
Ethnicity                          blank: not recorded
Date_of_Birth                      `Person.date_of_birth` (blank when not given)
Date_of_Death                      blank: deaths are not recorded
Client_Type                        "Unpaid carer" for a carer's assessment, plan, budget or review, else
                                   "Service user" (`cld_mapping.client_type`)
Primary_Support_Reason             blank: Care Commons records needs by outcome, not a primary support reason
Postcode                           `Person.postcode` as recorded
Accommodation_Status               blank: not recorded
Employment_Status                  blank: not recorded
Has_Unpaid_Carer                   "Yes" when someone's carer's assessment names this person as the one they
                                   care for; otherwise blank (unknown, not "No")
Autism_Spectrum_Disorder_ASD       blank: not recorded
Visual_Impairment                  blank: not recorded
Hearing_Impairment                 blank: not recorded
Dementia                           blank: recorded only in a financial assessment, to simulate funding
                                   policies; not a diagnosis, so not reported
Client_Funding_Status              blank: not recorded as CLD asks it
Event_Type                         Request, Assessment, Service or Review, by the record it comes from
Event_Reference                    the record's own reference: REQ-<request reference>, ASM-<assessment id>,
                                   SVC-<plan item id>, CH-<financial assessment id>, RB-<reablement episode
                                   id>, REV-<budget review id>
Event_Start_Date                   request: first contact; assessment: when it was started; service: the
                                   budget period's start; care home: the financial assessment's date less
                                   the weeks it records the person had lived there; review: the review date
Event_End_Date                     request: the conversation's date (withdrawn: when its booking was
                                   cancelled, if it had one; without one it is reported only in the period
                                   of its first contact); assessment: the determination's date; service:
                                   the budget period's end, if by the period's end (care home: not
                                   recorded, blank); review: the review date. Anything after the period's
                                   end is blank (still open then)
Event_Description                  blank: free text stays in Care Commons
Event_Outcome                      request: `cld_mapping.request_outcome`; assessment: `assessment_outcome`;
                                   service: `service_outcome` (care home: blank); review: `review_outcome`
Request_Route_of_Access            "Community / Other route": every request is taken from the community
Assessment_Type                    adult: "Long term assessment"; carer: "Unpaid carer assessment"
Eligible_Needs_Identified          the determination: Yes or No (blank until determined)
Method_of_Assessment               blank: Care Commons records who completed it, not how (face to face,
                                   phone, online)
Total_Hrs_Caring_per_week          blank: the carer's assessment does not ask for hours
No_of_adults_being_cared_for       carers' rows: how many people their carer's assessments name
Adult_1_Linked_Person_ID .. 3      carers' rows: the person ids of those named (the lowest three)
Service_Type                       adult's budget: "Long term support: Community"; carer's: "Unpaid carer
                                   support: Direct to unpaid carer"; a permanent care home placement (from a
                                   financial assessment for a care home): "Long term support: Residential care";
                                   an episode of reablement after hospital: "Short term support: ST-Max",
                                   component "Reablement", "CASSR commissioned support", from the day it
                                   started to the day it ended, its outcome from its sequel
                                   (`cld_mapping.reablement_outcome`)
Service_Component                  plan item kind: provider or personal assistant "Home support or
                                   domiciliary care", equipment "Equipment", activity "Other long term
                                   support"; a carer's: "Direct payment" when paid so, else "Other unpaid
                                   carer support"; a care home placement "Long term residential care"
Delivery_Mechanism                 the budget's management (a mix: the item's): direct payment "Direct
                                   payment"; council arranged or individual service fund "CASSR managed
                                   personal budget"; care home: blank (who arranged it is not recorded)
Provider_CQC_Location_ID           blank: plan items name a supplier in words, not a CQC location
Review_Reason                      "Planned review": a budget review is the planned review of the plan
Review_Outcomes_Achieved           blank: the review's findings are kept in words
Method_of_Review                   blank: not recorded
Unit_Cost                          the plan item's weekly cost (care home: the weekly fee the financial
                                   assessment records) in pounds; Care Commons keeps pence
Cost_Frequency_Unit_Type           "Weekly" (plan items and fees are costed by the week); blank with no cost
Planned_units_per_week             1 (one weekly unit); blank with no cost
=================================  ==========================================================================

Only paid plan items, permanent care home placements and reablement are services (what family, friends or a community group do is in the plan, not a service the
council provides). Only plans with an agreed personal budget have services. Requests joined into another as the
same request asked twice are left out (the kept one is reported). A person with nothing in the period is not in the
file.

`export_sus` writes the period's hospital discharges in the SUS columns DHSC's ASCOF 2D reads
(`cld_mapping.sus_discharge`; docs/cld-export.md, "Hospital discharges for ASCOF 2D").
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import heapq
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from carecommons.assessments.models import Assessment
from carecommons.budgets.models import BudgetReview, FinancialAssessment, PlanItem
from carecommons.conversations.models import Booking, ConversationRequest
from carecommons.hospital.models import DischargeRequest, ReablementEpisode
from carecommons.outcomes.engine.results import MeasureResult
from carecommons.people.models import Person
from carecommons.rules import cld_mapping as m
from carecommons.rules.ascof_short_term import SUS_COLUMNS
from carecommons.rules.cld import FIELDS

CHUNK = 5000
_INDEX = {name: i for i, name in enumerate(FIELDS)}

# (person id, start date ISO, order, fields). Each source yields its events in this order (its query is ordered by
# person, then start), so heapq.merge gives every person's events together, by date.
Event = tuple[int, str, int, dict[str, str]]


class ExportError(Exception):
    """Something about the request that stops the export, said plainly."""


def la_code_default() -> str:
    return str(settings.CARECOMMONS.get("LA_CODE") or ("999" if settings.CARECOMMONS.get("FICTIONAL") else ""))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _local(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def _as_of(end: dt.date | None, period_end: dt.date) -> dt.date | None:
    """Reported as known at the period's end: an end after it is not known yet."""
    return end if end is not None and end <= period_end else None


def _carers(end: dt.date) -> tuple[dict[int, set[int]], set[int]]:
    """Who each carer cares for (from carers' assessments naming a person, begun by the period's end), and everyone
    so named."""
    cared: dict[int, set[int]] = defaultdict(set)
    for carer, person in (Assessment.objects.filter(kind="carer", cares_for__isnull=False,
                                                    created_at__lt=_day_start(end + dt.timedelta(days=1)))
                          .values_list("person_id", "cares_for_id").iterator(chunk_size=CHUNK)):
        cared[carer].add(person)
    named = {p for people in cared.values() for p in people}
    return cared, named


def _requests(start: dt.date, end: dt.date) -> Iterator[Event]:
    followed = Assessment.objects.filter(from_conversation=OuterRef("conversation"))
    cancelled = Booking.objects.filter(request=OuterRef("pk")).order_by().values("request").annotate(
        last=Max("cancelled_at")).values("last")
    rows = (ConversationRequest.objects.filter(merged_into__isnull=True, first_contact_on__lte=end)
            .filter(Q(status__in=("waiting", "booked")) | Q(status="withdrawn")
                    | Q(conversation__held_on__gte=start) | Q(conversation__isnull=True))
            .annotate(followed=Exists(followed), cancelled=Subquery(cancelled))
            .order_by("person_id", "first_contact_on", "pk")
            .values_list("person_id", "reference", "first_contact_on", "status", "channel", "conversation__held_on",
                         "conversation__agreed", "followed", "cancelled"))
    for person_id, reference, first, status, channel, held_on, agreed, followed_, cancelled_at in rows.iterator(CHUNK):
        if status == "held" and held_on is not None:
            recorded_end = held_on
        elif status == "withdrawn":
            recorded_end = _local(cancelled_at)
        else:
            recorded_end = None
        # A withdrawn request with no recorded date belongs to the period it started in, not to every period after.
        window_end = recorded_end if recorded_end is not None or status != "withdrawn" else first
        if not m.in_period(first, window_end, period_start=start, period_end=end):
            continue
        ended = _as_of(recorded_end, end)
        if status == "held" and ended is not None:
            known = "held"
        elif status == "withdrawn" and (recorded_end is None or ended is not None):
            known = "withdrawn"
        else:
            known = "open"  # waiting, booked, or its conversation or withdrawal came after the period's end
        outcome = m.request_outcome(status=known, agreed=agreed or (), assessment_followed=bool(followed_))
        yield (person_id, first.isoformat(), 0, {
            "Client_Type": m.SERVICE_USER, "Event_Type": "Request", "Event_Reference": f"REQ-{reference}",
            "Event_Start_Date": first.isoformat(), "Event_End_Date": _iso(ended), "Event_Outcome": outcome,
            "Request_Route_of_Access": m.request_route(channel),
        })


def _assessments(start: dt.date, end: dt.date, cared: dict[int, set[int]]) -> Iterator[Event]:
    rows = (Assessment.objects.filter(status__in=("submitted", "determined"), created_at__lt=_day_start(end + dt.timedelta(days=1)))
            .filter(Q(determination__isnull=True) | Q(determination__decided_at__gte=_day_start(start)))
            .order_by("person_id", "created_at", "pk")
            .values_list("person_id", "pk", "kind", "created_at", "determination__decided_at", "determination__eligible"))
    for person_id, pk, kind, created_at, decided_at, eligible in rows.iterator(CHUNK):
        began = timezone.localdate(created_at)
        decided = _as_of(_local(decided_at), end)
        fields = {
            "Client_Type": m.client_type(kind), "Event_Type": "Assessment", "Event_Reference": f"ASM-{pk}",
            "Event_Start_Date": began.isoformat(), "Event_End_Date": _iso(decided),
            "Event_Outcome": m.assessment_outcome(eligible=eligible if decided else None),
            "Assessment_Type": m.assessment_type(kind),
            "Eligible_Needs_Identified": m.eligible_needs(eligible if decided else None),
            "Method_of_Assessment": m.method_of_assessment(""),
        }
        if kind == "carer":
            fields.update(_linked(cared.get(person_id, ())))
        yield (person_id, began.isoformat(), 1, fields)


def _linked(ids: Any) -> dict[str, str]:
    n, first, second, third = m.linked_people(ids)
    return {"No_of_adults_being_cared_for": n, "Adult_1_Linked_Person_ID": first, "Adult_2_Linked_Person_ID": second,
            "Adult_3_Linked_Person_ID": third}


def _services(start: dt.date, end: dt.date, cared: dict[int, set[int]]) -> Iterator[Event]:
    rows = (PlanItem.objects.filter(met_by="paid", plan__budget__isnull=False, plan__budget__period_start__lte=end,
                                    plan__budget__period_end__gte=start)
            .annotate(person_id=F("plan__budget__person_id"))
            .order_by("person_id", "plan__budget__period_start", "pk")
            .values_list("person_id", "pk", "plan__kind", "plan__budget__management", "managed_as", "paid_kind",
                         "weekly_cost", "plan__budget__period_start", "plan__budget__period_end"))
    for person_id, pk, kind, management, managed_as, paid_kind, weekly, began, period_end in rows.iterator(CHUNK):
        ended = m.service_end(period_end, reporting_end=end)
        mechanism = m.delivery_mechanism(management, managed_as)
        fields = {
            "Client_Type": m.client_type(kind), "Event_Type": "Service", "Event_Reference": f"SVC-{pk}",
            "Event_Start_Date": began.isoformat(), "Event_End_Date": _iso(ended), "Event_Outcome": m.service_outcome(ended),
            "Service_Type": m.service_type(kind),
            "Service_Component": m.service_component(paid_kind=paid_kind, plan_kind=kind, mechanism=mechanism),
            "Delivery_Mechanism": mechanism, "Unit_Cost": m.unit_cost(weekly) if weekly else "",
            "Cost_Frequency_Unit_Type": m.cost_frequency(weekly), "Planned_units_per_week": m.planned_units(weekly),
        }
        if kind == "carer":
            fields.update(_linked(cared.get(person_id, ())))
        yield (person_id, began.isoformat(), 2, fields)


def _care_homes(start: dt.date, end: dt.date) -> Iterator[Event]:
    """Permanent care home placements, from financial assessments for a care home: one placement a person, from
    the earliest start any of their assessments records. The end of a placement is not recorded (blank)."""
    rows = (FinancialAssessment.objects.filter(setting="care_home", resident="permanent", assessed_on__lte=end)
            .order_by("person_id", "assessed_on", "pk")
            .values_list("person_id", "pk", "assessed_on", "weeks_in_care_home", "weekly_care_cost"))
    service_type, component = m.care_home_service()
    current: int | None = None
    for person_id, pk, assessed_on, weeks, weekly in rows.iterator(CHUNK):
        if person_id == current:
            continue  # the same placement, assessed again
        current = person_id
        began = m.care_home_start(assessed_on, weeks)
        if began > end:
            continue
        weekly = weekly or 0
        yield (person_id, began.isoformat(), 2, {
            "Client_Type": m.SERVICE_USER, "Event_Type": "Service", "Event_Reference": f"CH-{pk}",
            "Event_Start_Date": began.isoformat(), "Service_Type": service_type, "Service_Component": component,
            "Unit_Cost": m.unit_cost(weekly) if weekly else "", "Cost_Frequency_Unit_Type": m.cost_frequency(weekly),
            "Planned_units_per_week": m.planned_units(weekly),
        })


def _reviews(start: dt.date, end: dt.date, cared: dict[int, set[int]]) -> Iterator[Event]:
    rows = (BudgetReview.objects.filter(reviewed_on__gte=start, reviewed_on__lte=end)
            .annotate(person_id=F("budget__person_id"))
            .order_by("person_id", "reviewed_on", "pk")
            .values_list("person_id", "pk", "budget__plan__kind", "reviewed_on", "budget__period_end"))
    for person_id, pk, kind, on, period_end in rows.iterator(CHUNK):
        fields = {
            "Client_Type": m.client_type(kind), "Event_Type": "Review", "Event_Reference": f"REV-{pk}",
            "Event_Start_Date": on.isoformat(), "Event_End_Date": on.isoformat(),
            "Event_Outcome": m.review_outcome(budget_continues=period_end > on), "Review_Reason": m.review_reason(),
        }
        if kind == "carer":
            fields.update(_linked(cared.get(person_id, ())))
        yield (person_id, on.isoformat(), 3, fields)


def _reablement(start: dt.date, end: dt.date) -> Iterator[Event]:
    """Episodes of reablement after hospital (`hospital.ReablementEpisode`): short-term support, ST-Max, from the
    day they left hospital to the day it ended, with the outcome its sequel gives (`cld_mapping.reablement_outcome`)."""
    rows = (ReablementEpisode.objects.filter(started_on__lte=end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
            .order_by("person_id", "started_on", "pk")
            .values_list("person_id", "pk", "started_on", "ended_on", "sequel"))
    service_type, component, mechanism = m.reablement_service()
    for person_id, pk, began, ended_on, sequel in rows.iterator(CHUNK):
        ended = _as_of(ended_on, end)
        yield (person_id, began.isoformat(), 2, {
            "Client_Type": m.SERVICE_USER, "Event_Type": "Service", "Event_Reference": f"RB-{pk}",
            "Event_Start_Date": began.isoformat(), "Event_End_Date": _iso(ended),
            "Event_Outcome": m.reablement_outcome(sequel if ended is not None else None),
            "Service_Type": service_type, "Service_Component": component, "Delivery_Mechanism": mechanism,
        })


def _nhs_numbers() -> Subquery:
    """A person's NHS number: as the ward gave it on their latest discharge request linked to their record."""
    return Subquery(DischargeRequest.objects.filter(person=OuterRef("pk")).order_by("-received_at", "-pk")
                    .values("nhs_number")[:1])


def _people() -> Iterator[tuple[int, dt.date | None, str, str | None]]:
    yield from (Person.objects.order_by("pk").annotate(nhs=_nhs_numbers())
                .values_list("pk", "date_of_birth", "postcode", "nhs").iterator(CHUNK))


def rows(*, start: dt.date, end: dt.date, la_code: str) -> Iterator[list[str]]:
    """Every row of the file after the header, in FIELDS order: person by person, each person's events by date."""
    cared, named = _carers(end)
    events = heapq.merge(_requests(start, end), _assessments(start, end, cared), _services(start, end, cared),
                         _care_homes(start, end), _reablement(start, end), _reviews(start, end, cared),
                         key=lambda e: e[:3])
    people = _people()
    person: tuple[int, dt.date | None, str, str | None] | None = None
    submission = {"LA_Code": la_code, "Reporting_Period_Start_Date": start.isoformat(),
                  "Reporting_Period_End_Date": end.isoformat()}
    for person_id, _, _, fields in events:
        while person is None or person[0] < person_id:
            person = next(people)
        details = {"LA_Person_Unique_Identifier": str(person_id), "NHS_Number": person[3] or "",
                   "Date_of_Birth": _iso(person[1]),
                   "Postcode": person[2], "Has_Unpaid_Carer": m.YES if person_id in named else ""}
        row = [""] * len(FIELDS)
        for source in (submission, details, fields):
            for name, value in source.items():
                row[_INDEX[name]] = value
        yield row


def check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise ExportError(f"The period starts ({start:%-d %B %Y}) after it ends ({end:%-d %B %Y}): "
                          "give the first day with --from and the last day with --to.")


@dataclass(frozen=True)
class Written:
    rows: int
    people: int
    sha256: str
    la_code: str


def export_to_file(path: Path, *, start: dt.date, end: dt.date, la_code: str | None = None) -> int:
    """Write Care Commons' records for the period as a CLD Release 2 file; return the rows written (not the header)."""
    return export(path, start=start, end=end, la_code=la_code).rows


def export(path: Path, *, start: dt.date, end: dt.date, la_code: str | None = None) -> Written:
    """Write Care Commons' records for the period as a CLD Release 2 file: rows, people and the file's SHA-256.

    CSV (UTF-8, header FIELDS, dates YYYY-MM-DD, blank = not recorded), or Parquet (the same columns, all VARCHAR)
    when the name ends in .parquet. Written to a temporary file in the same folder and renamed: the target is
    either the whole new file or untouched."""
    check_period(start, end)
    path = Path(path)
    code = la_code_default() if la_code is None else la_code
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"There is no folder {folder} to write {path.name} into.")
    parquet = path.suffix.lower() == ".parquet"
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".csv", dir=folder)
    except OSError as error:
        raise ExportError(f"Cannot write in {folder}: {error.strerror or error}.") from None
    tmp = Path(tmp_name)
    written = people = 0
    person_column, last_person = _INDEX["LA_Person_Unique_Identifier"], ""
    try:
        # One transaction: every query reads the same snapshot of the records (PostgreSQL: one snapshot per
        # query otherwise; SQLite: one read transaction), and server-side cursors need none held across commits.
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as out, transaction.atomic():
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(FIELDS)
            for row in rows(start=start, end=end, la_code=code):
                writer.writerow(row)
                written += 1
                if row[person_column] != last_person:
                    people, last_person = people + 1, row[person_column]
        if parquet:
            final_tmp = tmp.with_suffix(".parquet")
            _csv_to_parquet(tmp, final_tmp)
            tmp.unlink()
            tmp = final_tmp
        os.replace(tmp, path)
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror or error}.") from None
    finally:
        if tmp.exists() and tmp != path:
            tmp.unlink()
    digest = hashlib.sha256()
    with path.open("rb") as done:
        for block in iter(lambda: done.read(1 << 20), b""):
            digest.update(block)
    return Written(written, people, digest.hexdigest(), code)


def _csv_to_parquet(source: Path, target: Path) -> None:
    """The same rows as Parquet, every column VARCHAR (the contract accepts either), read and written by DuckDB
    without holding the file in memory."""
    import duckdb

    con = duckdb.connect()
    try:
        quoted = target.as_posix().replace("'", "''")
        columns = ", ".join(f"'{name}': 'VARCHAR'" for name in FIELDS)
        con.execute(f"COPY (SELECT * FROM read_csv(?, header = true, columns = {{{columns}}}, "  # noqa: S608 - fixed names
                    f"auto_detect = false, quote = '\"', escape = '\"')) TO '{quoted}' (FORMAT parquet)",
                    [str(source)])
    finally:
        con.close()


def own_measures(start: dt.date, end: dt.date) -> list[MeasureResult]:
    """Care Commons' own measures from its records (`outcomes.own_measures`): days from first contact to
    conversation, "did it help?", continuity of care."""
    from carecommons.outcomes.own_measures import own_measures as measured

    return measured(start, end)


# --- Hospital discharges for ASCOF 2D (issue 18) ----------------------------------------------------------------------

def _encounter_start(document: Any) -> dt.date | None:
    """The admission date the ward's system sent: the Encounter's period.start, in a Bundle's entries or contained
    in the ServiceRequest (`hospital.fhir`'s two shapes); None when it sent none (or none that reads as a date)."""
    if not isinstance(document, dict):
        return None
    resources: list[Any] = [document, *(document.get("contained") or [])]
    resources += [entry.get("resource") for entry in document.get("entry") or [] if isinstance(entry, dict)]
    for resource in resources:
        if isinstance(resource, dict) and resource.get("resourceType") == "Encounter":
            text = str((resource.get("period") or {}).get("start") or "")[:10]
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return None
    return None


def sus_rows(*, start: dt.date, end: dt.date) -> Iterator[dict[str, str]]:
    """Every discharge from hospital recorded in the period (a ward's request whose person left on a day from `start`
    to `end`), as the SUS row DHSC's ASCOF 2D reads (`cld_mapping.sus_discharge`), in the order they left.

    The NHS number is the one the CLD file carries for the person (their latest request's), so the two link; a
    request not linked to anyone's record keeps the number the ward gave. A stay on a ward whose main specialty
    (treatment function) is not recorded is left out: `sus_left_out` counts them."""
    latest = (DischargeRequest.objects.filter(person=OuterRef("person")).order_by("-received_at", "-pk")
              .values("nhs_number")[:1])
    rows = (DischargeRequest.objects.filter(plan__left_on__gte=start, plan__left_on__lte=end)
            .exclude(ward__treatment_function="")
            .annotate(person_nhs=Subquery(latest))
            .order_by("plan__left_on", "pk")
            .values_list("reference", "nhs_number", "person_nhs", "received_at", "plan__left_on", "plan__agreed_pathway",
                         "date_of_birth", "person__date_of_birth", "fhir", "ward__treatment_function"))
    for (reference, nhs, person_nhs, received_at, left_on, pathway, birth, person_birth, document,
         specialty) in rows.iterator(CHUNK):
        admitted = _encounter_start(document) or timezone.localdate(received_at)
        yield m.sus_discharge(nhs_number=person_nhs or nhs, stay=f"DR-{reference}", admitted_on=admitted,
                              left_on=left_on, pathway=pathway, date_of_birth=person_birth or birth,
                              treatment_function=specialty)


def sus_left_out(*, start: dt.date, end: dt.date) -> int:
    """Discharges in the period left out of the SUS rows because their ward's main specialty is not recorded."""
    return DischargeRequest.objects.filter(plan__left_on__gte=start, plan__left_on__lte=end,
                                           ward__treatment_function="").count()


def export_sus(path: Path, *, start: dt.date, end: dt.date) -> int:
    """Write the period's hospital discharges as a SUS-shaped CSV (`ascof --sus` reads it); return the rows written.
    Written beside the target and renamed, as the CLD file is."""
    check_period(start, end)
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ExportError(f"The hospital discharges are written as CSV: give a file name ending .csv, not {path.name}.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"There is no folder {folder} to write {path.name} into.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".csv", dir=folder)
    except OSError as error:
        raise ExportError(f"Cannot write in {folder}: {error.strerror or error}.") from None
    tmp = Path(tmp_name)
    written = 0
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as out, transaction.atomic():
            writer = csv.DictWriter(out, fieldnames=SUS_COLUMNS, lineterminator="\n")
            writer.writeheader()
            for row in sus_rows(start=start, end=end):
                writer.writerow(row)
                written += 1
        os.replace(tmp, path)
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror or error}.") from None
    finally:
        if tmp.exists() and tmp != path:
            tmp.unlink()
    return written
