"""The person signs in and sees their own record, adds their own words, and sees who looked."""

import pytest
from django.urls import reverse

from carecommons.people.access import access_person, break_glass_open
from carecommons.people.models import WhatMattersStatement
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_person_sees_their_conversations_and_what_was_agreed(client, cast):
    f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, what_matters="My garden and my cat", agreed=["connect", "follow_up"])
    client.force_login(cast.ruth_user)
    html = client.get(reverse("people:my-record")).content.decode()
    assert "My garden and my cat" in html
    assert "Connect to a community group or service" in html and "Follow up with another conversation" in html
    assert "Priya Shah" in html


def test_the_person_adds_to_what_matters_in_their_own_words(client, cast):
    conversation = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya)
    client.force_login(cast.ruth_user)
    response = client.post(reverse("people:my-statement"), {"text": "It is my son, not my daughter, who visits", "corrects": str(conversation.pk)})
    assert response.status_code == 302
    statement = WhatMattersStatement.objects.get()
    assert statement.corrects == conversation
    html = client.get(reverse("people:my-record")).content.decode()
    assert "In your own words" in html and "It is my son, not my daughter, who visits" in html
    client.force_login(cast.priya)
    assert "In their own words" in client.get(reverse("people:person", args=[cast.ruth.pk])).content.decode()


def test_an_empty_statement_is_explained(client, cast):
    client.force_login(cast.ruth_user)
    html = client.post(reverse("people:my-statement"), {"text": "  "}).content.decode()
    assert "Write what matters to you" in html
    assert not WhatMattersStatement.objects.exists()


def test_the_person_cannot_correct_someone_elses_conversation(client, cast):
    theirs = f.ConversationFactory(person=cast.stan, practitioner=cast.tom)
    client.force_login(cast.ruth_user)
    html = client.post(reverse("people:my-statement"), {"text": "hello", "corrects": str(theirs.pk)}).content.decode()
    assert "Select one of the options shown" in html
    assert not WhatMattersStatement.objects.exists()


def test_the_person_sees_every_time_staff_opened_their_record(client, cast):
    access_person(user=cast.priya, person_id=cast.ruth.pk)
    break_glass_open(user=cast.tom, person_id=cast.ruth.pk, purpose="duty", explanation="Covering the duty desk this afternoon")
    access_person(user=cast.tom, person_id=cast.ruth.pk)
    client.force_login(cast.ruth_user)
    html = client.get(reverse("people:my-access-log")).content.decode()
    assert "Priya Shah" in html and "Practitioner" in html and "Their team supports you" in html
    assert "Tom Baker" in html and "Covering the duty desk this afternoon" in html
    assert "Ruth Okafor" not in html.split("<main")[1], "her own views are not listed as staff views"


def test_the_access_log_is_empty_until_someone_looks(client, cast):
    client.force_login(cast.ruth_user)
    assert "Nobody else has looked at your record yet" in client.get(reverse("people:my-access-log")).content.decode()


@pytest.mark.parametrize("who", ["priya", "hana"])
def test_denied_staff_cannot_use_the_own_record_pages(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("people:my-record")).status_code == 403
