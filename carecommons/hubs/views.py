"""Hubs for the team and for hosts: the list, a hub's day, and saying who came."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecommons.conversations.access import access_booking
from carecommons.conversations.models import Booking
from carecommons.conversations.services import BookingError, booking_mark_attendance, booking_undo_attendance
from carecommons.hubs.selectors import hub_day, hubs_visible_to, next_session_after
from carecommons.people.access import people_in_reach
from carecommons.people.roles import require_page
from carecommons.rules.access import Kind, Purpose, Role
from carecommons.rules.booking import Attendance, can_mark_attendance, can_undo_attendance


@login_required
def hub_list(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "hubs:list")
    return render(request, "hubs/list.html", {"hubs": hubs_visible_to(request.user), "today": timezone.localdate()})


@login_required
def day(request: HttpRequest, hub_id: int, date: str | None = None) -> HttpResponse:
    role = require_page(request.user, "hubs:list")
    hub = hubs_visible_to(request.user).filter(pk=hub_id).first()
    if hub is None:
        raise Http404("No such hub, or not one you can see")
    try:
        the_day = dt.date.fromisoformat(date) if date else timezone.localdate()
    except ValueError:
        raise Http404("That is not a date") from None
    today = timezone.localdate()
    slots = hub_day(hub=hub, day=the_day)
    # Names only for people this user has a ground to see; the rest are counted as "Booked". Who came is
    # marked only by those the access table lets change the booking, and the conversation recorded only by
    # those it lets change the person's conversations (hosts neither: ADR 0031).
    booked_ids = {b.request.person_id for s in slots for b in s.day_bookings}
    named: set[int] = set()
    may_mark: set[int] = set()
    may_record: set[int] = set()
    if booked_ids:
        def reach(kind: Kind, purpose: Purpose) -> set[int]:
            return set(people_in_reach(request.user, kind=kind, purpose=purpose)
                       .filter(pk__in=booked_ids).values_list("pk", flat=True))
        named = reach(Kind.BOOKING, Purpose.VIEW)
        may_mark = reach(Kind.BOOKING, Purpose.CHANGE)
        may_record = reach(Kind.CONVERSATION, Purpose.CHANGE)
    for s in slots:
        slot_day = timezone.localdate(s.starts_at)
        for b in s.day_bookings:
            person_id = b.request.person_id
            b.named = person_id in named
            b.may_mark = person_id in may_mark and can_mark_attendance(
                slot_day=slot_day, today=today, cancelled=b.cancelled_at is not None, marked=b.attendance,
                held=b.request.status == b.request.Status.HELD).allowed
            b.may_undo = person_id in may_mark and can_undo_attendance(
                marked=b.attendance, today=today,
                marked_on=timezone.localdate(b.attendance_at) if b.attendance_at else None).allowed
            b.may_record = (person_id in may_record and b.attendance != Attendance.DID_NOT_ATTEND
                            and b.request.status == b.request.Status.BOOKED)
    return render(request, "hubs/day.html", {
        "hub": hub, "day": the_day, "slots": slots, "is_host": role is Role.HOST,
        "previous": the_day - dt.timedelta(days=1), "next": the_day + dt.timedelta(days=1),
        "booked": sum(len(s.live_bookings) for s in slots), "places": sum(s.capacity for s in slots),
        "next_session": None if slots else next_session_after(hub=hub, day=the_day),
        "arrived": Attendance.ARRIVED.value, "did_not_attend": Attendance.DID_NOT_ATTEND.value,
    })


_ACTIONS = {
    Attendance.ARRIVED.value: "marking that they arrived",
    Attendance.DID_NOT_ATTEND.value: "marking that they did not attend",
    "undo": "undoing a mark of who came",
}


@login_required
@require_POST
def attendance(request: HttpRequest, hub_id: int, booking_id: int) -> HttpResponse:
    """Mark that the person arrived or did not attend, or undo a mark made today. One button per form."""
    require_page(request.user, "hubs:list")
    hub = hubs_visible_to(request.user).filter(pk=hub_id).first()
    if hub is None or not Booking.objects.filter(pk=booking_id, slot__hub=hub).exists():
        raise Http404("No such booking at a hub you can see")
    action = request.POST.get("action", "")
    booking = access_booking(user=request.user, id=booking_id, purpose=Purpose.CHANGE,
                             what=_ACTIONS.get(action, "a booking on the hub's day"))
    person = booking.request.person
    day_url = redirect("hubs:day", hub_id=hub.pk, date=timezone.localdate(booking.slot.starts_at).isoformat())
    try:
        if action == "undo":
            booking_undo_attendance(booking=booking)
            messages.success(request, f"The mark for {person.full_name} has been undone.")
        elif action == Attendance.ARRIVED:
            booking_mark_attendance(booking=booking, attendance=Attendance.ARRIVED, by=request.user)
            messages.success(request, f"{person.full_name} is marked as arrived.")
        elif action == Attendance.DID_NOT_ATTEND:
            booking_mark_attendance(booking=booking, attendance=Attendance.DID_NOT_ATTEND, by=request.user)
            messages.success(request, f"{person.full_name} is marked as did not attend. Their request is back on "
                                      "the waiting list, so someone from the team will contact them to offer "
                                      "a new time.")
        else:
            messages.error(request, "Choose Arrived, Did not attend or Undo.")
    except BookingError as exc:
        messages.error(request, str(exc))
    return day_url
