"""iCalendar (.ics) files for booked conversations, so people can add them to their calendar."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from carecommons.conversations.models import Booking


def booking_ics(booking: Booking, *, manage_url: str) -> bytes:
    slot = booking.slot
    hub = slot.hub
    cal = Calendar()
    cal.add("prodid", "-//Care Commons//Conversations//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"booking-{booking.pk}-{booking.token[:8]}@care-commons")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", f"Conversation at {hub.name}")
    event.add("location", f"{hub.name}, {' '.join(hub.address.split())}, {hub.postcode}")
    event.add(
        "description",
        f"Your conversation about what matters to you. Reference {booking.request.reference}.\n"
        f"To change or cancel: {manage_url}",
    )
    cal.add_component(event)
    return cal.to_ical()
