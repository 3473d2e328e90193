"""Reads about hubs and their slots, scoped to who is asking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from carecommons.conversations.models import Booking
from carecommons.hubs.models import Hub, Slot
from carecommons.people.roles import role_of
from carecommons.rules.access import Role
from carecommons.rules.booking import Attendance, SlotView, soonest_free_slots, suits_times


def hubs_visible_to(user: Any) -> QuerySet[Hub]:
    """Practitioners, managers and admins see every hub; hosts only the hubs they host."""
    role = role_of(user)
    hubs = Hub.objects.select_related("host", "team")
    if role is Role.HOST:
        return hubs.filter(host_id=user.staff.host_id)
    if role in (Role.PRACTITIONER, Role.MANAGER, Role.ADMIN, Role.COMMISSIONER):
        return hubs
    return hubs.none()


def _slots_with_counts(qs: QuerySet[Slot]) -> QuerySet[Slot]:
    return qs.annotate(booked=Count("bookings", filter=Q(bookings__cancelled_at__isnull=True)))


def soonest_times(
    *, now: dt.datetime, horizon_days: int, per_hub: int = 4, preferred_times: list[str] | None = None
) -> list[tuple[Hub, list[Slot]]]:
    """Each open hub with its soonest free times, soonest hub first."""
    until = now + dt.timedelta(days=horizon_days)
    slots = list(
        _slots_with_counts(
            Slot.objects.filter(starts_at__gt=now, starts_at__lte=until, hub__is_open=True)
        ).select_related("hub")
    )
    local = timezone.get_current_timezone()
    wanted = preferred_times or []
    by_id = {s.pk: s for s in slots}
    views = [
        SlotView(s.pk, s.hub_id, s.starts_at, s.capacity, s.booked)
        for s in slots
        if suits_times(s.starts_at.astimezone(local), preferred=wanted)
    ]
    chosen = soonest_free_slots(views, after=now, per_hub=per_hub)
    hubs = {s.hub_id: s.hub for s in slots}
    result = [(hubs[hub_id], [by_id[v.slot_id] for v in vs]) for hub_id, vs in chosen.items()]
    result.sort(key=lambda pair: (pair[1][0].starts_at, pair[0].name))
    return result


def slot_with_count(slot_id: int) -> Slot | None:
    return _slots_with_counts(Slot.objects.filter(pk=slot_id)).select_related("hub").first()


def hub_day(*, hub: Hub, day: dt.date) -> list[Slot]:
    """The hub's slots on a day, each with its bookings and who they are for.

    `day_bookings`: the live bookings and those marked "did not attend" (cancelled by the mark, shown so it
    can be undone); `live_bookings`: the live ones, which hold places.
    """
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    shown = (Booking.objects.filter(Q(cancelled_at__isnull=True) | Q(attendance=Attendance.DID_NOT_ATTEND))
             .select_related("request__person", "attendance_by").order_by("seat", "pk"))
    slots = list(
        Slot.objects.filter(hub=hub, starts_at__gte=start, starts_at__lt=end)
        .prefetch_related(Prefetch("bookings", queryset=shown, to_attr="day_bookings"))
        .order_by("starts_at")
    )
    for slot in slots:
        slot.live_bookings = [b for b in slot.day_bookings if b.cancelled_at is None]  # type: ignore[attr-defined]
    return slots


def next_session_after(*, hub: Hub, day: dt.date) -> dt.datetime | None:
    """When the hub's next session after `day` starts, if any is planned."""
    start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())
    return Slot.objects.filter(hub=hub, starts_at__gte=start).order_by("starts_at").values_list(
        "starts_at", flat=True).first()
