"""A fictional hospital: two wards, their staff, the council's hospital team, and people around them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from carecommons.hospital import services
from carecommons.hospital.models import HospitalTeam, Ward
from carecommons.testing import factories as f

NHS_EDNA = "9434765919"  # a valid check digit; fictional
NHS_ALF = "9434765870"


def staff(username: str, role: str, team: Any = None, **kw: Any) -> Any:
    user = f.UserFactory(username=username, first_name=username.title(), last_name="Fictional")
    f.StaffFactory(user=user, role=role, team=team, **kw)
    return user


def incoming(**kw: Any) -> services.Incoming:
    fields: dict[str, Any] = {
        "identifier": "EPR-1001", "name": "Edna Fictional", "nhs_number": NHS_EDNA,
        "ready_on": timezone.localdate() + dt.timedelta(days=2), "proposed_pathway": "1",
        "what_matters": "Getting back to her cat; her daughter Jo visits daily.",
    }
    fields.update(kw)
    return services.Incoming(**fields)


@pytest.fixture
def hospital(db: Any) -> dict[str, Any]:
    now = timezone.now()
    hospital_team, north = f.TeamFactory(name="Hospital social work team"), f.TeamFactory(name="North community team")
    HospitalTeam.objects.create(team=hospital_team, designated_at=now)
    ward7 = Ward.objects.create(name="Ward 7", hospital="Ashby Vale General (fictional)", code="AVG-W7")
    ward9 = Ward.objects.create(name="Ward 9", hospital="Ashby Vale General (fictional)", code="AVG-W9")
    nia, ola = staff("nia", "ward"), staff("ola", "ward")
    services.ward_staff_join(ward=ward7, user=nia)
    services.ward_staff_join(ward=ward9, user=ola)
    return {
        "ward7": ward7, "ward9": ward9, "nia": nia, "ola": ola,
        "hana": staff("hana", "practitioner", hospital_team),
        "priya": staff("priya", "practitioner", north),
        "chris": staff("chris", "commissioner"),
    }
