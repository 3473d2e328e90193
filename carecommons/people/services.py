"""Writes to a person's own record."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from carecommons.conversations.models import Conversation
from carecommons.people.models import Person, WhatMattersStatement


@transaction.atomic
def statement_add(*, person: Person, text: str, corrects_id: int | None = None) -> WhatMattersStatement:
    """The person adds to, or corrects, "what matters" in their own words. Nothing is overwritten."""
    corrects = None
    if corrects_id is not None:
        corrects = Conversation.objects.filter(pk=corrects_id, person=person).first()
        if corrects is None:
            raise ValueError("That conversation is not one of yours")
    return WhatMattersStatement.objects.create(person=person, text=text.strip(), corrects=corrects, created_at=timezone.now())
