"""The hospital team plans with the person the way the front door does: a conversation recorded with the same form,
for someone a ward asked them to help, and only for them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.models import Conversation
from carecommons.hospital import services
from carecommons.hospital import team_services as ts
from carecommons.hospital.tests.conftest import incoming
from carecommons.people.models import AccessEvent
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db


def _conversation(**kw: object) -> dict[str, object]:
    today = timezone.localdate()
    data: dict[str, object] = {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year,
                               "what_matters": "Getting home to my cat, and my own bed.",
                               "strengths_family_friends": "My daughter Jo comes every day.",
                               "who_was_there": "Edna and her daughter Jo", "agreed": ["follow_up"]}
    data.update(kw)
    return data


def _linked(hospital: dict[str, object]) -> tuple[object, object]:
    request = services.discharge_request_receive(ward=hospital["ward7"], incoming=incoming(), through="form")
    ts.request_link_person(request=request, user=hospital["hana"])
    request.refresh_from_db()
    return request, request.person


def test_the_team_records_a_conversation_from_the_request_and_comes_back_to_it(hospital):
    request, edna = _linked(hospital)
    client = client_for(hospital["hana"])
    page = client.get(reverse("hospital:request", args=[request.pk])).content.decode()
    link = reverse("conversations:new", args=[edna.pk]) + f"?discharge={request.pk}"
    assert f'href="{link}"' in page and "record a conversation with Edna Fictional" in page

    assert "What matters to them, in their words" in client.get(link).content.decode()  # the front door's own form
    response = client.post(link, _conversation())
    assert response.status_code == 302 and response["Location"] == reverse("hospital:request", args=[request.pk])
    conversation = Conversation.objects.get(person=edna)
    assert (conversation.practitioner, conversation.who_was_there) == (hospital["hana"], "Edna and her daughter Jo")
    # Recording it was a logged opening of her record, on the hospital team's ground.
    assert AccessEvent.objects.filter(person=edna, user=hospital["hana"], kind="conversation", action="changed",
                                      grounds="hospital_team").exists()
    # Having had the conversation, she has met Edna, as anyone who has: the conversation opens for her.
    assert client.get(reverse("conversations:detail", args=[conversation.pk])).status_code == 200


def test_nothing_typed_is_lost_when_the_conversation_form_has_a_mistake(hospital):
    request, edna = _linked(hospital)
    link = reverse("conversations:new", args=[edna.pk]) + f"?discharge={request.pk}"
    response = client_for(hospital["hana"]).post(link, _conversation(agreed=[]))
    page = response.content.decode()
    assert response.status_code == 200 and "Getting home to my cat" in page
    assert not Conversation.objects.filter(person=edna).exists()


def test_the_hospital_team_cannot_record_a_conversation_with_someone_no_ward_asked_about(hospital):
    stranger = f.PersonFactory(full_name="Sam Fictional", date_of_birth=dt.date(1950, 1, 1))
    client = client_for(hospital["hana"])
    # Like any practitioner with no relationship: only by giving a reason the person will see (break glass).
    for response in (client.get(reverse("conversations:new", args=[stranger.pk])),
                     client.post(reverse("conversations:new", args=[stranger.pk]), _conversation())):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("people:break-glass", args=[stranger.pk]))
    assert not Conversation.objects.filter(person=stranger).exists()


def test_the_ground_lets_them_record_but_not_read_the_rest_of_the_record(hospital):
    request, edna = _linked(hospital)
    earlier = f.ConversationFactory(person=edna)  # someone else's conversation with her, before the ward asked
    client = client_for(hospital["hana"])
    assert client.get(reverse("conversations:detail", args=[earlier.pk])).status_code in (302, 403)
    response = client.get(reverse("people:person", args=[edna.pk]))
    assert response.status_code == 403 or reverse("people:break-glass", args=[edna.pk]) in response["Location"]


def test_ward_staff_and_other_teams_cannot_record_one(hospital):
    request, edna = _linked(hospital)
    link = reverse("conversations:new", args=[edna.pk]) + f"?discharge={request.pk}"
    assert client_for(hospital["nia"]).post(link, _conversation()).status_code == 403  # the ward that asked
    assert client_for(hospital["chris"]).post(link, _conversation()).status_code == 403  # a commissioner
    response = client_for(hospital["priya"]).post(link, _conversation())  # another team: only by breaking glass
    assert response.status_code == 302 and "/open/" in response["Location"]
    assert not Conversation.objects.filter(person=edna).exists()
