"""All the ASCOF measures from CLD files: compute(sources, start=, end=, population=, sus=).

Each measure module gives `measures(con, start, end, **kw) -> list[MeasureResult]` and PERSON_TABLES (its
person-level tables, which `ascof --parquet-out` writes). Add a module to MEASURE_MODULES to add its
measures everywhere (the `ascof` command, the public page, the benchmarks).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from types import ModuleType

import duckdb

from .pipeline import build_main, connect, load, measure_columns
from .results import MeasureResult

KEYS: tuple[str, ...] = ("2A", "2B", "2C", "2D", "2E_18_64", "2E_65_plus", "3D_1a", "3D_2a", "3D_1b", "3D_2b")
"""Every ASCOF measure the engine answers for, in the order they are shown."""

# ---- MEASURE_MODULES: one line a module. 2A and 2D (helper B2, cld-short-term) go here. ----
MEASURE_MODULES: tuple[str, ...] = (
    "carecommons.outcomes.engine.ascof_2b2c",
    "carecommons.outcomes.engine.ascof_2e",
    "carecommons.outcomes.engine.ascof_3d",
    "carecommons.outcomes.engine.ascof_2a",
    "carecommons.outcomes.engine.ascof_2d",  # also "2D_part2" (DHSC's part 2: discharges into reablement)
    "carecommons.outcomes.engine.waiting",  # DHSC's waiting times: "wait_request_to_assessment" and the rest
)

NOT_AVAILABLE = "This measure is not worked out by this version of Care Commons yet."


def modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in MEASURE_MODULES]


def person_tables() -> list[str]:
    return [table for module in modules() for table in getattr(module, "PERSON_TABLES", ())]


def compute_on(
    con: duckdb.DuckDBPyConnection,
    *,
    start: date,
    end: date,
    population: Mapping[str, int] | None = None,
    sus: Path | None = None,
) -> dict[str, MeasureResult]:
    """The measures over a connection where build_main has already run. The main table covers the whole
    history in the files, so one connection can be measured for several periods (a trend by quarter, or the
    year before), as DHSC revises the previous year from its latest table:

        con = connect(); load(con, files); build_main(con, year_start, year_end)
        for first, last in periods:
            compute_on(con, start=first, end=last, population=...)
    """
    results: dict[str, MeasureResult] = {}
    for module in modules():
        for result in module.measures(con, start, end, population=population, sus=sus):
            results[result.key] = result
    return results


def compute(
    sources: Sequence[Path],
    *,
    start: date,
    end: date,
    population: Mapping[str, int] | None = None,
    sus: Path | None = None,
) -> dict[str, MeasureResult]:
    """Every measure the modules give, for the period `start` to `end`, from one council's CLD files
    (quarterly submissions, joined as DHSC joins them). Raises pipeline.CLDFileError for a bad file."""
    con = connect()
    try:
        load(con, sources)
        build_main(con, start, end, columns=measure_columns())
        return compute_on(con, start=start, end=end, population=population, sus=sus)
    finally:
        con.close()


def complete(results: Mapping[str, MeasureResult]) -> dict[str, MeasureResult]:
    """All of KEYS, in order: a measure no module gives is None with the reason."""
    out = {}
    for key in KEYS:
        out[key] = results.get(key) or MeasureResult(key, None, None, None, reason=NOT_AVAILABLE)
    for key, result in results.items():
        out.setdefault(key, result)
    return out
