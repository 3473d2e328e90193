"""`manage.py make_slots --days 42`: make bookable slots from hubs' weekly sessions. Run nightly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from carecommons.hubs.models import Hub
from carecommons.hubs.services import slots_generate


class Command(BaseCommand):
    help = "Make bookable slots from each hub's weekly sessions for the coming days. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=42, help="How many days ahead, from the start date (default 42)")
        parser.add_argument("--start", type=dt.date.fromisoformat, default=None, help="First date, YYYY-MM-DD (default today)")
        parser.add_argument("--hub", type=int, default=None, help="Only this hub (its id); default every open hub")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 1:
            raise CommandError("--days must be 1 or more")
        hub = None
        if options["hub"] is not None:
            hub = Hub.objects.filter(pk=options["hub"]).first()
            if hub is None:
                raise CommandError(f"There is no hub with id {options['hub']}")
        start = options["start"] or timezone.localdate()
        made = slots_generate(hub=hub, start=start, days=options["days"])
        last = start + dt.timedelta(days=options["days"] - 1)
        self.stdout.write(f"Made {made} new slot{'s' if made != 1 else ''} from {start:%-d %B %Y} to {last:%-d %B %Y}.")
