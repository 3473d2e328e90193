from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.hospital.models import Ward
from carecommons.hospital.services import ward_token_issue


class Command(BaseCommand):
    help = ("Make a key for a hospital ward's system to send discharge requests with (/hospital/fhir/). The key is "
            "shown once; only its hash is kept.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ward_code", help="The ward's code, as its system names it in Encounter.location")
        parser.add_argument("--name", required=True, help="Which system will use it, for the record")

    def handle(self, *args: Any, **options: Any) -> None:
        ward = Ward.objects.filter(code=options["ward_code"]).first()
        if ward is None:
            raise CommandError(f"There is no ward with the code {options['ward_code']!r}.")
        name = " ".join(str(options["name"]).split())[:100]
        if not name:
            raise CommandError("Say which system will use the key (--name).")
        token = ward_token_issue(ward=ward, name=name)
        self.stdout.write(f"A key for {ward} ({name}). Give it to the ward's system now: it is not shown again.\n")
        self.stdout.write(token)
