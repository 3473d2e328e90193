"""A resident books with a mobile number and is sent a text with a short link; a manager sees it on "Messages sent".
Real headless Chromium, axe on every page (with and without JavaScript, and at 320 px)."""

from __future__ import annotations

import re

import pytest

from carecommons.core import texts
from carecommons.testing import factories as f
from tests.e2e.test_journeys import _future, ask_and_book

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_resident_books_by_mobile_and_a_manager_sees_the_text_on_messages_sent(visit, cast):
    f.SlotFactory(hub=cast.library, starts_at=_future(2, 10))
    maggie = visit("maggie-messages")
    booking = ask_and_book(maggie, cast)
    assert "We have sent this to you by text message, to 07700 900 982" in maggie.text()
    assert booking.token not in maggie.text() and "127.0.0.1" not in maggie.text()
    short = re.search(r"Or type this short link: (/c/[a-z0-9]{8}/)", maggie.text()).group(1)
    (text,) = texts.outbox
    assert short in text.body and booking.token not in text.body, "the text carries the same short link"

    maggie.goto(short)  # typed in from the text message
    assert maggie.heading() == "Your conversation"
    maggie.goto("/c/abcd2345/")
    assert maggie.heading() == "This link does not work"

    morgan = visit("morgan-messages")
    morgan.sign_in("morgan", f.PASSWORD)
    morgan.click_link("Messages sent", exact=True)
    assert morgan.heading() == "Messages sent"
    assert "Maggie Brown" in morgan.text() and "Text message to 07700 900 982" in morgan.text()
    morgan.page.get_by_text("Read the text message").click()
    assert "your conversation is booked" in morgan.text() and "[link not kept]" in morgan.text()
    morgan.page.get_by_label("Show").select_option(label="Emails")
    morgan.click_button("Show")
    assert "No emails have been sent to people you can see yet" in morgan.text()
    morgan.click_link("Show all messages")
    assert "Messages, 1 in all" in morgan.text()
    morgan.screenshot("messages-sent")

    small = visit("morgan-messages-320", width=320, javascript=False)
    small.sign_in("morgan", f.PASSWORD)
    small.goto("/messages-sent/")
    assert small.overflowing() == []
    assert len(maggie.scanned) + len(morgan.scanned) + len(small.scanned) >= 18


def test_messages_sent_with_nothing_sent_yet(visit, cast):
    ade = visit("ade-messages")
    ade.sign_in("ade", f.PASSWORD)
    ade.click_link("Messages sent", exact=True)
    assert "No messages have been sent to people you can see yet" in ade.text()
