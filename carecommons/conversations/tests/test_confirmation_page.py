"""The confirmation after booking says what happens next: who, where, how to get there, what to bring, how
to change it, how it was sent; the council's phone number where people look for it. Never a raw link."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.models import Booking, ConversationRequest
from carecommons.conversations.tests.test_ask import answer_up_to_time, ask
from carecommons.core.links import site_url
from carecommons.core.templatetags.govuk import govuk_time
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def _book(client, cast, **contact):
    slot = f.SlotFactory(hub=cast.library)
    answer_up_to_time(client, cast)
    if contact:
        assert ask(client, "contact", contact).status_code == 302
        ask(client, "on-mind", {"on_their_mind": "Stairs"})
        ask(client, "access", {"access_needs": ""})
        ask(client, "hub", {"hub": str(cast.library.pk)})
    ask(client, "time", {"slot": str(slot.pk)})
    done = ask(client, "check", {})
    assert done.status_code == 302
    return client.get(done["Location"]).content.decode(), Booking.objects.get()


def test_the_confirmation_says_who_where_what_to_bring_and_how_it_was_sent(client, cast):
    page, booking = _book(client, cast)
    assert "We have sent this to you by text message, to 07700 900 982." in page
    for heading in ("When and where", "Getting there", "Who you will meet", "What to bring", "If you need to change or cancel"):
        assert heading in page
    assert f"Someone from {cast.library.team.name}" in page
    assert ">Change or cancel your conversation</a>" in page
    assert site_url(reverse("conversations:booking", args=[booking.token])) not in page, "never a raw link as text"
    assert f">{booking.token}<" not in page
    assert "01632 960 123" in page and "(Monday to Friday, 9am to 5pm)" in page


def test_by_email_it_names_the_address(client, cast):
    page, _ = _book(client, cast, contact_by="email", email="maggie@example.org", postcode="AB1 2DE")
    assert "We have sent this to you by email, to maggie@example.org." in page
    assert "The email we sent has this link too" in page


def test_when_nothing_could_be_sent_it_says_so(client, cast):
    with override_settings(CARECOMMONS={**settings.CARECOMMONS, "TEXT_BACKEND": "carecommons.core.texts.Unavailable"}):
        page, _ = _book(client, cast)
    assert "We could not send this to you by email or text" in page
    assert "Print this page or write down your reference" in page


def test_the_waiting_list_confirmation_offers_the_phone(client, cast):
    answer_up_to_time(client, cast)
    ask(client, "time", {"slot": "wait"})
    page = client.get(ask(client, "check", {})["Location"]).content.decode()
    assert ConversationRequest.objects.get().status == "waiting"
    assert "If you want to talk to someone sooner, phone us on" in page and 'href="tel:01632960123"' in page


def test_the_contact_question_and_accessibility_statement_give_the_phone_number(client, cast):
    client.get(reverse("conversations:ask-start"))
    ask(client, "who", {"who": "self"})
    ask(client, "name", {"full_name": "Maggie Brown"})
    contact = ask(client, "contact").content.decode()
    assert "If you would rather talk to someone, phone us on" in contact and "01632 960 123" in contact
    statement = client.get(reverse("core:accessibility")).content.decode()
    assert "easy read, large print or audio" in statement and "01632 960 123" in statement


def test_no_phone_number_is_shown_when_the_council_has_not_set_one(client, cast):
    with override_settings(CARECOMMONS={**settings.CARECOMMONS, "CONTACT": {"PHONE": "", "OPENING_HOURS": "9 to 5"}}):
        statement = client.get(reverse("core:accessibility")).content.decode()
        page, _ = _book(client, cast)
    assert "tel:" not in statement and "tel:" not in page and "9 to 5" not in page


def _sentences(page: str) -> list[str]:
    """What a person reads in the easy-read list: each line's words, the bold part marked with *."""
    import re

    block = re.search(r'<ul class="govuk-list cc-easy" aria-label="Easy read">(.*?)</ul>', page, re.S)
    assert block, "no easy-read list on the page"
    words = re.findall(r'<span class="cc-easy__words">(.*?)</span>', block.group(1), re.S)
    return [re.sub(r"</?strong>", "*", w) for w in words]


def test_in_easy_read_the_confirmation_says_who_where_when_what_to_bring_and_how_it_was_sent(client, cast):
    client.get(reverse("assessments:easy-read") + "?on=1&next=/ask/")
    page, booking = _book(client, cast)
    starts = timezone.localtime(booking.slot.starts_at)
    when = f"{starts:%A} {starts.day} {starts:%B %Y} at {govuk_time(starts)}"
    hub = cast.library
    assert _sentences(page) == [
        f"You will *meet* someone from {hub.team.name}.",
        "You talk about *what matters to you*. It is not a test.",
        f"You meet at *{hub.name}*.",
        f"The *address* is {', '.join([*hub.address.splitlines(), hub.postcode])}.",
        f"It is on *{when}*.",
        f"Bring your *reference*: {booking.request.reference}.",
        "You can *bring someone* with you.",
        "To *change it or cancel it*, use the link below.",
        "We sent this to you by *text message*.",
    ]
    assert page.count('class="cc-easy__line"') == 9 and page.count("<svg") >= 9, "a picture beside each sentence"
    assert ">Change or cancel your conversation</a>" in page and "Add to your calendar" in page and "01632 960 123" in page
    assert "Switch back to standard words" in page
    assert "Who you will meet</h2>" not in page, "the standard words are not said twice"


def test_in_easy_read_the_confirmation_says_when_nothing_could_be_sent(client, cast):
    client.get(reverse("assessments:easy-read") + "?on=1&next=/ask/")
    with override_settings(CARECOMMONS={**settings.CARECOMMONS, "TEXT_BACKEND": "carecommons.core.texts.Unavailable"}):
        page, _ = _book(client, cast)
    assert _sentences(page)[-1] == "We could not send this to you. *Print this page*, or write it down."


def test_in_easy_read_the_waiting_list_confirmation(client, cast):
    client.get(reverse("assessments:easy-read") + "?on=1&next=/ask/")
    answer_up_to_time(client, cast)
    ask(client, "time", {"slot": "wait"})
    page = client.get(ask(client, "check", {})["Location"]).content.decode()
    assert _sentences(page) == ["You are on our *list*.", "We will *get in touch* to find a time.",
                                "If you want to talk sooner, *phone us*."]
    assert "You can phone us on" in page


def test_the_standard_confirmation_offers_easy_read(client, cast):
    page, _ = _book(client, cast)
    assert "Switch to easy read, with pictures" in page and 'aria-label="Easy read"' not in page
