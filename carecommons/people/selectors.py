"""Reads about people, scoped to who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from carecommons.people.access import hidden_from_person, people_in_reach, routed_refusal_kinds
from carecommons.people.models import AccessEvent, BreakGlass, Person, RecordShare
from carecommons.rules.sharing import SHARE_STATE_WORDS, ShareState, share_state


def find_people(user: Any, query: str) -> QuerySet[Person]:
    words = query.split()
    qs = people_in_reach(user).filter(merged_into__isnull=True)  # a joined record is found as the one it joined
    for word in words:
        qs = qs.filter(Q(full_name__icontains=word) | Q(preferred_name__icontains=word) | Q(phone__icontains=word) | Q(postcode__icontains=word))
    return qs.order_by("full_name", "id")


def find_exactly(*, name: str, born: Any) -> Person | None:
    """The one person with exactly this name and date of birth, for opening with a reason; None if not exactly one."""
    found = list(Person.objects.filter(full_name__iexact=" ".join(name.split()), date_of_birth=born,
                                       merged_into__isnull=True)[:2])
    return found[0] if len(found) == 1 else None


def staff_access_events(person: Person) -> QuerySet[AccessEvent]:
    """Every time someone else opened this person's record (staff, or someone they shared it with), newest first.

    Refusals are not openings: managers review them (`for_review`).
    """
    events = AccessEvent.objects.filter(person=person).exclude(action=AccessEvent.Action.REFUSED)
    if person.user_id is not None:
        events = events.exclude(user_id=person.user_id)
    hidden = hidden_from_person(person)
    return events.exclude(hidden) if hidden is not None else events


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
    waiting = AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED, reviewed_at__isnull=True,
                                         user__staff__isnull=False)
    # Refusals of some kinds go to the reviewers their app names (a safeguarding concern: the safeguarding team's
    # managers), and to nobody else: a manager's queue would otherwise tell them such a record exists.
    routed, mine = routed_refusal_kinds(reviewer)
    refused = _reviewable(waiting.exclude(kind__in=routed), reviewer) if routed else _reviewable(waiting, reviewer)
    if mine:
        refused = refused | waiting.filter(kind__in=mine).exclude(user=reviewer)
    return (glass.select_related("person", "user").order_by("-created_at", "-id"),
            refused.select_related("person", "user").order_by("-at", "-id"))


@dataclass(frozen=True)
class ShareRow:
    share: RecordShare
    state: ShareState

    @property
    def state_words(self) -> str:
        return SHARE_STATE_WORDS[self.state]

    @property
    def current(self) -> bool:
        return self.state is ShareState.CURRENT

    @property
    def waiting_for_sign_in(self) -> bool:
        return not self.share.shared_with.has_usable_password()


def _rows(shares: QuerySet[RecordShare]) -> list[ShareRow]:
    today = timezone.localdate()
    return [ShareRow(s, share_state(starts_on=s.starts_on, ends_on=s.ends_on, ended=s.ended_at is not None, today=today))
            for s in shares]


def shares_of(person: Person) -> tuple[list[ShareRow], list[ShareRow]]:
    """Who the person shares their record with now, and who they shared it with before (newest first)."""
    rows = _rows(RecordShare.objects.filter(person=person).select_related("shared_with"))
    live = {ShareState.CURRENT, ShareState.NOT_STARTED}
    return [r for r in rows if r.state in live], [r for r in rows if r.state not in live]


def shared_with_me(user: Any) -> tuple[list[ShareRow], list[ShareRow]]:
    """Records people share with this user now, and ones they shared before."""
    rows = _rows(RecordShare.objects.filter(shared_with=user).select_related("person"))
    return [r for r in rows if r.current], [r for r in rows if not r.current]


def current_share(user: Any, person: Person) -> RecordShare | None:
    """The sharing that lets this user see this person's record today, if any."""
    today = timezone.localdate()
    return (RecordShare.objects.filter(shared_with=user, person=person, ended_at__isnull=True, starts_on__lte=today,
                                       ends_on__gte=today).order_by("-ends_on").first())
