"""Gates for conversations and requests, and the grounds only this app knows.

- **met**: a practitioner or manager who has had a conversation with the person;
- **hub_booking**: a host whose hub has the person currently booked (a live booking whose
  conversation is today or later — once it has passed or is cancelled, the ground has gone);
- **duty**: a person waiting for a conversation whom no team supports yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from carecommons.conversations.models import Booking, Conversation, ConversationRequest
from carecommons.people.access import GroundSource, RowCondition, open_loaded, register_ground_source
from carecommons.rules.access import Ground, Kind, Purpose, Role


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def current_bookings_at_host(user: Any, today: dt.date) -> QuerySet[Booking]:
    """Live bookings at the user's hubs whose conversation is today or later."""
    return Booking.objects.filter(slot__hub__host_id=user.staff.host_id, cancelled_at__isnull=True,
                                  slot__starts_at__gte=_start_of(today))


def _met(user: Any) -> QuerySet[Conversation]:
    return Conversation.objects.filter(practitioner=user)


def _duty() -> QuerySet[ConversationRequest]:
    return ConversationRequest.objects.filter(status=ConversationRequest.Status.WAITING, person__team__isnull=True)


def _grounds(user: Any, role: Role | None, person_id: int, today: dt.date) -> set[Ground]:
    held: set[Ground] = set()
    if role in (Role.PRACTITIONER, Role.MANAGER):
        if _met(user).filter(person_id=person_id).exists():
            held.add(Ground.MET)
        if _duty().filter(person_id=person_id).exists():
            held.add(Ground.DUTY)
    elif role is Role.HOST and current_bookings_at_host(user, today).filter(request__person_id=person_id).exists():
        held.add(Ground.HUB_BOOKING)
    return held


def _on_duty(via: str) -> Q:
    """The duty ground on a listed row's own person: no team, and waiting. The person's team is looked at first, so
    the waiting requests are read only for a row whose person has no team (a list of every waiting request, made for
    each list, cost hundreds of milliseconds with tens of thousands waiting)."""
    waiting = ConversationRequest.objects.filter(status=ConversationRequest.Status.WAITING).values("person_id")
    return Q(**{f"{via}team__isnull": True}) & Q(**{f"{via}pk__in" if via else "pk__in": waiting})


def _reach(user: Any, role: Role | None, today: dt.date) -> dict[Ground, QuerySet[Any] | RowCondition]:
    if role in (Role.PRACTITIONER, Role.MANAGER):
        return {Ground.MET: _met(user).values("person_id"), Ground.DUTY: _on_duty}
    if role is Role.HOST:
        return {Ground.HUB_BOOKING: current_bookings_at_host(user, today).values("request__person_id")}
    return {}


SOURCE = GroundSource(grounds=_grounds, reach=_reach)


def register() -> None:
    register_ground_source(SOURCE)


def access_conversation(*, user: Any, id: int, purpose: Purpose, what: str = "a conversation record") -> Conversation:
    return open_loaded(Conversation.objects.select_related("hub", "practitioner", "updated_by"), id, user=user,
                       kind=Kind.CONVERSATION, purpose=purpose, what=what, missing="No such conversation")


def access_request(*, user: Any, id: int, purpose: Purpose, what: str = "a request for a conversation") -> ConversationRequest:
    return open_loaded(ConversationRequest.objects.select_related("preferred_hub"), id, user=user, kind=Kind.BOOKING,
                       purpose=purpose, what=what, missing="No such request")


def access_booking(*, user: Any, id: int, purpose: Purpose, what: str = "a booking") -> Booking:
    """A booking with its slot and hub; its request's person opened through the gate (kind BOOKING)."""
    return open_loaded(Booking.objects.select_related("slot__hub", "request"), id, user=user, kind=Kind.BOOKING,
                       purpose=purpose, what=what, missing="No such booking", path="request.person")
