"""Day tallies: the team's measures counted once for each day that has ended, then read from a few small rows.

The team's view shows the days people waited over the last 13 weeks and how follow-ups were answered over 90 days.
Counted from the records every time, that read 150,000 index entries at a million people (ten times a large county
today), most of a second on PostgreSQL. A day that has ended rarely changes, so its counts are kept (`DayTally`) the
first time a view needs them; today is always counted live.

Nothing may leave a tally wrong. Any save or delete of a conversation or a follow-up forgets the tally of its day
(model signals, `connect()`: whichever code writes, services, imports, factories or erasure), and
`conversation_update`, which writes with `.update()`, forgets the old and the new day itself. A forgotten day is
counted again on the next view. Loaders that write rows in bulk run before anything is tallied (the demo, the bench).
These signals carry no domain logic: they only forget derived counts (ADR 0028 addendum).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import TruncDate
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from carecommons.conversations.models import Conversation, DayTally, FollowUp, TalliedDay

WAITS = "waits"
FOLLOW_UPS = "follow_ups"
ASKED = "asked"

Counted = list[tuple[dt.date, str, int]]  # (day, key, how many)


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return None


def forget(measure: str, days: Iterable[Any]) -> None:
    """Forget the tallies of these days, so they are counted again when next needed."""
    wanted = {d for d in (_as_date(day) for day in days) if d is not None}
    if wanted:
        TalliedDay.objects.filter(measure=measure, day__in=wanted).delete()
        DayTally.objects.filter(measure=measure, day__in=wanted).delete()


def count_waits(first: dt.date, last: dt.date) -> Counted:
    """(day held, days waited, conversations) from the records, for days first..last."""
    rows = (Conversation.objects.filter(held_on__gte=first, held_on__lte=last, days_waited__isnull=False)
            .values_list("held_on", "days_waited").annotate(n=Count("*")).order_by())
    return [(day, str(waited), n) for day, waited, n in rows]


def count_follow_ups(first: dt.date, last: dt.date) -> Counted:
    """(day made, "asked" or "answered:<useful>:<difference>", follow-ups) from the records, for days first..last."""
    made = (FollowUp.objects.filter(created_at__gte=_start_of(first), created_at__lt=_start_of(last + dt.timedelta(days=1)))
            .annotate(on=TruncDate("created_at", tzinfo=timezone.get_current_timezone()),
                      answered=ExpressionWrapper(Q(answered_at__isnull=False), output_field=BooleanField())))
    counted: Counted = []
    for day, answered, useful, difference, n in (made.values_list("on", "answered", "useful", "difference")
                                                 .annotate(n=Count("*")).order_by()):
        counted.append((day, ASKED, n))
        if answered:
            counted.append((day, f"answered:{useful}:{difference}", n))
    totals: dict[tuple[dt.date, str], int] = {}
    for day, key, n in counted:
        totals[(day, key)] = totals.get((day, key), 0) + n
    return [(day, key, n) for (day, key), n in totals.items()]


def counts(measure: str, first: dt.date, last: dt.date, count: Callable[[dt.date, dt.date], Counted]) -> Counted:
    """The measure for days first..last: days that have ended from their tallies (made now for any not yet made),
    today and later counted live."""
    today = timezone.localdate()
    closed_last = min(last, today - dt.timedelta(days=1))
    out: Counted = []
    if first <= closed_last:
        out.extend(_tallied(measure, first, closed_last, count))
    if last >= today:
        out.extend(count(max(first, today), last))
    return out


def _tallied(measure: str, first: dt.date, last: dt.date, count: Callable[[dt.date, dt.date], Counted]) -> Counted:
    done = set(TalliedDay.objects.filter(measure=measure, day__gte=first, day__lte=last).values_list("day", flat=True))
    missing = {first + dt.timedelta(days=i) for i in range((last - first).days + 1)} - done
    if missing:
        fresh = [(day, key, n) for day, key, n in count(min(missing), max(missing)) if day in missing]
        with transaction.atomic():  # two views at once count the same: the second's rows are ignored
            DayTally.objects.bulk_create([DayTally(measure=measure, day=day, key=key, n=n) for day, key, n in fresh],
                                         ignore_conflicts=True)
            TalliedDay.objects.bulk_create([TalliedDay(measure=measure, day=day) for day in missing], ignore_conflicts=True)
    return list(DayTally.objects.filter(measure=measure, day__gte=first, day__lte=last).values_list("day", "key", "n"))


def _conversation_changed(sender: Any, instance: Conversation, **kwargs: Any) -> None:
    forget(WAITS, [instance.held_on])


def _follow_up_changed(sender: Any, instance: FollowUp, **kwargs: Any) -> None:
    forget(FOLLOW_UPS, [instance.created_at])


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_conversation_changed, sender=Conversation, dispatch_uid="tally-conversation")
        signal.connect(_follow_up_changed, sender=FollowUp, dispatch_uid="tally-follow-up")
