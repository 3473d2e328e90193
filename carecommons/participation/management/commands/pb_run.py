"""`manage.py pb_run FILE --rule equal_shares|greedy --json`: count a Pabulib election."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.rules import pb


class Command(BaseCommand):
    help = "Count a Pabulib .pb election by a rule (its Pabulib name) and print the selected projects and their cost."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--rule", required=True, help="greedy, greedy-threshold, equal_shares (also written equalshares/add1), or equalshares/add1-comparison")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            election = pb.parse(path.read_text(encoding="utf-8"))
            result = pb.count(election, options["rule"])
        except UnicodeDecodeError:
            raise CommandError(f"{path.name} must be text in UTF-8.") from None
        except pb.PBError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps({"selected": list(result.selected), "cost": result.cost}))
            return
        self.stdout.write(f"{len(result.selected)} projects selected, costing {result.cost:,} of {election.budget:,}: "
                          f"{', '.join(result.selected)}")
