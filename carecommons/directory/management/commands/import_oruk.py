"""`manage.py import_oruk FILE`: import services from another Open Referral UK feed, saved as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.core.inputs import InputError, load_json
from carecommons.directory.services import import_feed

MAX_FEED_BYTES = 100 * 1024 * 1024  # a page of a feed; far larger than any directory's


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
                data = load_json(path.read_bytes(), max_bytes=MAX_FEED_BYTES)
            except InputError as error:
                raise CommandError(f"{path.name}: {error}") from None
            try:
                outcome = import_feed(data, source=path.name)
            except ValueError as error:
                raise CommandError(f"{path.name}: {error}") from None
            self.stdout.write(f"{path.name}: {outcome.services} services, {outcome.created} new, {outcome.updated} updated, "
                              f"{len(outcome.bad)} could not be used.")
            for bad in outcome.bad:
                self.stdout.write(f"  item {bad['item']} ({bad['id'] or 'no id'}): {bad['problem']}")
