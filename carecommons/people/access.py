"""The one way to get a person's record for a user.

**Every read or change of a Person for a user goes through `access_person`.** It gathers the
relationship facts, asks `rules.access.decide_access`, and writes an `AccessEvent` for every
opening, change and refusal. The person sees the staff entries on their own record.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from carecommons.people.models import AccessEvent, Allocation, BreakGlass, Person
from carecommons.people.roles import display_name, role_of
from carecommons.rules.access import AccessDecision, Relationship, Role, decide_access


class ReasonNeeded(PermissionDenied):
    """The user could open this record only by giving a reason ("break glass")."""

    def __init__(self, person: Person, decision: AccessDecision) -> None:
        super().__init__(" ".join(decision.reasons))
        self.person = person
        self.decision = decision


class AccessRefused(PermissionDenied):
    def __init__(self, decision: AccessDecision) -> None:
        super().__init__(" ".join(decision.reasons))
        self.decision = decision


def _relationship(user: Any, person: Person, role: Role | None) -> Relationship:
    from carecommons.conversations.models import Conversation

    if person.user_id is not None and person.user_id == user.pk:
        return Relationship(is_the_person=True)
    if role is None or role is Role.PERSON:
        return Relationship()
    staff = user.staff
    if role is Role.HOST:
        from carecommons.conversations.models import Booking

        booked = Booking.objects.filter(request__person=person, slot__hub__host_id=staff.host_id).exists()
        return Relationship(booked_at_your_hub=booked)
    now = timezone.now()
    has_met = Conversation.objects.filter(person=person, practitioner=user).exists()
    is_allocated = not has_met and (
        Allocation.objects.filter(person=person, practitioner=user, started_on__lte=now.date())
        .exclude(ended_on__lt=now.date())
        .exists()
        or _named_to_sign_off(user, person)
    )
    same_team = staff.team_id is not None and staff.team_id == person.team_id
    reason = ""
    if not (has_met or is_allocated or same_team):
        glass = (
            BreakGlass.objects.filter(person=person, user=user, expires_at__gt=now).order_by("-created_at").first()
        )
        reason = glass.reason if glass else ""
    return Relationship(has_met=has_met, is_allocated=is_allocated, same_team=same_team, break_glass_reason=reason)


def _named_to_sign_off(user: Any, person: Person) -> bool:
    """A colleague named to sign off a person's budget needs to read their plan, whichever team they are in."""
    from carecommons.budgets.models import SupportPlan

    return SupportPlan.objects.filter(person=person, sign_off_by=user, status=SupportPlan.Status.SIGN_OFF).exists()


def _log(*, user: Any, person: Person, role: Role | None, action: str, what: str, decision: AccessDecision,
         reason: str = "") -> None:
    AccessEvent.objects.create(
        person=person,
        user=user,
        user_name=display_name(user),
        role=role.value if role else "",
        action=action,
        what=what[:200],
        grounds=decision.grounds,
        reason=reason if decision.grounds == "break_glass" else "",
        at=timezone.now(),
    )


def access_person(*, user: Any, person_id: int, what: str = "their record", change: bool = False) -> Person:
    """Return the Person `person_id` if `user` may open it, logging the access either way.

    Raises Http404 when there is no such person, `ReasonNeeded` when a stated reason would
    let the user in, and `AccessRefused` otherwise.
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to see this record.")
    try:
        person = Person.objects.select_related("team", "user").get(pk=person_id)
    except Person.DoesNotExist:
        raise Http404("No such person") from None
    role = role_of(user)
    relationship = _relationship(user, person, role)
    decision = decide_access(role=role, relationship=relationship)
    if not decision.allowed:
        _log(user=user, person=person, role=role, action=AccessEvent.Action.REFUSED, what=what, decision=decision)
        if decision.reason_needed:
            raise ReasonNeeded(person, decision)
        raise AccessRefused(decision)
    action = AccessEvent.Action.CHANGED if change else AccessEvent.Action.VIEWED
    _log(user=user, person=person, role=role, action=action, what=what, decision=decision,
         reason=relationship.break_glass_reason)
    return person


@transaction.atomic
def break_glass_open(*, user: Any, person_id: int, reason: str) -> Person:
    """Record a stated reason for opening a record outside need-to-know, then open it."""
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValueError("Give the reason in a sentence, at least 10 characters")
    role = role_of(user)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    decision = decide_access(role=role, relationship=Relationship(break_glass_reason=reason))
    if not decision.allowed:
        raise AccessRefused(decision)
    now = timezone.now()
    minutes = settings.CARECOMMONS["BREAK_GLASS_MINUTES"]
    BreakGlass.objects.create(
        person=person, user=user, reason=reason, created_at=now, expires_at=now + timezone.timedelta(minutes=minutes)
    )
    return access_person(user=user, person_id=person_id)
