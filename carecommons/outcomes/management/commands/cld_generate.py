"""`manage.py cld_generate --people N --seed S --out FOLDER [--quarters 8] [--parquet] [--sus FILE]`: a fictional
area's quarterly CLD submissions (and, with --sus, its hospital stays), for tests and benchmarks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.outcomes.engine.generate import write_area


class Command(BaseCommand):
    help = "Write a fictional area's quarterly CLD submissions (rolling 12 months each), made up from a seed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, required=True, help="How many people the area has")
        parser.add_argument("--seed", type=int, required=True, help="The same seed writes the same files")
        parser.add_argument("--out", required=True, help="The folder to write into (made if missing)")
        parser.add_argument(
            "--quarters", type=int, default=8, help="How many quarterly submissions (default 8)"
        )
        parser.add_argument(
            "--la-code", default="999", help="The council code written in the files (default 999)"
        )
        parser.add_argument("--parquet", action="store_true", help="Write Parquet instead of CSV")
        parser.add_argument(
            "--sus", default="", help="Also write the hospital stays (SUS columns) to this CSV"
        )
        parser.add_argument("--workers", type=int, default=0, help="Processes to use (default: up to 2)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < 0:
            raise CommandError("--people must be 0 or more")
        if not 1 <= options["quarters"] <= 40:
            raise CommandError("--quarters must be between 1 and 40")
        started = time.monotonic()
        try:
            paths = write_area(
                Path(options["out"]),
                people=options["people"],
                seed=options["seed"],
                quarters=options["quarters"],
                la_code=options["la_code"],
                parquet=options["parquet"],
                sus_path=Path(options["sus"]) if options["sus"] else None,
                workers=options["workers"] or None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        for path in paths:
            self.stdout.write(str(path))
        if options["sus"]:
            self.stdout.write(options["sus"])
        self.stdout.write(
            f"Wrote {len(paths)} fictional submissions for {options['people']:,} people "
            f"in {time.monotonic() - started:.1f} seconds."
        )
