"""Reads about requests, bookings and conversations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from carecommons.conversations import tallies
from carecommons.conversations.models import Conversation, ConversationRequest, FollowUp
from carecommons.hubs.models import Hub
from carecommons.people.access import reach_condition
from carecommons.rules.access import Kind, Purpose
from carecommons.rules.measures import (
    FollowUpSummary,
    WaitingTimeMeasure,
    days_to_conversation_counted,
    summarise_follow_up_counts,
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
    totals: dict[int, int] = {}
    for _, waited, n in waits_by_day(as_of=as_of, days=window_days):
        totals[waited] = totals.get(waited, 0) + n
    return sorted(totals.items())


def waits_by_day(*, as_of: dt.date, days: int) -> list[tuple[dt.date, int, int]]:
    """(date held, days waited, how many conversations) for the last `days` days: ended days from their tallies,
    today from the (held_on, days_waited) index (conversations/tallies.py)."""
    start = as_of - dt.timedelta(days=days - 1)
    return [(day, int(key), n) for day, key, n in tallies.counts(tallies.WAITS, start, as_of, tallies.count_waits)]


def headline_measure(*, as_of: dt.date, window_days: int, counted: list[tuple[int, int]] | None = None) -> WaitingTimeMeasure:
    """Days from first contact to conversation for conversations held in the window."""
    if counted is None:
        counted = waits_counted(as_of=as_of, window_days=window_days)
    return days_to_conversation_counted(counted, as_of=as_of, window_days=window_days)


def follow_up_results(*, as_of: dt.date, window_days: int) -> FollowUpSummary:
    """How follow-ups made in the window (by the day they were made) have been answered so far."""
    start = as_of - dt.timedelta(days=window_days - 1)
    asked, answered = 0, []
    for _, key, n in tallies.counts(tallies.FOLLOW_UPS, start, as_of, tallies.count_follow_ups):
        if key == tallies.ASKED:
            asked += n
        else:
            _, useful, difference = key.split(":")
            answered.append((useful, difference, n))
    return summarise_follow_up_counts(asked=asked, counted=answered)


def conversations_for_person(person_id: int) -> QuerySet[Conversation]:
    return Conversation.objects.filter(person_id=person_id).select_related("hub", "practitioner")


def recent_anything_else(*, since: dt.datetime, limit: int = 5) -> list[Any]:
    return list(
        FollowUp.objects.filter(answered_at__gte=since).exclude(anything_else="").order_by("-answered_at")[:limit]
    )


def asked_more_than_once(user: Any) -> list[tuple[Any, list[ConversationRequest]]]:
    """People in reach (their bookings, to change) with more than one open request: each person with their open
    requests, oldest first. Who holds a place shows first in each list."""
    reach = reach_condition(user, kind=Kind.BOOKING, purpose=Purpose.CHANGE, via="person__")
    if reach is None:
        return []
    open_ = ConversationRequest.objects.filter(status__in=[ConversationRequest.Status.WAITING,
                                                           ConversationRequest.Status.BOOKED]).filter(reach)
    twice = open_.values("person_id").annotate(n=Count("id")).filter(n__gt=1).values("person_id")
    grouped: dict[int, list[ConversationRequest]] = {}
    for r in open_.filter(person_id__in=twice).select_related("person", "preferred_hub").order_by("first_contact_at", "id"):
        grouped.setdefault(r.person_id, []).append(r)
    rows = [(reqs[0].person, sorted(reqs, key=lambda r: (r.status != ConversationRequest.Status.BOOKED,
                                                         r.first_contact_at, r.pk)))
            for reqs in grouped.values()]
    return sorted(rows, key=lambda row: (row[0].full_name.casefold(), row[0].pk))
