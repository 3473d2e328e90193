"""Asking twice sends the details again at most 3 times a day; the confirmation shows a short link, never a token."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from carecommons.conversations.models import Booking, ConfirmationResend, ConversationRequest
from carecommons.conversations.tests.test_ask import answer_up_to_time, ask
from carecommons.core import texts
from carecommons.core.models import SentMessage
from carecommons.rules.booking import RESENDS_A_DAY, can_resend_confirmation
from carecommons.testing import factories as f
from carecommons.testing.short_links import long_paths

pytestmark = pytest.mark.django_db


def test_the_rule_allows_three_resends_in_a_day_then_says_why_not():
    assert [can_resend_confirmation(resent_in_last_day=n).allowed for n in range(5)] == [True, True, True, False, False]
    assert "already been sent again 3 times today" in can_resend_confirmation(resent_in_last_day=3).reasons[0]


def _ask_again(cast, slot, capture):
    again = Client()
    answer_up_to_time(again, cast)
    ask(again, "time", {"slot": str(slot.pk)})
    with capture(execute=True):
        return ask(again, "check", {}).content.decode()


def test_asking_a_fourth_time_in_a_day_sends_nothing_and_says_so(client, cast, django_capture_on_commit_callbacks):
    first, second = f.SlotFactory(hub=cast.library), f.SlotFactory(hub=cast.library)
    answer_up_to_time(client, cast)
    ask(client, "time", {"slot": str(first.pk)})
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "check", {})
    texts.outbox.clear()
    pages = [_ask_again(cast, second, django_capture_on_commit_callbacks) for _ in range(RESENDS_A_DAY + 1)]
    assert all("We have sent the details again" in page for page in pages[:RESENDS_A_DAY])
    assert "We have sent the details again" not in pages[-1]
    assert "The details have already been sent again 3 times today" in pages[-1]
    assert "Use the link in a message we sent you" in pages[-1]
    assert len(texts.outbox) == RESENDS_A_DAY, "no fourth text to the same number"
    assert list(ConfirmationResend.objects.values_list("sent", flat=True).order_by("pk")) == [True, True, True, False]
    assert Booking.objects.count() == 1 and ConversationRequest.objects.count() == 1


def test_resends_older_than_a_day_do_not_count(client, cast, django_capture_on_commit_callbacks):
    from carecommons.conversations import services

    person = f.PersonFactory(full_name="Maggie Brown", phone="07700 900982", team=cast.north)
    request = f.RequestFactory(person=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(request=request, slot_id=f.SlotFactory(hub=cast.library).pk)
    yesterday = timezone.now() - dt.timedelta(hours=25)
    ConfirmationResend.objects.bulk_create([ConfirmationResend(request=request, at=yesterday, sent=True)] * 3)
    assert services.resend_confirmation(request).sent


def test_the_confirmation_page_and_the_text_show_a_short_link_never_the_token(client, cast,
                                                                              django_capture_on_commit_callbacks):
    slot = f.SlotFactory(hub=cast.library)
    answer_up_to_time(client, cast)
    ask(client, "time", {"slot": str(slot.pk)})
    with django_capture_on_commit_callbacks(execute=True):
        done = ask(client, "check", {})
    booking = Booking.objects.get()
    page = client.get(done["Location"]).content.decode()
    (text,) = texts.outbox
    assert booking.token not in text.body and "/booking/" not in text.body
    (short,) = [p for p in long_paths(text.body) if p.startswith("/booking/")]
    assert short == f"/booking/{booking.token}/"
    code = text.body.split("/c/")[1][:8]
    assert f'Or type this short link: <a class="govuk-link" href="/c/{code}/">/c/{code}/</a>' in page
    assert "127.0.0.1" not in page
    assert client.get(f"/c/{code}/")["Location"] == f"/booking/{booking.token}/"
    assert SentMessage.objects.get().kind == "booking_confirmation"


def test_on_a_public_address_the_short_link_is_shown_with_it(client, cast, settings,
                                                               django_capture_on_commit_callbacks):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "BASE_URL": "https://care.ashbyvale.example"}
    slot = f.SlotFactory(hub=cast.library)
    answer_up_to_time(client, cast)
    ask(client, "time", {"slot": str(slot.pk)})
    with django_capture_on_commit_callbacks(execute=True):
        done = ask(client, "check", {})
    page = client.get(done["Location"]).content.decode()
    assert ">care.ashbyvale.example/c/" in page and "https://care.ashbyvale.example/c/" in texts.outbox[0].body


def test_the_contact_question_and_the_accessibility_statement_give_the_councils_phone_and_hours(client, cast):
    client.get("/ask/")
    ask(client, "who", {"who": "self"})
    ask(client, "name", {"full_name": "Maggie Brown"})
    contact = ask(client, "contact").content.decode()
    statement = Client().get("/accessibility/").content.decode()
    for page in (contact, statement):
        assert 'href="tel:01632960123">01632 960 123</a> (Monday to Friday, 9am to 5pm)' in page
