"""Reading a council's CLD file (CSV or Parquet) safely, row by row, for `cld_check`.

The checks of each value are the rules' (`carecommons.rules.cld.Tally`, `check_row`); this module only reads:
streaming (memory stays flat on a file of millions of rows), never trusting the file to be UTF-8, to have the
right columns, or to be a CSV at all. No Django.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from carecommons.rules import cld

SAMPLE_BYTES = 65_536
PARQUET_MAGIC = b"PAR1"
MAX_CELL = 100_000  # characters in one cell before we call it broken
MAX_LINE_BYTES = 1 << 20  # a line longer than this is reported and skipped, never held in memory
BATCH = 10_000


class Unreadable(Exception):
    """The file cannot be read as CLD at all (exit 2): the message says why in plain words."""


@dataclass(frozen=True)
class LineProblem:
    """One problem on one line (CSV, counting the header as line 1) or row (Parquet, from 1).
    `field` is "" for a problem with the whole line."""

    line: int
    field: str
    value: str
    reason: str
    validity: str


@dataclass
class FileReport:
    kind: str  # "CSV" or "Parquet"
    tally: cld.Tally = field(default_factory=cld.Tally)
    missing_columns: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    renamed_columns: dict[str, str] = field(
        default_factory=dict
    )  # as written -> as the specification writes it
    line_problems: int = 0  # problems with whole lines (not UTF-8, wrong number of values, broken quoting)

    @property
    def errors(self) -> int:
        return self.tally.problems + self.line_problems + len(self.missing_columns)


def check_file(path: Path, on_problem: Callable[[LineProblem], None]) -> FileReport:
    """Check every row of a CLD file, calling `on_problem` for each problem as it is found; raise Unreadable when
    the file cannot be read as CLD at all."""
    path = Path(path)
    try:
        if not path.is_file():
            raise Unreadable(f"There is no file at {path}.")
        with open(path, "rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
    except OSError as error:
        raise Unreadable(f"The file could not be opened: {error.strerror or error}.") from None
    if not sample:
        raise Unreadable("The file is empty: there is no header row and no data.")
    if sample.startswith(PARQUET_MAGIC) or path.suffix.lower() == ".parquet":
        return _check_parquet(path, on_problem)
    if b"\x00" in sample:
        raise Unreadable(
            "This is not a text file (it holds binary data). Send CLD as CSV (UTF-8) or Parquet."
        )
    return _check_csv(path, on_problem)


def _columns(header: list[str], report: FileReport) -> list[int | None]:
    """For each of FIELDS, the position of its column in the file (None when missing)."""
    by_name: dict[str, int] = {}
    by_folded = {name.casefold(): name for name in cld.FIELDS}
    for position, raw in enumerate(header):
        name = raw.strip().lstrip("\ufeff").strip()
        proper = name if name in cld.FIELDS else by_folded.get(name.casefold())
        if proper is None:
            report.extra_columns.append(name)
            continue
        if proper != name:
            report.renamed_columns[name] = proper
        by_name.setdefault(proper, position)
    if not by_name:
        raise Unreadable(
            "The first line is not a CLD header: none of its column names is one of the CLD Release 2 fields "
            "(for example LA_Code, Event_Type, Event_Start_Date)."
        )
    report.missing_columns = [name for name in cld.FIELDS if name not in by_name]
    return [by_name.get(name) for name in cld.FIELDS]


def _lines(handle: BinaryIO, report: FileReport, on_problem: Callable[[LineProblem], None]) -> Iterator[str]:
    """Decoded lines; a line that is not UTF-8 is reported and read with replacement characters; a line too long
    to be CLD is reported and passed on as a blank line."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES)
        if not raw:
            return
        number += 1
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while True:  # skip the rest of it, a piece at a time
                rest = handle.readline(MAX_LINE_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            report.line_problems += 1
            on_problem(
                LineProblem(
                    number,
                    "",
                    "",
                    f"this line is longer than {MAX_LINE_BYTES:,} bytes (do the lines end with a line break?): "
                    "skipped",
                    cld.FAILED_INVALID,
                )
            )
            yield "\n"
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            report.line_problems += 1
            on_problem(
                LineProblem(
                    number,
                    "",
                    "",
                    "this line is not UTF-8 text (was the file saved in another encoding?)",
                    cld.FAILED_INVALID,
                )
            )
            text = raw.decode("utf-8", errors="replace")
        if number == 1:
            text = text.lstrip("\ufeff")
        yield text


def _check_csv(path: Path, on_problem: Callable[[LineProblem], None]) -> FileReport:
    report = FileReport("CSV")
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL)
    try:
        with open(path, "rb") as handle:
            reader = csv.reader(_lines(handle, report, on_problem))
            header = _next_record(reader, report, on_problem)
            while header is not None and not header:
                header = _next_record(reader, report, on_problem)
            if header is None:
                raise Unreadable("The file has no header row.")
            positions = _columns(header, report)
            width = len(header)
            names = cld.FIELDS
            tally = report.tally
            line = reader.line_num
            while True:
                start_line = line + 1
                record = _next_record(reader, report, on_problem)
                line = reader.line_num
                if record is None:
                    break
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue  # a blank line
                if len(record) != width:
                    report.line_problems += 1
                    on_problem(
                        LineProblem(
                            start_line,
                            "",
                            "",
                            f"this line has {len(record)} values but the header has {width}",
                            cld.FAILED_INVALID,
                        )
                    )
                size = len(record)
                row = {
                    name: (record[p] if p is not None and p < size else "")
                    for name, p in zip(names, positions, strict=True)
                }
                for problem in tally.add(row):
                    on_problem(
                        LineProblem(
                            start_line, problem.field, problem.value, problem.reason, problem.validity
                        )
                    )
    except OSError as error:
        raise Unreadable(f"The file could not be read: {error.strerror or error}.") from None
    finally:
        csv.field_size_limit(previous_limit)
    return report


