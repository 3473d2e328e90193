"""Beyond one machine (docs/outcomes-at-scale.md): the same figures from Parquet in hive folders
(LA_Code=/quarter=) as from the CSV files councils send, and from each council measured alone and added up as
from one run over every council; and `outcomes_bench` on a small size."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import duckdb
import pytest
from django.core.management import call_command

from carecommons.outcomes.engine import bench, measures, partitioned
from carecommons.outcomes.engine.generate import write_area

START, END = date(2025, 4, 1), date(2026, 3, 31)
POPULATION = {"18-64": 40_000, "65+": 12_000}


@pytest.fixture(scope="module")
def two_councils(tmp_path_factory) -> dict[str, dict[str, list[Path]]]:
    """Two fictional councils (901 and 902, 600 people each, eight quarterly submissions): their CSV files as
    written and the same rows as hive-partitioned Parquet."""
    root = tmp_path_factory.mktemp("councils")
    con = duckdb.connect()
    out: dict[str, dict[str, list[Path]]] = {"csv": {}, "parquet": {}}
    for seed, code in ((5, "901"), (6, "902")):
        csvs = write_area(root / "csv" / code, people=600, seed=seed, la_code=code, workers=1)
        out["csv"][code] = csvs
        out["parquet"][code] = [bench.to_hive_parquet(con, path, root / "parquet", code)[0] for path in csvs]
    con.close()
    return out


def figures(results: dict) -> dict:
    return {
        key: (r.numerator, r.denominator, r.value, sorted((b.dimension, b.group, b.numerator, b.denominator) for b in r.breakdowns))
        for key, r in results.items()
    }


def test_hive_folders_hold_one_submission_each_under_council_and_quarter(two_councils):
    paths = two_councils["parquet"]["901"]
    assert len(paths) == 8
    assert [p.parent.name for p in paths] == [
        "quarter=2024Q2", "quarter=2024Q3", "quarter=2024Q4", "quarter=2025Q1",
        "quarter=2025Q2", "quarter=2025Q3", "quarter=2025Q4", "quarter=2026Q1",
    ]
    assert {p.parent.parent.name for p in paths} == {"LA_Code=901"}


def test_hive_partitioned_parquet_gives_the_figures_of_the_csv_files(two_councils):
    from_csv = measures.compute(two_councils["csv"]["901"], start=START, end=END, population=POPULATION)
    from_parquet = measures.compute(two_councils["parquet"]["901"], start=START, end=END, population=POPULATION)
    assert from_csv["3D_1a"].denominator and from_csv["3D_1a"].denominator > 50  # people were counted
    assert figures(from_parquet) == figures(from_csv)


def test_councils_measured_apart_and_added_up_give_the_figures_of_one_run_over_both(two_councils):
    files = two_councils["parquet"]
    together = measures.compute(files["901"] + files["902"], start=START, end=END, population=POPULATION)
    apart = partitioned.compute_by_council(files, start=START, end=END, population=POPULATION)
    one = measures.compute(files["901"], start=START, end=END, population=POPULATION)
    for key in ("2E_65_plus", "3D_1a", "3D_2b"):
        assert together[key].denominator > one[key].denominator  # the second council's people are counted too
    ascof = set(measures.KEYS)
    assert figures({k: r for k, r in apart.items() if k in ascof}) == figures({k: r for k, r in together.items() if k in ascof})
    assert together["2A"].denominator  # the short-term measure is added up too
    # a median wait cannot be added up from the councils' medians: no value, and the reason
    waits = [key for key in together if key.startswith("wait_")]
    assert waits and all(apart[key].value is None and "cannot be added up" in apart[key].reason for key in waits)


def test_a_council_code_kept_only_in_the_folder_name_is_read_as_text(tmp_path, two_councils):
    # A partitioned writer (DuckDB's PARTITION_BY, Spark, Trino) leaves the partition columns out of the files
    # and keeps them in the folder names. The code must stay "007" (read as a number it would be 7).
    source = two_councils["parquet"]["901"][-1]
    target = tmp_path / "LA_Code=007" / "quarter=2026Q1" / "CLD_20250401_20260331_007_synthetic.parquet"
    target.parent.mkdir(parents=True)
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * EXCLUDE (LA_Code) FROM read_parquet('{source}')) TO '{target}' (FORMAT parquet)")  # noqa: S608 - test paths
    from carecommons.outcomes.engine import pipeline

    con = pipeline.connect()
    pipeline.load(con, [target])
    assert con.execute("SELECT DISTINCT LA_Code FROM cld_raw").fetchall() == [("007",)]


def test_combine_leaves_a_median_without_a_value():
    from carecommons.outcomes.engine.results import MeasureResult

    parts = [{"wait_days": MeasureResult("wait_days", 10, 10, 12.0)}, {"wait_days": MeasureResult("wait_days", 4, 4, 30.0)}]
    combined = partitioned.combine(parts)
    assert combined["wait_days"].value is None
    assert "cannot be added up" in combined["wait_days"].reason


def test_outcomes_bench_times_every_step_and_reports_memory(tmp_path):
    out = StringIO()
    results = tmp_path / "bench.json"
    call_command(
        "outcomes_bench", people=400, council_people=200, reuse=str(tmp_path / "b"), results=str(results), by_council=2,
        stdout=out,
    )
    printed = out.getvalue()
    assert "national year: 16 files" in printed
    assert "07_unique_events.sql" in printed
    assert "peak resident memory" in printed
    saved = json.loads(results.read_text())
    assert saved["councils"] == 2
    assert saved["national"]["raw_rows"] > saved["council"]["raw_rows"] > 0
    assert saved["council"]["measures"] == saved["council_csv"]["measures"]
    assert saved["national"]["maxrss_mb"] > 0
    # council by council, added up: the national run's ASCOF figures
    assert {k: saved["by_council"]["measures"][k] for k in measures.KEYS} == {k: saved["national"]["measures"][k] for k in measures.KEYS}


def test_the_main_table_with_only_the_measures_columns_gives_the_figures_of_the_whole_table(two_councils):
    # measures.compute stores only the columns the measure SQL reads (pipeline.measure_columns); the figures,
    # breakdowns included, are those of the whole table DHSC's method makes.
    from carecommons.outcomes.engine import pipeline

    files = two_councils["csv"]["901"]
    con = pipeline.connect()
    pipeline.load(con, files)
    pipeline.build_main(con, START, END)  # every column
    whole = measures.compute_on(con, start=START, end=END, population=POPULATION)
    assert len(con.execute("DESCRIBE cld_main").fetchall()) > 50
    con.close()
    lean = measures.compute(files, start=START, end=END, population=POPULATION)
    assert figures(lean) == figures(whole)
    assert whole["2E_65_plus"].denominator


def test_the_measures_columns_are_columns_of_the_main_table_and_fewer():
    from carecommons.outcomes.engine import pipeline

    columns = pipeline.measure_columns()
    assert {"Der_Person_ID", "Event_Type", "Service_Type", "Der_Event_End_Date", "Ref_Period_End_Date"} <= set(columns)
    assert "Postcode" not in columns and "Event_Description" not in columns
