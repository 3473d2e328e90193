"""The one gate to people's records, and the one scope for lists of people.

**Every opening of a record about a person goes through `open_record` (each feature app's
`access_<kind>` loads its record and calls it), and every list of people is scoped by
`people_in_reach`.** Both are answered by the pure table in `rules.access`; the access event
(who, role, kind, purpose, ground, outcome) is written after the decision, once per opening.

This layer knows only the grounds the people app holds (the person themselves, sharing, team,
allocation, break glass). Feature apps contribute the grounds only they know — a conversation
held, a booking at a host's hub, a plan waiting for sign-off — by registering a `GroundSource`
when Django starts (`register_ground_source` in their `AppConfig.ready`), so this module imports
no feature app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Lookup, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from carecommons.people.models import AccessEvent, Allocation, BreakGlass, Person, RecordShare
from carecommons.people.roles import display_name, role_of
from carecommons.rules.access import (
    AccessDecision,
    Ground,
    Kind,
    Purpose,
    Role,
    check_break_glass_reason,
    decide,
    grounds_allowing,
)


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


class BreakGlassInvalid(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


RowCondition = Callable[[str], Q]  # `via` → a condition on that person (see GroundSource)


@dataclass(frozen=True)
class GroundSource:
    """Grounds a feature app knows about.

    `grounds(user, role, person_id, today)` → the grounds that hold for this user and person;
    `reach(user, role, today)` → {ground: a query of person ids, or a `RowCondition`} for the same grounds, for
    lists. A `RowCondition` writes the ground on the listed row's own person (`via` its path to the person), for a
    ground that holds for few people but whose query of ids would read many rows: the database then looks at it only
    for rows that pass its cheap part (a person with no team), never reading the whole query first.
    """

    grounds: Callable[[Any, Role | None, int, dt.date], Iterable[Ground]]
    reach: Callable[[Any, Role | None, dt.date], dict[Ground, QuerySet[Any] | RowCondition]]



_SOURCES: list[GroundSource] = []


def register_ground_source(source: GroundSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


# Openings the person is not shown (in their log and their download): a feature app registers a function giving,
# for a person, a condition on their access events (or None). Safeguarding hides the openings of a concern a
# recorded decision withholds from the person, so their log does not tell them (or whoever reads it) it exists.
HiddenOpenings = Callable[[Person], Q | None]
_HIDDEN: list[HiddenOpenings] = []


def register_hidden_openings(hidden: HiddenOpenings) -> None:
    if hidden not in _HIDDEN:
        _HIDDEN.append(hidden)


def hidden_from_person(person: Person) -> Q | None:
    """The access events about `person` that they are not shown, or None."""
    found = [q for q in (hidden(person) for hidden in _HIDDEN) if q is not None]
    if not found:
        return None
    condition = found[0]
    for q in found[1:]:
        condition |= q
    return condition


# Refusals of some kinds of record are reviewed by whom the feature app says, not by the refusing person's own
# manager, whose queue would tell them such a record exists: safeguarding sends refusals of a concern to the
# safeguarding team's managers. A feature app registers, for a kind, whether a reviewer reviews its refusals.
RefusalReviewers = Callable[[Any], bool]
_REFUSAL_REVIEWERS: dict[Kind, RefusalReviewers] = {}


def register_refusal_reviewers(kind: Kind, reviews: RefusalReviewers) -> None:
    _REFUSAL_REVIEWERS[kind] = reviews


@dataclass(frozen=True)
class OtherRefusal:
    """A refused opening an app keeps itself (not an `AccessEvent` on a person), for the review queue: a
    safeguarding concern not yet linked to a person's record."""

    id: int
    who: str
    whose: str  # what was refused, in words: never a person's name the reviewer could not otherwise see
    what: str
    at: dt.datetime


@dataclass(frozen=True)
class RefusalSource:
    """An app's own refusals: those waiting for `reviewer` (not their own), and marking one reviewed (False if it is
    not waiting for them)."""

    waiting: Callable[[Any], list[OtherRefusal]]
    mark: Callable[[Any, int], bool]


_REFUSAL_SOURCES: dict[str, RefusalSource] = {}


def register_refusal_source(what: str, source: RefusalSource) -> None:
    """`what` is the review form's value for these entries (not "glass" or "refusal")."""
    _REFUSAL_SOURCES[what] = source


def other_refusals(reviewer: Any) -> list[tuple[str, OtherRefusal]]:
    """Every app's own refusals waiting for this reviewer, newest first, each with its source's `what`."""
    found = [(what, r) for what, source in _REFUSAL_SOURCES.items() for r in source.waiting(reviewer)]
    return sorted(found, key=lambda pair: (pair[1].at, pair[1].id), reverse=True)


def mark_other_refusal(reviewer: Any, what: str, entry_id: int) -> bool:
    source = _REFUSAL_SOURCES.get(what)
    return source is not None and source.mark(reviewer, entry_id)


