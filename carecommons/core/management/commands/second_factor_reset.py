"""Remove someone's authenticator app and recovery codes, for when they have lost both (ADR 0012)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.core import second_factor


class Command(BaseCommand):
    help = ("Remove a user's authenticator app and recovery codes. Staff then set up a new app at their next "
            "sign-in; check who is asking before you do this.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model()._default_manager.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user called {options['username']!r}.")
        removed = second_factor.second_factor_reset(user=user)
        self.stdout.write(f"Removed {removed} device{'s' if removed != 1 else ''} for {user.get_username()}. "
                          "They will set up an authenticator app at their next sign-in.")
