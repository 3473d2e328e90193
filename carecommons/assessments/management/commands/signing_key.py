from typing import Any

from django.core.management.base import BaseCommand

from carecommons.assessments.portable import public_key_b64, signing_key


class Command(BaseCommand):
    help = "Create this council's Ed25519 signing key if it has none, and print its public key for other councils to trust."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(public_key_b64(signing_key(create=True)))