def routed_refusal_kinds(reviewer: Any) -> tuple[set[str], set[str]]:
    """The kinds whose refusals are routed away from the usual managers, and those of them `reviewer` reviews."""
    routed = {kind.value for kind in _REFUSAL_REVIEWERS}
    return routed, {kind.value for kind, reviews in _REFUSAL_REVIEWERS.items() if reviews(reviewer)}


def _today() -> dt.date:
    return timezone.localdate()


def grounds_for(user: Any, role: Role | None, person: Person) -> set[Ground]:
    """Every ground that ties `user` to `person` today."""
    today = _today()
    held: set[Ground] = set()
    if person.user_id is not None and person.user_id == user.pk:
        held.add(Ground.SELF)
    if _shares(user, today).filter(person=person).exists():
        held.add(Ground.SHARED)
    staff = getattr(user, "staff", None)
    if role in (Role.PRACTITIONER, Role.MANAGER) and staff is not None:
        if staff.team_id is not None and staff.team_id == person.team_id:
            held.add(Ground.TEAM)
        if _allocations(user, today).filter(person=person).exists():
            held.add(Ground.ALLOCATED)
    for source in _SOURCES:
        held.update(source.grounds(user, role, person.pk, today))
    if role is not None and role is not Role.PERSON and current_break_glass(user, person) is not None:
        held.add(Ground.BREAK_GLASS)
    return held


def _shares(user: Any, today: dt.date) -> QuerySet[RecordShare]:
    return RecordShare.objects.filter(shared_with=user, starts_on__lte=today, ends_on__gte=today, ended_at__isnull=True)


def _allocations(user: Any, today: dt.date) -> QuerySet[Allocation]:
    return Allocation.objects.filter(practitioner=user, started_on__lte=today).exclude(ended_on__lt=today)


def current_break_glass(user: Any, person: Person) -> BreakGlass | None:
    return (BreakGlass.objects.filter(person=person, user=user, expires_at__gt=timezone.now())
            .order_by("-created_at").first())


def _log(*, user: Any, person: Person, role: Role | None, kind: Kind, purpose: Purpose, what: str,
         decision: AccessDecision) -> None:
    if not decision.allowed:
        action = AccessEvent.Action.REFUSED
    elif purpose in (Purpose.VIEW, Purpose.EXPORT):
        action = AccessEvent.Action.VIEWED
    else:
        action = AccessEvent.Action.CHANGED
    reason = ""
    if decision.ground is Ground.BREAK_GLASS:
        glass = current_break_glass(user, person)
        reason = glass.reason if glass else ""
    AccessEvent.objects.create(
        person=person, user=user, user_name=display_name(user), role=role.value if role else "",
        action=action, what=what[:200], kind=kind.value, purpose=purpose.value, grounds=decision.grounds,
        reason=reason, at=timezone.now(),
    )


def open_record(*, user: Any, person_id: int, kind: Kind, purpose: Purpose, what: str = "",
                extra_grounds: Iterable[Ground] = (), without_grounds: Iterable[Ground] = ()) -> Person:
    """The gate: return the Person whose record of `kind` the user opens for `purpose`, or refuse.

    Decides first, from `rules.access.decide`, then writes exactly one access event with the
    outcome. Raises Http404 for no such person, `ReasonNeeded` when a stated reason would let a
    staff member in, and `AccessRefused` otherwise. `extra_grounds` are grounds only the caller's
    record knows (the person holds this budget as a direct payment, for example); `without_grounds`
    are person-wide grounds that do not reach this particular record (a host's ground does not
    reach an assessment another organisation is completing).
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to see this record.")
    person = Person.objects.select_related("team", "user").filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    role = role_of(user)
    held = (grounds_for(user, role, person) | set(extra_grounds)) - set(without_grounds)
    decision = decide(role=role, kind=kind, purpose=purpose, grounds=held)
    _log(user=user, person=person, role=role, kind=kind, purpose=purpose, what=what or str(kind.value), decision=decision)
    if not decision.allowed:
        if decision.reason_needed:
            raise ReasonNeeded(person, decision)
        raise AccessRefused(decision)
    return person


def open_loaded(queryset: QuerySet[Any], id: int, *, user: Any, kind: Kind, purpose: Purpose, what: str, missing: str,
                path: str = "person", refuse_first: Callable[[Any], None] | None = None,
                extra_grounds: Callable[[Any], Iterable[Ground]] | None = None,
                without_grounds: Callable[[Any], Iterable[Ground]] | None = None) -> Any:
    """The shape of every `access_<kind>`: load the record, refuse first for reasons that need no person,
    open its person through the gate, and hand back the record with that person attached at `path`.

    `path` is where the person hangs ("person", "request.person", "seeker.person"); `refuse_first(record)`
    raises PermissionDenied for checks that open nothing (a plan that is no longer a draft); the grounds
    functions give grounds only this record knows.
    """
    found = queryset.filter(pk=id).first()
    if found is None:
        raise Http404(missing)
    if refuse_first is not None:
        refuse_first(found)
    *through, name = path.split(".")
    owner = found
    for step in through:
        owner = getattr(owner, step)
    setattr(owner, name, open_record(
        user=user, person_id=getattr(owner, f"{name}_id"), kind=kind, purpose=purpose, what=what,
        extra_grounds=extra_grounds(found) if extra_grounds else (),
        without_grounds=without_grounds(found) if without_grounds else ()))
    return found


def access_person(*, user: Any, person_id: int, purpose: Purpose = Purpose.VIEW, what: str = "their record",
                  kind: Kind = Kind.PERSON) -> Person:
    """The gate for the person's own record (and for kinds that live on the person, such as continuity)."""
    return open_record(user=user, person_id=person_id, kind=kind, purpose=purpose, what=what)


