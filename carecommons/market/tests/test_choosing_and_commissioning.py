"""Choosing care, providers' profiles, the scorecard, tenders and the OCDS awards they publish."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from carecommons.market import services
from carecommons.market.models import Charge, Location, Profile, Tender
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

SCHEMAS = Path(__file__).resolve().parents[3] / "var" / "standards" / "ocds"


@pytest.fixture
def homes(db: Any) -> list[Any]:
    oak = f.market_location(name="Oak House", provider="Oak Care Ltd", rating="Good")
    elm = f.market_location(name="Elm Lodge", provider="Elm Co-operative", rating="Outstanding", rated_on=dt.date(2020, 1, 1), lat=52.61)
    ash = f.market_location(name="Ash Court", provider="Ash Group", rating="Requires improvement", lat=52.7)
    f.market_location(name="Brook Home Care", provider="Brook Ltd", care_home=False)
    for loc, fee in ((oak, 95_000), (elm, 110_000), (ash, 87_500)):
        Charge.objects.create(location=loc, kind="weekly_fee", description="Single room", amount=fee, per="week")
    Charge.objects.create(location=oak, kind="deposit", description="Deposit", amount=200_000, per="once")
    Charge.objects.create(location=oak, kind="after_death", description="Fees after death", amount=95_000, per="week")
    Charge.objects.create(location=elm, kind="top_up", description="Garden view room", amount=7_500, per="week", self_funder_only=True)
    Charge.objects.create(location=ash, kind="extra", description="Hairdressing", amount=1_200, per="once")
    return [oak, elm, ash]


def test_anyone_searches_and_compares_three_homes_seeing_every_charge(homes: list[Any]) -> None:
    c = Client()
    page = c.get(reverse("market:choose"), {"place": "Ashby Vale", "care_type": "care_home", "max_weekly": "1000"}).content.decode()
    assert "Oak House" in page and "Ash Court" in page and "Elm Lodge" not in page and "Brook Home Care" not in page
    stale = c.get(reverse("market:choose"), {"place": "Ashby Vale"}).content.decode()
    assert "this rating is out of date" in stale  # Elm Lodge, rated in 2020
    bad = c.get(reverse("market:choose"), {"max_weekly": "lots"}).content.decode()
    assert "Enter the highest weekly fee in pounds and pence" in bad
    compared = c.get(reverse("market:compare"), {"loc": [h.pk for h in homes]}).content.decode()
    for charge in Charge.objects.filter(location__in=homes):
        assert charge.description in compared, charge.description
    assert "£2,000.00 once" in compared and "£75.00 a week (people who pay for themselves only)" in compared
    assert compared.count("Not published") >= 6
    too_many = c.get(reverse("market:compare"), {"loc": [1, 2, 3, 4]}).content.decode()
    assert "You ticked 4 places: you can compare up to three at a time." in too_many


def test_ticking_a_fourth_place_keeps_the_search_and_the_ticks(homes: list[Any]) -> None:
    c = Client()
    back = "place=Ashby+Vale"
    brook = Location.objects.get(name="Brook Home Care")
    ticked = [h.pk for h in homes] + [brook.pk]
    page = c.get(reverse("market:compare"), {"loc": ticked, "back": back}).content.decode()
    assert "There is a problem" in page and "You ticked 4 places: you can compare up to three at a time." in page
    assert "Your ticks are kept: untick one." in page and "Compare the ones ticked" in page
    for pk in ticked:
        assert f'value="{pk}" checked' in page
    one = c.get(reverse("market:compare"), {"loc": ticked[:1], "back": back}).content.decode()
    assert "Tick two or three places to compare." in one and "untick one, or tick another" in one


def test_a_provider_publishes_its_profile_through_its_private_link(homes: list[Any], cast: Any) -> None:
    oak = homes[0]
    chris = client_for(cast.chris)
    chris.post(reverse("market:provider-action", args=[oak.provider_id]), {"action": "link"})
    profile = Profile.objects.get(provider=oak.provider)
    anyone = Client()
    url = reverse("market:profile-edit", args=[profile.edit_token])
    assert anyone.get(reverse("market:profile-edit", args=["not-the-token"])).status_code == 404
    missing = anyone.post(url, {"action": "profile"}).content.decode()
    assert "Enter your name" in missing
    anyone.post(url, {"action": "profile", "legal_form": "company", "ultimate_owner": "Oak Holdings (Jersey) Ltd", "tax_residence": "Jersey",
                      "lowest_hourly_pay": "12.60", "paid_training": "yes", "sick_pay_above_statutory": "no", "updated_by_name": "Sam Oak"})
    anyone.post(url, {"action": "charge", "location": str(oak.pk), "kind": "hourly_rate", "description": "Respite", "amount": "30",
                      "per": "hour"})
    profile.refresh_from_db()
    assert profile.lowest_hourly_pay == 1_260 and profile.paid_training is True and profile.sick_pay_above_statutory is False
    assert profile.recognises_union is None and profile.checked_at is None
    page = Client().get(reverse("market:location", args=[oak.pk])).content.decode()
    assert "Oak Holdings (Jersey) Ltd, tax resident in Jersey" in page and "Recognised trade union: not published" in page
    chris.post(reverse("market:provider-action", args=[oak.provider_id]), {"action": "check"})
    assert "Checked by the council" in Client().get(reverse("market:location", args=[oak.pk])).content.decode()


def test_the_scorecard_page_adds_up_and_shows_what_if_it_leaves(homes: list[Any], cast: Any) -> None:
    page = client_for(cast.chris).get(reverse("market:provider", args=[homes[0].provider_id])).content.decode()
    card = services.scorecard_for(homes[0].provider)
    assert f"{card.rounded} out of 100" in page
    assert "1 registered place, 30 beds" in page and "Elm Lodge" in page  # the nearest alternative
    assert client_for(cast.priya).get(reverse("market:provider", args=[homes[0].provider_id])).status_code == 403


def test_concentration_by_area_and_type(homes: list[Any], cast: Any) -> None:
    page = client_for(cast.chris).get(reverse("market:overview")).content.decode()
    assert "Care home (without nursing) (by beds)" in page and "3,333" in page  # three providers with 30 beds each: 3 x 33.3 squared


def _validator() -> Draft4Validator:
    assert SCHEMAS.is_dir(), "run scripts/fetch-standards.py (make test does) to fetch the official OCDS schemas"
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    registry = Registry().with_resources([
        (release["id"], Resource.from_contents(release, default_specification=DRAFT4)),
        # The 1.1.5 package schema points at the 1.1.5 release schema; the index holds the 1.1.4 one (see scripts/fetch-standards.py).
        ("https://standard.open-contracting.org/schema/1__1__5/release-schema.json",
         Resource.from_contents(release, default_specification=DRAFT4)),
    ])
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


def test_a_commissioner_evaluates_bids_awards_and_publishes_valid_ocds(homes: list[Any], cast: Any) -> None:
    chris = client_for(cast.chris)
    chris.post(reverse("market:tender-new"), {"title": "Home care in North Ashby Vale", "description": "Two lots of home care hours",
                                             "local_authority": "Ashby Vale", "value_estimate": "250000"})
    tender = Tender.objects.get()
    url = reverse("market:tender", args=[tender.pk])
    for home, price, quality in ((homes[0], "240000", "70"), (homes[1], "250000", "85")):
        chris.post(url, {"action": "bid", "bid-provider": str(home.provider_id), "bid-price": price, "bid-quality": quality,
                         "bid-quality_notes": "Clear plan for continuity of care workers"})
    again = chris.post(url, {"action": "bid", "bid-provider": str(homes[0].provider_id), "bid-price": "1", "bid-quality": "1",
                             "bid-quality_notes": "Clear plan again here"}).content.decode()
    assert "Select one of the options shown" in again and tender.bids.count() == 2  # a provider bids once
    chris.post(url, {"action": "evaluate"})
    bids = list(tender.bids.order_by("rank"))
    assert all(b.total is not None and b.reasons for b in bids)
    for b in bids:
        assert b.reasons[-1].startswith(f"Total {b.total:.1f} of 100")
    second = bids[1]
    short = chris.post(url, {"action": "award", "award-bid": str(second.pk), "award-reasons": "Cheaper"}).content.decode()
    assert "did not score highest" in short
    check = chris.post(url, {"action": "award", "award-bid": str(bids[0].pk), "award-reasons": "Highest score on price, quality and ethics."})
    assert f"Award the contract to {bids[0].provider.name}?" in check.content.decode() and "This cannot be undone." in check.content.decode()
    tender.refresh_from_db()
    assert tender.status != Tender.Status.AWARDED, "nothing is awarded until it is confirmed"
    chris.post(url, {"action": "award", "award-bid": str(bids[0].pk), "award-reasons": "Highest score on price, quality and ethics.",
                     "confirmed": "yes"})
    tender.refresh_from_db()
    assert tender.status == Tender.Status.AWARDED
    package = json.loads(Client().get(reverse("market:tender-ocds", args=[tender.pk])).content)
    errors = sorted(_validator().iter_errors(package), key=str)
    assert not errors, [e.message for e in errors]
    release = package["releases"][0]
    assert release["tag"] == ["award"] and release["ocid"] == f"ocds-cc0dmo-tender-{tender.pk}"
    assert release["awards"][0]["suppliers"][0]["name"] == bids[0].provider.name
    assert release["awards"][0]["value"] == {"amount": bids[0].price / 100, "currency": "GBP"}
    assert "Contract awards" in Client().get(reverse("market:awards")).content.decode()


def test_the_validator_catches_a_broken_package() -> None:
    broken = {"uri": "not a uri at all", "version": "1.1", "publishedDate": "yesterday", "publisher": {}, "releases": [{"ocid": 1}]}
    assert list(_validator().iter_errors(broken))


def test_people_give_feedback_published_without_their_name_after_a_check(homes: list[Any], cast: Any) -> None:
    oak = homes[0]
    ruth = client_for(cast.ruth_user)
    url = reverse("market:location", args=[oak.pk])
    assert "Tell others what it is like" in ruth.get(url).content.decode()
    assert "Tell others what it is like" not in Client().get(url).content.decode()
    short = ruth.post(reverse("market:feedback-post", args=[oak.pk]), {"text": "ok"}, follow=True).content.decode()
    assert "at least a sentence" in short
    ruth.post(reverse("market:feedback-post", args=[oak.pk]), {"text": "The carers know my name and always have time for a chat."})
    assert "Nobody has said anything here yet" in Client().get(url).content.decode()
    chris = client_for(cast.chris)
    waiting = chris.get(reverse("market:feedback")).content.decode()
    assert "always have time for a chat" in waiting and "Ruth" not in waiting
    from carecommons.market.models import Feedback

    item = Feedback.objects.get()
    assert "Say which rule" in chris.post(reverse("market:feedback"), {"feedback": item.pk, "action": "hold"}, follow=True).content.decode()
    chris.post(reverse("market:feedback"), {"feedback": item.pk, "action": "publish"})
    page = Client().get(url).content.decode()
    assert "always have time for a chat" in page and "Someone who uses this service" in page and "Ruth" not in page
    assert client_for(cast.priya).get(reverse("market:feedback")).status_code == 403


def test_search_results_are_paged_and_keep_the_search(db: Any) -> None:
    for i in range(25):
        f.market_location(name=f"Place {i:02d}", provider=f"Provider {i:02d}")
    page = Client().get(reverse("market:choose"), {"place": "Ashby Vale"}).content.decode()
    assert "25 places found" in page and 'href="?place=Ashby+Vale&amp;page=2"' in page
    second = Client().get(reverse("market:choose"), {"place": "Ashby Vale", "page": "2"}).content.decode()
    assert "Place 24" in second and "Place 00" not in second


def test_the_price_shown_and_searched_is_what_the_reader_would_pay(db: Any) -> None:
    """The council pays £908 a week at Willow House; someone paying for themselves is charged £1,332."""
    willow = f.market_location(name="Willow House", provider="Willow Care Ltd")
    Charge.objects.create(location=willow, kind="weekly_fee", description="Single room, council rate", amount=90_800, per="week")
    Charge.objects.create(location=willow, kind="weekly_fee", description="Single room, paying for yourself", amount=133_200, per="week",
                          self_funder_only=True)
    willow.refresh_from_db()
    assert (willow.lowest_weekly, willow.lowest_weekly_self) == (90_800, 133_200)
    c = Client()
    search = {"place": "Ashby Vale", "max_weekly": "1000"}
    assert "Willow House" in c.get(reverse("market:choose"), {**search, "who_pays": "council"}).content.decode()
    assert "Willow House" not in c.get(reverse("market:choose"), {**search, "who_pays": "self"}).content.decode()
    assert "Willow House" not in c.get(reverse("market:choose"), search).content.decode(), "not sure: compared as a self-funder pays"
    mine = c.get(reverse("market:choose"), {"place": "Ashby Vale", "who_pays": "self"}).content.decode()
    assert "Weekly fee if you pay for yourself: from £1,332.00" in mine and "£908.00" not in mine
    both = c.get(reverse("market:choose"), {"place": "Ashby Vale"}).content.decode()
    assert "from £1,332.00 if you pay for yourself; from £908.00 if the council pays" in both


def test_each_place_says_how_to_visit_and_two_places_with_one_name_are_told_apart(db: Any) -> None:
    from carecommons.market.cqc import _website

    first = f.market_location(name="Rose Court", provider="Rose Care Ltd")
    second = f.market_location(name="Rose Court", provider="Thorn Care Ltd")
    Location.objects.filter(pk=first.pk).update(city="Ashby", website="https://rose.example.org")
    Location.objects.filter(pk=second.pk).update(city="Vale End")
    c = Client()
    found = c.get(reverse("market:choose"), {"place": "Ashby Vale"}).content.decode()
    assert "Rose Court, Ashby</a>" in found and "Rose Court, Vale End</a>" in found and "Compare Rose Court, Vale End" in found
    page = c.get(reverse("market:location", args=[first.pk])).content.decode()
    assert "Visiting and getting in touch" in page and 'href="https://rose.example.org"' in page
    assert f"https://www.cqc.org.uk/location/{first.cqc_id}" in page and "openstreetmap.org/search" in page
    assert "To arrange a visit, get in touch with Rose Care Ltd through their website" in page
    assert _website("www.example.org") == "https://www.example.org"
    assert _website("javascript:alert(1)") == "" and _website("http://a b") == "" and _website("") == ""


def test_places_can_be_shown_cheapest_first_or_best_rated_first(homes: list[Any]) -> None:
    c = Client()

    def order(**params: str) -> list[str]:
        page = c.get(reverse("market:choose"), {"place": "Ashby Vale", "care_type": "care_home", **params}).content.decode()
        return sorted(("Oak House", "Elm Lodge", "Ash Court"), key=page.find)

    assert order(sort="price") == ["Ash Court", "Oak House", "Elm Lodge"]  # £875, £950, £1,100
    assert order(sort="rating") == ["Elm Lodge", "Oak House", "Ash Court"]  # outstanding, good, requires improvement
    assert order() == ["Ash Court", "Elm Lodge", "Oak House"]


def test_places_can_be_found_by_who_they_are_for(db: Any) -> None:
    memory = f.market_location(name="Forget-me-not House", provider="Forget Care Ltd")
    other = f.market_location(name="Harbour View", provider="Harbour Ltd")
    Location.objects.filter(pk=memory.pk).update(user_bands=["Dementia", "Older People"])
    Location.objects.filter(pk=other.pk).update(user_bands=["Older People", "Physical Disability"])
    c = Client()
    page = c.get(reverse("market:choose"), {"place": "Ashby Vale", "who_for": "Dementia"}).content.decode()
    assert "Forget-me-not House" in page and "Harbour View" not in page
    assert "People living with dementia" in page
    both = c.get(reverse("market:choose"), {"place": "Ashby Vale", "who_for": "Older People"}).content.decode()
    assert "Forget-me-not House" in both and "Harbour View" in both
    bad = c.get(reverse("market:choose"), {"place": "Ashby Vale", "who_for": "Ghosts"})
    assert bad.status_code == 200 and "Select one of the options shown" in bad.content.decode()


def test_a_provider_says_how_many_places_are_free_and_people_can_look_for_one(homes: list[Any], cast: Any) -> None:
    oak, elm = homes[0], homes[1]
    client_for(cast.chris).post(reverse("market:provider-action", args=[oak.provider_id]), {"action": "link"})
    url = reverse("market:profile-edit", args=[Profile.objects.get(provider=oak.provider).edit_token])
    provider = Client()
    bad = provider.post(url, {"action": "vacancies", "vacancies-location": str(oak.pk), "vacancies-count": "lots"}).content.decode()
    assert "Enter the number of free places as a whole number, like 2" in bad
    provider.post(url, {"action": "vacancies", "vacancies-location": str(oak.pk), "vacancies-count": "2"})
    oak.refresh_from_db()
    assert oak.vacancies == 2 and oak.vacancies_on == timezone.localdate()
    Location.objects.filter(pk=elm.pk).update(vacancies=3, vacancies_on=timezone.localdate() - dt.timedelta(days=30))
    c = Client()
    found = c.get(reverse("market:choose"), {"place": "Ashby Vale", "free_places": "on"}).content.decode()
    assert "Oak House" in found and "Elm Lodge" not in found, "an old 'free places' is not searched on"
    assert "2 free places, as the provider said on" in found
    page = c.get(reverse("market:location", args=[elm.pk])).content.decode()
    assert "3 free places, as the provider said on" in page


def test_places_show_how_far_they_are_from_a_postcode_and_can_be_shown_nearest_first(homes: list[Any]) -> None:
    from carecommons.core.models import Postcode

    Postcode.objects.create(postcode="AV9 9AB", latitude=52.695, longitude=-1.2, source="onspd", updated_at=timezone.now())
    c = Client()

    def page(**params: str) -> str:
        return c.get(reverse("market:choose"), {"care_type": "care_home", **params}).content.decode()

    def order(text: str) -> list[str]:
        return sorted(("Oak House", "Elm Lodge", "Ash Court"), key=text.find)

    nearest = page(postcode="av99ab", sort="distance")
    assert order(nearest) == ["Ash Court", "Elm Lodge", "Oak House"]  # 0.3, 5.9 and 6.6 miles
    assert "Less than a mile from AV9 9AB" in nearest and "5.9 miles from AV9 9AB" in nearest and "6.6 miles from AV9 9AB" in nearest
    by_price = page(postcode="AV9 9AB", sort="price")
    assert order(by_price) == ["Ash Court", "Oak House", "Elm Lodge"] and "6.6 miles from AV9 9AB" in by_price  # distances kept
    # A postcode nobody has loaded: said plainly, asking for one nearby, and the rest of the search still works.
    unknown = page(postcode="AV8 8ZZ", sort="price", place="Ashby Vale")
    assert "We do not know where AV8 8ZZ is" in unknown and "Enter a postcode nearby instead" in unknown
    assert order(unknown) == ["Ash Court", "Oak House", "Elm Lodge"] and "miles from" not in unknown
    assert "3 places found" in unknown
    wrong_shape = page(postcode="hello", sort="distance")
    assert "Enter a real postcode, like AV1 1AA" in wrong_shape and "not sorted by distance" in wrong_shape
    assert order(wrong_shape) == ["Ash Court", "Elm Lodge", "Oak House"]  # by name
    none_given = page(sort="distance")
    assert "Give a postcode to see the nearest places first" in none_given and "There is a problem" not in none_given
