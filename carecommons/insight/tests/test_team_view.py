"""The team's view: the headline measure and follow-up results."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def _held(cast, waited_days, useful=None):
    today = timezone.localdate()
    req = f.RequestFactory(person=cast.ruth, status="held",
                           first_contact_at=timezone.now() - dt.timedelta(days=waited_days))
    c = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, request=req, held_on=today)
    item = f.FollowUpFactory(conversation=c)
    if useful:
        item.useful, item.difference, item.answered_at = useful, "yes", timezone.now()
        item.save()


def test_the_team_sees_days_from_first_contact_to_conversation(client, cast):
    for days, useful in [(2, "yes"), (4, None), (6, "partly"), (30, None)]:
        _held(cast, days, useful)
    f.RequestFactory(person=cast.stan, first_contact_at=timezone.now() - dt.timedelta(days=12))
    client.force_login(cast.priya)
    html = client.get(reverse("insight:team")).content.decode()
    assert ">5<" in html.replace(" ", ""), "median of 2, 4, 6, 30 is 5"
    assert ">30<" in html.replace(" ", ""), "the 90th percentile"
    assert "2 of 4 people answered the follow-up" in html
    assert "1 person is waiting" in html and "12 days" in html
    assert "The median wait, week by week" in html and "median 5 days (4 conversations)" in html
    assert "How long people waited" in html and "1 or 2 days: 1; 3 to 5 days: 1; 6 to 10 days: 1; 11 to 20 days: 0; More than 20 days: 1" in html


def test_the_commissioner_sees_measures_but_no_names(client, cast):
    _held(cast, 3, "yes")
    client.force_login(cast.chris)
    html = client.get(reverse("insight:team")).content.decode()
    assert "Days from first contact to conversation" in html
    assert "Ruth" not in html and "waiting-list" not in html


def test_an_empty_area_says_there_is_nothing_to_measure_yet(client, cast):
    client.force_login(cast.priya)
    html = client.get(reverse("insight:team")).content.decode()
    assert "nothing to measure yet" in html and "Nobody is waiting" in html


@pytest.mark.parametrize("who", ["hana", "ruth_user"])
def test_denied_the_team_view_for_hosts_and_residents(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("insight:team")).status_code == 403
