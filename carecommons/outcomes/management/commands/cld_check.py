"""`manage.py cld_check FILE`: check a Client Level Data file (CSV or Parquet, CLD Release 2) before sending it.

Reports each invalid or missing value by line and field, then a summary per field in the headings of DHSC's
data-quality table: the rows in which the field is mandatory, applicable but not mandatory, or not applicable;
and passed (valid), passed (blank, not mandatory), failed (blank, mandatory), failed (invalid), failed (Release 1).

Exit status: 0 when nothing fails, 1 when something does, 2 when the file cannot be read as CLD at all.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.outcomes.checking import LineProblem, Unreadable, check_file
from carecommons.rules import cld

SUMMARY_HEADINGS = (
    ("Field", 30),
    ("Mandatory", 12),
    ("Applicable", 12),
    ("Not applic.", 13),
    ("Valid", 12),
    ("Blank, ok", 12),
    ("Blank, fails", 14),
    ("Invalid", 12),
    ("Release 1", 12),
)


def _printable(text: str, limit: int = 80) -> str:
    """A value as it can be shown on one line of a terminal: no control characters, not too long."""
    shown = "".join(c if c.isprintable() else "?" for c in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class Command(BaseCommand):
    help = "Check a CLD file (CSV or Parquet, Release 2) and report each invalid or missing value by line and field."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CLD file: CSV (UTF-8, header row) or Parquet")
        parser.add_argument(
            "--max-lines",
            type=int,
            default=1000,
            help="Show at most this many problems one by one (default 1000)",
        )
        parser.add_argument("--all", action="store_true", help="Show every problem, however many")
        parser.add_argument(
            "--table",
            default="",
            help="Also write the summary as a CSV in the shape of DHSC's data-quality table "
            "(Module, DataField, FieldStatus, FieldValidity, Count)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        limit = None if options["all"] else max(0, options["max_lines"])
        shown = 0
        where = "row" if path.suffix.lower() == ".parquet" else "line"

        def report_problem(problem: LineProblem) -> None:
            nonlocal shown
            if limit is not None and shown >= limit:
                return
            shown += 1
            if problem.field:
                self.stdout.write(
                    f'{where} {problem.line}, {problem.field}: "{_printable(problem.value)}": {problem.reason} '
                    f"[{problem.validity}]"
                )
            else:
                self.stdout.write(f"{where} {problem.line}: {problem.reason}")

        self.stdout.write(f"Checking {path} against CLD Release 2.")
        try:
            report = check_file(path, report_problem)
        except Unreadable as error:
            raise CommandError(f"{error} Nothing was checked.", returncode=2) from None
        if report.kind == "Parquet":
            where = "row"
        tally = report.tally
        if limit is not None and shown >= limit and report.errors > shown:
            self.stdout.write(f"… and {report.errors - shown:,} more problems (use --all to see every one).")
        self.stdout.write("")
        for name in report.missing_columns:
            self.stdout.write(f"Column {name} is missing: every row counts it as blank.")
        for name in report.extra_columns:
            self.stdout.write(
                f'Column "{_printable(name)}" is not a CLD Release 2 field: it was not checked.'
            )
        for written, proper in report.renamed_columns.items():
            self.stdout.write(
                f'Column "{_printable(written)}" was read as {proper} (the specification writes it so).'
            )
        self._summary(tally)
        if options["table"]:
            self._write_table(Path(options["table"]), tally)
        self.stdout.write("")
        if report.errors:
            self.stdout.write(
                f"{tally.rows:,} rows checked ({report.kind}): {report.errors:,} problems, "
                f"{tally.rows_with_problems:,} rows with a value that fails."
            )
            raise CommandError(f"{report.errors:,} problems found in {path}.", returncode=1)
        self.stdout.write(f"{tally.rows:,} rows checked ({report.kind}): no problems found.")

    def _write_table(self, target: Path, tally: cld.Tally) -> None:
        try:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(("Module", "DataField", "FieldStatus", "FieldValidity", "Count"))
                writer.writerows(tally.table())
        except OSError as error:
            raise CommandError(
                f"The table could not be written to {target}: {error.strerror or error}."
            ) from None
        self.stdout.write(f"The summary table was written to {target}.")

    def _summary(self, tally: cld.Tally) -> None:
        self.stdout.write(
            "Summary by field: rows in which the field is mandatory, applicable or not applicable;"
        )
        self.stdout.write(
            "then rows that passed (valid, or blank where it may be) and that failed (blank where"
        )
        self.stdout.write("it must be filled, invalid, or a Release 1 value).")
        self.stdout.write("".join(title.ljust(width) for title, width in SUMMARY_HEADINGS).rstrip())
        for name in cld.FIELDS:
            status = tally.status(name)
            validity = tally.validity(name)
            cells = [
                name,
                status[cld.MANDATORY],
                status[cld.APPLICABLE],
                status[cld.NOT_APPLICABLE],
                validity[cld.PASSED_VALID],
                validity[cld.PASSED_BLANK],
                validity[cld.FAILED_BLANK],
                validity[cld.FAILED_INVALID],
                validity[cld.FAILED_RELEASE_1],
            ]
            line = "".join(
                (f"{cell:,}" if isinstance(cell, int) else str(cell)).ljust(width)
                for cell, (_, width) in zip(cells, SUMMARY_HEADINGS, strict=True)
            )
            common = tally.most_common(name, 3)
            if common:
                line += "  most common failing: " + "; ".join(
                    f'"{_printable(value, 40)}" ({count:,})' for value, count in common
                )
            self.stdout.write(line.rstrip())
