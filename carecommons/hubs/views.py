"""Hubs for the team and for hosts: the list, and a hub's day."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carecommons.hubs.selectors import hub_day, hubs_visible_to
from carecommons.people.access import people_in_reach
from carecommons.people.roles import require_page
from carecommons.rules.access import Kind, Purpose, Role


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
    slots = hub_day(hub=hub, day=the_day)
    # Names only for people this user has a ground to see; the rest are counted as "Booked".
    booked_ids = {b.request.person_id for s in slots for b in s.live_bookings}
    named = set(people_in_reach(request.user, kind=Kind.BOOKING, purpose=Purpose.VIEW)
                .filter(pk__in=booked_ids).values_list("pk", flat=True))
    for s in slots:
        for b in s.live_bookings:
            b.named = b.request.person_id in named
    return render(request, "hubs/day.html", {
        "hub": hub, "day": the_day, "slots": slots, "is_host": role is Role.HOST,
        "previous": the_day - dt.timedelta(days=1), "next": the_day + dt.timedelta(days=1),
        "booked": sum(len(s.live_bookings) for s in slots), "places": sum(s.capacity for s in slots),
    })
