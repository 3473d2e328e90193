"""A booking's link works until a month after the conversation, then shows a plain page saying what to do."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db
NAMES = ("conversations:booking", "conversations:booking-ics", "conversations:booking-cancel", "conversations:booking-rebook")


def _booking_days_ago(cast, days: float):
    return f.BookingFactory(slot=f.SlotFactory(hub=cast.library, starts_at=timezone.now() - dt.timedelta(days=days)))


def test_a_booking_link_still_works_weeks_after_the_conversation(cast):
    booking = _booking_days_ago(cast, 27)
    assert Client().get(reverse("conversations:booking", args=[booking.token])).status_code == 200
    assert Client().get(reverse("conversations:booking-ics", args=[booking.token])).status_code == 200


def test_a_booking_link_expires_a_month_after_the_conversation_with_a_plain_page(cast):
    booking = _booking_days_ago(cast, 32)
    for name in NAMES:
        response = Client().get(reverse(name, args=[booking.token]))
        assert response.status_code == 410, name
        page = response.content.decode()
        assert "This link has expired" in page and "ask for a conversation" in page
        assert booking.request.reference in page
        assert booking.slot.hub.name not in page  # an old link shows nothing more about the booking
    assert Client().post(reverse("conversations:booking-cancel", args=[booking.token])).status_code == 410
    booking.refresh_from_db()
    assert booking.cancelled_at is None


def test_the_months_a_booking_link_works_is_a_setting(cast, settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "BOOKING_LINK_MONTHS": 2}
    booking = _booking_days_ago(cast, 40)
    assert Client().get(reverse("conversations:booking", args=[booking.token])).status_code == 200
