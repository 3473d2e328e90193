"""The demo area's Client Level Data: a file CLD's own check passes with no errors, and one that gives the national
measures something to count (carers with direct payments, care home placements of both age groups, reviews,
reablement after hospital and the hospital discharges for 2D)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from carecommons.outcomes.export import export_sus, export_to_file
from carecommons.rules.cld import FIELDS, check_row

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    call_command("demo_area", "--seed", "1", "--today", "2026-03-10", stdout=StringIO())
    out = tmp_path / "demo.csv"
    export_to_file(out, start=START, end=END)  # the fictional area's code, 999
    return out


def _age(row: dict[str, str]) -> int:
    born, on = dt.date.fromisoformat(row["Date_of_Birth"]), dt.date.fromisoformat(row["Event_Start_Date"])
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_the_demo_areas_return_passes_the_cld_check_and_exercises_the_measures(demo_file: Path, tmp_path: Path) -> None:
    """One build of the demo (it takes a while) for all three: the check, what there is to count, ascof's parity."""
    with demo_file.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == FIELDS and {r["LA_Code"] for r in rows} == {"999"}
    problems = [(i + 2, p) for i, r in enumerate(rows) for p in check_row(r)]
    assert problems == []

    def count(**values: str) -> int:
        return sum(all(r[k] == v for k, v in values.items()) for r in rows)

    # 3D: people and carers in long-term support, some by direct payment.
    assert count(Service_Type="Long term support: Community", Delivery_Mechanism="Direct payment") > 0
    assert count(Service_Type="Long term support: Community", Delivery_Mechanism="CASSR managed personal budget") > 0
    assert count(Client_Type="Unpaid carer", Event_Type="Service", Delivery_Mechanism="Direct payment") > 0
    assert count(Client_Type="Unpaid carer", Event_Type="Assessment", Assessment_Type="Unpaid carer assessment") > 0
    # 2B and 2C: new permanent care home placements, of working age and 65 and over, started in the year.
    placements = [r for r in rows if r["Service_Type"] == "Long term support: Residential care"
                  and START.isoformat() <= r["Event_Start_Date"] <= END.isoformat()]
    assert any(18 <= _age(r) <= 64 for r in placements) and any(_age(r) >= 65 for r in placements)
    # Reviews, requests and assessments with their outcomes.
    assert count(Event_Type="Review", Review_Reason="Planned review") > 0
    assert count(Event_Type="Request", Event_Outcome="Progress to assessment, review or reassessment") > 0
    assert count(Event_Type="Assessment", Eligible_Needs_Identified="Yes") > 0
    # 2A and 2D: reablement after hospital, ST-Max with its sequel's outcome, for people with an NHS number.
    reablement = [r for r in rows if r["Service_Type"] == "Short term support: ST-Max"]
    assert reablement and all(r["Service_Component"] == "Reablement" and r["NHS_Number"] for r in reablement)
    assert {r["Event_Outcome"] for r in reablement} >= {"NFA: Support ended as planned", "Admitted to hospital",
                                                        "Progress to support planning or services"}

    # cld_check, the command a council runs before sending, finds no problems (a problem raises CommandError).
    said = StringIO()
    call_command("cld_check", str(demo_file), stdout=said)
    assert f"{len(rows)} rows checked (CSV): no problems found." in said.getvalue()
    _ascof_from_the_records_equals_ascof_on_the_exported_file(demo_file, tmp_path)


def _ascof(*args: str) -> dict[str, dict[str, object]]:
    out = StringIO()
    call_command("ascof", *args, stdout=out)
    figures: dict[str, dict[str, object]] = json.loads(out.getvalue())
    return figures


def _ascof_from_the_records_equals_ascof_on_the_exported_file(demo_file: Path, tmp_path: Path) -> None:
    population = tmp_path / "population.csv"
    population.write_text("age_band,population\n18-64,60000\n65+,20000\n", encoding="utf-8")
    common = ("--year", "2025-26", "--population", str(population), "--json")
    sus = tmp_path / "demo-discharges.csv"
    export_sus(sus, start=START, end=END)  # what `cld_export --sus-out` writes
    from_file = _ascof(str(demo_file), "--sus", str(sus), *common)
    as_parquet = tmp_path / "demo.parquet"
    export_to_file(as_parquet, start=START, end=END)
    assert _ascof(str(as_parquet), "--sus", str(sus), *common) == from_file
    assert _ascof("--from-records", *common) == from_file  # 2D included: the records' own discharges
    # Nothing is empty: the demo gives 2B, 2C, 2E and 3D people to count, and its hospital part reablement and
    # discharges for 2A and 2D (how many fall in the months DHSC's method reads from this one file depends on the
    # demo's date: carecommons/demo/tests/test_demo_hospital.py checks what /outcomes/ shows).
    assert all(from_file[key]["numerator"] for key in ("2A", "2B", "2C", "2D", "2E_18_64", "2E_65_plus", "3D_1a",
                                                       "3D_2a", "3D_1b", "3D_2b")), from_file
    # Without the discharges the file alone cannot give 2D.
    assert _ascof(str(demo_file), *common)["2D"]["value"] is None
