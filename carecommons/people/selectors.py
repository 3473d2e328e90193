"""Reads about people, scoped to who is asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carecommons.conversations.models import Conversation
from carecommons.people.models import AccessEvent, Allocation, Person
from carecommons.people.roles import role_of
from carecommons.rules.access import Role


def people_in_reach(user: Any) -> QuerySet[Person]:
    """People a practitioner or manager may open without a reason: met, allocated or their team's."""
    role = role_of(user)
    if role not in (Role.PRACTITIONER, Role.MANAGER):
        return Person.objects.none()
    met = Conversation.objects.filter(practitioner=user).values("person_id")
    allocated = Allocation.objects.filter(practitioner=user, ended_on__isnull=True).values("person_id")
    condition = Q(pk__in=met) | Q(pk__in=allocated)
    if user.staff.team_id:
        condition |= Q(team_id=user.staff.team_id)
    return Person.objects.filter(condition)


def find_people(user: Any, query: str) -> QuerySet[Person]:
    words = query.split()
    qs = people_in_reach(user)
    for word in words:
        qs = qs.filter(Q(full_name__icontains=word) | Q(preferred_name__icontains=word) | Q(phone__icontains=word) | Q(postcode__icontains=word))
    return qs.order_by("full_name", "id")


def staff_access_events(person: Person) -> QuerySet[AccessEvent]:
    """Every time staff opened, changed or were refused this person's record, newest first."""
    return AccessEvent.objects.filter(person=person).exclude(role__in=["person", ""]).exclude(action=AccessEvent.Action.REFUSED)
