"""Emails (and texts, for people with only a mobile) to people. Sent after the transaction commits, never from save()."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.models import Booking, FollowUp
from carecommons.core import texts
from carecommons.core.links import site_url
from carecommons.core.templatetags.govuk import govuk_time
from carecommons.people.models import Person
from carecommons.people.services import invitation_with_booking
from carecommons.rules.contact import uk_mobile


def _absolute(path: str) -> str:
    return site_url(path)


def confirmation_channel(person: Person) -> str:
    """How a booking's confirmation reaches the person: "email" if they gave an email address, otherwise
    "text" to a UK mobile when texts can be sent here, otherwise "" (nothing is sent; the page says so)."""
    if person.email:
        return "email"
    return "text" if uk_mobile(person.phone) and texts.available() else ""


def booking_confirmed(booking: Booking) -> None:
    """Queue a confirmation: by email if the person gave an email address, otherwise by text to a mobile.

    A person with no sign-in is also offered one: the confirmation carries a one-time link to make it.
    """
    person = booking.request.person
    mobile = uk_mobile(person.phone)
    channel = confirmation_channel(person)
    if not channel:
        return
    starts = timezone.localtime(booking.slot.starts_at)
    hub = booking.slot.hub
    change = _absolute(reverse("conversations:booking", args=[booking.token]))
    invite = invitation_with_booking(person=person, channel=channel)
    days = settings.CARECOMMONS["INVITATION_DAYS"]
    if channel == "text":
        body = (f"Care Commons: your conversation is booked for {starts:%A %-d %B} at {govuk_time(starts)}, {hub.name}. "
                f"Reference {booking.request.reference}. To change or cancel: {change}")
        if invite:
            body += f" To see your record online, make a sign-in (the link works once, for {days} days): {invite}"
        transaction.on_commit(lambda: texts.send_text(mobile, body))
        return
    body = (
        f"Hello {person.known_as},\n\n"
        f"Your conversation is booked for {starts:%A %-d %B} at {govuk_time(starts)}, at {hub.name}, {' '.join(hub.address.split())}, {hub.postcode}.\n\n"
        f"Your reference is {booking.request.reference}.\n\n"
        f"To change or cancel: {change}\n"
        f"To add it to your calendar: {_absolute(reverse('conversations:booking-ics', args=[booking.token]))}\n"
    )
    if invite:
        body += ("\nYou can also see your record online: what we write about you, and who looks at it. To make your "
                 f"sign-in, open this link and choose a password. It works once, for {days} days:\n{invite}\n")
    transaction.on_commit(
        lambda: send_mail("Your conversation is booked", body, None, [person.email], fail_silently=True)
    )


def follow_up_ready(follow_up: FollowUp) -> None:
    """Queue the "Did it help?" email, if the person gave an email address."""
    person = follow_up.conversation.person
    if not person.email:
        return
    body = (
        f"Hello {person.known_as},\n\n"
        "Thank you for talking with us. Did the conversation help? Three quick questions, no sign-in needed:\n"
        f"{_absolute(reverse('conversations:follow-up', args=[follow_up.token]))}\n"
    )
    transaction.on_commit(lambda: send_mail("Did the conversation help?", body, None, [person.email], fail_silently=True))
