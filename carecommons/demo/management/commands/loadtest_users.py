"""`manage.py loadtest_users --out FILE`: sign-ins for the load test (`make loadtest`), in the fictional area only.

After `demo_area`, it gives `--practitioners` new practitioners in the North team a password and an
authenticator app each (a fresh random password and key every run), and one fresh password to every demo
resident who can sign in, then writes them to FILE (JSON) with the people each practitioner's team may open, so
Locust signs in through the real pages: password, then a code worked out from the key. Nothing here is a
published secret, and it refuses to run unless the settings say the area is fictional, like `demo_area`.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core import second_factor
from carecommons.people.demo import NORTH
from carecommons.people.models import Person, StaffMember, Team
from carecommons.rules.access import Role

PREFIX = "loadtest-practitioner-"


class Command(BaseCommand):
    help = "Make the load test's sign-ins in the fictional area and write them to a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--practitioners", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CARECOMMONS["FICTIONAL"]:
            raise CommandError("Refusing to make load-test sign-ins: this installation is not a fictional area.")
        out: Path = options["out"]
        with transaction.atomic():
            data = make(practitioners=options["practitioners"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(data, indent=1))
        out.chmod(0o600)
        self.stdout.write(f"{len(data['practitioners'])} practitioners and {len(data['residents'])} residents "
                          f"who can sign in, {len(data['north_people'])} people the North team may open: {out}")


def make(*, practitioners: int) -> dict[str, Any]:
    user_model = get_user_model()
    north = Team.objects.get(name=NORTH)
    password = secrets.token_urlsafe(16)
    hashed = make_password(password)  # one hash for every load-test sign-in: signing in is timed, not hashing
    old = user_model._default_manager.filter(username__startswith=PREFIX)
    TOTPDevice.objects.filter(user__in=old).delete()
    StaffMember.objects.filter(user__in=old).delete()
    old.delete()
    staff = []
    for i in range(practitioners):
        user = user_model._default_manager.create(
            username=f"{PREFIX}{i:02d}", first_name="Load", last_name=f"Test {i:02d}", password=hashed,
            email=f"{PREFIX}{i:02d}@example.org")
        StaffMember.objects.create(user=user, role=Role.PRACTITIONER.value, job_title="Community practitioner",
                                   team=north)
        key = second_factor.new_key()
        TOTPDevice.objects.create(user=user, name=second_factor.APP, key=key, confirmed=True)
        staff.append({"username": user.username, "password": password, "totp_key": key})
    residents = list(Person.objects.filter(user__isnull=False).select_related("user").order_by("pk"))
    user_model._default_manager.filter(pk__in=[p.user_id for p in residents]).update(password=hashed)
    north_people = list(Person.objects.filter(team=north).order_by("pk").values_list("pk", "full_name"))
    return {
        "practitioners": staff,
        "residents": [{"username": p.user.get_username(), "password": password} for p in residents],
        "north_people": [{"id": pk, "surname": name.split()[-1]} for pk, name in north_people],
    }
