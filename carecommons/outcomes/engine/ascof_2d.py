"""ASCOF 2D by DHSC's method: of people aged 65 and over discharged from hospital into reablement, the
share still at home 12 weeks (84 days) later: not dead, not readmitted as an emergency, not moved into a
care home.

Client Level Data holds no hospital stays: DHSC links SUS (NHS hospital episodes) to CLD by pseudonymised
NHS number. Pass the SUS extract as `sus` (CSV or Parquet, the columns DHSC's script reads:
carecommons.rules.ascof_short_term.SUS_COLUMNS); without it 2D is None with the reason.

SQL: sql/ascof_2d_1_reablement.sql .. ascof_2d_4_outcomes.sql, one file a DHSC stage. The unit counted is
an episode of reablement linked to a discharge.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from carecommons.outcomes.engine import short_term
from carecommons.outcomes.engine.results import Breakdown, MeasureResult
from carecommons.rules import ascof_short_term as R

PERSON_TABLES: tuple[str, ...] = ("st2d_result",)
"""The person-level table this module leaves (engine/measures.py's `ascof --parquet-out`)."""

SQL_FILES = (
    "ascof_2d_1_reablement.sql",
    "ascof_2d_2_discharges.sql",
    "ascof_2d_3_linked.sql",
    "ascof_2d_4_outcomes.sql",
)

BREAKDOWNS = {
    "age_band": "Age_Band",  # from SUS at discharge: 65-74, 75-84, 85+
    "sex": "Gender",  # from SUS
    "ethnicity": "Ethnicity_Grouped",
    "primary_support_reason": "Primary_Support_Reason",
}


class SusFileError(ValueError):
    """The SUS file cannot be read, or lacks columns 2D needs."""


def load_sus(con: duckdb.DuckDBPyConnection, sus: Path) -> None:
    """Table `sus_raw`: the SUS file as text. Raises SusFileError naming what is missing."""
    path = str(sus)
    try:
        if sus.suffix.lower() == ".parquet":
            rel = con.read_parquet(path)
        else:
            rel = con.read_csv(path, header=True, all_varchar=True)
    except (duckdb.Error, OSError) as exc:
        raise SusFileError(f"The SUS file {sus.name} could not be read: {exc}") from exc
    missing = [c for c in R.SUS_REQUIRED_COLUMNS if c not in rel.columns]
    if missing:
        raise SusFileError(f"The SUS file {sus.name} lacks the column(s) ASCOF 2D reads: {', '.join(missing)}")
    cols = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in rel.columns)
    con.register("st_sus_input", rel)
    con.execute(f"CREATE OR REPLACE TEMP TABLE sus_raw AS SELECT {cols} FROM st_sus_input")  # noqa: S608 (file's own header)
    con.unregister("st_sus_input")


def build(con: duckdb.DuckDBPyConnection, start: date, end: date, sus: Path) -> None:
    """Leave `st2d_result` (one row a discharge into reablement, with its outcome flags) and
    `st2d_discharges` (every discharge counted)."""
    load_sus(con, sus)
    short_term.prepare(con, start, end)
    short_term.run_sql(con, SQL_FILES)


def measures(con: duckdb.DuckDBPyConnection, start: date, end: date, *, sus: Path | None = None,
             **kw: Any) -> list[MeasureResult]:
    """"2D" (part 1, the ASCOF measure) and "2D_part2" (DHSC's part 2: the share of discharges of people
    aged 65 and over that went into reablement)."""
    if sus is None:
        return [MeasureResult("2D", None, None, None, R.NO_SUS_REASON),
                MeasureResult("2D_part2", None, None, None, R.NO_SUS_REASON)]
    try:
        build(con, start, end, sus)
    except SusFileError as exc:
        return [MeasureResult("2D", None, None, None, str(exc)), MeasureResult("2D_part2", None, None, None, str(exc))]
    at_home = "CASE WHEN Died + Readmitted + Moved_To_Care_Home = 0 THEN 1 ELSE 0 END"
    row = con.execute(f"SELECT COUNT(*), COALESCE(SUM({at_home}), 0) FROM st2d_result").fetchone()  # noqa: S608
    assert row is not None
    denominator, numerator = int(row[0]), int(row[1])
    breakdowns = []
    for dimension, column in BREAKDOWNS.items():
        for group, num, den in con.execute(
            f"SELECT COALESCE({column}, 'Unknown') AS g, SUM({at_home}), COUNT(*) FROM st2d_result "  # noqa: S608
            "GROUP BY g ORDER BY g"
        ).fetchall():
            breakdowns.append(Breakdown(dimension, str(group), int(num), int(den)))
    reason = "" if denominator else "No discharge from hospital into reablement was found in the period."
    part1 = MeasureResult("2D", numerator, denominator, short_term.percent(numerator, denominator), reason,
                          tuple(breakdowns))
    row2 = con.execute("SELECT COUNT(DISTINCT APCS_Ident) FROM st2d_discharges").fetchone()
    assert row2 is not None
    discharges = int(row2[0])
    part2 = MeasureResult("2D_part2", denominator, discharges, short_term.percent(denominator, discharges),
                          "" if discharges else "No discharge of a person aged 65 or over was found in the period.")
    return [part1, part2]


def outcomes(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int, int]]:
    """After `build`: (person, died, readmitted, moved to a care home) a linked discharge, for checking."""
    return [(str(p), int(a), int(b), int(c)) for p, a, b, c in con.execute(
        "SELECT Person_ID, Died, Readmitted, Moved_To_Care_Home FROM st2d_result ORDER BY Person_ID").fetchall()]
