"""Reads about requests, bookings and conversations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from carecommons.conversations.models import Conversation, ConversationRequest, FollowUp
from carecommons.hubs.models import Hub
from carecommons.rules.measures import (
    FollowUpAnswer,
    FollowUpSummary,
    WaitingTimeMeasure,
    days_to_conversation_counted,
    summarise_follow_ups,
)


def waiting_list(*, hubs: QuerySet[Hub] | None = None) -> QuerySet[ConversationRequest]:
    """Requests with no booking yet, longest waiting first."""
    qs = ConversationRequest.objects.filter(status=ConversationRequest.Status.WAITING).select_related(
        "person", "preferred_hub"
    )
    if hubs is not None:
        qs = qs.filter(preferred_hub__in=hubs)
    return qs.order_by("first_contact_at", "id")


def waits_counted(*, as_of: dt.date, window_days: int) -> list[tuple[int, int]]:
    """(days waited, how many conversations) for conversations held in the window."""
    start = as_of - dt.timedelta(days=window_days - 1)
    # One pass over the (held_on, days_waited) index: no join, no table rows read.
    return list(
        Conversation.objects.filter(held_on__gte=start, held_on__lte=as_of, days_waited__isnull=False)
        .values_list("days_waited")
        .annotate(n=Count("*"))
        .order_by()
    )


def waits_by_day(*, as_of: dt.date, days: int) -> list[tuple[dt.date, int, int]]:
    """(date held, days waited, how many conversations) for the last `days` days, from the same index."""
    start = as_of - dt.timedelta(days=days - 1)
    return list(
        Conversation.objects.filter(held_on__gte=start, held_on__lte=as_of, days_waited__isnull=False)
        .values_list("held_on", "days_waited")
        .annotate(n=Count("*"))
        .order_by()
    )


def headline_measure(*, as_of: dt.date, window_days: int, counted: list[tuple[int, int]] | None = None) -> WaitingTimeMeasure:
    """Days from first contact to conversation for conversations held in the window."""
    if counted is None:
        counted = waits_counted(as_of=as_of, window_days=window_days)
    return days_to_conversation_counted(counted, as_of=as_of, window_days=window_days)


def follow_up_results(*, since: dt.datetime, until: dt.datetime) -> FollowUpSummary:
    qs = FollowUp.objects.filter(created_at__gte=since, created_at__lt=until)
    counted = qs.filter(answered_at__isnull=False).values_list("useful", "difference").annotate(n=Count("*")).order_by()
    answers = [FollowUpAnswer(useful=u, difference=d) for u, d, n in counted for _ in range(n)]
    return summarise_follow_ups(asked=qs.count(), answers=answers)


def conversations_for_person(person_id: int) -> QuerySet[Conversation]:
    return Conversation.objects.filter(person_id=person_id).select_related("hub", "practitioner")


def recent_anything_else(*, since: dt.datetime, limit: int = 5) -> list[Any]:
    return list(
        FollowUp.objects.filter(answered_at__gte=since).exclude(anything_else="").order_by("-answered_at")[:limit]
    )
