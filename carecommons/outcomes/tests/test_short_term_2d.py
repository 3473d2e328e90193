"""ASCOF 2D on hand-made CLD and SUS rows, counted from DHSC's Create_ASCOF_2D.sql.
Year: 1 April 2025 to 31 March 2026. Everyone is 79 at discharge (born June 1945) unless said.

  h1  discharged 1 Jun, reablement from 2 Jun, nothing after             -> linked; at home (numerator)
  h2  discharged 1 Jun, reablement from 3 Jun, emergency readmission 15 Jul (44 days) -> linked; not at home
  h3  discharged 1 Jun, reablement from 1 Jun, long-term residential care from 1 Aug (61 days) -> not at home
  h4  discharged 1 Jun, reablement 1-20 Jun, died 1 Jul                  -> linked; not at home
  h5  discharged 1 Jun, reablement from 20 Jun (19 days later)           -> not linked: a discharge only
  h6  in long-term nursing care when admitted                            -> left out altogether
  h7  aged 55                                                            -> left out altogether
  h8  discharged 1 Jun, reablement from 2 Jun, readmitted 25 Aug (85 days: after the 84) -> at home
  h10 discharged 28 May and again 1 Jun, reablement from 2 Jun           -> one episode, linked to 1 Jun; at home

Part 1 (ASCOF 2D): episodes linked to a discharge h1 h2 h3 h4 h8 h10 = 6; at home h1 h8 h10 = 3; 50.0%.
Part 2: discharges of people 65+ = h1, h2 and its readmission stay, h3, h4, h5, h8 and its readmission stay,
h10's two = 10; into reablement 6; 60.0%.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from carecommons.outcomes.engine import ascof_2d
from carecommons.outcomes.tests.short_term_rows import (
    LTS_NURSING,
    LTS_RESIDENTIAL,
    ST_MAX,
    d,
    make_tables,
    person,
    service,
)
from carecommons.rules.ascof_short_term import NO_SUS_REASON, SUS_COLUMNS

START, END = d("2025-04-01"), d("2026-03-31")


def reab(pid: str, start: str, end: str | None = "2025-07-15") -> dict:
    return service(pid, ST_MAX, start, end, "NFA: Support ended as planned", "Reablement")


def stay(pid: str, ident: str, admitted: str, discharged: str, *, born: str = "1945-06", management: str = "NE",
         **over: str) -> dict[str, str]:
    year, month = born.split("-")
    row = {
        "Der_DHSC_Pseudo_NHS_Number": pid, "APCS_Ident": ident, "Admission_Date": admitted,
        "Discharge_Date": discharged, "Admission_Method": "21", "Discharge_Method": "1",
        "Discharge_Destination": "19", "Treatment_Function_Code": "300", "APCS_Last_Ep_Ind": "1",
        "Der_Management_Type": management, "Month_of_Birth_SUS": month, "Year_of_Birth_SUS": year,
        "Sex": "2", "Der_Postcode_LSOA_2011_Code": "E01000001",
    }
    row.update(over)
    return row


def write_sus(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = SUS_COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(columns), extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


SUS_ROWS = [
    stay("h1", "A1", "2025-05-20", "2025-06-01"),
    stay("h2", "A2", "2025-05-20", "2025-06-01"),
    stay("h2", "A2R", "2025-07-15", "2025-07-20"),
    stay("h3", "A3", "2025-05-20", "2025-06-01"),
    stay("h4", "A4", "2025-05-20", "2025-06-01"),
    stay("h5", "A5", "2025-05-20", "2025-06-01"),
    stay("h6", "A6", "2025-05-20", "2025-06-01"),
    stay("h7", "A7", "2025-05-20", "2025-06-01", born="1970-03"),
    stay("h8", "A8", "2025-05-20", "2025-06-01"),
    stay("h8", "A8R", "2025-08-25", "2025-08-30"),
    stay("h10", "A10a", "2025-05-20", "2025-05-28"),
    stay("h10", "A10b", "2025-05-29", "2025-06-01"),
]

CLD_ROWS = [
    reab("h1", "2025-06-02"),
    reab("h2", "2025-06-03"),
    reab("h3", "2025-06-01", "2025-06-30"),
    service("h3", LTS_RESIDENTIAL, "2025-08-01", None, None, "Residential care"),
    reab("h4", "2025-06-01", "2025-06-20"),
    reab("h5", "2025-06-20"),
    service("h6", LTS_NURSING, "2024-01-01", None, None, "Nursing care"),
    reab("h6", "2025-06-02"),
    reab("h7", "2025-06-02"),
    reab("h8", "2025-06-02"),
    reab("h10", "2025-06-02"),
]

PEOPLE = [person(p, "1945-06-01") for p in ("h1", "h2", "h3", "h5", "h6", "h8", "h10")] + [
    person("h4", "1945-06-01", died="2025-07-01"), person("h7", "1970-03-01")]


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    make_tables(c, CLD_ROWS, PEOPLE)
    return c


def test_2d_counts_people_still_at_home_twelve_weeks_after_discharge_into_reablement(
        con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    results = {r.key: r for r in ascof_2d.measures(con, START, END, sus=write_sus(tmp_path / "sus.csv", SUS_ROWS))}
    assert (results["2D"].numerator, results["2D"].denominator, results["2D"].value) == (3, 6, 50.0)
    assert (results["2D_part2"].numerator, results["2D_part2"].denominator, results["2D_part2"].value) == (6, 10, 60.0)


def test_2d_says_why_each_linked_person_was_not_at_home(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    ascof_2d.build(con, START, END, write_sus(tmp_path / "sus.csv", SUS_ROWS))
    assert ascof_2d.outcomes(con) == [
        ("h1", 0, 0, 0), ("h10", 0, 0, 0), ("h2", 0, 1, 0), ("h3", 0, 0, 1), ("h4", 1, 0, 0), ("h8", 0, 0, 0)]
    linked = con.execute("SELECT APCS_Ident FROM st2d_result WHERE Person_ID = 'h10'").fetchall()
    assert linked == [("A10b",)]  # the later of two discharges before the same reablement


def test_2d_breaks_down_by_sus_age_band_and_sex(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    [part1, _] = ascof_2d.measures(con, START, END, sus=write_sus(tmp_path / "sus.csv", SUS_ROWS))
    groups = {(b.dimension, b.group): (b.numerator, b.denominator) for b in part1.breakdowns}
    assert groups[("age_band", "75-84")] == (3, 6)
    assert groups[("sex", "Female")] == (3, 6)


def test_2d_a_discharge_in_parquet_counts_the_same(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    csv_path = write_sus(tmp_path / "sus.csv", SUS_ROWS)
    duckdb.connect().read_csv(str(csv_path), all_varchar=True).write_parquet(str(tmp_path / "sus.parquet"))
    [part1, _] = ascof_2d.measures(con, START, END, sus=tmp_path / "sus.parquet")
    assert (part1.numerator, part1.denominator) == (3, 6)


def test_2d_without_sus_is_none_with_the_reason(con: duckdb.DuckDBPyConnection) -> None:
    part1 = ascof_2d.measures(con, START, END)[0]
    assert (part1.key, part1.numerator, part1.denominator, part1.value) == ("2D", None, None, None)
    assert part1.reason == NO_SUS_REASON == (
        "ASCOF 2D needs hospital discharges (SUS), which Client Level Data does not hold: pass --sus")


def test_2d_names_the_columns_a_sus_file_lacks(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    cols = tuple(c for c in SUS_COLUMNS if c not in ("Discharge_Date", "Sex"))
    part1 = ascof_2d.measures(con, START, END, sus=write_sus(tmp_path / "sus.csv", SUS_ROWS, cols))[0]
    assert part1.value is None
    assert "Discharge_Date" in part1.reason and "Sex" in part1.reason


@pytest.mark.parametrize(("discharged", "linked"), [
    ("2025-05-26", True),   # 7 days before reablement starts on 2 Jun
    ("2025-05-25", False),  # 8 days before
    ("2025-06-05", True),   # 3 days after (admitted before the reablement began)
    ("2025-06-06", False),  # 4 days after
])
def test_2d_a_discharge_links_from_seven_days_before_to_three_days_after_reablement_starts(
        tmp_path: Path, discharged: str, linked: bool) -> None:
    con = duckdb.connect()
    make_tables(con, [reab("k", "2025-06-02")], [person("k", "1945-06-01")])
    sus = write_sus(tmp_path / "sus.csv", [stay("k", "K1", "2025-05-20", discharged)])
    [part1, part2] = ascof_2d.measures(con, START, END, sus=sus)
    assert part1.denominator == (1 if linked else 0)
    assert part2.denominator == 1


def test_2d_an_admission_after_reablement_began_does_not_link(tmp_path: Path) -> None:
    con = duckdb.connect()
    make_tables(con, [reab("k", "2025-06-02")], [person("k", "1945-06-01")])
    sus = write_sus(tmp_path / "sus.csv", [stay("k", "K1", "2025-06-03", "2025-06-04")])
    assert ascof_2d.measures(con, START, END, sus=sus)[0].denominator == 0


def test_2d_reads_the_sus_columns_the_generator_writes() -> None:
    from carecommons.outcomes.engine.generate import SUS_FIELDS

    assert set(SUS_COLUMNS) == set(SUS_FIELDS)
