"""Asking twice, found by staff: two open requests of one person are joined, holding at most one place (issue 15)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.models import Booking, ConversationRequest
from carecommons.people.models import AccessEvent
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db
REASON = "She phoned and also asked online"


def _booked(person, hub, days):
    request = f.RequestFactory(person=person, status="booked")
    booking = f.BookingFactory(request=request, slot=f.SlotFactory(hub=hub, starts_at=timezone.now() + dt.timedelta(days=days)))
    return request, booking


def test_the_team_sees_who_asked_more_than_once_and_the_others_place_moves_to_the_kept_request(client, cast):
    waiting = f.RequestFactory(person=cast.ruth, status="waiting", on_their_mind="Getting to the shops")
    later, booking = _booked(cast.ruth, cast.library, 3)
    client.force_login(cast.priya)
    page = client.get(reverse("people:duplicates")).content.decode()
    assert "People who asked more than once" in page and waiting.reference in page and later.reference in page
    # The booked request is offered as the one kept; keep the waiting one instead, as the person asked first.
    assert reverse("conversations:request-merge", args=[later.pk, waiting.pk]) in page
    url = reverse("conversations:request-merge", args=[waiting.pk, later.pk])
    text = " ".join(client.get(url).content.decode().split())
    assert f"The booking of {later.reference} moves to {waiting.reference}" in text
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == reverse("people:person", args=[cast.ruth.pk])
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == "booked" and Booking.objects.get(pk=booking.pk).request_id == waiting.pk
    assert (later.status, later.merged_into_id, later.merged_by_id, later.merged_reason) == (
        "withdrawn", waiting.pk, cast.priya.pk, REASON)
    person_page = client.get(response["Location"]).content.decode()
    assert f"Joined into {waiting.reference} by Priya Shah" in person_page
    assert "Nobody you work with has more than one request" in client.get(reverse("people:duplicates")).content.decode()


def test_when_both_hold_a_place_the_others_is_freed(client, cast):
    first, first_booking = _booked(cast.ruth, cast.library, 2)
    second, second_booking = _booked(cast.ruth, cast.library, 5)
    client.force_login(cast.morgan)
    url = reverse("conversations:request-merge", args=[first.pk, second.pk])
    assert "so someone else can have that place" in " ".join(client.get(url).content.decode().split())
    assert client.post(url, {"reason": REASON}).status_code == 302
    assert Booking.objects.get(pk=second_booking.pk).cancelled_at is not None
    assert Booking.objects.get(pk=first_booking.pk).cancelled_at is None
    assert ConversationRequest.objects.get(pk=second.pk).status == "withdrawn"


def test_requests_of_different_people_or_closed_requests_are_not_joined(client, cast):
    mine = f.RequestFactory(person=cast.ruth, status="waiting")
    held = f.RequestFactory(person=cast.ruth, status="held")
    someone_elses = f.RequestFactory(person=f.PersonFactory(team=cast.north), status="waiting")
    client.force_login(cast.priya)
    assert client.post(reverse("conversations:request-merge", args=[mine.pk, someone_elses.pk]),
                       {"reason": REASON}).status_code == 404
    response = client.post(reverse("conversations:request-merge", args=[mine.pk, held.pk]), {"reason": REASON})
    assert response.status_code == 400 and "Only requests still waiting or booked can be joined" in response.content.decode()
    short = client.post(reverse("conversations:request-merge", args=[mine.pk, f.RequestFactory(person=cast.ruth).pk]),
                        {"reason": "same"})
    assert short.status_code == 400 and "Say in at least 3 words" in short.content.decode()
    assert not ConversationRequest.objects.filter(merged_into__isnull=False).exists()


@pytest.mark.parametrize("who", ["hana", "chris", "ade", "ruth_user"])
def test_hosts_and_others_cannot_join_requests(client, cast, who):
    first = f.RequestFactory(person=cast.ruth, status="waiting")
    second = f.RequestFactory(person=cast.ruth, status="waiting")
    client.force_login(getattr(cast, who))
    before = AccessEvent.objects.count()
    assert client.post(reverse("conversations:request-merge", args=[first.pk, second.pk]),
                       {"reason": REASON}).status_code == 403
    assert AccessEvent.objects.count() == before
    assert ConversationRequest.objects.get(pk=second.pk).merged_into_id is None


def test_a_practitioner_from_another_team_is_asked_for_a_reason_and_nothing_is_joined(client, cast):
    first = f.RequestFactory(person=cast.ruth, status="waiting")
    second = f.RequestFactory(person=cast.ruth, status="waiting")
    client.force_login(cast.tom)
    response = client.post(reverse("conversations:request-merge", args=[first.pk, second.pk]), {"reason": REASON})
    assert response.status_code == 302 and "/open/" in response["Location"]
    assert ConversationRequest.objects.get(pk=second.pk).merged_into_id is None
