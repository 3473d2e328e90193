"""`manage.py import_postcodes FILE`: where each postcode is, from the ONS Postcode Directory or Code-Point Open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from carecommons.core.postcodes import PostcodeFileError, import_postcodes

LAYOUTS = {"onspd": "the ONS Postcode Directory", "codepoint": "Code-Point Open"}


class Command(BaseCommand):
    help = ("Load where each postcode is from the ONS Postcode Directory (pcds, lat, long) or Code-Point Open "
            "(postcode, quality, eastings, northings) CSV. Re-running updates; it never duplicates.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file, as ONS or Ordnance Survey publish it")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as counting:
            total = sum(1 for _ in counting)
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as stream, \
                Progress(TextColumn("Loading postcodes"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                         disable=options["quiet"], transient=True) as progress:
            task = progress.add_task("rows", total=total)
            try:
                run = import_postcodes(stream, progress=lambda n: progress.advance(task, n))
            except PostcodeFileError as error:
                raise CommandError(str(error)) from None
        self.stdout.write(f"{path.name} read as {LAYOUTS[run.layout]}. {run.rows:,} rows: {run.created:,} new, "
                          f"{run.updated:,} updated, {run.unchanged:,} unchanged, {len(run.bad):,} could not be used.")
        for line, problem in run.bad[:50]:
            self.stdout.write(f"  line {line}: {problem}")
        if len(run.bad) > 50:
            self.stdout.write(f"  … and {len(run.bad) - 50:,} more.")
