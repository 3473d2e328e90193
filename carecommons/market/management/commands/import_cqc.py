"""`manage.py import_cqc FILE`: import the CQC directory of registered locations, with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from carecommons.market.cqc import ImportFailed, import_rows, read


class Command(BaseCommand):
    help = "Import the Care Quality Commission's directory of registered locations (CSV). Re-running updates; it never duplicates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file, as CQC publishes it")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as counting:
            total = max(sum(1 for _ in counting) - 1, 0)
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as stream:
            try:
                headers, rows = read(stream)
            except ImportFailed as error:
                raise CommandError(str(error)) from None
            with Progress(TextColumn("Importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          disable=options["quiet"], transient=True) as progress:
                task = progress.add_task("rows", total=total)
                try:
                    run = import_rows(headers, rows, file_name=path.name, progress=lambda n: progress.advance(task, n))
                except ImportFailed as error:
                    raise CommandError(str(error)) from None
        self.stdout.write(f"{run.rows:,} rows: {run.created:,} new, {run.updated:,} updated, {run.unchanged:,} unchanged, "
                          f"{len(run.bad_rows):,} could not be used.")
        for bad in run.bad_rows[:50]:
            self.stdout.write(f"  line {bad['line']}: {bad['problems']}")
        if len(run.bad_rows) > 50:
            self.stdout.write(f"  … and {len(run.bad_rows) - 50:,} more; every one is kept with the import run.")
