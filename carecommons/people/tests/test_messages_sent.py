""""Messages sent": the outbox, newest first, by channel, only about people the reader supports; not for hosts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.core.models import SentMessage
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db
URL = reverse("people:messages-sent")


def _sent(person, *, channel="text", minutes_ago=0, to="07700 900 123", status="sent", **kw):
    return SentMessage.objects.create(
        kind="booking_confirmation", channel=channel, to=to, body=f"Care Commons: booked. {minutes_ago}",
        person_id=person.pk if person else None, sent_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        status=status, sent_by="local", **kw)


def test_a_manager_sees_their_teams_messages_newest_first_and_can_show_only_texts(cast):
    north, south = f.PersonFactory(full_name="Den Price", team=cast.north), f.PersonFactory(full_name="Sal Reyes", team=cast.south)
    _sent(north, minutes_ago=30)
    _sent(north, channel="email", to="den@example.org", minutes_ago=10, subject="Your conversation is booked")
    _sent(south, to="07700 900 555")
    _sent(None, channel="email", to="nadia.khan@ashbyvale.example", minutes_ago=5)
    manager = cast.morgan
    page = client_for(manager).get(URL).content.decode()
    assert "Messages, 2 in all" in page and "Den Price" in page
    assert page.index("den@example.org") < page.index("07700 900 123"), "newest first"
    assert "Sal Reyes" not in page and "07700 900 555" not in page, "only people the manager supports"
    assert "nadia.khan" not in page, "messages to staff are for administrators"
    texts_only = client_for(manager).get(URL, {"channel": "text"}).content.decode()
    assert "Text messages, 1 in all" in texts_only and "den@example.org" not in texts_only


def test_a_failed_message_says_it_was_not_sent_and_why(cast):
    person = f.PersonFactory(team=cast.north)
    _sent(person, status="failed", problem="GOV.UK Notify said 400: Can't send to this recipient")
    page = client_for(cast.morgan).get(URL).content.decode()
    assert "Not sent" in page and "GOV.UK Notify said 400: Can&#x27;t send to this recipient" in page


def test_an_administrator_sees_messages_to_staff_about_their_accounts(cast):
    _sent(None, channel="email", to="nadia.khan@ashbyvale.example")
    page = client_for(cast.ade).get(URL).content.decode()
    assert "nadia.khan@ashbyvale.example" in page


def test_nothing_sent_yet_says_so_and_a_bad_channel_shows_everything(cast):
    page = client_for(cast.ade).get(URL, {"channel": "pigeon"}).content.decode()
    assert "No messages have been sent to people you can see yet" in page


def test_pages_of_25(cast):
    person = f.PersonFactory(team=cast.north)
    for minutes in range(30):
        _sent(person, minutes_ago=minutes)
    client = client_for(cast.morgan)
    first, second = client.get(URL).content.decode(), client.get(URL, {"page": 2}).content.decode()
    assert first.count("govuk-table__row") == 26 and second.count("govuk-table__row") == 6
    assert "1 of 2" in first


@pytest.mark.parametrize("who", ["hana", "priya", "chris"])
def test_hosts_practitioners_and_commissioners_cannot_open_it(cast, who):
    assert client_for(getattr(cast, who)).get(URL).status_code == 403


@pytest.mark.parametrize("who", ["ade", "morgan"])
def test_the_role_home_page_lists_it_for_managers_and_administrators(cast, who):
    page = client_for(getattr(cast, who)).get(reverse("people:home"), follow=True).content.decode()
    assert f'<a class="govuk-link" href="{URL}">Messages sent</a>' in page
