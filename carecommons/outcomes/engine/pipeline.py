"""From CLD files to DHSC's main table: load, choose submissions, filter, clean, de-duplicate.

    con = connect()
    load(con, [Path("q1.csv"), Path("q2.csv")])      # -> cld_raw
    build_main(con, date(2025, 4, 1), date(2026, 3, 31))  # -> cld_main, person_details

Each step is one file in sql/ (its comments cite the DHSC file and method note it follows). Python only
reads the files, writes the small reference tables from carecommons/rules, and runs the SQL in order.
No Django here.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

import duckdb

from carecommons.rules import ascof, cld

SQL_DIR = Path(__file__).resolve().parent / "sql"

MAIN_STEPS: tuple[str, ...] = (
    "01_typed.sql",
    "02_reporting_periods.sql",
    "03_select_submissions.sql",
    "04_events_in_period.sql",
    "05_event_copies.sql",
    "06_crop_services.sql",
    "07_unique_events.sql",
    "08_person_details.sql",
)

REQUIRED_COLUMNS: tuple[str, ...] = ("Event_Type", "Event_Start_Date")
"""Without these a file cannot hold a single event DHSC's method can use."""


def mapped_fields() -> tuple[str, ...]:
    """The coded fields 07_unique_events.sql cleans through ref_value_map: those with a complete Release 2 list in
    carecommons.rules.cld (rules.cld.clean keeps any other field as sent)."""
    return tuple(field for field in cld.FIELDS if field in cld.VALUE_LISTS)


class CLDFileError(Exception):
    """A file that cannot be read as CLD; the message says which and why, in plain words."""


