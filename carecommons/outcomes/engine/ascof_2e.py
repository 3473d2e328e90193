"""ASCOF 2E: people with long-term support living in their own home or with family, 18 to 64 and 65 and
over (sql/ascof_2e.sql; DHSC Create_ASCOF_2E_2425_Onwards.sql, all primary support reasons)."""

from __future__ import annotations

from datetime import date

import duckdb

from .common import proportion, run_measure_sql
from .results import MeasureResult

PERSON_TABLES: tuple[str, ...] = ("ascof_2e_people",)

NOBODY = "Nobody aged {band} had long-term support in the year, so there is no proportion to work out."


def measures(con: duckdb.DuckDBPyConnection, start: date, end: date, **_: object) -> list[MeasureResult]:
    run_measure_sql(con, "ascof_2e.sql", start, end)
    return [
        proportion(
            con,
            "2E_18_64",
            "ascof_2e_people",
            where="Working_Age_Band = '18 to 64'",
            numerator="At_Home",
            nobody=NOBODY.format(band="18 to 64"),
        ),
        proportion(
            con,
            "2E_65_plus",
            "ascof_2e_people",
            where="Working_Age_Band = '65 and above'",
            numerator="At_Home",
            nobody=NOBODY.format(band="65 and over"),
        ),
    ]
