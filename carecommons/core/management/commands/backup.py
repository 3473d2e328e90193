"""`manage.py backup --out FILE`: a consistent copy of the whole database, with FILE.sha256 beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.core.backup import BackupError, backup, checksum_path


class Command(BaseCommand):
    help = "Back up the whole database to FILE (SQLite: the online backup API; PostgreSQL: pg_dump -Fc) with a SHA-256 checksum."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="The backup file to write (replaced if it exists)")
        parser.add_argument("--database", default="default", help="Which database (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        try:
            value = backup(out, using=options["database"])
        except (BackupError, OSError) as error:
            raise CommandError(f"The backup was not made: {error}") from error
        self.stdout.write(f"Backed up to {out} (SHA-256 {value}, written to {checksum_path(out)}).")
