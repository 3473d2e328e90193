"""Patterns: the team says which provider or place a concern is about, sees concerns about the same provider or
place together, and commissioners see counts only (1 to 4 as "fewer than 5") on the market's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.market.models import Location
from carecommons.safeguarding import services
from carecommons.safeguarding.models import Concern, ConcernEvent, SafeguardingTeam
from carecommons.safeguarding.services_patterns import concern_place_link, provider_counts
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db

SECRET = "Her carer shouts at her every night (fictional)."


def _staff(username: str, role: str, team: Any, first: str, last: str) -> Any:
    user = f.UserFactory(username=username, first_name=first, last_name=last)
    f.StaffFactory(user=user, role=role, team=team)
    return user


@pytest.fixture
def place() -> dict[str, Any]:
    now = timezone.now()
    sg_team, north = f.TeamFactory(name="Adult safeguarding team"), f.TeamFactory(name="North community team")
    SafeguardingTeam.objects.create(team=sg_team, designated_at=now)
    oak = f.market_location(name="Oak House", provider="Oak Care Ltd")
    elm = f.market_location(name="Elm Lodge", provider="Elm Homes Ltd")
    return {
        "oak": oak, "elm": elm,
        "sita": _staff("sita", "practitioner", sg_team, "Sita", "Kaur"),
        "sam": _staff("sam", "manager", sg_team, "Sam", "Reid"),
        "priya": _staff("priya", "practitioner", north, "Priya", "Shah"),
        "morgan": _staff("morgan", "manager", north, "Morgan", "Lee"),
        "chris": _staff("chris", "commissioner", None, "Chris", "Evans"),
    }


def _concern(days_ago: int = 1, **fields: Any) -> Concern:
    raised = {"what_happened": SECRET, "immediate_danger": "no", "about_name": "Ada Byrne",
              "raiser_name": "Dev Patel"}
    concern = services.concern_raise(raised=services.Raised(**raised))
    Concern.objects.filter(pk=concern.pk).update(raised_at=timezone.now() - dt.timedelta(days=days_ago), **fields)
    return Concern.objects.get(pk=concern.pk)


def _link(user: Any, concern: Concern, location: Any = None, provider: Any = None, place_name: str = "") -> None:
    concern_place_link(concern=concern, user=user, provider=provider, location=location, place_name=place_name)


# --- Saying which provider or place -------------------------------------------------------------------------------

def test_the_team_links_a_concern_to_a_registered_place_and_who_did_it_is_kept(place):
    concern = _concern()
    sita = client_for(place["sita"])
    url = reverse("safeguarding:link-place", args=[concern.pk])
    found = sita.get(url, {"q": "oak"}).content.decode()
    assert "Oak House" in found and "Oak Care Ltd" in found and "Elm Lodge" not in found
    response = sita.post(url, {"action": "location", "location": str(place["oak"].pk)})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.provider_id, concern.provider_location_id, concern.version) == (
        place["oak"].provider_id, place["oak"].pk, 1)  # triage is not disturbed
    event = ConcernEvent.objects.filter(concern=concern, action="place_linked").get()
    assert (event.user, event.user_name) == (place["sita"], "Sita Kaur")
    page = sita.get(response["Location"]).content.decode()
    assert "Oak House (Oak Care Ltd)" in page and "Change the provider or place" in page


def test_a_place_not_in_the_directory_is_named_and_kept_with_the_provider(place):
    concern = _concern()
    sita = client_for(place["sita"])
    url = reverse("safeguarding:link-place", args=[concern.pk])
    sita.post(url, {"action": "provider", "provider": str(place["oak"].provider_id)})
    sita.post(url, {"action": "place", "place_name": "  12 Elm   Road (supported living) "})
    concern.refresh_from_db()
    assert concern.provider_id == place["oak"].provider_id and concern.provider_location_id is None
    assert (concern.place_name, concern.place_key) == ("12 Elm Road (supported living)", "12 elm road supported living")
    bad = sita.post(url, {"action": "place", "place_name": "x" * 101})
    assert "Keep the place name to 100 characters or fewer" in bad.content.decode()
    assert "x" * 101 in bad.content.decode()  # nothing typed is lost
    sita.post(url, {"action": "clear"})
    concern.refresh_from_db()
    assert (concern.provider_id, concern.place_name) == (None, "")
    assert ConcernEvent.objects.filter(concern=concern, action="place_linked").count() == 3


def test_linking_the_third_within_90_days_says_it_is_a_possible_pattern(place):
    for days_ago in (30, 60):
        _link(place["sita"], _concern(days_ago), location=place["oak"])
    concern = _concern()
    sita = client_for(place["sita"])
    response = sita.post(reverse("safeguarding:link-place", args=[concern.pk]),
                         {"action": "location", "location": str(place["oak"].pk)}, follow=True)
    page = response.content.decode()
    assert ("Oak Care Ltd: 3 concerns within 90 days. Oak House: 3 concerns within 90 days. This is a possible "
            "pattern: look at them together on the patterns page.") in page
    other = _concern()
    quiet = sita.post(reverse("safeguarding:link-place", args=[other.pk]),
                      {"action": "location", "location": str(place["elm"].pk)}, follow=True).content.decode()
    assert "possible pattern" not in quiet


def test_only_the_safeguarding_team_says_which_provider_or_place(place):
    concern = _concern()
    url = reverse("safeguarding:link-place", args=[concern.pk])
    for who in ("priya", "morgan", "chris"):
        assert client_for(place[who]).post(url, {"action": "location", "location": str(place["oak"].pk)}
                                           ).status_code == 403
    concern.refresh_from_db()
    assert concern.provider_id is None


def test_a_place_gone_from_the_directory_changes_nothing(place):
    concern = _concern()
    response = client_for(place["sita"]).post(reverse("safeguarding:link-place", args=[concern.pk]),
                                              {"action": "location", "location": "99999999999999"})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.provider_id is None


# --- The team's patterns page ---------------------------------------------------------------------------------------

def test_the_patterns_page_groups_by_provider_most_first_with_counts_and_the_flag(place):
    sita = place["sita"]
    for days_ago, state in ((5, "raised"), (20, "raised"), (40, "raised")):
        _link(sita, _concern(days_ago, state=state, abuse_types=["neglect"]), location=place["oak"])
    _link(sita, _concern(300), location=place["elm"])
    _link(sita, _concern(400), location=place["elm"])  # outside 12 months
    page = client_for(sita).get(reverse("safeguarding:patterns")).content.decode()
    assert page.index("Oak Care Ltd") < page.index("Elm Homes Ltd")
    assert "Possible pattern" in page and "3 concerns were raised within 90 days" in page
    assert "Neglect and acts of omission: 3" in page
    assert "The most raised within any 90 days is 1." in page  # Elm: one in 12 months
    assert SECRET not in page and "Ada Byrne" not in page and "Dev Patel" not in page
    longer = client_for(sita).get(reverse("safeguarding:patterns"), {"months": "24"}).content.decode()
    assert "Since" in longer and "5 concerns linked to a provider or place" in longer


def test_the_patterns_page_groups_by_place_including_names_written_differently(place):
    sita = place["sita"]
    _link(sita, _concern(3), place_name="St. Mary's Ward")
    _link(sita, _concern(4), place_name="st marys ward")
    page = client_for(sita).get(reverse("safeguarding:patterns"), {"by": "place"}).content.decode()
    assert page.count("St. Mary&#x27;s Ward") == 1 and "By place: 1" in page


def test_a_row_lists_its_concerns_each_opened_through_the_gate(place):
    sita = place["sita"]
    concerns = [_concern(d) for d in (2, 9)]
    for c in concerns:
        _link(sita, c, location=place["oak"])
    client = client_for(sita)
    rows = client.get(reverse("safeguarding:pattern-concerns"),
                      {"provider": place["oak"].provider_id, "months": "12"}).content.decode()
    assert "Concerns about Oak Care Ltd" in rows and "2 concerns, newest first" in rows
    for c in concerns:
        assert reverse("safeguarding:concern", args=[c.pk]) in rows and c.reference in rows
    assert SECRET not in rows
    before = ConcernEvent.objects.filter(action="viewed").count()
    client.get(reverse("safeguarding:concern", args=[concerns[0].pk]))
    assert ConcernEvent.objects.filter(action="viewed").count() == before + 1
    by_place = client.get(reverse("safeguarding:pattern-concerns"), {"location": place["oak"].pk}).content.decode()
    assert "Concerns about Oak House" in by_place and concerns[1].reference in by_place


def test_the_patterns_page_is_paged_and_says_when_there_is_nothing(place):
    client = client_for(place["sita"])
    assert "No concerns in this period are linked to a care provider" in client.get(
        reverse("safeguarding:patterns")).content.decode()
    for i in range(21):
        location = f.market_location(name=f"Home {i:02d}", provider=f"Provider {i:02d}")
        _link(place["sita"], _concern(1), location=location)
    first = client.get(reverse("safeguarding:patterns")).content.decode()
    assert "1 of 2" in first and "Provider 19" in first and "Provider 20" not in first
    second = client.get(reverse("safeguarding:patterns"), {"page": "2"}).content.decode()
    assert "Provider 20" in second
    assert "No concerns about this provider or place" in client.get(
        reverse("safeguarding:pattern-concerns"), {"place": "nowhere"}).content.decode()


@pytest.mark.parametrize("who", ["priya", "morgan", "chris"])
def test_the_patterns_pages_are_refused_outside_the_safeguarding_team(place, who):
    _link(place["sita"], _concern(1), location=place["oak"])
    client = client_for(place[who])
    assert client.get(reverse("safeguarding:patterns")).status_code == 403
    refused = client.get(reverse("safeguarding:pattern-concerns"), {"provider": place["oak"].provider_id})
    assert refused.status_code == 403 and "Oak Care Ltd" not in refused.content.decode()
    assert Client().get(reverse("safeguarding:patterns")).status_code == 302  # to sign in


def test_a_manager_on_the_team_sees_the_patterns(place):
    assert client_for(place["sam"]).get(reverse("safeguarding:patterns")).status_code == 200


# --- Counts for commissioners ---------------------------------------------------------------------------------------

def _many(n: int, location: Location, user: Any, s42: int = 0) -> None:
    for i in range(n):
        fields = {"route": "s42_enquiry", "s42_duty": True} if i < s42 else {}
        _link(user, _concern(10 + i, **fields), location=location)


def test_commissioners_see_the_providers_counts_on_its_scorecard_with_small_ones_suppressed(place):
    _many(7, place["oak"], place["sita"], s42=2)
    _many(3, place["elm"], place["sita"], s42=0)
    chris = client_for(place["chris"])
    oak = chris.get(reverse("market:provider", args=[place["oak"].provider_id])).content.decode()
    assert "7 safeguarding concerns about this provider in the last 12 months." in oak
    assert "Fewer than 5 led to a section 42 enquiry." in oak
    elm = chris.get(reverse("market:provider", args=[place["elm"].provider_id])).content.decode()
    assert "Fewer than 5 safeguarding concerns about this provider in the last 12 months." in elm
    assert "3 safeguarding" not in elm
    for page in (oak, elm):
        assert SECRET not in page and "Ada Byrne" not in page and "Dev Patel" not in page
        assert "SG-" not in page and reverse("safeguarding:patterns") not in page


def test_the_market_page_lists_each_providers_counts_only(place):
    _many(6, place["oak"], place["sita"], s42=5)  # 1 did not: the s42 count would give it away
    page = client_for(place["chris"]).get(reverse("market:overview")).content.decode()
    oak_row = page[page.index("Oak Care Ltd"):]
    oak_row = oak_row[:oak_row.index("</tr>")]
    assert ">6<" in oak_row and "Not shown" in oak_row and ">5<" not in oak_row
    elm_row = page[page.index("Elm Homes Ltd"):]
    assert ">0<" in elm_row[:elm_row.index("</tr>")]
    assert SECRET not in page and "SG-" not in page and "Ada Byrne" not in page


def test_the_public_care_pages_show_no_safeguarding_counts(place):
    _many(9, place["oak"], place["sita"], s42=6)
    for url in (reverse("market:location", args=[place["oak"].pk]), reverse("market:choose") + "?place=ashby",
                reverse("market:compare") + f"?loc={place['oak'].pk}&loc={place['elm'].pk}"):
        page = Client().get(url).content.decode().lower()
        assert "safeguarding concern" not in page and "section 42" not in page, url


def test_counts_are_of_the_last_12_months_in_one_query(place, django_assert_num_queries):
    _many(5, place["oak"], place["sita"], s42=5)
    _link(place["sita"], _concern(400), location=place["oak"])
    with django_assert_num_queries(1):
        counts = provider_counts([place["oak"].provider_id, place["elm"].provider_id])
    assert (counts[place["oak"].provider_id].concerns, counts[place["oak"].provider_id].s42) == ("5", "5")
    assert counts[place["elm"].provider_id].concerns == "0"


def test_the_market_pages_ask_one_more_question_for_the_counts_whatever_the_number_of_providers(
        place, django_assert_max_num_queries):
    """The market page was 12 queries and the scorecard 15 (SQLite, a commissioner): the counts add one to each."""
    for i in range(30):
        location = f.market_location(name=f"Home {i:02d}", provider=f"Provider {i:02d}")
        _link(place["sita"], _concern(1 + i, route="s42_enquiry", s42_duty=True), location=location)
    chris = client_for(place["chris"])
    chris.get(reverse("market:overview"))  # the session and the sign-in checks settle
    with django_assert_max_num_queries(13):
        assert chris.get(reverse("market:overview")).status_code == 200
    with django_assert_max_num_queries(16):
        assert chris.get(reverse("market:provider", args=[place["oak"].provider_id])).status_code == 200
