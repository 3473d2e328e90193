"""Care Commons' records as a CLD Release 2 file: each kind of record becomes the right row with the right values,
nothing outside the period, nobody with nothing to report, the columns are FIELDS, Parquet holds what CSV holds,
and the command's errors are plain messages."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from carecommons.assessments.models import Assessment, Determination
from carecommons.budgets.models import BudgetReview, PersonalBudget, PlanItem, SupportPlan
from carecommons.outcomes.export import export_to_file
from carecommons.outcomes.models import CldExport
from carecommons.rules.cld import FIELDS, check_row
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _assessment(person: Any, *, by: Any, kind: str = "adult", started: dt.date, decided: dt.date | None,
                eligible: bool = True, cares_for: Any = None) -> Assessment:
    a = Assessment.objects.create(person=person, kind=kind, cares_for=cares_for, completed_by_kind="practitioner",
                                  completed_by=by, status="determined" if decided else "submitted",
                                  created_at=_at(started), updated_at=_at(started), submitted_at=_at(started))
    if decided:
        Determination.objects.create(assessment=a, decided_by=by, decided_at=_at(decided), facts={}, eligible=eligible,
                                     unmet_outcomes=["nutrition"] if eligible else [], reasons=["For a test."])
    return a


def _budget(person: Any, assessment: Assessment, *, by: Any, management: str, start: dt.date, end: dt.date,
            items: list[tuple[str, int, str]]) -> PersonalBudget:
    plan = SupportPlan.objects.create(person=person, assessment=assessment, kind=assessment.kind, unmet_count=1,
                                      drafted_by=by, status="agreed", management=management, created_at=_at(start),
                                      updated_at=_at(start), agreed_at=_at(start), agreed_by=by)
    PlanItem.objects.create(plan=plan, outcome="nutrition", met_by="family", description="My son cooks on Sundays.")
    for paid_kind, weekly, managed_as in items:
        PlanItem.objects.create(plan=plan, outcome="nutrition", met_by="paid", paid_kind=paid_kind, weekly_cost=weekly,
                                managed_as=managed_as, supplier="Kind Hands Care (fictional)", description="Help with meals.")
    return PersonalBudget.objects.create(person=person, plan=plan, management=management,
                                         weekly=sum(w for _, w, _ in items), period_start=start, period_end=end,
                                         created_at=_at(start))


@pytest.fixture
def area() -> dict[str, Any]:
    """A small fictional area: Ada (an adult with a conversation, an assessment, a mixed budget and a review), Cal
    (Ada's carer, with a carer's assessment and a direct payment), Bea (a request long before the period only),
    Nia (nothing at all), Wes (a request withdrawn in the period) and Ola (a request still waiting)."""
    worker = f.UserFactory(username="worker")
    ada = f.PersonFactory(full_name="Ada Example", date_of_birth=dt.date(1950, 6, 1), postcode="AV1 2AB")
    cal = f.PersonFactory(full_name="Cal Example", date_of_birth=dt.date(1975, 2, 3))
    bea = f.PersonFactory(full_name="Bea Example")
    nia = f.PersonFactory(full_name="Nia Example")
    wes = f.PersonFactory(full_name="Wes Example")
    ola = f.PersonFactory(full_name="Ola Example")
    held = f.RequestFactory(person=ada, first_contact_at=_at(dt.date(2025, 5, 1)), status="held", channel="phone",
                            reference="CC-ADA001")
    conversation = f.ConversationFactory(person=ada, request=held, held_on=dt.date(2025, 5, 9), practitioner=worker,
                                         agreed=["information", "assessment"])
    old = f.RequestFactory(person=bea, first_contact_at=_at(dt.date(2024, 1, 10)), status="held", reference="CC-BEA001")
    f.ConversationFactory(person=bea, request=old, held_on=dt.date(2024, 1, 20), practitioner=worker, agreed=["connect"])
    withdrawn = f.RequestFactory(person=wes, first_contact_at=_at(dt.date(2025, 9, 1)), status="withdrawn",
                                 reference="CC-WES001")
    waiting = f.RequestFactory(person=ola, first_contact_at=_at(dt.date(2026, 3, 1)), reference="CC-OLA001")
    adult = _assessment(ada, by=worker, started=dt.date(2025, 5, 12), decided=dt.date(2025, 5, 20))
    adult.from_conversation = conversation
    adult.save(update_fields=["from_conversation"])
    budget = _budget(ada, adult, by=worker, management="mixed", start=dt.date(2025, 6, 1), end=dt.date(2026, 5, 31),
                     items=[("personal_assistant", 12_345, "direct_payment"), ("equipment", 1_500, "council_arranged")])
    review = BudgetReview.objects.create(budget=budget, reviewed_on=dt.date(2025, 12, 1), reviewed_by=worker,
                                         notes="Working well; no changes.", created_at=_at(dt.date(2025, 12, 1)))
    carer = _assessment(cal, by=worker, kind="carer", cares_for=ada, started=dt.date(2025, 7, 1),
                        decided=dt.date(2025, 7, 8))
    carer_budget = _budget(cal, carer, by=worker, management="direct_payment", start=dt.date(2025, 8, 1),
                           end=dt.date(2026, 1, 31), items=[("activity", 4_000, "")])
    return {"ada": ada, "cal": cal, "bea": bea, "nia": nia, "wes": wes, "ola": ola, "held": held, "adult": adult,
            "budget": budget, "review": review, "carer": carer, "carer_budget": carer_budget, "withdrawn": withdrawn,
            "waiting": waiting}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _by_reference(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["Event_Reference"]: r for r in rows}


def test_each_kind_of_record_is_the_right_row(area: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "cld.csv"
    written = export_to_file(out, start=START, end=END, la_code="999")
    rows = _read(out)
    assert written == len(rows)
    by_ref = _by_reference(rows)
    ada, cal = str(area["ada"].pk), str(area["cal"].pk)

    request = by_ref["REQ-CC-ADA001"]
    assert (request["LA_Code"], request["Reporting_Period_Start_Date"], request["Reporting_Period_End_Date"]) == (
        "999", "2025-04-01", "2026-03-31")
    assert (request["LA_Person_Unique_Identifier"], request["Date_of_Birth"], request["Postcode"]) == (ada, "1950-06-01", "AV1 2AB")
    assert (request["Event_Type"], request["Client_Type"], request["Event_Start_Date"], request["Event_End_Date"]) == (
        "Request", "Service user", "2025-05-01", "2025-05-09")
    assert request["Event_Outcome"] == "Progress to assessment, review or reassessment"
    assert request["Request_Route_of_Access"] == "Community / Other route"
    assert request["Has_Unpaid_Carer"] == "Yes"  # Cal's carer's assessment names Ada
    assert request["NHS_Number"] == request["Gender"] == request["Ethnicity"] == request["Assessment_Type"] == ""

    assessment = by_ref[f"ASM-{area['adult'].pk}"]
    assert (assessment["Event_Type"], assessment["Assessment_Type"], assessment["Eligible_Needs_Identified"]) == (
        "Assessment", "Long term assessment", "Yes")
    assert (assessment["Event_Start_Date"], assessment["Event_End_Date"]) == ("2025-05-12", "2025-05-20")
    assert assessment["Event_Outcome"] == "Progress to support planning or services"

    items = {i.paid_kind: i for i in PlanItem.objects.filter(plan__budget=area["budget"], met_by="paid")}
    pa, equipment = by_ref[f"SVC-{items['personal_assistant'].pk}"], by_ref[f"SVC-{items['equipment'].pk}"]
    assert (pa["Service_Type"], pa["Service_Component"], pa["Delivery_Mechanism"]) == (
        "Long term support: Community", "Home support or domiciliary care", "Direct payment")
    assert (pa["Unit_Cost"], pa["Cost_Frequency_Unit_Type"], pa["Planned_units_per_week"]) == ("123.45", "Weekly", "1")
    assert (pa["Event_Start_Date"], pa["Event_End_Date"], pa["Event_Outcome"]) == ("2025-06-01", "", "")
    assert (equipment["Service_Component"], equipment["Delivery_Mechanism"], equipment["Unit_Cost"]) == (
        "Equipment", "CASSR managed personal budget", "15.00")
    assert not any(r["Event_Type"] == "Service" and r["Event_Reference"].endswith(f"-{i.pk}")
                   for i in PlanItem.objects.filter(met_by="family") for r in rows)  # family help is not a service

    review = by_ref[f"REV-{area['review'].pk}"]
    assert (review["Event_Type"], review["Event_Start_Date"], review["Event_End_Date"]) == ("Review", "2025-12-01", "2025-12-01")
    assert (review["Review_Reason"], review["Event_Outcome"]) == ("Planned review", "Continuation of support or services")

    carer_rows = [r for r in rows if r["LA_Person_Unique_Identifier"] == cal]
    assert {r["Client_Type"] for r in carer_rows} == {"Unpaid carer"}
    carer_assessment = by_ref[f"ASM-{area['carer'].pk}"]
    assert carer_assessment["Assessment_Type"] == "Unpaid carer assessment"
    assert (carer_assessment["No_of_adults_being_cared_for"], carer_assessment["Adult_1_Linked_Person_ID"],
            carer_assessment["Adult_2_Linked_Person_ID"]) == ("1", ada, "")
    [carer_service] = [r for r in carer_rows if r["Event_Type"] == "Service"]
    assert (carer_service["Service_Type"], carer_service["Service_Component"], carer_service["Delivery_Mechanism"]) == (
        "Unpaid carer support: Direct to unpaid carer", "Direct payment", "Direct payment")
    assert (carer_service["Event_End_Date"], carer_service["Event_Outcome"]) == ("2026-01-31", "NFA: Support ended as planned")
    assert carer_service["Adult_1_Linked_Person_ID"] == ada

    withdrawn = by_ref["REQ-CC-WES001"]
    assert (withdrawn["Event_Outcome"], withdrawn["Event_End_Date"]) == ("NFA: Other", "")
    waiting = by_ref["REQ-CC-OLA001"]
    assert (waiting["Event_Outcome"], waiting["Event_End_Date"]) == ("", "")

    # Each person's rows together, each person's events by date.
    people = [r["LA_Person_Unique_Identifier"] for r in rows]
    assert people == sorted(people, key=int)
    assert [r["Event_Start_Date"] for r in rows if r["LA_Person_Unique_Identifier"] == ada] == sorted(
        r["Event_Start_Date"] for r in rows if r["LA_Person_Unique_Identifier"] == ada)
    assert all(check_row(r) == [] for r in rows), [check_row(r) for r in rows if check_row(r)]


def test_nothing_outside_the_period_and_nobody_with_nothing_to_report(area: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "cld.csv"
    export_to_file(out, start=START, end=END, la_code="999")
    rows = _read(out)
    people = {r["LA_Person_Unique_Identifier"] for r in rows}
    assert str(area["bea"].pk) not in people  # only a request in 2024
    assert str(area["nia"].pk) not in people  # nothing at all
    assert all(r["Event_Start_Date"] <= "2026-03-31" for r in rows)
    assert all(r["Event_End_Date"] == "" or r["Event_End_Date"] >= "2025-04-01" for r in rows)

    # A year earlier: Bea's request is there, and Ada's events of 2025-26 are not.
    earlier = tmp_path / "earlier.csv"
    export_to_file(earlier, start=dt.date(2023, 4, 1), end=dt.date(2024, 3, 31), la_code="999")
    assert [(r["LA_Person_Unique_Identifier"], r["Event_Reference"]) for r in _read(earlier)] == [
        (str(area["bea"].pk), "REQ-CC-BEA001")]


def test_what_happened_after_the_period_is_not_known_at_its_end(area: dict[str, Any], tmp_path: Path) -> None:
    """Ending the period on 5 May 2025: Ada's conversation (9 May) had not happened, so her request is open."""
    out = tmp_path / "cld.csv"
    export_to_file(out, start=START, end=dt.date(2025, 5, 5), la_code="999")
    by_ref = _by_reference(_read(out))
    assert set(by_ref) == {"REQ-CC-ADA001"}
    assert (by_ref["REQ-CC-ADA001"]["Event_End_Date"], by_ref["REQ-CC-ADA001"]["Event_Outcome"]) == ("", "")


