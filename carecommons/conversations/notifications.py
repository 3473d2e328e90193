"""Emails to people who gave an email address. Sent after the transaction commits, never from save()."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.models import Booking, FollowUp
from carecommons.core.templatetags.govuk import govuk_time


def _absolute(path: str) -> str:
    return settings.CARECOMMONS["BASE_URL"].rstrip("/") + path


def booking_confirmed(booking: Booking) -> None:
    """Queue a confirmation email for a booking, if the person asked to be contacted by email."""
    person = booking.request.person
    if not person.email:
        return
    starts = timezone.localtime(booking.slot.starts_at)
    hub = booking.slot.hub
    body = (
        f"Hello {person.known_as},\n\n"
        f"Your conversation is booked for {starts:%A %-d %B} at {govuk_time(starts)}, at {hub.name}, {' '.join(hub.address.split())}, {hub.postcode}.\n\n"
        f"Your reference is {booking.request.reference}.\n\n"
        f"To change or cancel: {_absolute(reverse('conversations:booking', args=[booking.token]))}\n"
        f"To add it to your calendar: {_absolute(reverse('conversations:booking-ics', args=[booking.token]))}\n"
    )
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
