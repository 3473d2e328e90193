"""`manage.py cld_export --from 2025-04-01 --to 2026-03-31 --out FILE.csv|FILE.parquet [--la-code CODE]
[--sus-out SUS.csv]`.

Writes Care Commons' own records for the period as a Client Level Data (Release 2) file
(`carecommons.outcomes.export`), and records the export (`outcomes.models.CldExport`). Bad dates, a period that
ends before it starts, or a place it cannot write give a plain message and a non-zero exit, never a traceback;
the file is written whole or not at all. `--sus-out` also writes the period's hospital discharges in the columns
`ascof --sus` reads (`export.export_sus`), so that `ascof FILE --sus SUS.csv` measures 2D as `ascof --from-records`.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from carecommons.outcomes.export import ExportError, export, export_sus, la_code_default, sus_left_out
from carecommons.outcomes.models import CldExport


def _date(label: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise CommandError(f"{label} must be a date written YYYY-MM-DD, for example 2025-04-01; '{text}' is not.") from None


def _operator() -> str:
    try:
        return getpass.getuser()[:150]
    except (KeyError, OSError):
        return "unknown"


class Command(BaseCommand):
    help = "Write Care Commons' records for a period as a Client Level Data (Release 2) file, CSV or Parquet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="The period's first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="The period's last day, YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="The file to write: a name ending .csv or .parquet")
        parser.add_argument("--la-code", default=None,
                            help="The council's code for CLD (default CARECOMMONS_LA_CODE; 999 in a fictional area)")
        parser.add_argument("--sus-out", default=None,
                            help="Also write the period's hospital discharges to this .csv, in the columns "
                                 "`ascof --sus` reads (for ASCOF 2D)")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date("--from", options["start"]), _date("--to", options["end"])
        out = Path(options["out"])
        if out.suffix.lower() not in (".csv", ".parquet"):
            raise CommandError(f"--out must name a .csv or .parquet file; '{out}' is neither.")
        if out.is_dir():
            raise CommandError(f"--out names a folder, {out}: give a file name ending .csv or .parquet.")
        sus_out = Path(options["sus_out"]) if options["sus_out"] else None
        if sus_out is not None and sus_out.suffix.lower() != ".csv":
            raise CommandError(f"--sus-out must name a .csv file; '{sus_out}' is not one.")
        if sus_out is not None and sus_out.resolve() == out.resolve():
            raise CommandError("--sus-out must be a different file from --out.")
        code = options["la_code"] if options["la_code"] is not None else la_code_default()
        code = code.strip()
        if not code or not (code.isascii() and code.isalnum()) or len(code) > 9:
            raise CommandError("Give the council's CLD code with --la-code (or set CARECOMMONS_LA_CODE): "
                               "letters and digits, at most 9, as CLD's check reads them.")
        try:
            written = export(out, start=start, end=end, la_code=code)
            discharges = export_sus(sus_out, start=start, end=end) if sus_out is not None else None
        except ExportError as error:
            raise CommandError(str(error)) from None
        CldExport.objects.create(run_by=_operator(), at=timezone.now(), period_start=start, period_end=end,
                                 la_code=written.la_code, file_name=str(out)[:300],
                                 file_format="parquet" if out.suffix.lower() == ".parquet" else "csv",
                                 rows=written.rows, people=written.people, sha256=written.sha256)
        self.stdout.write(f"Wrote {written.rows} rows about {written.people} people, {start:%-d %B %Y} to "
                          f"{end:%-d %B %Y}, to {out} (SHA-256 {written.sha256}).")
        if discharges is not None:
            self.stdout.write(f"Wrote {discharges} hospital discharges, {start:%-d %B %Y} to {end:%-d %B %Y}, "
                              f"to {sus_out} (for ascof --sus).")
            left_out = sus_left_out(start=start, end=end)
            if left_out:
                self.stdout.write(f"Left out {left_out} hospital discharge{'s' if left_out != 1 else ''}: the main "
                                  "specialty of the ward they left from is not recorded (an administrator adds it at "
                                  "/hospital/admin/), and ASCOF 2D cannot count a stay without one.")