def test_an_assessment_not_eligible_and_one_waiting(tmp_path: Path) -> None:
    worker = f.UserFactory(username="worker2")
    person = f.PersonFactory()
    refused = _assessment(person, by=worker, started=dt.date(2025, 10, 1), decided=dt.date(2025, 10, 3), eligible=False)
    waiting = _assessment(person, by=worker, started=dt.date(2026, 3, 30), decided=None)
    out = tmp_path / "cld.csv"
    export_to_file(out, start=START, end=END, la_code="999")
    by_ref = _by_reference(_read(out))
    assert (by_ref[f"ASM-{refused.pk}"]["Eligible_Needs_Identified"], by_ref[f"ASM-{refused.pk}"]["Event_Outcome"]) == (
        "No", "NFA: Information and advice or signposting")
    assert (by_ref[f"ASM-{waiting.pk}"]["Eligible_Needs_Identified"], by_ref[f"ASM-{waiting.pk}"]["Event_End_Date"],
            by_ref[f"ASM-{waiting.pk}"]["Event_Outcome"]) == ("", "", "")


def test_a_permanent_care_home_placement_is_a_residential_service(tmp_path: Path) -> None:
    from carecommons.budgets.models import FinancialAssessment

    hal, tam = f.PersonFactory(date_of_birth=dt.date(1940, 1, 1)), f.PersonFactory()
    first = FinancialAssessment.objects.create(person=hal, assessed_on=dt.date(2025, 10, 15), setting="care_home",
                                               resident="permanent", weeks_in_care_home=2, weekly_care_cost=95_050,
                                               created_at=_at(dt.date(2025, 10, 15)))
    FinancialAssessment.objects.create(person=hal, assessed_on=dt.date(2026, 2, 1), setting="care_home",
                                       resident="permanent", weeks_in_care_home=17, created_at=_at(dt.date(2026, 2, 1)))
    FinancialAssessment.objects.create(person=tam, assessed_on=dt.date(2025, 11, 1), setting="care_home",
                                       resident="temporary", created_at=_at(dt.date(2025, 11, 1)))
    FinancialAssessment.objects.create(person=tam, assessed_on=dt.date(2025, 12, 1), setting="home",
                                       created_at=_at(dt.date(2025, 12, 1)))
    out = tmp_path / "cld.csv"
    export_to_file(out, start=START, end=END, la_code="999")
    rows = _read(out)
    assert [r["LA_Person_Unique_Identifier"] for r in rows] == [str(hal.pk)]  # a short stay and home are not placements
    [placement] = rows
    assert (placement["Event_Reference"], placement["Event_Type"], placement["Client_Type"]) == (
        f"CH-{first.pk}", "Service", "Service user")
    assert (placement["Service_Type"], placement["Service_Component"]) == (
        "Long term support: Residential care", "Long term residential care")
    assert (placement["Event_Start_Date"], placement["Event_End_Date"], placement["Delivery_Mechanism"]) == (
        "2025-10-01", "", "")
    assert (placement["Unit_Cost"], placement["Cost_Frequency_Unit_Type"], placement["Planned_units_per_week"]) == (
        "950.50", "Weekly", "1")
    assert check_row(placement) == []
    # Before the placement began, it is not in the file.
    export_to_file(out, start=dt.date(2024, 4, 1), end=dt.date(2025, 9, 30), la_code="999")
    assert _read(out) == []


