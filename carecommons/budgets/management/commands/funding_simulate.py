"""`manage.py funding_simulate --policy NAME --json`: a year of care under a funding policy, over this area."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from carecommons.budgets.funding import as_json, population, run
from carecommons.rules.charging import ChargingError
from carecommons.rules.funding import POLICIES
from carecommons.rules.money import pounds


class Command(BaseCommand):
    help = "Simulate who pays for a year of care, the council or the person, under a funding policy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--policy", required=True, choices=sorted(POLICIES), help="The funding policy to run")
        parser.add_argument("--on", default="", help="The date to simulate from, YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="Print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            raise CommandError("--on must be a date like 2026-06-01") from None
        pop = population(on)
        try:
            sim = run(options["policy"], on, pop)
        except ChargingError as error:
            raise CommandError(str(error)) from None
        result = as_json(sim, pop, on)
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(f"{sim.policy.title}, a year from {on:%-d %B %Y}, {len(sim.people)} people:")
        self.stdout.write(f"  the council pays {pounds(sim.council_total)}; people pay {pounds(sim.people_total)}")
        for band, (council, people) in sim.by_age.items():
            self.stdout.write(f"  {band}: council {pounds(council)}, people {pounds(people)}")
        if pop.rate_not_verified or sim.refused:
            self.stdout.write(f"  not counted under any policy, because a rate is not verified: {pop.rate_not_verified + len(sim.refused)}")
