"""The gate to safeguarding concerns, and the grounds only this app knows.

- **safeguarding_team**: a practitioner or manager whose team is the council's safeguarding team
  (`SafeguardingTeam`). It reaches every person's safeguarding records, and nothing else of theirs: to see the
  rest of a person's record the safeguarding team gives a reason like anyone else ("break glass").
- **named_in_enquiry**: someone the safeguarding team named in this concern (`Involvement`): they see it.

The person alleged to be the source of risk holds no ground for the concern, whatever else they are; the person
themselves sees it unless a recorded decision withholds it. A concern not yet linked to a person's record is
opened on the same table (`rules.access.decide`) and its opening kept as a `ConcernEvent`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from carecommons.people.access import (
    AccessRefused,
    GroundSource,
    OtherRefusal,
    RefusalSource,
    RowCondition,
    open_record,
    register_ground_source,
    register_hidden_openings,
    register_refusal_reviewers,
    register_refusal_source,
)
from carecommons.people.roles import display_name, role_of
from carecommons.rules.access import Ground, Kind, Purpose, Role, decide
from carecommons.safeguarding.models import Concern, ConcernEvent, SafeguardingTeam

TEAM_ROLES = (Role.PRACTITIONER, Role.MANAGER)


def on_safeguarding_team(user: Any, role: Role | None = None) -> bool:
    """A practitioner or manager on the safeguarding team. Asked once a request: kept on the user object, which
    lives as long as the request (every gate opened in it asks)."""
    role = role if role is not None else role_of(user)
    if role not in TEAM_ROLES:
        return False
    cached = getattr(user, "_on_safeguarding_team", None)
    if cached is None:
        staff = getattr(user, "staff", None)
        cached = (staff is not None and staff.team_id is not None
                  and SafeguardingTeam.objects.filter(team_id=staff.team_id).exists())
        user._on_safeguarding_team = cached
    return bool(cached)


def _grounds(user: Any, role: Role | None, person_id: int, today: dt.date) -> set[Ground]:
    return {Ground.SAFEGUARDING_TEAM} if on_safeguarding_team(user, role) else set()


def _everyone(via: str) -> Q:
    return ~Q(**{f"{via}pk__in": []})


def _reach(user: Any, role: Role | None, today: dt.date) -> dict[Ground, QuerySet[Any] | RowCondition]:
    return {Ground.SAFEGUARDING_TEAM: _everyone} if on_safeguarding_team(user, role) else {}


SOURCE = GroundSource(grounds=_grounds, reach=_reach)


def _hidden_openings(person: Any) -> Q | None:
    """A concern withheld from the person: their log and download do not show openings of safeguarding records."""
    if Concern.objects.filter(person=person, withheld_from_person=True).exists():
        return Q(kind=Kind.SAFEGUARDING.value)
    return None


def reviews_refusals(reviewer: Any) -> bool:
    """Refusals of a safeguarding record are reviewed by the safeguarding team's managers, and nobody else."""
    return role_of(reviewer) is Role.MANAGER and on_safeguarding_team(reviewer, Role.MANAGER)


def _refused_waiting(reviewer: Any) -> QuerySet[ConcernEvent]:
    """Refused openings of a concern kept as a `ConcernEvent` (one not yet linked to a person's record when it was
    opened) by staff, not yet reviewed, not the reviewer's own: only for the safeguarding team's managers."""
    if not reviews_refusals(reviewer):
        return ConcernEvent.objects.none()
    return (ConcernEvent.objects.filter(action=ConcernEvent.Action.REFUSED, reviewed_at__isnull=True,
                                        user__staff__isnull=False).exclude(user=reviewer))


_TRIED = {Purpose.VIEW.value: "To read it", Purpose.CHANGE.value: "To change it",
          Purpose.DECIDE.value: "To decide about it"}


def _refusals_for_review(reviewer: Any) -> list[OtherRefusal]:
    """The newest 200 (the queue is meant to be emptied; more wait until those are reviewed)."""
    return [OtherRefusal(id=e.pk, who=e.user_name, at=e.at,
                         whose=f"Safeguarding concern {e.concern.reference} (not linked to a person's record then)",
                         what=_TRIED.get(e.purpose, "To open it"))
            for e in _refused_waiting(reviewer).select_related("concern").order_by("-at", "-id")[:200]]


def _refusal_mark(reviewer: Any, entry_id: int) -> bool:
    return bool(_refused_waiting(reviewer).filter(pk=entry_id).update(reviewed_by=reviewer,
                                                                       reviewed_at=timezone.now()))


SAFEGUARDING_REFUSALS = RefusalSource(waiting=_refusals_for_review, mark=_refusal_mark)


def register() -> None:
    register_ground_source(SOURCE)
    register_hidden_openings(_hidden_openings)
    register_refusal_reviewers(Kind.SAFEGUARDING, reviews_refusals)
    register_refusal_source("concern_refusal", SAFEGUARDING_REFUSALS)


def _withheld(concern: Concern, user: Any) -> set[Ground]:
    """Grounds that do not reach this concern for this user."""
    if concern.alleged_source_id is not None and concern.alleged_source_id == user.pk:
        return set(Ground)  # the alleged source of risk never sees it, whoever they are
    return {Ground.SELF} if concern.withheld_from_person else set()


def access_concern(*, user: Any, id: int, purpose: Purpose, what: str = "a safeguarding concern") -> Concern:
    """Open a concern for `purpose`, or refuse (PermissionDenied) — logged either way."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to see this record.")
    concern = Concern.objects.select_related("person", "decided_by").filter(pk=id).first()
    if concern is None:
        raise Http404("No such concern")
    named = {Ground.NAMED} if concern.involvements.filter(user=user).exists() else set()
    without = _withheld(concern, user)
    if concern.person_id is not None:
        concern.person = open_record(user=user, person_id=concern.person_id, kind=Kind.SAFEGUARDING, purpose=purpose,
                                     what=what, extra_grounds=named, without_grounds=without)
        return concern
    role = role_of(user)
    held = (_grounds(user, role, 0, timezone.localdate()) | named) - without
    decision = decide(role=role, kind=Kind.SAFEGUARDING, purpose=purpose, grounds=held)
    ConcernEvent.objects.create(
        concern=concern, at=timezone.now(), user=user, user_name=display_name(user), purpose=purpose.value,
        action=ConcernEvent.Action.VIEWED if decision.allowed else ConcernEvent.Action.REFUSED,
        grounds=decision.grounds)
    if not decision.allowed:
        raise AccessRefused(decision)
    return concern


def concerns_in_reach(user: Any) -> QuerySet[Concern]:
    """The concerns a user may see listed: every one for the safeguarding team; otherwise only those they are named
    in (and never one whose alleged source of risk they are)."""
    if on_safeguarding_team(user):
        found = Concern.objects.all()
    elif role_of(user) in TEAM_ROLES:
        found = Concern.objects.filter(involvements__user=user)
    else:
        return Concern.objects.none()
    return found.exclude(alleged_source=user)


def raiser_shown(user: Any, concern: Concern) -> bool:
    """Who raised a concern is shown only to the safeguarding team (and never to its alleged source of risk)."""
    return on_safeguarding_team(user) and concern.alleged_source_id != user.pk
