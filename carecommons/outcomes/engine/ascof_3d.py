"""ASCOF 3D: self-directed support and direct payments, for people (1a, 2a: on the last day of the year, in
the community) and for carers (1b, 2b: during the year) (sql/ascof_3d_clients.sql, sql/ascof_3d_carers.sql;
DHSC Create_ASCOF_3D_2425_Onwards.sql)."""

from __future__ import annotations

from datetime import date

import duckdb

from .common import proportion, run_measure_sql
from .results import MeasureResult

PERSON_TABLES: tuple[str, ...] = ("ascof_3d_client_people", "ascof_3d_carer_people")

NO_CLIENTS = "Nobody was receiving long-term support in the community on the last day of the year."
NO_CARERS = "No carer had a direct payment, a managed personal budget or commissioned support of their own in the year."


def measures(con: duckdb.DuckDBPyConnection, start: date, end: date, **_: object) -> list[MeasureResult]:
    run_measure_sql(con, "ascof_3d_clients.sql", start, end)
    run_measure_sql(con, "ascof_3d_carers.sql", start, end)
    return [
        proportion(
            con,
            "3D_1a",
            "ascof_3d_client_people",
            where="In_Community = 1",
            numerator="Self_Directed",
            nobody=NO_CLIENTS,
        ),
        proportion(
            con,
            "3D_2a",
            "ascof_3d_client_people",
            where="In_Community = 1",
            numerator="Direct_Payment",
            nobody=NO_CLIENTS,
        ),
        proportion(
            con,
            "3D_1b",
            "ascof_3d_carer_people",
            where="In_Denominator = 1",
            numerator="Self_Directed",
            nobody=NO_CARERS,
        ),
        proportion(
            con,
            "3D_2b",
            "ascof_3d_carer_people",
            where="In_Denominator = 1",
            numerator="Direct_Payment",
            nobody=NO_CARERS,
        ),
    ]
