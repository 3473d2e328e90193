"""A hub's day: saying who came (Arrived, Did not attend), undoing a mistaken click, and recording the conversation."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.models import Booking, ConversationRequest
from carecommons.people.models import AccessEvent
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


def _booking(hub, person, *, day=None, hour=10):
    slot = f.SlotFactory(hub=hub, starts_at=_at(day or timezone.localdate(), hour))
    return f.BookingFactory(slot=slot, request=f.RequestFactory(person=person, status="booked"))


def _day_url(booking):
    return reverse("hubs:day", args=[booking.slot.hub_id, timezone.localdate(booking.slot.starts_at).isoformat()])


def _post(client, booking, action, hub=None):
    return client.post(reverse("hubs:attendance", args=[(hub or booking.slot.hub).pk, booking.pk]), {"action": action},
                       follow=True)


def test_a_practitioner_sees_the_actions_for_each_booking_today(client, cast):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.priya)
    html = client.get(_day_url(booking)).content.decode()
    assert "Arrived<span class=\"govuk-visually-hidden\"> (Ruth Okafor)" in html
    assert "Did not attend<span class=\"govuk-visually-hidden\"> (Ruth Okafor)" in html
    assert f'{reverse("conversations:new", args=[cast.ruth.pk])}?request={booking.request_id}' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_marking_arrived_keeps_who_and_when_and_says_so(client, cast):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.priya)
    response = _post(client, booking, "arrived")
    assert "Ruth Okafor is marked as arrived." in response.content.decode()
    booking.refresh_from_db()
    assert (booking.attendance, booking.attendance_by, booking.cancelled_at) == ("arrived", cast.priya, None)
    assert booking.attendance_at is not None
    event = AccessEvent.objects.filter(user=cast.priya, person=cast.ruth).latest("at")
    assert (event.kind, event.purpose, event.what) == ("booking", "change", "marking that they arrived")
    page = client.get(_day_url(booking)).content.decode()
    assert "Marked by Priya Shah" in page and "Undo" in page


def test_did_not_attend_puts_the_request_back_on_the_waiting_list_and_says_so(client, cast):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.priya)
    html = _post(client, booking, "did_not_attend").content.decode()
    assert "Ruth Okafor is marked as did not attend. Their request is back on the waiting list" in html
    assert "back on the" in html and "Did not attend</strong>" in html
    booking.refresh_from_db()
    assert booking.cancelled_at is not None and booking.attendance == "did_not_attend"
    assert booking.request.status == ConversationRequest.Status.WAITING
    assert "Record the conversation" not in html
    assert "Ruth Okafor" in client.get(reverse("conversations:waiting-list")).content.decode()


def test_undo_on_the_same_day_clears_a_mistaken_arrived(client, cast):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.priya)
    _post(client, booking, "arrived")
    assert "The mark for Ruth Okafor has been undone." in _post(client, booking, "undo").content.decode()
    booking.refresh_from_db()
    assert (booking.attendance, booking.attendance_by, booking.attendance_at) == ("", None, None)


def test_undo_of_did_not_attend_gives_the_place_back(client, cast):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.priya)
    _post(client, booking, "did_not_attend")
    _post(client, booking, "undo")
    booking.refresh_from_db()
    assert booking.cancelled_at is None and booking.attendance == ""
    assert booking.request.status == ConversationRequest.Status.BOOKED


def test_denied_undo_on_a_later_day(client, cast):
    booking = _booking(cast.library, cast.ruth, day=timezone.localdate() - dt.timedelta(days=1))
    Booking.objects.filter(pk=booking.pk).update(attendance="arrived", attendance_by=cast.priya,
                                                 attendance_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(cast.priya)
    assert "You can only undo a mark on the day it was made" in _post(client, booking, "undo").content.decode()
    booking.refresh_from_db()
    assert booking.attendance == "arrived"


def test_denied_undo_of_did_not_attend_once_the_request_is_booked_again(client, cast):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.priya)
    _post(client, booking, "did_not_attend")
    f.BookingFactory(request=booking.request, slot=f.SlotFactory(hub=cast.library))
    ConversationRequest.objects.filter(pk=booking.request_id).update(status="booked")
    assert "booked again or closed since" in _post(client, booking, "undo").content.decode()
    booking.refresh_from_db()
    assert booking.cancelled_at is not None


def test_denied_marking_arrived_before_the_day(client, cast):
    booking = _booking(cast.library, cast.ruth, day=timezone.localdate() + dt.timedelta(days=3))
    client.force_login(cast.priya)
    html = _post(client, booking, "arrived").content.decode()
    assert "This conversation is on a later day. You can mark it on the day." in html
    booking.refresh_from_db()
    assert booking.attendance == ""
    assert "Arrived<span" not in client.get(_day_url(booking)).content.decode()


def test_denied_marking_an_already_cancelled_booking(client, cast):
    booking = _booking(cast.library, cast.ruth)
    Booking.objects.filter(pk=booking.pk).update(cancelled_at=timezone.now())
    client.force_login(cast.priya)
    assert "This booking was cancelled, so there is nothing to mark." in _post(client, booking, "arrived").content.decode()
    booking.refresh_from_db()
    assert booking.attendance == ""


def test_denied_marking_twice(client, cast):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.priya)
    _post(client, booking, "arrived")
    assert "already marked" in _post(client, booking, "did_not_attend").content.decode()
    booking.refresh_from_db()
    assert booking.attendance == "arrived" and booking.cancelled_at is None


def test_denied_did_not_attend_once_the_conversation_is_recorded(client, cast):
    booking = _booking(cast.library, cast.ruth)
    ConversationRequest.objects.filter(pk=booking.request_id).update(status="held")
    client.force_login(cast.priya)
    assert "The conversation has been recorded, so they came." in _post(client, booking, "did_not_attend").content.decode()
    booking.refresh_from_db()
    assert booking.cancelled_at is None and booking.attendance == ""
    assert "Conversation recorded</strong>" in client.get(_day_url(booking)).content.decode()


def test_denied_a_booking_at_another_hub_is_not_found(client, cast):
    booking = _booking(cast.cafe, cast.stan)
    client.force_login(cast.priya)
    assert _post(client, booking, "arrived", hub=cast.library).status_code == 404
    client.force_login(cast.hana)
    assert _post(client, booking, "arrived").status_code == 404
    booking.refresh_from_db()
    assert booking.attendance == ""


def test_denied_a_host_cannot_mark_who_came_and_sees_no_buttons(client, cast):
    """ADR 0031: the access table gives a host only sight of bookings at their hub, not changing them."""
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.hana)
    html = client.get(_day_url(booking)).content.decode()
    assert "Ruth Okafor" in html and "Arrived<span" not in html and "Record the conversation" not in html
    assert _post(client, booking, "arrived").status_code == 403
    booking.refresh_from_db()
    assert booking.attendance == ""
    assert AccessEvent.objects.filter(user=cast.hana, person=cast.ruth, action="refused").exists()


def test_denied_a_practitioner_with_no_ground_is_asked_for_a_reason(client, cast):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.tom)
    html = client.get(_day_url(booking)).content.decode()
    assert "Ruth Okafor" not in html and "Arrived<span" not in html
    response = client.post(reverse("hubs:attendance", args=[cast.library.pk, booking.pk]), {"action": "arrived"})
    assert response.status_code == 302 and "/open/" in response["Location"]
    booking.refresh_from_db()
    assert booking.attendance == ""


@pytest.mark.parametrize("who", ["chris", "ruth_user"])
def test_denied_commissioners_and_residents(client, cast, who):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(getattr(cast, who))
    assert _post(client, booking, "arrived").status_code == 403


def test_an_unknown_action_changes_nothing(client, cast):
    booking = _booking(cast.library, cast.ruth)
    client.force_login(cast.priya)
    assert "Choose Arrived, Did not attend or Undo." in _post(client, booking, "<script>").content.decode()
    assert client.get(reverse("hubs:attendance", args=[cast.library.pk, booking.pk])).status_code == 405


def test_a_day_with_no_sessions_says_when_the_next_one_is(client, cast):
    f.SlotFactory(hub=cast.library, starts_at=_at(dt.date(2026, 12, 10)))
    client.force_login(cast.priya)
    html = client.get(reverse("hubs:day", args=[cast.library.pk, "2026-12-07"])).content.decode()
    assert "There are no sessions at Eastgate Library on this day." in html
    assert "The next session is on Thursday 10 December" in html
    html = client.get(reverse("hubs:day", args=[cast.library.pk, "2026-12-11"])).content.decode()
    assert "No sessions are planned here after this day yet." in html


def test_the_day_page_query_count_does_not_grow_with_bookings(client, cast, django_assert_max_num_queries):
    today = timezone.localdate()
    for hour in range(9, 15):
        _booking(cast.library, f.PersonFactory(team=cast.north), hour=hour)
    marked = _booking(cast.library, cast.ruth, hour=16)
    client.force_login(cast.priya)
    _post(client, marked, "did_not_attend")
    # 9, the device that verified the sign-in (ADR 0012), and the few-people grounds (shares, allocations, people
    # met, plans to sign off) read as lists of ids for each of the page's two lists of people (ADR 0028 addendum),
    # and once a request whether the user is on the safeguarding team (kept on the user; ADR 0035), and on the hospital
    # team (the same, for leaving hospital).
    with django_assert_max_num_queries(19):
        html = client.get(reverse("hubs:day", args=[cast.library.pk, today.isoformat()])).content.decode()
    assert html.count("Record the conversation") == 6 and "Did not attend</strong>" in html
