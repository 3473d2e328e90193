"""Possible duplicate people, joining two records of one person, and saying two records are not one person.

**Every link to a Person is handled here by name** (`MOVES` or `STAYS`); a test fails when a new one is added
and not placed in one of them. The people layer imports no feature app: rows are moved through Django's own
list of the models that point at a Person, by the model's label and field name.

A merge is one transaction. The kept record gains everything the other held (moved by updating the link, so
every row keeps its id, its author and its time); the other record stays as a tombstone that points to the kept
one, with its own details as they were. `PersonMerge` keeps who, when, why, and the ids of every row moved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone

from carecommons.people.access import people_in_reach
from carecommons.people.models import DuplicateDismissal, Person, PersonMerge
from carecommons.rules.access import Kind, Purpose
from carecommons.rules.duplicates import (
    FILLABLE,
    DetailChange,
    DuplicateMatch,
    PersonFacts,
    check_merge,
    details_to_fill,
    possible_duplicates,
    what_is_same,
)

# Links that move to the kept record, with what they are called on the confirmation page ("2 conversations").
MOVES: dict[str, tuple[str, str]] = {
    "conversations.Conversation.person": ("conversation", "conversations"),
    "conversations.ConversationRequest.person": ("request for a conversation, with its bookings",
                                                 "requests for a conversation, with their bookings"),
    "assessments.Assessment.person": ("assessment", "assessments"),
    "assessments.Assessment.cares_for": ("carer's assessment about caring for them",
                                         "carers' assessments about caring for them"),
    "budgets.SupportPlan.person": ("support plan", "support plans"),
    "budgets.PersonalBudget.person": ("personal budget, with its money", "personal budgets, with their money"),
    "budgets.FinancialAssessment.person": ("financial assessment", "financial assessments"),
    "relationships.Seeker.person": ("matching profile", "matching profiles"),
    "relationships.Visit.person": ("visit by a care worker", "visits by care workers"),
    "people.WhatMattersStatement.person": ("thing they wrote in their own words", "things they wrote in their own words"),
    "people.Allocation.person": ("practitioner allocated to them", "practitioners allocated to them"),
    "people.RecordShare.person": ("sharing of their record with someone", "sharings of their record with someone"),
    "people.SignInInvitation.person": ("invitation to sign in", "invitations to sign in"),
    "people.AccessEvent.person": ("entry in the log of who looked at the record (each still says who, when and why)",
                                  "entries in the log of who looked at the record (each still says who, when and why)"),
    "people.Person.merged_into": ("record joined into it before", "records joined into it before"),
    # Said without naming what it is: only the safeguarding team may know a concern exists.
    "hospital.DischargeRequest.person": ("request from a hospital ward to help them leave hospital",
                                         "requests from hospital wards to help them leave hospital"),
    "hospital.ReablementEpisode.person": ("time of reablement after leaving hospital",
                                          "times of reablement after leaving hospital"),
    "safeguarding.Concern.person": ("restricted record (only the team it belongs to can see it)",
                                    "restricted records (only the team they belong to can see them)"),
}
# Links that stay with the record merged away, and why.
STAYS: dict[str, str] = {
    "people.BreakGlass.person": "A reason given to open the other record does not open the kept one; the openings "
                                "themselves move with the log of who looked.",
    "people.PersonMerge.kept": "The record of an earlier join stays as it was.",
    "people.PersonMerge.merged": "The record of an earlier join stays as it was.",
    "people.DuplicateDismissal.first": "What staff decided about the other record stays as it was.",
    "people.DuplicateDismissal.second": "What staff decided about the other record stays as it was.",
}


class MergeRefused(ValueError):
    def __init__(self, problems: Iterable[str], reason_problem: str = "") -> None:
        self.problems = tuple(problems)
        self.reason_problem = reason_problem
        super().__init__(" ".join((*self.problems, reason_problem)).strip())


def _label(relation: Any) -> str:
    return f"{relation.related_model._meta.label}.{relation.field.name}"


def person_links() -> dict[str, Any]:
    """Every link from another row to a Person, by "app.Model.field" (hidden ones, `related_name="+"`, too)."""
    return {_label(r): r for r in Person._meta.get_fields(include_hidden=True)
            if r.auto_created and not r.concrete and (r.one_to_many or r.one_to_one or r.many_to_many)}


def facts(person: Person) -> PersonFacts:
    return PersonFacts(id=person.pk, full_name=person.full_name, phone=person.phone, email=person.email,
                       date_of_birth=person.date_of_birth, has_sign_in=person.user_id is not None,
                       merged=person.merged_into_id is not None)


# --- Reading -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DuplicateRow:
    first: Person
    second: Person
    match: DuplicateMatch


def possible_duplicate_people(user: Any) -> list[DuplicateRow]:
    """Pairs of records this user may change that may be one person, leaving out pairs said not to be.

    The database finds names held by more than one record in reach (ignoring capitals and spaces); only those
    records are compared, by the rule.
    """
    reach = people_in_reach(user, kind=Kind.PERSON, purpose=Purpose.CHANGE).filter(merged_into__isnull=True)
    keyed = reach.annotate(name_key=Replace(Lower("full_name"), Value(" "), Value("")))
    shared = keyed.values("name_key").annotate(n=Count("id")).filter(n__gt=1).values("name_key")
    people = {p.pk: p for p in keyed.filter(name_key__in=shared).select_related("team")}
    ids = list(people)
    dismissed = [frozenset(pair) for pair in DuplicateDismissal.objects.filter(first_id__in=ids, second_id__in=ids)
                 .values_list("first_id", "second_id")]
    matches = possible_duplicates([facts(p) for p in people.values()], dismissed=dismissed)
    return [DuplicateRow(people[m.first_id], people[m.second_id], m) for m in matches]


@dataclass(frozen=True)
class MovingLine:
    label: str
    count: int
    words: str  # "2 conversations"


def what_moves(other: Person) -> list[MovingLine]:
    """What the other record holds, link by link, in the words of the confirmation page (links with nothing left out)."""
    links = person_links()
    lines = []
    for label, (one, many) in MOVES.items():
        relation = links[label]
        count = relation.related_model._default_manager.filter(**{relation.field.name: other}).count()
        if count:
            lines.append(MovingLine(label, count, f"{count} {one if count == 1 else many}"))
    return lines


def what_fills(kept: Person, other: Person) -> tuple[DetailChange, ...]:
    return details_to_fill(kept={f: getattr(kept, f) for f in FILLABLE}, other={f: getattr(other, f) for f in FILLABLE})


def joins_of(person_id: int) -> tuple[int | None, bool]:
    """In one query: the record this one was joined into (a tombstone's kept record, following earlier joins; None
    for a live record or no record), and whether other records were joined into this one."""
    found = (Person.objects.filter(pk=person_id)
             .values_list("merged_into_id", Exists(PersonMerge.objects.filter(kept_id=OuterRef("pk")))).first())
    return (found[0], bool(found[1])) if found else (None, False)


# --- Writing -------------------------------------------------------------------------------------

@transaction.atomic
def person_merge(*, kept: Person, other: Person, reason: str, by: Any) -> PersonMerge:
    """Join `other` into `kept`: move everything it holds, fill the kept record's empty details, keep `other` as a
    tombstone pointing to `kept`, and record who, when, why and which ids moved. All or nothing."""
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[kept.pk, other.pk]).order_by("pk")}
    if len(locked) != 2:
        raise MergeRefused(["A record cannot be joined with itself."])
    kept, other = locked[kept.pk], locked[other.pk]
    check = check_merge(kept=facts(kept), other=facts(other), reason=reason)
    if not check.ok:
        raise MergeRefused(check.problems, check.reason_problem)
    why = DuplicateMatch(min(kept.pk, other.pk), max(kept.pk, other.pk), what_is_same(facts(kept), facts(other))).reason
    links = person_links()
    moved: dict[str, list[int]] = {}
    for label in MOVES:
        relation = links[label]
        manager = relation.related_model._default_manager
        ids = sorted(manager.filter(**{relation.field.name: other}).values_list("pk", flat=True))
        if ids:
            manager.filter(pk__in=ids).update(**{relation.field.name: kept})
            moved[label] = ids
    filled = what_fills(kept, other)
    for change in filled:
        setattr(kept, change.field, change.value)
    if other.user_id is not None:  # the person signs in with the other record's sign-in: it now opens the kept one
        user_id = other.user_id
        Person.objects.filter(pk=other.pk).update(user=None)
        kept.user_id = user_id
        moved["people.Person.user"] = [user_id]
    kept.save()
    now = timezone.now()
    Person.objects.filter(pk=other.pk).update(merged_into=kept, merged_at=now)
    return PersonMerge.objects.create(
        kept=kept, merged=other, by=by, at=now, reason=check.reason, why_matched=why, moved=moved,
        filled={c.field: str(c.value) for c in filled},
    )


@transaction.atomic
def duplicate_dismiss(*, first: Person, second: Person, by: Any) -> DuplicateDismissal:
    """Remember that two records are not the same person, so the pair is not offered again."""
    low, high = sorted((first, second), key=lambda p: p.pk)
    if low.pk == high.pk:
        raise MergeRefused(["A record cannot be compared with itself."])
    found = DuplicateDismissal.objects.filter(first=low, second=high).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return DuplicateDismissal.objects.create(first=low, second=high, by=by, at=timezone.now())
    except IntegrityError:  # someone said so at the same moment
        return DuplicateDismissal.objects.get(first=low, second=high)


def merges_into(person: Person) -> QuerySet[PersonMerge]:
    """Records joined into this one, newest first, with who joined them."""
    return person.merges_kept.select_related("merged", "by")

