"""What ASCOF 2A, ASCOF 2D and the waiting times share: their parameters and value lists as small
tables, and running their SQL files in order.

The SQL reads its numbers and lists from two temporary tables that this module fills from
carecommons.rules.ascof_short_term, so the files hold no council's values and no magic numbers:

- `st_params`: one row; the period (`period_start`, `period_end`) and the day counts.
- `st_values`: (`list_name`, `value`, `position`).

Values are compared exactly as the pipeline cleaned them: DHSC's SQL Server compares text without
regard to case, but its cleaning (and ours) maps every variant to the Release 2 wording first, so an
exact comparison after cleaning gives the same answer, and is far cheaper on national-size files.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb

from carecommons.rules import ascof_short_term as R

SQL_DIR = Path(__file__).with_name("sql")

LISTS: dict[str, tuple[str, ...]] = {
    "long_term": R.LONG_TERM_SERVICE_TYPES,
    "sequel_services": R.SEQUEL_SERVICE_ORDER,
    "care_home_components": R.SHORT_TERM_CARE_HOME_COMPONENTS,
    "unclassifiable": R.UNCLASSIFIABLE_OUTCOMES,
    "denominator": R.DENOMINATOR_OUTCOMES,
    "numerator": R.NUMERATOR_OUTCOMES,
    "care_home_services": R.CARE_HOME_SERVICE_TYPES,
    "excluded_at_admission": R.EXCLUDED_AT_ADMISSION_SERVICE_TYPES,
    "sus_admission_methods_excluded": R.SUS_ADMISSION_METHODS_EXCLUDED,
    "sus_discharge_methods_excluded": R.SUS_DISCHARGE_METHODS_EXCLUDED,
    "sus_destinations_excluded": R.SUS_DISCHARGE_DESTINATIONS_EXCLUDED,
    "sus_treatment_functions_excluded": R.SUS_TREATMENT_FUNCTIONS_EXCLUDED,
    "sus_treatment_prefixes_excluded": R.SUS_TREATMENT_FUNCTION_PREFIXES_EXCLUDED,
    "sus_emergency_management_types": R.SUS_EMERGENCY_MANAGEMENT_TYPES,
    "sus_readmission_discharge_methods_excluded": R.SUS_READMISSION_DISCHARGE_METHODS_EXCLUDED,
    "wait_assessment_types": R.WAIT_ASSESSMENT_TYPES,
    "wait_services": R.LONG_TERM_SERVICE_TYPES + R.SHORT_TERM_SERVICE_TYPES,
    "existing_short_term": R.EXISTING_CLIENT_SHORT_TERM_TYPES,
    "request_outcome_groups_excluded": R.REQUEST_OUTCOME_GROUPS_EXCLUDED,
    "assessment_progress_to_service": R.ASSESSMENT_PROGRESS_TO_SERVICE,
    "wait_age_bands": R.WAIT_AGE_BANDS,
}


def prepare(con: duckdb.DuckDBPyConnection, start: date, end: date) -> None:
    """(Re)create `st_params` and `st_values` for the period `start`..`end` (both inclusive)."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE st_params AS SELECT
          CAST(? AS DATE) AS period_start, CAST(? AS DATE) AS period_end,
          ? AS service_user, ? AS st_max, ? AS reablement_component, ? AS equipment_component,
          ? AS admitted_to_hospital, ? AS deceased, ? AS ended_as_planned, ? AS ongoing_low_level,
          ? AS other_short_term, ? AS residential_or_nursing_short_term,
          ? AS cluster_gap_days, ? AS new_client_lookback_days, ? AS sequel_window_days,
          ? AS death_window_days, ? AS nested_assessment_days, ? AS minimum_age,
          ? AS unclassifiable_penalty, ? AS unknown_outcome_rank,
          ? AS follow_up_days, ? AS discharge_before_days, ? AS discharge_after_days, ? AS minimum_age_2d,
          CAST(? AS DATE) AS cld_first_date, ? AS wait_minimum_age,
          ? AS existing_long_term_months, ? AS existing_short_term_months
        """,
        [
            start, end,
            R.SERVICE_USER, R.ST_MAX, R.REABLEMENT_COMPONENT, R.EQUIPMENT,
            R.ADMITTED_TO_HOSPITAL, R.DECEASED, R.NFA_SUPPORT_ENDED_AS_PLANNED, R.ONGOING_LOW_LEVEL,
            R.OTHER_SHORT_TERM, R.RESIDENTIAL_OR_NURSING_SHORT_TERM,
            R.CLUSTER_GAP_DAYS, R.NEW_CLIENT_LOOKBACK_DAYS, R.SEQUEL_WINDOW_DAYS,
            R.DEATH_WINDOW_DAYS, R.NESTED_ASSESSMENT_DAYS, R.MINIMUM_AGE,
            R.UNCLASSIFIABLE_PENALTY, R.UNKNOWN_OUTCOME_RANK,
            R.FOLLOW_UP_DAYS, R.DISCHARGE_BEFORE_REABLEMENT_DAYS, R.DISCHARGE_AFTER_REABLEMENT_DAYS, R.MINIMUM_AGE_2D,
            R.CLD_FIRST_DATE, R.WAIT_MINIMUM_AGE,
            R.EXISTING_CLIENT_LONG_TERM_MONTHS, R.EXISTING_CLIENT_SHORT_TERM_MONTHS,
        ],
    )
    rows = [(name, value, i + 1) for name, values in LISTS.items() for i, value in enumerate(values)]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE st_values AS "
        "SELECT unnest(CAST(? AS VARCHAR[])) AS list_name, unnest(CAST(? AS VARCHAR[])) AS value, "
        "unnest(CAST(? AS INTEGER[])) AS position",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
    )


def run_sql(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> None:
    """Run each named file in sql/, in the order given (each file may hold several statements)."""
    for name in names:
        con.execute((SQL_DIR / name).read_text(encoding="utf-8"))


def percent(numerator: int, denominator: int) -> float | None:
    """A percentage to one decimal place, as DHSC rounds it (None when nothing to divide by)."""
    if not denominator:
        return None
    exact = Decimal(100 * numerator) / Decimal(denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
