import base64
import binascii
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from carecommons.assessments.models import TrustedCouncil


class Command(BaseCommand):
    help = "Trust assessments signed by another council: give its name and its public key (from its `signing_key`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("public_key")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            raw = base64.b64decode(options["public_key"], validate=True)
        except (binascii.Error, ValueError):
            raise CommandError("That public key is not base64.") from None
        if len(raw) != 32:
            raise CommandError("That is not an Ed25519 public key (it must be 32 bytes).")
        council, created = TrustedCouncil.objects.update_or_create(
            name=options["name"], defaults={"public_key": options["public_key"], "added_at": timezone.now(), "added_by": "manage.py"})
        self.stdout.write(f"{'Now trusting' if created else 'Updated the key for'} {council.name}.")
