"""A person is invited to sign in, shares their record with their daughter and downloads everything held about them."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail

from carecommons.people.models import AccessEvent, RecordShare
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
STAN_PASSWORD = "kettle-garden-window-42"
SUE_PASSWORD = "blue-harbour-lantern-17"


def _link_in_last_email(to: str) -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    # A short link (/c/…, core.shortlinks) that leads to the invitation; the long link is never sent.
    match = re.search(r"https?://[^/\s]+(/c/\w+/|/sign-in/invitation/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_person_is_invited_shares_with_their_daughter_downloads_everything_and_sees_who_looked(visit, cast):
    cast.stan.email = "stan@example.com"
    cast.stan.save()
    f.ConversationFactory(person=cast.stan, practitioner=cast.tom, hub=cast.cafe, what_matters="Getting to the allotment")

    tom = visit("tom")
    tom.sign_in("tom", f.PASSWORD)
    tom.goto(f"/people/{cast.stan.pk}/")
    assert "Stan does not have a sign-in yet" in tom.text() or "Stan Hughes does not have a sign-in yet" in tom.text()
    tom.click_link("Invite them to sign in")
    assert tom.heading() == "Invite them to sign in"
    tom.choose("Email to stan@example.com").click_button("Send the link")
    assert "a link to make their sign-in" in tom.page.get_by_role("alert").inner_text()

    stan = visit("stan", javascript=False)
    stan.goto(_link_in_last_email("stan@example.com"))
    assert stan.heading() == "Make your sign-in"
    assert stan.page.get_by_label("Choose a username").input_value() == "stan.hughes"
    stan.fill("Choose a password", STAN_PASSWORD).fill("Type your password again", STAN_PASSWORD)
    stan.click_button("Make my sign-in")
    assert stan.heading() == "Your record" and "Getting to the allotment" in stan.text()

    # He turns on a second factor: from now on he signs in with a code from his phone as well.
    stan.click_link("Turn sign-in codes on or off")
    stan.click_link("Turn on sign-in codes").set_up_app()
    stan.click_link("I have kept my recovery codes safe – continue")
    assert "Sign-in codes are on" in stan.text()
    stan.goto("/my-record/")

    stan.click_link("Share your record, or see who you share it with")
    assert stan.heading() == "Share your record"
    stan.fill("Their name", "Sue Hughes").fill("Their email address", "sue@example.com")
    stan.fill("Who are they to you?", "my daughter").choose("For 1 month")
    stan.click_button("Share my record")
    assert "Your record is shared with Sue Hughes until" in stan.text()
    assert RecordShare.objects.get().relationship == "my daughter"

    sue = visit("sue")
    sue.goto(_link_in_last_email("sue@example.com"))
    assert "Stan Hughes has shared their record with you" in sue.text()
    sue.fill("Choose a username", "sue.hughes")
    sue.fill("Choose a password", SUE_PASSWORD).fill("Type your password again", SUE_PASSWORD)
    sue.click_button("Make my sign-in")
    assert sue.heading() == "Records shared with you"
    sue.click_link("Stan Hughes")
    assert sue.heading() == "Stan Hughes’s record" and "Getting to the allotment" in sue.text()
    sue.click_link("Shared with you", exact=True)
    assert sue.heading() == "Records shared with you"

    stan.goto("/my-record/")
    stan.click_link("See or download everything we hold about you")
    assert stan.heading() == "Everything we hold about you"
    assert "Getting to the allotment" in stan.text() and "Sue Hughes" in stan.text()
    with stan.page.expect_download() as download:
        stan.page.get_by_role("link", name="Download it as a data file").click()
    data = json.loads(open(download.value.path()).read())
    assert data["parts"]["conversations"]["records"][0]["what_matters"] == "Getting to the allotment"
    assert data["parts"]["sharing"]["records"][0]["relationship"] == "my daughter"

    stan.goto("/my-record/")
    stan.click_link("See everyone who has looked at your record")
    log = stan.text()
    assert "Tom Baker" in log and "Sue Hughes" in log and "You shared your record with them" in log
    assert AccessEvent.objects.filter(person=cast.stan, grounds="shared", action="viewed").count() == 1
    stan.screenshot("person-who-looked-after-sharing")
    assert len(stan.scanned) >= 7 and len(sue.scanned) >= 4
