"""Every message people asked for goes through core.messaging, is recorded in the outbox, and a failure is recorded
without undoing what was saved; GOV.UK Notify, when chosen, must have every template; short links stand for long ones."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.models import Booking
from carecommons.conversations.services import booking_create
from carecommons.core import messaging, shortlinks, texts
from carecommons.core.models import SentMessage, ShortLink
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def test_a_text_confirmation_is_sent_and_kept_in_the_outbox_without_its_links(cast, django_capture_on_commit_callbacks):
    person = f.PersonFactory(full_name="Den Price", phone="07700 900123", team=None)
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(request=f.RequestFactory(person=person), slot_id=f.SlotFactory(hub=cast.library).pk)
    (text,) = texts.outbox
    (kept,) = SentMessage.objects.all()
    assert (kept.kind, kept.channel, kept.to, kept.status, kept.sent_by) == (
        "booking_confirmation", "text", "07700 900 123", "sent", "local")
    assert kept.person_id == person.pk and kept.notify_id == ""
    assert "Eastgate Library" in kept.body and booking.request.reference in kept.body
    assert "http" not in kept.body and messaging.LINK_NOT_KEPT in kept.body  # a link is a key: not kept here
    assert "/c/" in text.body and booking.token not in text.body  # the person gets the short link


def test_an_email_confirmation_is_kept_with_its_subject(cast, django_capture_on_commit_callbacks):
    person = f.PersonFactory(email="maggie@example.org", team=cast.north)
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(request=f.RequestFactory(person=person), slot_id=f.SlotFactory(hub=cast.library).pk)
    (email,) = mail.outbox
    kept = SentMessage.objects.get()
    assert (kept.channel, kept.to, kept.subject, kept.status) == ("email", "maggie@example.org",
                                                                  "Your conversation is booked", "sent")
    assert email.subject == kept.subject


class Broken:
    available = True

    def send(self, message: texts.TextMessage) -> None:
        raise ConnectionError("the text provider is down")


def test_a_failed_text_is_recorded_as_not_sent_and_the_booking_is_kept(cast, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "TEXT_BACKEND": f"{__name__}.Broken"}
    person = f.PersonFactory(phone="07700 900123", team=None)
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(request=f.RequestFactory(person=person), slot_id=f.SlotFactory(hub=cast.library).pk)
    assert Booking.objects.filter(pk=booking.pk, cancelled_at__isnull=True).exists()
    kept = SentMessage.objects.get()
    assert kept.status == "failed" and "the text provider is down" in kept.problem


def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(cast, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):  # noqa: PT012
        with transaction.atomic():
            messaging.message_send(kind=messaging.Kind.FOLLOW_UP, channel="email", to="a@example.org", body="Hello")
            raise RuntimeError("something else failed")
    assert mail.outbox == [] and not SentMessage.objects.exists()


def test_a_message_goes_only_by_email_or_text():
    with pytest.raises(ValueError, match="email or text"):
        messaging.message_send(kind=messaging.Kind.FOLLOW_UP, channel="pigeon", to="x", body="Hello")


def test_notify_chosen_without_its_key_or_templates_is_refused_saying_what_is_missing(settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "MESSAGES": {"BACKEND": "notify", "NOTIFY_API_KEY": "",
                                                                  "NOTIFY_TEMPLATES": {"follow_up_email": "abc"}}}
    problems = messaging.configuration_problems()
    assert any("CARECOMMONS_NOTIFY_API_KEY" in p for p in problems)
    missing = next(p for p in problems if "no template id" in p)
    assert "CARECOMMONS_NOTIFY_TEMPLATE_BOOKING_CONFIRMATION_TEXT" in missing
    assert "CARECOMMONS_NOTIFY_TEMPLATE_STAFF_ACCOUNT_EMAIL" in missing
    assert "FOLLOW_UP_EMAIL" not in missing and "STAFF_ACCOUNT_TEXT" not in missing  # staff accounts go by email only
    errors = [m for m in run_checks() if m.id == "carecommons.E010"]
    assert len(errors) == 2 and all(m.is_serious() for m in errors)


def test_notify_with_every_template_and_a_key_passes_the_check(settings):
    templates = {messaging.template_name(k, c): f"id-{k}-{c}" for k in messaging.Kind for c in messaging.CHANNELS[k]}
    settings.CARECOMMONS = {**settings.CARECOMMONS, "MESSAGES": {
        "BACKEND": "notify", "NOTIFY_API_KEY": "name-" + "a" * 36 + "-" + "b" * 36, "NOTIFY_TEMPLATES": templates}}
    assert messaging.configuration_problems() == []
    assert messaging.texts_available()  # with Notify, texts can be offered


def test_an_unknown_backend_is_named(settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "MESSAGES": {"BACKEND": "carrier-pigeon"}}
    assert "'carrier-pigeon'" in messaging.configuration_problems()[0]


# --- short links ---------------------------------------------------------------------------------
def test_a_short_link_has_8_characters_without_look_alikes_and_leads_to_the_long_one():
    link = shortlinks.short_link_make(path="/booking/a-long-token-of-forty-characters-xxxxxx/",
                                      expires_at=timezone.now() + dt.timedelta(days=1))
    code = re.fullmatch(r"http://127\.0\.0\.1:8000/c/([a-z0-9]{8})/", link).group(1)
    assert not set(code) & set("01ilo")
    response = Client().get(f"/c/{code.upper()}/")  # read aloud or typed in capitals, it still works
    assert response.status_code == 302 and response["Location"] == "/booking/a-long-token-of-forty-characters-xxxxxx/"


def test_the_table_alone_opens_nothing():
    link = shortlinks.short_link_make(path="/sign-in/invitation/secret-token/", expires_at=timezone.now() + dt.timedelta(days=1))
    code = link.rstrip("/").rsplit("/", 1)[1]
    row = ShortLink.objects.get()
    assert code not in row.code_hash and "secret-token" not in row.target and code not in row.target


def test_an_expired_or_unknown_short_link_says_so_plainly():
    link = shortlinks.short_link_make(path="/booking/x/", expires_at=timezone.now() - dt.timedelta(seconds=1))
    code = link.rstrip("/").rsplit("/", 1)[1]
    for path in (f"/c/{code}/", "/c/abcd2345/", "/c/not-a-code/"):
        response = Client().get(path)
        assert response.status_code == 404 and "This link does not work" in response.content.decode()


def test_a_short_link_is_shown_without_this_machines_address(settings):
    assert shortlinks.shown("http://127.0.0.1:8000/c/abcd2345/") == "/c/abcd2345/"
    assert shortlinks.shown("https://care.ashbyvale.example/c/abcd2345/") == "care.ashbyvale.example/c/abcd2345/"


def test_the_old_long_booking_links_keep_working(cast):
    booking = f.BookingFactory(slot=f.SlotFactory(hub=cast.library))
    assert Client().get(reverse("conversations:booking", args=[booking.token])).status_code == 200
