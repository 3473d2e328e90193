"""DHSC's waiting times from Client Level Data: how long new people wait from a request for support to
the first response (an assessment, or a service if that came first) and to the first service.

By DHSC's method (Waiting_times/waiting_times_method.sql, version 1.1, provisional); SQL in
sql/waiting_1_events.sql .. waiting_3_waits.sql; decisions in carecommons.rules.ascof_short_term.

Results (value = median days, DHSC's PERCENTILE_CONT(0.5); numerator = waits counted; denominator None):
- "wait_request_to_assessment": DHSC's "wait time to first response";
- "wait_request_to_service": DHSC's "wait time to first service" (measured from the request);
- "wait_assessment_to_service": Care Commons' split, from a first response that was an assessment to the
  service (not a DHSC figure);
and each of them for DHSC's two age bands, keyed with "_25_64" and "_65_plus" (DHSC publishes the bands,
not a total). A wait belongs to the period in which the event that ends it started, and to that event's
age band. Breakdowns give the number of waits in each group (a median cannot be summed).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import duckdb

from carecommons.outcomes.engine import short_term
from carecommons.outcomes.engine.results import Breakdown, MeasureResult
from carecommons.rules import ascof_short_term as R

SQL_FILES = ("waiting_1_events.sql", "waiting_2_linked.sql", "waiting_3_waits.sql")

# key -> (wait column, start of the event that ends the wait, its age band)
WAITS = {
    "wait_request_to_assessment": ("Wait_To_Response", "Response_Start", "Response_Age_Band"),
    "wait_request_to_service": ("Wait_To_Service", "Service_Start", "Service_Age_Band"),
    "wait_assessment_to_service": ("Wait_Assessment_To_Service", "Service_Start", "Service_Age_Band"),
}
BAND_KEYS = {"25 to 64": "25_64", "65 and above": "65_plus"}
PERSON_BREAKDOWNS = {"sex": "Gender", "ethnicity": "Ethnicity_Grouped",
                     "primary_support_reason": "Primary_Support_Reason"}


def build(con: duckdb.DuckDBPyConnection, start: date, end: date) -> None:
    """Leave `stw_waits`: one row a request, with its waits (NULL where not counted)."""
    short_term.prepare(con, start, end)
    short_term.run_sql(con, SQL_FILES)


def _median(value: float | None) -> float | None:
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def waiting_times(con: duckdb.DuckDBPyConnection, start: date, end: date, **kw: Any) -> list[MeasureResult]:
    build(con, start, end)
    results: list[MeasureResult] = []
    for key, (wait, ended, band) in WAITS.items():
        counted = (
            f"SELECT w.*, pd.Gender, pd.Ethnicity_Grouped, pd.Primary_Support_Reason FROM stw_waits AS w "  # noqa: S608
            f"LEFT JOIN person_details AS pd ON pd.Der_Person_ID = w.Der_Person_ID "
            f"WHERE w.{wait} IS NOT NULL AND w.{band} IS NOT NULL AND w.{ended} BETWEEN ? AND ?"
        )
        params = [start, end]
        row = con.execute(
            f"SELECT COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY {wait}) FROM ({counted})", params  # noqa: S608
        ).fetchone()
        assert row is not None
        n, median = int(row[0]), _median(row[1])
        by_band = {
            str(g): (int(c), _median(m))
            for g, c, m in con.execute(
                f"SELECT {band}, COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY {wait}) "  # noqa: S608
                f"FROM ({counted}) GROUP BY {band}", params
            ).fetchall()
        }
        breakdowns = [Breakdown("age_band", g, by_band[g][0], None) for g in R.WAIT_AGE_BANDS if g in by_band]
        for dimension, column in PERSON_BREAKDOWNS.items():
            for g, c in con.execute(
                f"SELECT COALESCE({column}, 'Unknown') AS g, COUNT(*) FROM ({counted}) GROUP BY g ORDER BY g",  # noqa: S608
                params,
            ).fetchall():
                breakdowns.append(Breakdown(dimension, str(g), int(c), None))
        none_reason = "No wait of this kind ended in the period."
        results.append(MeasureResult(key, n, None, median, "" if n else none_reason, tuple(breakdowns)))
        for band_name, suffix in BAND_KEYS.items():
            c, m = by_band.get(band_name, (0, None))
            results.append(MeasureResult(f"{key}_{suffix}", c, None, m, "" if c else none_reason))
    return results


def measures(con: duckdb.DuckDBPyConnection, start: date, end: date, **kw: Any) -> list[MeasureResult]:
    """The engine's common shape (engine/measures.py runs every module's `measures`)."""
    return waiting_times(con, start, end)


PERSON_TABLES: tuple[str, ...] = ("stw_waits",)
