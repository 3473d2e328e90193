"""`manage.py restore FILE`: replace the whole database with a backup, after checking its checksum.

Stop the service first. Afterwards run `manage.py migrate` if the backup is older than the code (`/readyz` says).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.core.backup import BackupError, check_checksum, restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup`, after checking its SHA-256 checksum."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file; FILE.sha256 must be beside it")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation")
        parser.add_argument("--database", default="default", help="Which database (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            check_checksum(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["interactive"]:
            answer = input(f"This replaces everything in the database with the backup {path}. "
                           "Stop the service first. Type 'yes' to continue: ")
            if answer.strip() != "yes":
                self.stdout.write("Nothing was restored.")
                return
        try:
            value = restore(path, using=options["database"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {path} (SHA-256 {value} checked). If the backup is older than this code, run "
                          "`python manage.py migrate`; /readyz says whether any migration is pending.")