def _next_record(
    reader: Iterator[list[str]], report: FileReport, on_problem: Callable[[LineProblem], None]
) -> list[str] | None:
    """The next record, None at the end; a record csv cannot read (a cell too long, broken quoting) is
    reported and skipped."""
    while True:
        try:
            return next(reader)
        except StopIteration:
            return None
        except csv.Error as error:
            report.line_problems += 1
            line = getattr(reader, "line_num", 0)
            on_problem(
                LineProblem(line, "", "", f"this line cannot be read as CSV ({error})", cld.FAILED_INVALID)
            )


def _check_parquet(path: Path, on_problem: Callable[[LineProblem], None]) -> FileReport:
    import duckdb

    report = FileReport("Parquet")
    con = duckdb.connect()
    try:
        con.execute("SET memory_limit = '1GB'")
        con.execute("SET threads = 1")
        try:
            described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        except duckdb.Error as error:
            raise Unreadable(
                f"The file is not a Parquet file DuckDB can read ({_first_line(error)})."
            ) from None
        header = [str(row[0]) for row in described]
        positions = _columns(header, report)
        result = con.execute("SELECT COLUMNS(*)::VARCHAR FROM read_parquet(?)", [str(path)])
        names = cld.FIELDS
        tally = report.tally
        number = 0
        while True:
            try:
                batch = result.fetchmany(BATCH)
            except duckdb.Error as error:
                raise Unreadable(
                    f"The Parquet file could not be read to the end ({_first_line(error)})."
                ) from None
            if not batch:
                break
            for record in batch:
                number += 1
                row = {
                    name: ("" if p is None or record[p] is None else str(record[p]))
                    for name, p in zip(names, positions, strict=True)
                }
                for problem in tally.add(row):
                    on_problem(
                        LineProblem(number, problem.field, problem.value, problem.reason, problem.validity)
                    )
    finally:
        con.close()
    return report


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
