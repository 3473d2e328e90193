"""The one way to open a conversation record for a user: through the person's gate (`access_person`).

Used by the conversations' own pages and by the directory's next steps.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from carecommons.conversations.models import Conversation
from carecommons.people.access import access_person


def access_conversation(*, user: Any, conversation_id: int, what: str, change: bool = False) -> Conversation:
    """The conversation, with its person opened by `access_person` for `what` (logged either way).

    Raises Http404 when there is no such conversation, and whatever `access_person` raises when the
    user may not open the person's record.
    """
    person_id = Conversation.objects.filter(pk=conversation_id).values_list("person_id", flat=True).first()
    if person_id is None:
        raise Http404("No such conversation")
    person = access_person(user=user, person_id=person_id, what=what, change=change)
    conversation = Conversation.objects.select_related("hub", "practitioner", "updated_by").get(pk=conversation_id)
    conversation.person = person
    return conversation