def people_in_reach(user: Any, *, kind: Kind = Kind.PERSON, purpose: Purpose = Purpose.VIEW) -> QuerySet[Person]:
    """The people whose `kind` records this user may open for `purpose` without a reason.

    Every list of people, or of their records, is filtered by this: a name appears only to
    someone with a ground. Break glass opens one record; it never puts anyone on a list.
    """
    condition = reach_condition(user, kind=kind, purpose=purpose)
    return Person.objects.none() if condition is None else Person.objects.filter(condition)


def reach_condition(user: Any, *, kind: Kind = Kind.PERSON, purpose: Purpose = Purpose.VIEW, via: str = "") -> Q | None:
    """`people_in_reach` as a condition on another table's person, `via` its path to the person ("person__",
    "request__person__"): `Booking.objects.filter(reach_condition(user, ..., via="request__person__"))`.

    The same grounds, written on the row's own person (its team, its user) rather than as "person IN (every person in
    reach)", which makes the database read the whole person table first (seconds at a million people). None when the
    user can reach nobody.
    """
    role = role_of(user)
    if role is None and not getattr(user, "is_authenticated", False):
        return None
    allowed = grounds_allowing(role=role, kind=kind, purpose=purpose)
    today = _today()
    person_id = f"{via}pk" if via else "pk"
    condition = Q(**{f"{person_id}__in": []})
    if Ground.SELF in allowed:
        condition |= Q(**{f"{via}user_id": user.pk})
    if Ground.SHARED in allowed:
        condition |= _listed(person_id, _shares(user, today).values("person_id"))
    staff = getattr(user, "staff", None)
    if staff is not None and role in (Role.PRACTITIONER, Role.MANAGER):
        if Ground.TEAM in allowed and staff.team_id is not None:
            condition |= Q(**{f"{via}team_id": staff.team_id})
        if Ground.ALLOCATED in allowed:
            condition |= _listed(person_id, _allocations(user, today).values("person_id"))
    for source in _SOURCES:
        for ground, ids in source.reach(user, role, today).items():
            if ground in allowed:
                condition |= _listed(person_id, ids) if isinstance(ids, QuerySet) else ids(via)
    return condition


LISTED_UP_TO = 50_000


class AnyOf(Lookup):  # type: ignore[type-arg]
    """`column = ANY(%s)` with the ids as one array parameter (PostgreSQL): one parameter however many ids."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [list(value)]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} = ANY({rhs_sql})", (*lhs_params, *rhs_params)


def _listed(path: str, ids: QuerySet[Any]) -> Q:
    """`path IN ids` for a ground's few people. On PostgreSQL they are read first and passed as one array: it charges
    an `IN (subquery)` inside the OR of grounds to every row it would look at one by one, so for a page of 25 it read
    every person and every waiting request instead (seconds at a million people). SQLite reads such a subquery once
    per statement, so there it stays a subquery; so does a ground of more than LISTED_UP_TO people."""
    if connection.vendor != "postgresql":
        return Q(**{f"{path}__in": ids})
    rows = list(ids.order_by()[: LISTED_UP_TO + 1])
    if len(rows) > LISTED_UP_TO:
        return Q(**{f"{path}__in": ids})
    return Q(AnyOf(F(path), [value for row in rows for value in (row.values() if isinstance(row, dict) else (row,))]))


@transaction.atomic
def break_glass_open(*, user: Any, person_id: int, purpose: str, explanation: str) -> BreakGlass:
    """Record a stated reason for opening a record outside need-to-know. A manager will review it."""
    role = role_of(user)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    check = check_break_glass_reason(purpose=purpose, explanation=explanation)
    if not check.ok:
        raise BreakGlassInvalid(dict(check.problems))
    decision = decide(role=role, kind=Kind.PERSON, purpose=Purpose.VIEW, grounds={Ground.BREAK_GLASS})
    if not decision.allowed:
        raise AccessRefused(decision)
    now = timezone.now()
    minutes = settings.CARECOMMONS["BREAK_GLASS_MINUTES"]
    return BreakGlass.objects.create(person=person, user=user, purpose=purpose, reason=check.reason, created_at=now,
                                     expires_at=now + dt.timedelta(minutes=minutes))
