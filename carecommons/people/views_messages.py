""""Messages sent": the outbox of emails and texts people asked for (`core.messaging`), newest first.

Only messages about people the reader may see without a reason are listed (`people_in_reach`); messages to staff
about their own accounts, only to administrators. The words kept have their links taken out.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from carecommons.core.messaging import KIND_LABELS, Kind
from carecommons.core.models import SentMessage
from carecommons.people.access import people_in_reach
from carecommons.people.models import Person
from carecommons.people.roles import require_page, role_of
from carecommons.rules.access import Role

PAGE = "people:messages-sent"
CHANNELS = {"": "All messages", SentMessage.Channel.EMAIL.value: "Emails", SentMessage.Channel.TEXT.value: "Text messages"}


def messages_sent(user: Any, *, channel: str = "") -> QuerySet[SentMessage]:
    """The messages this user may read, newest first: about people in their reach, and staff ones for administrators."""
    condition = Q(person_id__in=people_in_reach(user).values("pk"))
    if role_of(user) is Role.ADMIN:
        condition |= Q(person_id__isnull=True)
    messages = SentMessage.objects.filter(condition)
    if channel:
        messages = messages.filter(channel=channel)
    return messages.order_by("-sent_at", "-id")


@login_required
@require_GET
def messages_sent_list(request: HttpRequest) -> HttpResponse:
    require_page(request.user, PAGE)
    channel = request.GET.get("channel", "")
    channel = channel if channel in CHANNELS else ""
    page = Paginator(messages_sent(request.user, channel=channel), 25).get_page(request.GET.get("page"))
    ids = {m.person_id for m in page.object_list if m.person_id}
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    kinds = {kind.value: KIND_LABELS[kind] for kind in Kind}
    rows = [{"message": m, "kind": kinds.get(m.kind, m.kind), "person_name": names.get(m.person_id, "")}
            for m in page.object_list]
    return render(request, "people/messages_sent.html", {
        "page": page, "rows": rows, "channel": channel, "channels": CHANNELS.items(),
        "query": f"channel={channel}" if channel else ""})
