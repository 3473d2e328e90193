"""ASCOF 2B and 2C: new admissions to residential and nursing care homes per 100,000 adults
(sql/ascof_2b2c.sql; DHSC Create_ASCOF_2B2C_2425_Onwards.sql)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import duckdb

from .common import per_population, run_measure_sql
from .results import MeasureResult

PERSON_TABLES: tuple[str, ...] = ("ascof_2b2c_people",)


def measures(
    con: duckdb.DuckDBPyConnection,
    start: date,
    end: date,
    *,
    population: Mapping[str, int] | None = None,
    **_: object,
) -> list[MeasureResult]:
    run_measure_sql(con, "ascof_2b2c.sql", start, end)
    population = population or {}
    return [
        per_population(
            con,
            "2B",
            "ascof_2b2c_people",
            where="Working_Age_Band = '18 to 64'",
            population=population.get("18-64"),
            band="18 to 64",
        ),
        per_population(
            con,
            "2C",
            "ascof_2b2c_people",
            where="Working_Age_Band = '65 and above'",
            population=population.get("65+"),
            band="65 and over",
        ),
    ]
