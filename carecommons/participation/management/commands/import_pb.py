"""`manage.py import_pb FILE --area SLUG --rule equal_shares|greedy --by USERNAME`: import a Pabulib election as a
closed round, whole or not at all (one transaction, `services.import_pb`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.participation import services
from carecommons.participation.models import Area, Round
from carecommons.rules import pb


class Command(BaseCommand):
    help = "Import a Pabulib .pb election as a closed round with its result, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--area", required=True, help="the area's slug, for example whole-community")
        parser.add_argument("--rule", required=True, choices=Round.Rule.values)
        parser.add_argument("--by", required=True, help="the username of the commissioner importing it")
        parser.add_argument("--title", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        area = Area.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"There is no area '{options['area']}'.")
        user = get_user_model().objects.filter(username=options["by"]).first()
        if user is None:
            raise CommandError(f"There is no account '{options['by']}'.")
        try:
            round = services.import_pb(text=path.read_text(encoding="utf-8"), area=area, rule=options["rule"],
                                       title=options["title"], user=user)
        except UnicodeDecodeError:
            raise CommandError(f"{path.name} must be text in UTF-8.") from None
        except (pb.PBError, services.ParticipationError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Imported round {round.pk}: {round.proposals.count()} proposals, {round.ballots.count()} ballots.")
