"""The GOV.UK Notify backend, end to end: the real `notifications-python-client` sends to a local stand-in of the
Notify API (`testing.notify_standin`: it checks the signed JWT, as Notify does) and every answer is recorded."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from carecommons.conversations.models import Booking
from carecommons.conversations.services import booking_create
from carecommons.core import messaging, texts
from carecommons.core.models import SentMessage
from carecommons.testing import factories as f
from carecommons.testing.notify_standin import API_KEY, SERVICE_ID, Running
from carecommons.testing.short_links import long_paths

pytestmark = pytest.mark.django_db


def _templates() -> dict[str, str]:
    return {messaging.template_name(k, c): f"{i:08d}-0000-4000-8000-{j:012d}"
            for i, k in enumerate(messaging.Kind) for j, c in enumerate(messaging.CHANNELS[k])}


@pytest.fixture
def notify(settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with Running() as stand_in:
        stand_in.templates = set(_templates().values())
        settings.CARECOMMONS = {**django_settings.CARECOMMONS, "MESSAGES": {
            "BACKEND": "notify", "NOTIFY_API_KEY": API_KEY, "NOTIFY_BASE_URL": stand_in.base_url,
            "NOTIFY_TEMPLATES": _templates()}}
        assert messaging.configuration_problems() == []
        yield stand_in


def _book_by_text(cast, capture):
    person = f.PersonFactory(full_name="Den Price", phone="07700 900123", team=None)
    with capture(execute=True):
        return booking_create(request=f.RequestFactory(person=person), slot_id=f.SlotFactory(hub=cast.library).pk)


def test_a_text_confirmation_goes_through_notify_with_its_template_and_is_recorded(cast, notify,
                                                                                   django_capture_on_commit_callbacks):
    booking = _book_by_text(cast, django_capture_on_commit_callbacks)
    (sent,) = notify.received
    assert sent["path"] == "/v2/notifications/sms" and sent["phone_number"] == "07700 900 123"
    assert sent["template_id"] == _templates()["booking_confirmation_text"]
    words = sent["personalisation"]
    assert words["place"] == "Eastgate Library" and words["reference"] == booking.request.reference
    assert long_paths(words["change_link"]) == [f"/booking/{booking.token}/"]
    assert booking.token not in words["body"] and "Eastgate Library" in words["body"]
    kept = SentMessage.objects.get()
    assert (kept.status, kept.sent_by, kept.channel) == ("sent", "notify", "text")
    assert len(kept.notify_id) == 36 and kept.notify_id != SERVICE_ID  # Notify's id for it, from the answer
    assert texts.outbox == []  # Notify sent it, not the local text backend


def test_an_email_goes_to_notifys_email_endpoint_with_its_subject(cast, notify, django_capture_on_commit_callbacks):
    person = f.PersonFactory(email="maggie@example.org", team=cast.north)
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(request=f.RequestFactory(person=person), slot_id=f.SlotFactory(hub=cast.library).pk)
    (sent,) = notify.received
    assert sent["path"] == "/v2/notifications/email" and sent["email_address"] == "maggie@example.org"
    assert sent["personalisation"]["subject"] == "Your conversation is booked"
    assert SentMessage.objects.get().status == "sent"


def test_an_error_from_notify_is_recorded_as_not_sent_and_the_booking_is_still_saved(cast, notify,
                                                                                     django_capture_on_commit_callbacks):
    notify.fail_with = 400
    booking = _book_by_text(cast, django_capture_on_commit_callbacks)
    assert Booking.objects.filter(pk=booking.pk, cancelled_at__isnull=True).exists()
    assert notify.received == [] and notify.refused[0][0] == 400
    kept = SentMessage.objects.get()
    assert kept.status == "failed" and kept.notify_id == ""
    assert kept.problem == "GOV.UK Notify said 400: Can't send to this recipient using a team-only API key"


def test_the_stand_in_refuses_a_token_signed_with_another_key_as_notify_would(cast, notify, settings,
                                                                              django_capture_on_commit_callbacks):
    wrong = API_KEY[:-36] + "ffffffff-ffff-4fff-8fff-ffffffffffff"
    settings.CARECOMMONS = {**settings.CARECOMMONS,
                            "MESSAGES": {**settings.CARECOMMONS["MESSAGES"], "NOTIFY_API_KEY": wrong}}
    _book_by_text(cast, django_capture_on_commit_callbacks)
    assert notify.received == [] and notify.refused == [(403, "Invalid token: InvalidSignatureError")]
    kept = SentMessage.objects.get()
    assert kept.status == "failed" and kept.problem.startswith("GOV.UK Notify said 403")


def test_notify_out_of_reach_is_recorded_as_not_sent(cast, notify, settings, django_capture_on_commit_callbacks):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "MESSAGES": {
        **settings.CARECOMMONS["MESSAGES"], "NOTIFY_BASE_URL": "http://127.0.0.1:9"}}  # nothing listens there
    booking = _book_by_text(cast, django_capture_on_commit_callbacks)
    assert Booking.objects.filter(pk=booking.pk).exists()
    assert SentMessage.objects.get().status == "failed"
