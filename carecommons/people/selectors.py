"""Reads about people, scoped to who is asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carecommons.people.access import people_in_reach
from carecommons.people.models import AccessEvent, BreakGlass, Person


def find_people(user: Any, query: str) -> QuerySet[Person]:
    words = query.split()
    qs = people_in_reach(user)
    for word in words:
        qs = qs.filter(Q(full_name__icontains=word) | Q(preferred_name__icontains=word) | Q(phone__icontains=word) | Q(postcode__icontains=word))
    return qs.order_by("full_name", "id")


def find_exactly(*, name: str, born: Any) -> Person | None:
    """The one person with exactly this name and date of birth, for opening with a reason; None if not exactly one."""
    found = list(Person.objects.filter(full_name__iexact=" ".join(name.split()), date_of_birth=born)[:2])
    return found[0] if len(found) == 1 else None


def staff_access_events(person: Person) -> QuerySet[AccessEvent]:
    """Every time someone else opened this person's record (staff, or someone they shared it with), newest first.

    Refusals are not openings: managers review them (`for_review`).
    """
    events = AccessEvent.objects.filter(person=person).exclude(action=AccessEvent.Action.REFUSED)
    if person.user_id is not None:
        events = events.exclude(user_id=person.user_id)
    return events


def _reviewable(qs: QuerySet, reviewer: Any) -> QuerySet:  # type: ignore[type-arg]
    """Entries a reviewer may review: a manager's team's staff and staff in no team; an administrator's, all."""
    staff = reviewer.staff
    qs = qs.exclude(user=reviewer)  # nobody reviews their own
    if staff.role == "manager":
        qs = qs.filter(Q(user__staff__team_id=staff.team_id) | Q(user__staff__team__isnull=True))
    return qs


def for_review(reviewer: Any) -> tuple[QuerySet[BreakGlass], QuerySet[AccessEvent]]:
    """Break-glass openings and refused attempts by staff that this reviewer has not yet marked reviewed."""
    glass = _reviewable(BreakGlass.objects.filter(reviewed_at__isnull=True), reviewer)
    refused = _reviewable(AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED, reviewed_at__isnull=True,
                                                     user__staff__isnull=False), reviewer)
    return (glass.select_related("person", "user").order_by("-created_at", "-id"),
            refused.select_related("person", "user").order_by("-at", "-id"))