def test_a_request_joined_into_another_is_reported_once(area: dict[str, Any], tmp_path: Path) -> None:
    ada, worker = area["ada"], f.UserFactory(username="merger")
    f.RequestFactory(person=ada, first_contact_at=_at(dt.date(2025, 5, 2)), status="withdrawn", reference="CC-ADA002",
                     merged_into=area["held"], merged_by=worker, merged_at=_at(dt.date(2025, 5, 3)))
    out = tmp_path / "cld.csv"
    export_to_file(out, start=START, end=END, la_code="999")
    assert "REQ-CC-ADA002" not in _by_reference(_read(out))


def test_the_columns_are_fields_and_parquet_holds_the_same_rows(area: dict[str, Any], tmp_path: Path) -> None:
    as_csv, as_parquet = tmp_path / "cld.csv", tmp_path / "cld.parquet"
    assert export_to_file(as_csv, start=START, end=END, la_code="999") == export_to_file(
        as_parquet, start=START, end=END, la_code="999")
    with as_csv.open(newline="", encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == FIELDS
    con = duckdb.connect()
    assert tuple(c[0] for c in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(as_parquet)]).fetchall()) == FIELDS
    from_parquet = [tuple("" if v is None else v for v in row)
                    for row in con.execute("SELECT * FROM read_parquet(?)", [str(as_parquet)]).fetchall()]
    from_csv = [tuple(r[name] for name in FIELDS) for r in _read(as_csv)]
    assert from_parquet == from_csv and len(from_csv) > 5
    assert not list(tmp_path.glob(".cld*"))  # no temporary file left behind


