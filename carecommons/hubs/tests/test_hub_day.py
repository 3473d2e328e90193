"""A hub's day: practitioners see every hub; hosts see only bookings at their own hubs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def _book(hub, person):
    slot = f.SlotFactory(hub=hub)
    f.BookingFactory(slot=slot, request=f.RequestFactory(person=person, status="booked", access_needs="Hearing loop"))
    return slot


def test_a_practitioner_sees_a_hubs_day(client, cast):
    slot = _book(cast.library, cast.ruth)
    client.force_login(cast.priya)
    day = timezone.localtime(slot.starts_at).date().isoformat()
    html = client.get(reverse("hubs:day", args=[cast.library.pk, day])).content.decode()
    assert "Ruth Okafor" in html and "Hearing loop" in html and "1 of 1 places booked" in html


def test_a_host_sees_bookings_at_their_own_hub_but_not_the_record(client, cast):
    slot = _book(cast.library, cast.ruth)
    client.force_login(cast.hana)
    day = timezone.localtime(slot.starts_at).date().isoformat()
    html = client.get(reverse("hubs:day", args=[cast.library.pk, day])).content.decode()
    assert "Ruth Okafor" in html
    assert f"/people/{cast.ruth.pk}/" not in html


def test_denied_a_host_cannot_see_another_hubs_bookings(client, cast):
    slot = _book(cast.cafe, cast.stan)
    client.force_login(cast.hana)
    day = timezone.localtime(slot.starts_at).date().isoformat()
    assert client.get(reverse("hubs:day", args=[cast.cafe.pk, day])).status_code == 404
    listing = client.get(reverse("hubs:list")).content.decode()
    assert "Eastgate Library" in listing and "Riverside Café" not in listing


@pytest.mark.parametrize("who", ["chris", "ruth_user"])
def test_denied_hub_days_for_commissioners_and_residents(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("hubs:today", args=[cast.library.pk])).status_code == 403


def test_a_day_with_no_sessions_says_so(client, cast):
    client.force_login(cast.priya)
    html = client.get(reverse("hubs:day", args=[cast.library.pk, "2026-01-01"])).content.decode()
    assert "There are no sessions" in html


def test_a_bad_date_is_not_found(client, cast):
    client.force_login(cast.priya)
    assert client.get(reverse("hubs:day", args=[cast.library.pk, "2026-02-31"])).status_code == 404


def test_hub_day_query_count_does_not_grow_with_bookings(client, cast, django_assert_max_num_queries):
    for _ in range(6):
        _book(cast.library, f.PersonFactory(team=cast.north))
    client.force_login(cast.priya)
    with django_assert_max_num_queries(9):  # 8, and the device that verified the sign-in (ADR 0012)
        client.get(reverse("hubs:today", args=[cast.library.pk]))
