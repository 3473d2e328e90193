"""Did it help? Answered from a link without an account; results feed the team's view."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_person_answers_from_the_link_without_signing_in(client, cast):
    item = f.FollowUpFactory(conversation=f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, hub=cast.library))
    url = reverse("conversations:follow-up", args=[item.token])
    page = client.get(url).content.decode()
    assert "Did the conversation help?" in page and "Eastgate Library" in page
    assert "Ruth" not in page, "the link shows nothing that identifies the person"
    response = client.post(url, {"useful": "yes", "difference": "partly", "anything_else": "The lunch club is lovely"})
    assert "Thank you" in response.content.decode()
    item.refresh_from_db()
    assert (item.useful, item.difference, item.answered_at is not None) == ("yes", "partly", True)


def test_answering_twice_is_refused_politely(client, cast):
    item = f.FollowUpFactory(answered_at=timezone.now(), useful="no", difference="no")
    response = client.post(reverse("conversations:follow-up", args=[item.token]), {"useful": "yes", "difference": "yes"})
    assert "already answered" in response.content.decode()
    item.refresh_from_db()
    assert item.useful == "no"


def test_an_expired_link_says_so(client, cast):
    item = f.FollowUpFactory(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(reverse("conversations:follow-up", args=[item.token]))
    assert response.status_code == 410 and "This link has expired" in response.content.decode()


def test_a_wrong_link_says_so(client, cast):
    response = client.get(reverse("conversations:follow-up", args=["not-a-token"]))
    assert response.status_code == 404 and "We cannot find that follow-up" in response.content.decode()


def test_missing_answers_are_explained(client, cast):
    item = f.FollowUpFactory()
    html = client.post(reverse("conversations:follow-up", args=[item.token]), {}).content.decode()
    assert "Select whether the conversation was useful" in html and "Select whether it has made a difference" in html
