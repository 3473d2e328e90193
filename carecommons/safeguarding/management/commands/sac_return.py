"""`manage.py sac_return --year 2025-26 --out FILE.csv`.

Writes the Safeguarding Adults Collection tables for the financial year (1 April to 31 March) from the concern
records, small numbers suppressed (`carecommons.safeguarding.sac`, `carecommons.rules.sac`), and records the run
(`safeguarding.models.SacReturn`). A year not written like 2025-26, a file name not ending .csv, or a place it
cannot write give a plain message and a non-zero exit, never a traceback; the file is written whole or not at all.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from carecommons.rules.sac import parse_year
from carecommons.safeguarding.models import SacReturn
from carecommons.safeguarding.sac import ReturnError, write_return


def _operator() -> str:
    try:
        return getpass.getuser()[:150]
    except (KeyError, OSError):
        return "unknown"


class Command(BaseCommand):
    help = "Write the Safeguarding Adults Collection tables for a financial year as CSV, small numbers suppressed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="The financial year, written like 2025-26")
        parser.add_argument("--out", required=True, help="The file to write: a name ending .csv")

    def handle(self, *args: Any, **options: Any) -> None:
        year_text = str(options["year"]).strip()
        year = parse_year(year_text)
        if year is None:
            raise CommandError(f"--year must be a financial year written like 2025-26; '{year_text}' is not.")
        start, end = year
        out = Path(options["out"])
        if out.suffix.lower() != ".csv":
            raise CommandError(f"--out must name a .csv file; '{out}' does not end .csv.")
        if out.is_dir():
            raise CommandError(f"--out names a folder, {out}: give a file name ending .csv.")
        try:
            written = write_return(out, start=start, end=end)
        except ReturnError as error:
            raise CommandError(str(error)) from None
        SacReturn.objects.create(run_by=_operator(), at=timezone.now(), year=year_text, period_start=start,
                                 period_end=end, file_name=str(out)[:300], concerns=written.concerns,
                                 rows=written.rows, sha256=written.sha256)
        self.stdout.write(f"Wrote the Safeguarding Adults Collection for {start:%-d %B %Y} to {end:%-d %B %Y}: "
                          f"{written.rows} rows from {written.concerns} concerns, to {out} (SHA-256 {written.sha256}). "
                          "Counts of fewer than 5 are not shown.")
