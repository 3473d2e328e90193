"""The engine on a generated area (helper A's generator): eight quarterly submissions joined."""

from __future__ import annotations

from datetime import date

from carecommons.outcomes.engine.generate import write_area
from carecommons.outcomes.engine.measures import compute


def test_measures_on_a_generated_area_are_worked_out_and_the_same_each_time(tmp_path):
    files = write_area(tmp_path, people=400, seed=7)
    first = compute(
        files, start=date(2025, 4, 1), end=date(2026, 3, 31), population={"18-64": 3000, "65+": 900}
    )
    again = compute(
        files, start=date(2025, 4, 1), end=date(2026, 3, 31), population={"18-64": 3000, "65+": 900}
    )
    assert {k: v.as_json() for k, v in first.items()} == {k: v.as_json() for k, v in again.items()}
    for key in ("2B", "2C", "2E_18_64", "2E_65_plus", "3D_1a", "3D_2a", "3D_1b", "3D_2b"):
        result = first[key]
        assert result.numerator is not None and result.denominator, key
        assert result.value is not None, key
        if key not in ("2B", "2C"):
            assert 0 <= result.numerator <= result.denominator and 0.0 <= result.value <= 100.0, key
            total = sum(b.denominator or 0 for b in result.breakdowns if b.dimension == "sex")
            assert total == result.denominator, key


def test_the_same_submissions_as_parquet_give_the_same_figures(tmp_path):
    import duckdb

    files = write_area(tmp_path / "csv", people=300, seed=11)
    parquet = []
    for path in files:
        target = tmp_path / f"{path.stem}.parquet"
        copy = f"COPY (SELECT * FROM read_csv('{path}', all_varchar = true)) TO '{target}' (FORMAT PARQUET)"  # noqa: S608
        duckdb.sql(copy)
        parquet.append(target)
    year = {"start": date(2025, 4, 1), "end": date(2026, 3, 31), "population": {"18-64": 3000, "65+": 900}}
    from_csv = {k: v.as_json() for k, v in compute(files, **year).items()}
    from_parquet = {k: v.as_json() for k, v in compute(parquet, **year).items()}
    assert from_csv == from_parquet