def connect(memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection (no server, nothing written to disk unless asked)."""
    con = duckdb.connect(database=":memory:")
    con.execute("SET enable_progress_bar = false")
    # Nothing here reads a table in the order it was written (every order is an ORDER BY or a window's), so
    # DuckDB need not keep it: large CREATE TABLE ... AS steps then hold less in memory and spill less.
    con.execute("SET preserve_insertion_order = false")
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    return con


def run_sql(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run one file from sql/ (several statements)."""
    con.execute((SQL_DIR / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _reader(path: Path) -> str:
    """DuckDB's own readers (not portable: a distributed engine reads Parquet tables instead)."""
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({_quote(str(path))})"
    return (
        f"read_csv({_quote(str(path))}, header = true, all_varchar = true, delim = ',', quote = '\"', "
        "escape = '\"', strict_mode = false, encoding = 'utf-8')"
    )


def _checked(con: duckdb.DuckDBPyConnection, source: Path) -> tuple[Path, str, list[str]]:
    """The file, its reader and the select list of FIELDS (text, trimmed, blank -> NULL; a column the file
    lacks is NULL). Raises CLDFileError for a file that is missing, unreadable or has none of CLD's columns."""
    path = Path(source)
    if not path.is_file():
        raise CLDFileError(f"{path}: there is no such file.")
    if not os.access(path, os.R_OK):
        raise CLDFileError(f"{path}: the file cannot be read (permissions).")
    reader = _reader(path)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()  # noqa: S608 - the path is quoted by _quote
    except duckdb.Error as error:
        raise CLDFileError(_unreadable(path, error)) from None
    # column names matched without regard to case or surrounding spaces
    present = {str(row[0]).strip().casefold(): str(row[0]) for row in described}
    missing_required = [name for name in REQUIRED_COLUMNS if name.casefold() not in present]
    if missing_required and _header_names(path) >= {name.casefold() for name in REQUIRED_COLUMNS}:
        # the first line has the columns, so the lines after it are what DuckDB could not read
        raise CLDFileError(_unreadable(path, duckdb.InvalidInputException("the lines do not match the header")))
    if missing_required:
        raise CLDFileError(
            f"{path}: this is not a CLD file: it has no {' or '.join(missing_required)} column "
            "(the first line must be the CLD Release 2 column names)."
        )
    selected = []
    for name in cld.FIELDS:
        if name.casefold() in present:
            column = present[name.casefold()].replace('"', '""')
            selected.append(f"NULLIF(TRIM(CAST(\"{column}\" AS VARCHAR)), '') AS {name}")
        else:
            selected.append(f"CAST(NULL AS VARCHAR) AS {name}")
    return path, reader, selected


def load(con: duckdb.DuckDBPyConnection, sources: Sequence[Path]) -> None:
    """Read CLD files (CSV or Parquet, in the order given) into `cld_raw`: every FIELDS column as text
    (blank -> NULL, spaces trimmed; a column the file lacks is blank), plus Der_Source_File, Der_Line (the
    line in its file: the header is line 1) and Der_Load_Order (1 for the first file given).

    When every file is Parquet, `cld_raw` is a view over the files (nothing copied into memory: each step
    reads only the columns it needs, straight from the files; files with the same columns are read by one
    parallel scan). Otherwise it is a table the files are copied into.

    Raises CLDFileError for a file that is missing, unreadable or has none of CLD's columns."""
    con.execute("DROP VIEW IF EXISTS cld_raw")
    con.execute("DROP TABLE IF EXISTS cld_raw")
    con.execute("DROP TABLE IF EXISTS cld_files")
    if not sources:
        raise CLDFileError("No CLD files were given.")
    checked = [_checked(con, source) for source in sources]
    if all(path.suffix.lower() == ".parquet" for path, _, _ in checked):
        _load_parquet_view(con, checked)
        return
    columns = ", ".join(f"{name} VARCHAR" for name in cld.FIELDS)
    con.execute(
        f"CREATE TABLE cld_raw ({columns}, Der_Source_File VARCHAR, Der_Line BIGINT, Der_Load_Order INTEGER)"
    )
    for order, (path, reader, selected) in enumerate(checked, start=1):
        try:
            con.execute(
                f"INSERT INTO cld_raw SELECT {', '.join(selected)}, {_quote(path.name)}, "  # noqa: S608 - fixed column names; the path is quoted by _quote
                f"ROW_NUMBER() OVER () + 1, {order} FROM {reader}"
            )
        except duckdb.Error as error:
            raise CLDFileError(_unreadable(path, error)) from None


def _header_names(path: Path) -> set[str]:
    """The names on a CSV file's first line, for telling a ragged file from one that is not CLD."""
    if path.suffix.lower() == ".parquet":
        return set()
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            first = handle.readline(100_000)
    except OSError:
        return set()
    return {name.strip().strip('"').casefold() for name in first.split(",")}


def _unreadable(path: Path, error: Exception) -> str:
    if path.suffix.lower() == ".parquet":
        return f"{path}: this Parquet file cannot be read ({_first_line(error)})."
    return (
        f"{path}: this file cannot be read as CSV: a line may have more or fewer values than the first line, a "
        f"quote may not be closed, or it may not be text in UTF-8. `manage.py cld_check {path.name}` shows where "
        f"({_first_line(error)})."
    )


def _load_parquet_view(con: duckdb.DuckDBPyConnection, checked: Sequence[tuple[Path, str, list[str]]]) -> None:
    """cld_raw as a view over Parquet files: one read_parquet over each group of files with the same columns
    (its `filename` joined to cld_files for the file's name and load order; `file_row_number` + 2 is the line
    the row would have in the CSV, as the table's ROW_NUMBER() + 1 gives)."""
    _table(
        con,
        "cld_files",
        ("Der_Path", "Der_Source_File", "Der_Load_Order"),
        [(str(path), path.name, order) for order, (path, _, _) in enumerate(checked, start=1)],
        types=("VARCHAR", "VARCHAR", "INTEGER"),
    )
    groups: dict[tuple[str, ...], list[Path]] = {}
    for path, _, selected in checked:
        groups.setdefault(tuple(selected), []).append(path)
    parts = []
    for selected, paths in groups.items():
        files = ", ".join(_quote(str(p)) for p in paths)
        parts.append(
            f"SELECT {', '.join(selected)}, f.Der_Source_File, CAST(r.file_row_number AS BIGINT) + 2 AS Der_Line, "  # noqa: S608 - fixed column names; paths quoted by _quote
            f"f.Der_Load_Order FROM read_parquet([{files}], filename = true, file_row_number = true) r "
            "JOIN cld_files f ON f.Der_Path = r.filename"
        )
    con.execute("CREATE VIEW cld_raw AS " + " UNION ALL ".join(parts))
    try:
        con.execute("SELECT COUNT(*) FROM cld_raw").fetchone()
    except duckdb.Error as error:
        raise CLDFileError(f"The Parquet files could not be read to the end ({_first_line(error)}).") from None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


# ---------------------------------------------------------------------------------------------------
# Reference tables from the rules
# ---------------------------------------------------------------------------------------------------


def _value_lists() -> dict[str, tuple[str, ...]]:
    """Each coded field's Release 2 values known to carecommons.rules.cld (complete lists and partial ones)."""
    lists: dict[str, tuple[str, ...]] = {}
    for source in (cld.KNOWN_VALUES, cld.VALUE_LISTS):
        lists.update({field: tuple(values) for field, values in source.items()})
    return lists


def canonical(field: str, value: str, lists: dict[str, tuple[str, ...]] | None = None) -> str:
    """The Release 2 spelling of a value the rules name (matched without regard to case)."""
    for known in (lists if lists is not None else _value_lists()).get(field, ()):
        if known.casefold() == value.casefold():
            return known
    return value


def write_value_map(con: duckdb.DuckDBPyConnection) -> None:
    """ref_value_map: DHSC's mapping tables (raw -> cleaned) for every value of every coded field in the
    loaded files, each cleaned by carecommons.rules.cld.clean (the one place the lists are kept)."""
    fields = mapped_fields()
    # one pass over the files: a grouping set for each field (a union of one query a field read them 12 times)
    sets = ", ".join(f"({field})" for field in fields)
    found = con.execute(f"SELECT {', '.join(fields)} FROM cld_raw GROUP BY GROUPING SETS ({sets})").fetchall()  # noqa: S608 - fixed field names
    raw = sorted({(field, row[i]) for row in found for i, field in enumerate(fields) if row[i] is not None})
    _table(
        con,
        "ref_value_map",
        ("Field_Name", "Raw_Value", "Cleaned_Value"),
        [(field, value, cld.clean(field, value)) for field, value in raw],
    )


def write_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The small tables the SQL reads: every list a council might question comes from carecommons/rules."""
    lists = _value_lists()

    def c(field: str, value: str) -> str:
        return canonical(field, value, lists)

    write_value_map(con)
    grouping = [
        (field, value, group)
        for field, groups in (
            ("Ethnicity", cld.ETHNICITY_GROUPS),
            ("Service_Type", cld.SERVICE_TYPE_GROUPS),
            ("Event_Outcome", cld.EVENT_OUTCOME_GROUPS),
        )
        for value, group in groups.items()
    ]
    _table(con, "ref_grouping", ("Field_Name", "Cleaned_Value", "Grouped_Value"), grouping)
    _table(
        con,
        "ref_event_outcome",
        ("Event_Outcome", "Hierarchy"),
        [(outcome, rank) for rank, outcome in sorted((r, o) for o, r in cld.EVENT_OUTCOME_HIERARCHY.items())],
        types=("VARCHAR", "INTEGER"),
    )
    _table(con, "ref_conversation", ("Conversation_Word",), [(ascof.CONVERSATION_WORD.lower(),)])
    _table(
        con,
        "ref_reporting_period_rules",
        ("Min_Events", "Min_Month_Share", "Event_Types_Slack"),
        [
            (
                ascof.REPORTING_PERIOD_MIN_EVENTS,
                ascof.REPORTING_PERIOD_MIN_MONTH_SHARE,
                ascof.REPORTING_PERIOD_EVENT_TYPES_SLACK,
            )
        ],
        types=("INTEGER", "DOUBLE", "INTEGER"),
    )
    _table(
        con,
        "ref_unknown_values",
        ("Value",),
        [(v,) for v in ascof.ACCOMMODATION_UNKNOWN],
    )
    _table(
        con,
        "ref_service_type_rank",
        ("Service_Type", "Service_Type_Rank"),
        [(c("Service_Type", v), i) for i, v in enumerate(ascof.SERVICE_TYPE_HIERARCHY, start=1)],
        types=("VARCHAR", "INTEGER"),
    )
    _table(
        con,
        "ref_telling_component",
        ("Component",),
        [(c("Service_Component", v),) for v in ascof.TELLING_COMPONENTS],
    )
    _table(
        con,
        "ref_accommodation_from_service",
        ("Rule_Order", "Service_Type", "Component", "Accommodation_Status"),
        [
            (
                r.order,
                None if r.service_type is None else c("Service_Type", r.service_type),
                None if r.component is None else (c("Service_Component", r.component) if r.component else ""),
                c("Accommodation_Status", r.accommodation),
            )
            for r in ascof.ACCOMMODATION_FROM_SERVICE
        ],
        types=("INTEGER", "VARCHAR", "VARCHAR", "VARCHAR"),
    )
    _table(
        con,
        "ref_age_band",
        ("Age_Band", "Lowest_Age", "Highest_Age"),
        [(b.label, b.lowest, b.highest) for b in ascof.AGE_BANDS],
        types=("VARCHAR", "INTEGER", "INTEGER"),
    )
    _table(
        con,
        "ref_working_age_band",
        ("Age_Band", "Lowest_Age", "Highest_Age"),
        [(b.label, b.lowest, b.highest) for b in ascof.WORKING_AGE_BANDS],
        types=("VARCHAR", "INTEGER", "INTEGER"),
    )
    _measure_tables(con, c)


def _measure_tables(con: duckdb.DuckDBPyConnection, c: Callable[[str, str], str]) -> None:
    """The values and hierarchies the measure SQL reads (ascof_*.sql), spelled as the value lists spell them."""
    named = {
        "Service": c("Event_Type", "Service"),
        "Request": c("Event_Type", "Request"),
        "Assessment": c("Event_Type", "Assessment"),
        "Review": c("Event_Type", "Review"),
        "Service_User": c("Client_Type", ascof.SERVICE_USER),
        "Nursing": c("Service_Type", ascof.NURSING),
        "Residential": c("Service_Type", ascof.RESIDENTIAL),
        "Community": c("Service_Type", ascof.COMMUNITY),
        "Prison": c("Service_Type", ascof.PRISON),
        "Carer_Direct": c("Service_Type", ascof.CARER_DIRECT),
        "Carer_With_Cared_For": c("Service_Type", ascof.CARER_WITH_CARED_FOR),
        "Direct_Payment": c("Delivery_Mechanism", ascof.DIRECT_PAYMENT),
        "Managed_Budget": c("Delivery_Mechanism", ascof.MANAGED_PERSONAL_BUDGET),
        "Commissioned": c("Delivery_Mechanism", ascof.COMMISSIONED_SUPPORT),
        "Self_Funded_Outcome": c("Event_Outcome", ascof.SELF_FUNDED_OUTCOME),
        "Information_Outcome": c("Event_Outcome", ascof.INFORMATION_OUTCOME),
    }
    _table(con, "ref_ascof", tuple(named), [tuple(named.values())])
    _table(con, "ref_carer_client_type", ("Client_Type",), [(v,) for v in sorted(cld.CARER_CLIENT_TYPES)])
    _table(
        con,
        "ref_carer_support",
        ("Support_Provided", "Hierarchy"),
        [(v, i) for i, v in enumerate(ascof.CARER_SUPPORT_HIERARCHY, start=1)],
        types=("VARCHAR", "INTEGER"),
    )
    support_names = {
        "Direct_Payment_Only": ascof.CARER_DIRECT_PAYMENT,
        "Managed_Budget": ascof.CARER_MANAGED_BUDGET,
        "Commissioned_Only": ascof.CARER_COMMISSIONED,
        "Unknown_Mechanism": ascof.CARER_UNKNOWN_MECHANISM,
        "Information": ascof.CARER_INFORMATION,
        "No_Direct_Support": ascof.CARER_NO_DIRECT_SUPPORT,
    }
    _table(con, "ref_carer_support_names", tuple(support_names), [tuple(support_names.values())])
    _table(
        con,
        "ref_client_setting",
        ("Service_Type", "Delivery_Mechanism", "Hierarchy"),
        [
            (c("Service_Type", st), c("Delivery_Mechanism", dm) if dm else "", rank)
            for st, dm, rank in ascof.CLIENT_SETTING_HIERARCHY
        ],
        types=("VARCHAR", "VARCHAR", "INTEGER"),
    )
    _table(
        con,
        "ref_accommodation_at_home",
        ("Accommodation_Status",),
        [(c("Accommodation_Status", v),) for v in ascof.ACCOMMODATION_AT_HOME],
    )


def _table(
    con: duckdb.DuckDBPyConnection,
    name: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    types: Sequence[str] | None = None,
) -> None:
    kinds = types or ["VARCHAR"] * len(columns)
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(f"CREATE TABLE {name} ({', '.join(f'{c} {t}' for c, t in zip(columns, kinds, strict=True))})")
    data = [tuple(row) for row in rows]
    one = f"({', '.join('?' for _ in columns)})"
    # a few hundred rows at a time in one statement: DuckDB runs executemany as one statement per row
    for first in range(0, len(data), 500):
        chunk = data[first:first + 500]
        con.execute(f"INSERT INTO {name} VALUES {', '.join(one for _ in chunk)}",  # noqa: S608 - fixed table name, values bound
                    [value for row in chunk for value in row])


# ---------------------------------------------------------------------------------------------------
# The main table
# ---------------------------------------------------------------------------------------------------


def set_period(con: duckdb.DuckDBPyConnection, start: date, end: date) -> None:
    """The period being measured, as a one-row table the measure SQL reads (portable: no parameters)."""
    _table(con, "ascof_period", ("Period_Start", "Period_End"), [(start, end)], types=("DATE", "DATE"))


def measure_columns() -> tuple[str, ...]:
    """The columns of the main table that the measures and the person details read: each column of
    `cld_main_all` (sql/07_unique_events.sql) named in a measure's SQL (sql/ascof_*.sql, sql/waiting_*.sql,
    sql/08_person_details.sql) or in the measure modules' Python. A superset is harmless (a column named only
    in a comment is kept); a column left out would stop a measure with DuckDB's "column not found", which the
    engine's tests would show."""
    return _measure_columns()


@functools.cache
def _measure_columns() -> tuple[str, ...]:
    main_sql = (SQL_DIR / "07_unique_events.sql").read_text(encoding="utf-8").split("CREATE VIEW cld_main_all AS", 1)[1]
    columns = re.findall(r"^  (?:[ek]\.(\w+)|.* AS (\w+)),?$", main_sql.split("\nFROM kept_copies", 1)[0], re.MULTILINE)
    names = [a or b for a, b in columns]
    readers = [path for path in SQL_DIR.glob("*.sql") if not re.match(r"0[1-7]_", path.name)]
    here = Path(__file__).resolve().parent
    readers += [path for path in here.glob("*.py") if path.stem not in {"pipeline", "generate", "bench", "partitioned"}]
    text = "\n".join(path.read_text(encoding="utf-8") for path in readers)
    return tuple(name for name in names if re.search(rf"\b{name}\b", text))


def store_main(con: duckdb.DuckDBPyConnection, columns: Sequence[str] | None) -> None:
    """The table `cld_main` from the view 07_unique_events.sql leaves (`cld_main_all`): every column, or those
    given. The kept copies are read whole from the files here, cleaned, and stored."""
    kept = "*" if columns is None else ", ".join(columns)
    con.execute("DROP TABLE IF EXISTS cld_main")
    con.execute(f"CREATE TABLE cld_main AS SELECT {kept} FROM cld_main_all")  # noqa: S608 - column names from the SQL files
    con.execute("DROP VIEW cld_main_all")
    con.execute("DROP TABLE kept_copies")


def build_main(
    con: duckdb.DuckDBPyConnection, start: date, end: date, *, columns: Sequence[str] | None = None
) -> None:
    """DHSC's joined-submissions main table (`cld_main`) and the latest person details (`person_details`).

    `columns`: the main table's columns to keep (None: every one, the table DHSC's method makes; the measures
    need only `measure_columns()`, and storing the rest is most of the work at national size).

    The table covers the whole history in the loaded files, in quarters counted from `start` (the reporting
    year's first day), as DHSC's does: DHSC measures a year, and revises the year before, from the latest
    joined table, so what later submissions say about a person (their accommodation, a death) counts.
    `end` is the last day of the year measured (the table reaches at least that far when the files do)."""
    write_reference_tables(con)
    set_period(con, start, end)
    run_sql(con, "01_typed.sql")
    run_sql(con, "02_reporting_periods.sql")
    found = con.execute(
        "SELECT MIN(Der_Reporting_Period_Start_Date), MAX(Der_Reporting_Period_End_Date) FROM submission_periods"
    ).fetchone()
    earliest = found[0] if found and found[0] is not None else start
    latest = found[1] if found and found[1] is not None else end
    _table(
        con,
        "ref_quarters",
        ("Ref_Quarter_Start", "Ref_Quarter_End"),
        ascof.quarters(start, min(earliest, start), max(latest, end)),
        types=("DATE", "DATE"),
    )
    for step in MAIN_STEPS[2:7]:
        run_sql(con, step)
    store_main(con, columns)
    for step in MAIN_STEPS[7:]:
        run_sql(con, step)
