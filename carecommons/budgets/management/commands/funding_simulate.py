"""`manage.py funding_simulate --policy NAME --json`: a year of care under a funding policy, over this area."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from carecommons.budgets.funding import as_json, comparison
from carecommons.rules.charging import ChargingError
from carecommons.rules.funding import POLICIES
from carecommons.rules.money import pounds


class Command(BaseCommand):
    help = "Simulate who pays for a year of care, the council or the person, under a funding policy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--policy", required=True, choices=sorted(POLICIES), help="The funding policy to run")
        parser.add_argument("--on", default="", help="A date in the financial year to simulate, YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="Print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            raise CommandError("--on must be a date like 2026-06-01") from None
        try:
            comp = comparison(on)
        except ChargingError as error:
            raise CommandError(str(error)) from None
        sim = next(s for s in comp.sims if s.policy.name == options["policy"])
        result = as_json(sim, comp.pop, on, comp)
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        est = comp.estimated[sim.policy.name]
        self.stdout.write(f"{sim.policy.title}, the financial year {comp.year}, {len(sim.people)} people counted:")
        self.stdout.write(f"  the council pays {pounds(sim.council_total)}; people pay {pounds(sim.people_total)}")
        for band, (council, people) in sim.by_age.items():
            self.stdout.write(f"  {band}: council {pounds(council)}, people {pounds(people)}")
        self.stdout.write(f"  capital fell to the upper limit for {sim.crossed('upper')}, to the lower limit for "
                          f"{sim.crossed('lower')}; {sim.reached_cap} reached the cap")
        for reason, n in comp.pop.refusals.items():
            self.stdout.write(f"  {n} not counted: {reason}")
        if est.groups:
            self.stdout.write(f"Estimates entered by the council, {est.people} more people: the council pays "
                              f"{pounds(est.council_total)}; people pay {pounds(est.people_total)}")
        for group, reason in comp.estimates.refused:
            self.stdout.write(f"  estimated group not counted ({group.label}, {group.people}): {reason}")
