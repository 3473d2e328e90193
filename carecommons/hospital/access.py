"""The gate to discharge requests, and the grounds only this app knows.

- **ward_request**: ward staff (role `ward`), for a request their own ward sent (`WardStaff`). It reaches that
  request and nothing else: not the person's record, not another ward's request (`rules.access`: a ward account holds
  no other ground, not even sharing).
- **hospital_team**: a practitioner or manager whose team is the council's hospital team (`HospitalTeam`). It reaches
  every discharge request, and for the people those requests are about, recording a conversation (the front door's
  proportionate recording, `conversations:new`): after it they have met the person, as anyone who has. Nothing else of
  a person's record: for the rest they give a reason like anyone else.

A request not yet linked to a person's record is decided on the same table (`rules.access.decide`) and its opening
kept as a `DischargeRequestEvent`; a linked one goes through `people.access.open_record`, which writes the
`AccessEvent` the person sees.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from carecommons.hospital.models import DischargeRequest, DischargeRequestEvent, HospitalTeam, WardStaff
from carecommons.people.access import (
    AccessRefused,
    GroundSource,
    RowCondition,
    open_record,
    register_ground_source,
)
from carecommons.people.roles import display_name, role_of
from carecommons.rules.access import Ground, Kind, Purpose, Role, decide

TEAM_ROLES = (Role.PRACTITIONER, Role.MANAGER)


def on_hospital_team(user: Any, role: Role | None = None) -> bool:
    """A practitioner or manager on the hospital team; asked once a request (kept on the user object)."""
    role = role if role is not None else role_of(user)
    if role not in TEAM_ROLES:
        return False
    cached = getattr(user, "_on_hospital_team", None)
    if cached is None:
        staff = getattr(user, "staff", None)
        cached = (staff is not None and staff.team_id is not None
                  and HospitalTeam.objects.filter(team_id=staff.team_id).exists())
        user._on_hospital_team = cached
    return bool(cached)


def ward_ids(user: Any) -> list[int]:
    """The wards a ward staff account belongs to (none for anyone else)."""
    if role_of(user) is not Role.WARD:
        return []
    return list(WardStaff.objects.filter(user=user).values_list("ward_id", flat=True))


def _grounds(user: Any, role: Role | None, person_id: int, today: dt.date) -> set[Ground]:
    """hospital_team for someone a ward asked the team to help (or a request not yet linked: person_id 0), never for
    anyone else in the council."""
    if not on_hospital_team(user, role):
        return set()
    if person_id and not DischargeRequest.objects.filter(person_id=person_id).exists():
        return set()
    return {Ground.HOSPITAL_TEAM}


def _with_a_request(via: str) -> Q:
    return Q(**{f"{via}pk__in": DischargeRequest.objects.filter(person__isnull=False).values("person_id")})


def _reach(user: Any, role: Role | None, today: dt.date) -> dict[Ground, QuerySet[Any] | RowCondition]:
    return {Ground.HOSPITAL_TEAM: _with_a_request} if on_hospital_team(user, role) else {}


SOURCE = GroundSource(grounds=_grounds, reach=_reach)


def register() -> None:
    register_ground_source(SOURCE)


def access_discharge_request(*, user: Any, id: int, purpose: Purpose,
                             what: str = "a request to leave hospital") -> DischargeRequest:
    """Open a discharge request for `purpose`, or refuse (PermissionDenied) — logged either way."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to see this request.")
    found = DischargeRequest.objects.select_related("ward", "person").filter(pk=id).first()
    if found is None:
        raise Http404("No such request")
    ward = {Ground.WARD_REQUEST} if found.ward_id in ward_ids(user) else set()
    if found.person_id is not None:
        found.person = open_record(user=user, person_id=found.person_id, kind=Kind.DISCHARGE, purpose=purpose,
                                   what=what, extra_grounds=ward)
        return found
    role = role_of(user)
    held = _grounds(user, role, 0, timezone.localdate()) | ward
    decision = decide(role=role, kind=Kind.DISCHARGE, purpose=purpose, grounds=held)
    DischargeRequestEvent.objects.create(
        request=found, at=timezone.now(), user=user, user_name=display_name(user), purpose=purpose.value,
        action=DischargeRequestEvent.Action.VIEWED if decision.allowed else DischargeRequestEvent.Action.REFUSED,
        grounds=decision.grounds)
    if not decision.allowed:
        raise AccessRefused(decision)
    return found


def requests_in_reach(user: Any) -> QuerySet[DischargeRequest]:
    """The requests a user may see listed: their own ward's for ward staff, every one for the hospital team."""
    role = role_of(user)
    if role is Role.WARD:
        return DischargeRequest.objects.filter(ward_id__in=ward_ids(user))
    if on_hospital_team(user, role):
        return DischargeRequest.objects.all()
    return DischargeRequest.objects.none()
