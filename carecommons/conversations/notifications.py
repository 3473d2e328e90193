"""Emails (and texts, for people with only a mobile) to people. Sent after the transaction commits, never from save()."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.models import Booking, FollowUp
from carecommons.core.messaging import Kind, message_send, texts_available
from carecommons.core.shortlinks import short_link_make
from carecommons.core.templatetags.govuk import govuk_time
from carecommons.people.models import Person
from carecommons.people.services import invitation_with_booking
from carecommons.rules.booking import booking_link_expires
from carecommons.rules.contact import uk_mobile


def booking_short_link(booking: Booking) -> str:
    """A short link to the booking's page (see, change, cancel, add to a calendar), working as long as the long one."""
    expires = booking_link_expires(starts_at=booking.slot.starts_at, months=settings.CARECOMMONS["BOOKING_LINK_MONTHS"])
    return short_link_make(path=reverse("conversations:booking", args=[booking.token]), expires_at=expires)


def confirmation_channel(person: Person) -> str:
    """How a booking's confirmation reaches the person: "email" if they gave an email address, otherwise
    "text" to a UK mobile when texts can be sent here, otherwise "" (nothing is sent; the page says so)."""
    if person.email:
        return "email"
    return "text" if uk_mobile(person.phone) and texts_available() else ""


def booking_confirmed(booking: Booking) -> str:
    """Queue a confirmation: by email if the person gave an email address, otherwise by text to a mobile.

    A person with no sign-in is also offered one: the confirmation carries a one-time link to make it. Returns the
    booking's short link (made whether or not a message can go, for the confirmation page to show).
    """
    person = booking.request.person
    mobile = uk_mobile(person.phone)
    channel = confirmation_channel(person)
    change = booking_short_link(booking)
    if not channel:
        return change
    starts = timezone.localtime(booking.slot.starts_at)
    hub = booking.slot.hub
    invite = invitation_with_booking(person=person, channel=channel)
    days = settings.CARECOMMONS["INVITATION_DAYS"]
    personalisation = {"name": person.known_as, "date": f"{starts:%A %-d %B %Y}", "time": govuk_time(starts),
                       "place": hub.name, "address": f"{' '.join(hub.address.split())}, {hub.postcode}",
                       "reference": booking.request.reference, "change_link": change, "sign_in_link": invite}
    if channel == "text":
        body = (f"Care Commons: your conversation is booked for {starts:%A %-d %B} at {govuk_time(starts)}, {hub.name}. "
                f"Reference {booking.request.reference}. To change or cancel: {change}")
        if invite:
            body += f" To see your record online, make a sign-in (the link works once, for {days} days): {invite}"
        message_send(kind=Kind.BOOKING_CONFIRMATION, channel="text", to=mobile, body=body,
                     personalisation=personalisation, person_id=person.pk)
        return change
    body = (
        f"Hello {person.known_as},\n\n"
        f"Your conversation is booked for {starts:%A %-d %B} at {govuk_time(starts)}, at {hub.name}, {' '.join(hub.address.split())}, {hub.postcode}.\n\n"
        f"Your reference is {booking.request.reference}.\n\n"
        f"To change or cancel, or to add it to your calendar: {change}\n"
    )
    if invite:
        body += ("\nYou can also see your record online: what we write about you, and who looks at it. To make your "
                 f"sign-in, open this link and choose a password. It works once, for {days} days:\n{invite}\n")
    message_send(kind=Kind.BOOKING_CONFIRMATION, channel="email", to=person.email, subject="Your conversation is booked",
                 body=body, personalisation=personalisation, person_id=person.pk)
    return change


def follow_up_ready(follow_up: FollowUp) -> None:
    """Queue the "Did it help?" email, if the person gave an email address."""
    person = follow_up.conversation.person
    if not person.email:
        return
    link = short_link_make(path=reverse("conversations:follow-up", args=[follow_up.token]), expires_at=follow_up.expires_at)
    body = (
        f"Hello {person.known_as},\n\n"
        "Thank you for talking with us. Did the conversation help? Three quick questions, no sign-in needed:\n"
        f"{link}\n"
    )
    message_send(kind=Kind.FOLLOW_UP, channel="email", to=person.email, subject="Did the conversation help?", body=body,
                 personalisation={"name": person.known_as, "link": link}, person_id=person.pk)
