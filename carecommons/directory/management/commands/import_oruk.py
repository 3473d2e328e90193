"""`manage.py import_oruk FILE`: import services from another Open Referral UK feed, saved as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.directory.services import import_feed


class Command(BaseCommand):
    help = "Import services from an Open Referral UK feed saved as JSON (a /services page, a list, or one service)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="JSON files, for example each page of another directory's /services")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"There is no file at {path}.")
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                raise CommandError(f"{path.name} is not JSON: {error}") from None
            try:
                outcome = import_feed(data, source=path.name)
            except ValueError as error:
                raise CommandError(f"{path.name}: {error}") from None
            self.stdout.write(f"{path.name}: {outcome.services} services, {outcome.created} new, {outcome.updated} updated, "
                              f"{len(outcome.bad)} could not be used.")
            for bad in outcome.bad:
                self.stdout.write(f"  item {bad['item']} ({bad['id'] or 'no id'}): {bad['problem']}")
