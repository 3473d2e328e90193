"""ASCOF 2A by DHSC's method: of new clients' episodes of reablement (ST-Max) that ended in the year,
the share after which no further request was made for ongoing support.

Reads the pipeline's `cld_main` and `person_details` (see engine/pipeline.py); the SQL is in
sql/ascof_2a_1_reablement.sql .. ascof_2a_4_count.sql, one file a DHSC step; the decisions are in
carecommons.rules.ascof_short_term. The unit counted is an episode (DHSC's "cluster"), not a person.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from carecommons.outcomes.engine import short_term
from carecommons.outcomes.engine.results import Breakdown, MeasureResult

PERSON_TABLES: tuple[str, ...] = ("st2a_result",)
"""The person-level table this module leaves (engine/measures.py's `ascof --parquet-out`)."""

SQL_FILES = (
    "ascof_2a_1_reablement.sql",
    "ascof_2a_2_new_clients.sql",
    "ascof_2a_3_sequels.sql",
    "ascof_2a_4_count.sql",
)

# dimension -> the column of st2a_result it groups by
BREAKDOWNS = {
    "age_band": "Age_Band",
    "sex": "Gender",
    "ethnicity": "Ethnicity_Grouped",
    "primary_support_reason": "Primary_Support_Reason",
}


def build(con: duckdb.DuckDBPyConnection, start: date, end: date) -> None:
    """Leave table `st2a_result`: one row an episode, with its sequel and whether it counts."""
    short_term.prepare(con, start, end)
    short_term.run_sql(con, SQL_FILES)


def measures(con: duckdb.DuckDBPyConnection, start: date, end: date, **kw: Any) -> list[MeasureResult]:
    build(con, start, end)
    row = con.execute("SELECT COALESCE(SUM(In_Numerator), 0), COALESCE(SUM(In_Denominator), 0) FROM st2a_result").fetchone()
    assert row is not None
    numerator, denominator = int(row[0]), int(row[1])
    breakdowns: list[Breakdown] = []
    for dimension, column in BREAKDOWNS.items():
        for group, num, den in con.execute(
            f"SELECT COALESCE({column}, 'Unknown') AS g, SUM(In_Numerator), SUM(In_Denominator) "  # noqa: S608 (fixed names)
            "FROM st2a_result WHERE In_Denominator = 1 GROUP BY g ORDER BY g"
        ).fetchall():
            breakdowns.append(Breakdown(dimension, str(group), int(num), int(den)))
    value = short_term.percent(numerator, denominator)
    reason = "" if denominator else "No new client's reablement ended in the period with an outcome that counts."
    return [MeasureResult("2A", numerator, denominator, value, reason, tuple(breakdowns))]


def sequels(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int]]:
    """After `build` or `measures`: (age band, sequel step, final outcome, episodes), as DHSC's
    disaggregated table, for analysts checking a figure."""
    return [
        (str(a), str(s), str(o), int(n))
        for a, s, o, n in con.execute(
            "SELECT Age_Band, Sequel_Type, Final_Outcome, COUNT(*) FROM st2a_result "
            "GROUP BY ALL ORDER BY Age_Band, Sequel_Type, Final_Outcome"
        ).fetchall()
    ]