def test_an_empty_area_writes_the_header_only(tmp_path: Path) -> None:
    out = tmp_path / "cld.csv"
    assert export_to_file(out, start=START, end=END, la_code="999") == 0
    assert out.read_text(encoding="utf-8") == ",".join(FIELDS) + "\n"


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("cld_export", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_file_and_records_the_export(area: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "return.csv"
    said = _command("--from", "2025-04-01", "--to", "2026-03-31", "--out", str(out), "--la-code", "999")
    rows = _read(out)
    people = len({r["LA_Person_Unique_Identifier"] for r in rows})
    assert f"Wrote {len(rows)} rows about {people} people" in said
    record = CldExport.objects.get()
    assert (record.period_start, record.period_end, record.la_code, record.rows, record.people) == (
        START, END, "999", len(rows), people)
    import hashlib
    assert record.sha256 == hashlib.sha256(out.read_bytes()).hexdigest() and record.sha256 in said


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2025-13-01", "--to", "2026-03-31"], "--from must be a date written YYYY-MM-DD"),
    (["--from", "2025-04-01", "--to", "31/03/2026"], "--to must be a date written YYYY-MM-DD"),
    (["--from", "2026-04-01", "--to", "2025-03-31"], "The period starts (1 April 2026) after it ends (31 March 2025)"),
])
def test_the_command_refuses_bad_dates(args: list[str], message: str, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(CommandError) as refused:
        _command(*args, "--out", str(out), "--la-code", "999")
    assert message in str(refused.value)
    assert not out.exists() and not CldExport.objects.exists()


def test_the_command_refuses_a_place_it_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as no_folder:
        _command("--from", "2025-04-01", "--to", "2026-03-31", "--out", str(tmp_path / "nowhere" / "x.csv"), "--la-code", "999")
    assert "There is no folder" in str(no_folder.value)
    with pytest.raises(CommandError) as not_csv:
        _command("--from", "2025-04-01", "--to", "2026-03-31", "--out", str(tmp_path / "x.xlsx"), "--la-code", "999")
    assert "must name a .csv or .parquet file" in str(not_csv.value)
    # A folder nobody may create files in (even root cannot create files in /proc).
    with pytest.raises(CommandError) as cannot:
        _command("--from", "2025-04-01", "--to", "2026-03-31", "--out", "/proc/cld-return.csv", "--la-code", "999")
    assert "Cannot write in /proc" in str(cannot.value)
    with pytest.raises(CommandError) as folder:
        _command("--from", "2025-04-01", "--to", "2026-03-31", "--out", str(tmp_path), "--la-code", "999")
    assert "must name a .csv or .parquet file" in str(folder.value)
    (tmp_path / "already.csv").mkdir()
    with pytest.raises(CommandError) as a_folder:
        _command("--from", "2025-04-01", "--to", "2026-03-31", "--out", str(tmp_path / "already.csv"), "--la-code", "999")
    assert "names a folder" in str(a_folder.value)
    assert not CldExport.objects.exists()


def test_a_failed_export_leaves_the_old_file_untouched(area: dict[str, Any], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "return.csv"
    out.write_text("the return sent last quarter\n", encoding="utf-8")
    from carecommons.outcomes import export

    def broken(**kw: Any) -> Any:
        yield ["999"] + [""] * (len(FIELDS) - 1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "rows", broken)
    with pytest.raises(CommandError) as failed:
        _command("--from", "2025-04-01", "--to", "2026-03-31", "--out", str(out), "--la-code", "999")
    assert "No space left on device" in str(failed.value)
    assert out.read_text(encoding="utf-8") == "the return sent last quarter\n"
    assert [p.name for p in tmp_path.iterdir()] == ["return.csv"]


def test_the_command_asks_for_a_council_code_outside_a_fictional_area(tmp_path: Path, settings: Any) -> None:
    settings.CARECOMMONS = {**settings.CARECOMMONS, "LA_CODE": "", "FICTIONAL": False}
    with pytest.raises(CommandError) as refused:
        _command("--from", "2025-04-01", "--to", "2026-03-31", "--out", str(tmp_path / "x.csv"))
    assert "Give the council's CLD code with --la-code" in str(refused.value)
    for bad in ("E06000001X", "=1+1", "９９９"):
        with pytest.raises(CommandError) as refused:
            _command("--from", "2025-04-01", "--to", "2026-03-31", "--out", str(tmp_path / "x.csv"), "--la-code", bad)
        assert "letters and digits, at most 9" in str(refused.value)
    assert not (tmp_path / "x.csv").exists()


def test_the_field_by_field_table_names_every_field() -> None:
    from carecommons.outcomes import export

    doc = (Path(__file__).resolve().parents[3] / "docs" / "cld-export.md").read_text(encoding="utf-8")
    assert [name for name in FIELDS if f"| `{name}` |" not in doc] == []
    assert [name for name in FIELDS if name not in (export.__doc__ or "")
            and not name.startswith(("Adult_2", "Adult_3"))] == []


def test_records_are_read_in_bulk_never_a_query_per_person(area: dict[str, Any], tmp_path: Path) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export_to_file(tmp_path / "cld.csv", start=START, end=END, la_code="999")
        return len(captured.captured_queries)

    before = queries()
    for i in range(25):  # 25 more people, each with a request, a conversation and an assessment
        request = f.RequestFactory(first_contact_at=_at(dt.date(2025, 6, 1)), status="held", reference=f"CC-MORE{i:02d}")
        f.ConversationFactory(person=request.person, request=request, held_on=dt.date(2025, 6, 5))
        _assessment(request.person, by=area["held"].person.conversations.first().practitioner,
                    started=dt.date(2025, 6, 6), decided=dt.date(2025, 6, 9))
    assert queries() == before
    assert len(_read(tmp_path / "cld.csv")) >= 50


def test_each_persons_events_come_together_by_date_whatever_order_they_were_recorded_in(tmp_path: Path) -> None:
    worker = f.UserFactory(username="late")
    person, other = f.PersonFactory(), f.PersonFactory()
    f.RequestFactory(person=person, first_contact_at=_at(dt.date(2026, 2, 1)), reference="CC-LATE01")
    _assessment(person, by=worker, started=dt.date(2025, 12, 1), decided=dt.date(2025, 12, 5))
    f.RequestFactory(person=other, first_contact_at=_at(dt.date(2025, 4, 2)), reference="CC-OTHR01")
    f.RequestFactory(person=person, first_contact_at=_at(dt.date(2025, 5, 1)), reference="CC-EARLY1")
    out = tmp_path / "cld.csv"
    export_to_file(out, start=START, end=END, la_code="999")
    assert [(r["LA_Person_Unique_Identifier"], r["Event_Start_Date"]) for r in _read(out)] == [
        (str(person.pk), "2025-05-01"), (str(person.pk), "2025-12-01"), (str(person.pk), "2026-02-01"),
        (str(other.pk), "2025-04-02")]
