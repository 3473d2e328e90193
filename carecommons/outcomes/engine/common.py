"""What the measure modules share: running a measure's SQL for a period and counting its people."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb

from carecommons.rules import ascof

from .pipeline import run_sql, set_period
from .results import Breakdown, MeasureResult

BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("age_band", "Age_Band"),
    ("sex", "Gender"),
    ("ethnicity", "Ethnicity_Grouped"),
    ("primary_support_reason", "Primary_Support_Reason"),
)
"""Each breakdown's name in MeasureResult and the column of the person-level table it reads."""


def run_measure_sql(con: duckdb.DuckDBPyConnection, name: str, start: date, end: date) -> None:
    set_period(con, start, end)
    run_sql(con, name)


def count(con: duckdb.DuckDBPyConnection, table: str, where: str = "TRUE") -> int:
    row = con.execute(f"SELECT COUNT(DISTINCT Der_Person_ID) FROM {table} WHERE {where}").fetchone()  # noqa: S608 - table names and conditions are the engine's own
    return int(row[0]) if row else 0


def breakdowns(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    where: str,
    numerator: str | None,
) -> tuple[Breakdown, ...]:
    """For a proportion: each group's numerator (people with `numerator` = 1) and denominator (people
    matching `where`). For a count (numerator None): each group's people, with no denominator."""
    out: list[Breakdown] = []
    for dimension, column in BREAKDOWNS:
        numerator_sql = (
            f"COUNT(DISTINCT CASE WHEN {numerator} = 1 THEN Der_Person_ID END)"
            if numerator
            else "COUNT(DISTINCT Der_Person_ID)"
        )
        rows = con.execute(
            f"SELECT COALESCE({column}, 'Unknown') AS grp, {numerator_sql}, COUNT(DISTINCT Der_Person_ID) "  # noqa: S608 - table names and conditions are the engine's own
            f"FROM {table} WHERE {where} GROUP BY 1 ORDER BY 1"
        ).fetchall()
        for group, num, den in rows:
            out.append(Breakdown(dimension, str(group), int(num), int(den) if numerator else None))
    return tuple(out)


def proportion(
    con: duckdb.DuckDBPyConnection,
    key: str,
    table: str,
    *,
    where: str,
    numerator: str,
    nobody: str,
) -> MeasureResult:
    """A percentage measure from a person-level table: people in `where` with `numerator` = 1."""
    den = count(con, table, where)
    num = count(con, table, f"({where}) AND {numerator} = 1")
    value = ascof.percentage(num, den)
    return MeasureResult(
        key=key,
        numerator=num,
        denominator=den,
        value=value,
        reason="" if value is not None else nobody,
        breakdowns=breakdowns(con, table, where=where, numerator=numerator) if den else (),
    )


def per_population(
    con: duckdb.DuckDBPyConnection,
    key: str,
    table: str,
    *,
    where: str,
    population: int | None,
    band: str,
) -> MeasureResult:
    """A rate per 100,000 of the population (2B, 2C). Without a population, the count and no value."""
    num = count(con, table, where)
    parts = breakdowns(con, table, where=where, numerator=None) if num else ()
    if not population:
        return MeasureResult(
            key=key,
            numerator=num,
            denominator=None,
            value=None,
            reason=f"No population was given for people aged {band}, so the rate per 100,000 cannot be worked out.",
            breakdowns=parts,
        )
    return MeasureResult(
        key=key,
        numerator=num,
        denominator=population,
        value=ascof.per_population(num, population),
        breakdowns=parts,
    )


def keys_of(results: Sequence[MeasureResult]) -> list[str]:
    return [r.key for r in results]
