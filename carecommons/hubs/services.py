"""The only code that writes hub slots: making bookable times from each hub's weekly sessions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from carecommons.hubs.models import Hub, Slot, WeeklySession


def session_times(*, session: WeeklySession, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The start and end of each slot a weekly session gives on one day, as aware local times.

    Slots are laid out in wall-clock time in the current time zone (Europe/London), so a
    Tuesday 10:00 session starts at 10:00 whether it is GMT or British Summer Time. A slot that
    would run past the session's end is left out.
    """
    if day.weekday() != session.weekday:
        return []
    tz = timezone.get_current_timezone()
    length = dt.timedelta(minutes=session.slot_minutes)
    start = dt.datetime.combine(day, session.starts)
    close = dt.datetime.combine(day, session.ends)
    times = []
    while start + length <= close:
        times.append((start.replace(tzinfo=tz), (start + length).replace(tzinfo=tz)))
        start += length
    return times


def _key(hub_id: int, starts_at: dt.datetime) -> tuple[int, dt.datetime]:
    return hub_id, starts_at.astimezone(dt.UTC)


@transaction.atomic
def slots_generate(*, hub: Hub | None = None, start: dt.date, days: int) -> int:
    """Make the bookable slots for the dates `start` to `start + days - 1` from weekly sessions.

    With no `hub`, every open hub gets its slots. Each slot has the session's length and one
    place per practitioner on hand. Safe to run again (the nightly job does): a slot that
    already exists for the hub at that time is left as it is. Returns how many slots were made.
    """
    if days <= 0:
        return 0
    sessions = WeeklySession.objects.select_related("hub")
    sessions = sessions.filter(hub=hub) if hub is not None else sessions.filter(hub__is_open=True)
    sessions_list = list(sessions)
    if not sessions_list:
        return 0
    tz = timezone.get_current_timezone()
    dates = [start + dt.timedelta(days=n) for n in range(days)]
    window_start = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    window_end = dt.datetime.combine(dates[-1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    existing = {
        _key(hub_id, starts_at)
        for hub_id, starts_at in Slot.objects.filter(
            hub_id__in={s.hub_id for s in sessions_list}, starts_at__gte=window_start, starts_at__lt=window_end
        ).values_list("hub_id", "starts_at")
    }
    new: list[Slot] = []
    for day in dates:
        for session in sessions_list:
            for starts_at, ends_at in session_times(session=session, day=day):
                key = _key(session.hub_id, starts_at)
                if key in existing:
                    continue  # already made, or two sessions overlap: the first one wins
                existing.add(key)
                new.append(
                    Slot(
                        hub_id=session.hub_id,
                        weekly_session=session,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        capacity=session.places_per_slot,
                    )
                )
    Slot.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    return len(new)
