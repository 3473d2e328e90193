"""Booking, cancelling and rebooking; a place can never be double-booked."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations import services
from carecommons.conversations.models import Booking, ConversationRequest
from carecommons.testing import factories as f


@pytest.mark.django_db
def test_a_full_slot_refuses_another_booking(cast):
    slot = f.SlotFactory(hub=cast.library, capacity=2)
    services.booking_create(request=f.RequestFactory(), slot_id=slot.pk)
    services.booking_create(request=f.RequestFactory(), slot_id=slot.pk)
    with pytest.raises(services.SlotFull):
        services.booking_create(request=f.RequestFactory(), slot_id=slot.pk)
    assert sorted(Booking.objects.values_list("seat", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_the_database_itself_refuses_two_live_bookings_for_one_place(cast):
    slot = f.SlotFactory(hub=cast.library)
    f.BookingFactory(slot=slot, seat=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.BookingFactory(slot=slot, seat=1)


@pytest.mark.django_db
def test_a_cancelled_place_can_be_booked_again(cast):
    slot = f.SlotFactory(hub=cast.library)
    first = services.booking_create(request=f.RequestFactory(), slot_id=slot.pk)
    services.booking_cancel(token=first.token)
    second = services.booking_create(request=f.RequestFactory(), slot_id=slot.pk)
    assert second.seat == 1
    assert ConversationRequest.objects.get(pk=first.request_id).status == "waiting"


@pytest.mark.django_db
def test_past_slots_cannot_be_booked(cast):
    slot = f.SlotFactory(hub=cast.library, starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(services.BookingError, match="already passed"):
        services.booking_create(request=f.RequestFactory(), slot_id=slot.pk)


@pytest.mark.django_db
def test_moving_a_booking_keeps_the_old_time_if_the_new_one_is_full(cast):
    old = f.SlotFactory(hub=cast.library)
    new = f.SlotFactory(hub=cast.cafe)
    mine = services.booking_create(request=f.RequestFactory(), slot_id=old.pk)
    f.BookingFactory(slot=new)
    with pytest.raises(services.SlotFull):
        services.booking_move(token=mine.token, slot_id=new.pk)
    mine.refresh_from_db()
    assert mine.cancelled_at is None


@pytest.mark.django_db
def test_moving_a_booking_gives_a_new_place_and_a_new_link(cast):
    old = f.SlotFactory(hub=cast.library)
    new = f.SlotFactory(hub=cast.cafe)
    mine = services.booking_create(request=f.RequestFactory(), slot_id=old.pk)
    moved = services.booking_move(token=mine.token, slot_id=new.pk)
    mine.refresh_from_db()
    assert mine.cancelled_at is not None and moved.slot == new and moved.token != mine.token
    assert moved.request.status == "booked"


@pytest.mark.django_db
def test_a_request_cannot_hold_two_bookings(cast):
    req = f.RequestFactory()
    services.booking_create(request=req, slot_id=f.SlotFactory(hub=cast.library).pk)
    with pytest.raises(services.BookingError, match="already has a booking"):
        services.booking_create(request=req, slot_id=f.SlotFactory(hub=cast.cafe).pk)


# --- The pages ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_cancel_and_rebook_through_the_link(client, cast):
    slot = f.SlotFactory(hub=cast.library)
    other = f.SlotFactory(hub=cast.cafe)
    booking = services.booking_create(request=f.RequestFactory(), slot_id=slot.pk)
    manage = client.get(reverse("conversations:booking", args=[booking.token])).content.decode()
    assert "Change the time" in manage and "Cancel the conversation" in manage
    moved = client.post(reverse("conversations:booking-rebook", args=[booking.token]), {"slot": str(other.pk)})
    assert moved.status_code == 302
    new = Booking.objects.get(cancelled_at__isnull=True)
    assert new.slot == other
    assert "moved to the new time" in client.get(moved["Location"]).content.decode()
    old_link = client.get(reverse("conversations:booking", args=[booking.token])).content.decode()
    assert "This booking was cancelled" in old_link
    cancelled = client.post(reverse("conversations:booking-cancel", args=[new.token]))
    assert "Conversation cancelled" in cancelled.content.decode()
    assert not Booking.objects.filter(cancelled_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_wrong_booking_link_is_explained_not_an_error(client, cast):
    response = client.get(reverse("conversations:booking", args=["no-such-token"]))
    assert response.status_code == 404 and "We cannot find that booking" in response.content.decode()


@pytest.mark.django_db
def test_a_passed_booking_cannot_be_cancelled(client, cast):
    slot = f.SlotFactory(hub=cast.library, starts_at=timezone.now() - dt.timedelta(days=1))
    booking = f.BookingFactory(slot=slot)
    response = client.post(reverse("conversations:booking-cancel", args=[booking.token]))
    assert response.status_code == 409 and "already passed" in response.content.decode()
    booking.refresh_from_db()
    assert booking.cancelled_at is None


@pytest.mark.django_db
def test_rebooking_into_a_full_slot_is_explained(client, cast):
    booking = services.booking_create(request=f.RequestFactory(), slot_id=f.SlotFactory(hub=cast.library).pk)
    full = f.SlotFactory(hub=cast.cafe)
    f.BookingFactory(slot=full)
    response = client.post(reverse("conversations:booking-rebook", args=[booking.token]), {"slot": str(full.pk)})
    assert response.status_code == 409 and "just been booked by someone else" in response.content.decode()


@pytest.mark.django_db
def test_a_practitioner_books_someone_from_the_waiting_list(client, cast):
    req = f.RequestFactory(person=cast.ruth)
    slot = f.SlotFactory(hub=cast.library)
    client.force_login(cast.priya)
    listing = client.get(reverse("conversations:waiting-list")).content.decode()
    assert "Ruth Okafor" in listing and "1 waiting" in listing
    response = client.post(reverse("conversations:request-book", args=[req.pk]), {"slot": str(slot.pk)})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "booked"
    assert "Nobody is waiting" in client.get(reverse("conversations:waiting-list")).content.decode()


@pytest.mark.django_db
def test_the_waiting_list_shows_days_waited_longest_first(client, cast):
    f.RequestFactory(person=cast.ruth, first_contact_at=timezone.now() - dt.timedelta(days=3))
    f.RequestFactory(person=f.PersonFactory(full_name="Stan Hughes", team=cast.north),
                     first_contact_at=timezone.now() - dt.timedelta(days=9))
    client.force_login(cast.priya)
    html = client.get(reverse("conversations:waiting-list")).content.decode()
    assert html.index("Stan Hughes") < html.index("Ruth Okafor")
    assert ">9<" in html.replace(" ", "") and ">3<" in html.replace(" ", "")


def test_the_waiting_list_names_only_people_a_practitioner_may_book_and_counts_the_rest(client, cast):
    f.RequestFactory(person=cast.ruth)  # North team: Priya's
    f.RequestFactory(person=cast.stan)  # South team
    newcomer = f.PersonFactory(full_name="Nia New", team=None)
    f.RequestFactory(person=newcomer)  # no team yet: anyone on duty may book them
    client.force_login(cast.priya)
    html = client.get(reverse("conversations:waiting-list")).content.decode()
    assert "Ruth Okafor" in html and "Nia New" in html and "Stan Hughes" not in html
    assert "1 person is waiting whom other teams support" in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["hana", "chris", "ruth_user"])
def test_denied_the_waiting_list_for_roles_outside_the_team(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("conversations:waiting-list")).status_code == 403


@pytest.mark.django_db
def test_the_waiting_list_is_paginated(client, cast):
    for _ in range(30):
        f.RequestFactory(person=cast.ruth)
    client.force_login(cast.priya)
    first = client.get(reverse("conversations:waiting-list")).content.decode()
    assert "30 waiting" in first and "1 of 2" in first
    assert "2 of 2" in client.get(reverse("conversations:waiting-list"), {"page": 2}).content.decode()



@pytest.mark.django_db
def test_a_waiting_list_longer_than_the_count_goes_on_page_after_page(client, cast, monkeypatch):
    """Past the cap (1,000; 10 here) the list is not counted to the end: it says "more than", and "Next" goes on
    while anyone is left, so nobody waiting is hidden (core/paging.py)."""
    from carecommons.core import paging

    monkeypatch.setattr(paging, "CAP", 10)
    start = timezone.now() - dt.timedelta(days=60)
    for i in range(57):
        f.RequestFactory(person=f.PersonFactory(full_name=f"Waiting Person {i:02d}", team=cast.north),
                         first_contact_at=start + dt.timedelta(hours=i))
    f.RequestFactory(person=cast.stan)  # another team's: not counted here, and not told as "others" when capped
    client.force_login(cast.priya)
    url = reverse("conversations:waiting-list")
    first = client.get(url).content.decode()
    assert "More than 10 waiting" in first and "Page 1" in first and "of 2" not in first
    assert "Waiting Person 00" in first and "Waiting Person 25" not in first and 'rel="next"' in first
    assert "other teams support" not in first
    third = client.get(url, {"page": 3}).content.decode()
    assert "Waiting Person 50" in third and "Waiting Person 56" in third and 'rel="next"' not in third
    assert 'rel="prev"' in third
    beyond = client.get(url, {"page": 9}).content.decode()  # past the end: a page that exists, never an error
    assert "Waiting Person" in beyond

# --- Two requests at the same moment ---------------------------------------------------------

def _race(target, n):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        close_old_connections()
        try:
            barrier.wait()
            results.append(target(i))
        except Exception as exc:  # noqa: BLE001 - collected and checked by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results, errors


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("capacity", [1, 3])
def test_simultaneous_requests_never_double_book_a_place(cast, capacity):
    slot = f.SlotFactory(hub=cast.library, capacity=capacity)
    requests = [f.RequestFactory() for _ in range(8)]
    results, errors = _race(lambda i: services.booking_create(request=requests[i], slot_id=slot.pk), 8)
    assert len(results) == capacity, errors
    assert all(isinstance(e, services.SlotFull) for e in errors), errors
    live = Booking.objects.filter(slot=slot, cancelled_at__isnull=True)
    assert live.count() == capacity
    assert sorted(live.values_list("seat", flat=True)) == list(range(1, capacity + 1))


@pytest.mark.django_db
def test_a_booking_is_confirmed_by_email_only_after_it_is_saved(cast, mailoutbox, django_capture_on_commit_callbacks):
    person = f.PersonFactory(email="maggie@example.org", team=cast.north)
    slot = f.SlotFactory(hub=cast.library)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(request=f.RequestFactory(person=person), slot_id=slot.pk)
    assert len(mailoutbox) == 1
    assert booking.token in mailoutbox[0].body and "Eastgate Library" in mailoutbox[0].body


@pytest.mark.django_db
def test_no_email_is_sent_when_the_booking_fails(cast, mailoutbox, django_capture_on_commit_callbacks):
    person = f.PersonFactory(email="maggie@example.org", team=cast.north)
    slot = f.SlotFactory(hub=cast.library)
    f.BookingFactory(slot=slot)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.SlotFull):
        services.booking_create(request=f.RequestFactory(person=person), slot_id=slot.pk)
    assert mailoutbox == []
