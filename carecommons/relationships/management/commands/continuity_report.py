"""`manage.py continuity_report --json`: continuity of care for each person with visits, and by provider."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from carecommons.relationships.models import Visit
from carecommons.relationships.services import continuity_by_provider, continuity_config, continuity_for


class Command(BaseCommand):
    help = "Print continuity of care over the council's window: per person (by record number) and per provider."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        config = continuity_config()
        people = sorted(set(Visit.objects.values_list("person_id", flat=True)))
        per_person = []
        for person_id in people:
            c = continuity_for(person_id, now=now)
            per_person.append({"person_id": person_id, "visits": c.visits, "workers": c.workers, "familiar_share_percent": c.familiar_share,
                               "stream_of_strangers": c.strangers_alert})
        report = {"as_of": now.isoformat(), "window_days": config["WINDOW_DAYS"], "max_workers": config["MAX_WORKERS"],
                  "min_familiar_share_percent": config["MIN_FAMILIAR_SHARE"], "people": per_person,
                  "providers": continuity_by_provider(now=now)}
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
            return
        alerts = sum(p["stream_of_strangers"] for p in per_person)
        self.stdout.write(f"{len(per_person)} people with visits in the last {config['WINDOW_DAYS']} days; {alerts} with a stream of strangers.")
        for row in report["providers"]:
            self.stdout.write(f"  {row['provider']}: {row['people']} people, {row['median_workers']} workers each in the middle, "
                              f"{row['strangers']} with a stream of strangers")
