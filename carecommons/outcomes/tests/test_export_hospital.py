"""Leaving hospital in the CLD rows and in ASCOF 2A and 2D (issue 18): each episode of reablement is an ST-Max service
row with its sequel's outcome, the person's NHS number is on their rows, each discharge is a SUS row, and ASCOF from
the records counts what a person counting on paper by DHSC's definitions counts, the same as ASCOF on the exported
files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from carecommons.budgets.models import FinancialAssessment
from carecommons.hospital.models import DischargePlan, DischargeRequest, ReablementEpisode, Ward
from carecommons.outcomes.export import export_sus, export_to_file, sus_left_out
from carecommons.rules.ascof_short_term import SUS_COLUMNS
from carecommons.rules.cld import check_row
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def nhs(n: int) -> str:
    """A fictional NHS number (999 is the range kept for tests) with its modulus 11 check digit."""
    for base in range(999_000_000 + n * 10, 999_000_000 + n * 10 + 10):
        digits = str(base)
        check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return digits + str(check)
    raise AssertionError


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _born(age: int, on: dt.date) -> dt.date:
    return dt.date(on.year - age, 1, 15)


def _stay(ward: Ward, n: int, *, age: int, received: dt.date, left: dt.date | None, pathway: int = 1,
          reablement_ends: dt.date | None = None, sequel: str = "", reablement: bool = True) -> Any:
    person = f.PersonFactory(full_name=f"Patient {n} (fictional)", date_of_birth=_born(age, received))
    request = DischargeRequest.objects.create(
        ward=ward, ward_identifier=f"EPR-{n}", status="left_hospital" if left else "planning", received_at=_at(received),
        sent_through="form", person=person, name=person.full_name, nhs_number=nhs(n),
        date_of_birth=person.date_of_birth, ready_on=received, proposed_pathway=pathway)
    DischargePlan.objects.create(request=request, took_part="the person", agreed_pathway=pathway, left_on=left)
    if left and reablement:
        ReablementEpisode.objects.create(request=request, person=person, started_on=left, goals="Make my own tea.",
                                         ended_on=reablement_ends, sequel=sequel)
    return person


@pytest.fixture
def discharges() -> dict[str, Any]:
    """The case counted on paper (2025-26):

    A  80, left 10 Jun 2025 into reablement, ended 15 Jul with no further support: 2D at home; 2A numerator.
    B  70, left 1 Aug 2025 into reablement, ended 1 Sep into a care home (a permanent placement from 1 Sep, within
       84 days): 2D not at home; 2A denominator only (the care home service that followed is the sequel).
    C  50, left 1 Sep 2025 into reablement, ended back in hospital: not 2D (under 65); not 2A (admitted to hospital).
    D  85, left 1 Oct 2025 home with no reablement (pathway 0): 2D part 2's discharges only.
    E  75, still on the ward (planning): nothing.
    F  90, left 1 Dec 2024 into reablement, before the year: nothing in 2025-26's 2D.

    2D: at home 1 (A) of 2 (A, B) = 50.0%. 2D part 2: 2 into reablement of 3 discharges of people 65+ (A, B, D) =
    66.7%. 2A: 1 (A) of 2 (A, B) = 50.0%.
    """
    ward = Ward.objects.create(name="Larch Ward", hospital="Ashby Vale General (fictional)", code="AVG-LARCH",
                               treatment_function="430")
    people = {
        "A": _stay(ward, 1, age=80, received=dt.date(2025, 6, 5), left=dt.date(2025, 6, 10),
                   reablement_ends=dt.date(2025, 7, 15), sequel="no_further_support"),
        "B": _stay(ward, 2, age=70, received=dt.date(2025, 7, 28), left=dt.date(2025, 8, 1),
                   reablement_ends=dt.date(2025, 9, 1), sequel="care_home"),
        "C": _stay(ward, 3, age=50, received=dt.date(2025, 8, 28), left=dt.date(2025, 9, 1),
                   reablement_ends=dt.date(2025, 9, 20), sequel="hospital"),
        "D": _stay(ward, 4, age=85, received=dt.date(2025, 9, 29), left=dt.date(2025, 10, 1), pathway=0,
                   reablement=False),
        "E": _stay(ward, 5, age=75, received=dt.date(2026, 3, 20), left=None),
        "F": _stay(ward, 6, age=90, received=dt.date(2024, 11, 28), left=dt.date(2024, 12, 1),
                   reablement_ends=dt.date(2025, 1, 10), sequel="no_further_support"),
    }
    FinancialAssessment.objects.create(  # B's permanent place, lived in for 2 weeks when assessed: from 1 Sep 2025
        person=people["B"], assessed_on=dt.date(2025, 9, 15), setting="care_home", resident="permanent",
        weeks_in_care_home=2, weekly_care_cost=95_000, capital=0, weekly_income=20_000,
        mig_category="single_pension_age", created_at=timezone.now())
    return people


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_reablement_is_an_st_max_service_row_with_its_sequels_outcome(discharges: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "cld.csv"
    export_to_file(out, start=START, end=END)
    rows = _rows(out)
    assert [p for r in rows for p in check_row(r)] == []
    reablement = {r["LA_Person_Unique_Identifier"]: r for r in rows if r["Event_Reference"].startswith("RB-")}
    a, b, c = (str(discharges[k].pk) for k in "ABC")
    assert set(reablement) == {a, b, c}  # F's ended before the year; D had none
    assert {(r["Service_Type"], r["Service_Component"], r["Delivery_Mechanism"], r["Client_Type"], r["Event_Type"])
            for r in reablement.values()} == {("Short term support: ST-Max", "Reablement", "CASSR commissioned support",
                                               "Service user", "Service")}
    assert (reablement[a]["Event_Start_Date"], reablement[a]["Event_End_Date"], reablement[a]["Event_Outcome"]) == (
        "2025-06-10", "2025-07-15", "NFA: Support ended as planned")
    assert reablement[b]["Event_Outcome"] == "Progress to support planning or services"
    assert reablement[c]["Event_Outcome"] == "Admitted to hospital"
    # the NHS number the ward gave is on every row of the person's (so DHSC's person is the same on each)
    assert {r["NHS_Number"] for r in rows if r["LA_Person_Unique_Identifier"] == b} == {nhs(2)}
    # an episode still open at the period's end has no end and no outcome
    export_to_file(out, start=dt.date(2025, 4, 1), end=dt.date(2025, 6, 30))
    early = [r for r in _rows(out) if r["Event_Reference"].startswith("RB-")]
    assert [(r["Event_End_Date"], r["Event_Outcome"]) for r in early] == [("", "")]


def test_each_discharge_in_the_period_is_a_sus_row(discharges: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "sus.csv"
    assert export_sus(out, start=START, end=END) == 4  # A, B, C, D; not E (still there) nor F (before the year)
    rows = _rows(out)
    assert tuple(rows[0]) == SUS_COLUMNS
    by_number = {r["Der_DHSC_Pseudo_NHS_Number"]: r for r in rows}
    assert set(by_number) == {nhs(1), nhs(2), nhs(3), nhs(4)}
    a = by_number[nhs(1)]
    assert (a["Admission_Date"], a["Discharge_Date"], a["Discharge_Destination"], a["Year_of_Birth_SUS"],
            a["Month_of_Birth_SUS"]) == ("2025-06-05", "2025-06-10", "19", "1945", "1")


def test_a_stay_on_a_ward_with_no_main_specialty_is_left_out_and_said(discharges: dict[str, Any],
                                                                        tmp_path: Path) -> None:
    """DHSC's 2D drops a stay whose treatment function is blank, and no "not known" code is made up: the stay is
    left out of the SUS rows, and the export says how many and why."""
    Ward.objects.update(treatment_function="")
    out = tmp_path / "sus.csv"
    assert export_sus(out, start=START, end=END) == 0
    assert sus_left_out(start=START, end=END) == 4
    said = io.StringIO()
    call_command("cld_export", "--from", "2025-04-01", "--to", "2026-03-31", "--out", str(tmp_path / "cld.csv"),
                 "--sus-out", str(out), stdout=said)
    assert "Left out 4 hospital discharges: the main specialty of the ward they left from is not recorded" in said.getvalue()
    Ward.objects.update(treatment_function="430")
    rows = _rows(out) if export_sus(out, start=START, end=END) else []
    assert {r["Treatment_Function_Code"] for r in rows} == {"430"}


def _ascof(*args: str) -> dict[str, dict[str, Any]]:
    out = io.StringIO()
    call_command("ascof", *args, stdout=out)
    figures: dict[str, dict[str, Any]] = json.loads(out.getvalue())
    return figures


def test_ascof_from_the_records_counts_2a_and_2d_as_on_paper_and_as_on_the_exported_files(
        discharges: dict[str, Any], tmp_path: Path) -> None:
    from_records = _ascof("--from-records", "--year", "2025-26", "--json")
    assert from_records["2D"] == {"numerator": 1, "denominator": 2, "value": 50.0}
    assert from_records["2A"] == {"numerator": 1, "denominator": 2, "value": 50.0}
    cld, sus = tmp_path / "cld.csv", tmp_path / "sus.csv"
    said = io.StringIO()
    call_command("cld_export", "--from", "2025-04-01", "--to", "2026-03-31", "--out", str(cld), "--sus-out", str(sus),
                 stdout=said)
    assert f"Wrote 4 hospital discharges, 1 April 2025 to 31 March 2026, to {sus}" in said.getvalue()
    assert _ascof(str(cld), "--sus", str(sus), "--year", "2025-26", "--json") == from_records
    # without the discharges, the file alone cannot give 2D
    assert _ascof(str(cld), "--year", "2025-26", "--json")["2D"]["value"] is None


def test_2d_part_2_from_the_records(discharges: dict[str, Any]) -> None:
    from carecommons.outcomes.publishing import measures_from_records

    periods, results, _ = measures_from_records(START, END, population=None)
    year = results[-1]
    assert (year["2D"].numerator, year["2D"].denominator, year["2D"].value) == (1, 2, 50.0)
    assert (year["2D_part2"].numerator, year["2D_part2"].denominator, year["2D_part2"].value) == (2, 3, 66.7)


def test_sus_out_must_be_a_csv_file_of_its_own(tmp_path: Path) -> None:
    base = ("cld_export", "--from", "2025-04-01", "--to", "2026-03-31", "--out", str(tmp_path / "c.csv"))
    with pytest.raises(CommandError, match="--sus-out must name a .csv file"):
        call_command(*base, "--sus-out", str(tmp_path / "s.parquet"))
    with pytest.raises(CommandError, match="different file"):
        call_command(*base, "--sus-out", str(tmp_path / "c.csv"))
    assert not (tmp_path / "c.csv").exists()
