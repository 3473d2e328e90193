"""Writes to a person's own record."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from carecommons.conversations.models import Conversation
from carecommons.people.models import AccessEvent, BreakGlass, Person, WhatMattersStatement
from carecommons.people.selectors import for_review


@transaction.atomic
def statement_add(*, person: Person, text: str, corrects_id: int | None = None) -> WhatMattersStatement:
    """The person adds to, or corrects, "what matters" in their own words. Nothing is overwritten."""
    corrects = None
    if corrects_id is not None:
        corrects = Conversation.objects.filter(pk=corrects_id, person=person).first()
        if corrects is None:
            raise ValueError("That conversation is not one of yours")
    return WhatMattersStatement.objects.create(person=person, text=text.strip(), corrects=corrects, created_at=timezone.now())


@transaction.atomic
def review_mark(*, reviewer: object, what: str, entry_id: int, note: str = "") -> None:
    """A manager marks a break-glass opening ("glass") or a refused attempt ("refusal") as reviewed."""
    glass, refused = for_review(reviewer)
    qs = glass if what == "glass" else refused if what == "refusal" else None
    if qs is None or not qs.filter(pk=entry_id).exists():
        raise ValueError("That entry is not waiting for your review")
    now = timezone.now()
    if what == "glass":
        BreakGlass.objects.filter(pk=entry_id).update(reviewed_by=reviewer, reviewed_at=now, review_note=note.strip())
    else:
        AccessEvent.objects.filter(pk=entry_id).update(reviewed_by=reviewer, reviewed_at=now)
