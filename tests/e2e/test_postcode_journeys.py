"""Places by postcode, in real Chromium with an axe-core scan of every page: what a person is looking for, one topic
a page with what matters first and a postcode for where; and finding care nearest a postcode. Each journey runs on
a desktop with JavaScript and at 320 px without it, where nothing may be wider than the screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from carecommons.core.models import Postcode
from carecommons.market.models import Charge
from carecommons.relationships import services
from carecommons.relationships.models import Carer, Seeker
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = [pytest.param(True, 1024, id="desktop"), pytest.param(False, 320, id="320px-no-javascript")]


def _postcodes() -> None:
    for code, lat, lon in (("AV1 1AA", 52.6, -1.2), ("AV1 2AB", 52.61, -1.2), ("AV9 9AB", 52.695, -1.2)):
        Postcode.objects.create(postcode=code, latitude=lat, longitude=lon, source="onspd", updated_at=timezone.now())


def _fits(visitor) -> None:
    if visitor.page.viewport_size["width"] <= 320:
        assert visitor.overflowing() == [], "nothing is wider than the screen"


@pytest.mark.parametrize(("javascript", "width"), SCREENS)
def test_a_scheme_worker_writes_what_ruth_is_looking_for_one_topic_a_page(visit, cast, javascript, width):
    _postcodes()
    today = timezone.localdate()
    rose = Carer(kind="shared_lives", name="Rose Hughes (fictional)", postcode="AV1 1AA", latitude=52.6, longitude=-1.2, max_km=10,
                 can_meet=["step_free", "personal_care"], interests=["gardening"], languages=["english"],
                 approved_until=today + dt.timedelta(days=300), checks_until=today + dt.timedelta(days=300), created_at=timezone.now())
    services.set_masks(rose)
    rose.save()
    priya = visit(f"priya-looking-for-{width}", javascript=javascript, width=width)
    priya.sign_in("priya", f.PASSWORD)
    priya.goto(f"/people/{cast.ruth.pk}/")
    priya.click_link("What they are looking for: Shared Lives, Homeshare or a personal assistant")
    # What matters comes first, and is needed.
    assert priya.heading() == "What matters to them?"
    assert "part 1 of 9" in priya.text()
    _fits(priya)
    priya.click_button("Continue")
    assert "Enter what matters to them, in their words where you can" in priya.text()
    priya.fill("What matters to them?", "My garden, my sister Grace, and Tuesday club")
    priya.click_button("Continue")
    assert priya.heading() == "What are they looking for?"
    priya.choose("Shared Lives")
    priya.click_button("Continue")
    # Where: a postcode, not latitude and longitude; one nobody has loaded asks for one nearby, keeping what was typed.
    assert priya.heading() == "Where"
    assert "Latitude" not in priya.text()
    priya.fill("Postcode", "av9 9zz")
    priya.click_button("Continue")
    assert "We do not know where AV9 9ZZ is. It may be new. Enter a postcode nearby instead" in priya.text()
    assert priya.page.get_by_label("Postcode", exact=True).input_value() == "av9 9zz"
    _fits(priya)
    priya.fill("Postcode", "AV1 2AB").fill("How far from there, at most, in miles", "6")
    priya.click_button("Continue")
    assert priya.heading() == "The help they need"
    priya.choose("Step free")
    priya.click_button("Continue")
    assert priya.heading() == "Living with others"
    priya.page.get_by_role("group", name="Their 'never' list").get_by_label("Dogs", exact=True).check()
    priya.click_button("Continue")
    assert priya.heading() == "What do they enjoy?"
    priya.choose("Gardening")
    priya.click_button("Continue")
    # Back goes to the page before, with its answers as they were.
    priya.click_link("Back")
    assert priya.heading() == "What do they enjoy?"
    assert priya.page.get_by_label("Gardening").is_checked()
    priya.click_button("Continue")
    assert priya.heading() == "What languages do they speak?"
    priya.choose("English")
    priya.click_button("Continue")
    assert priya.heading() == "Faith"
    priya.click_button("Continue")
    assert priya.heading() == "Places and routines that matter to them (optional)"
    priya.fill("Places and routines that matter to them (optional)", "Church on Sunday mornings")
    priya.click_button("Continue")
    assert priya.heading() == "Check what Ruth Okafor is looking for"
    text = priya.text()
    for said in ("My garden, my sister Grace, and Tuesday club", "Shared Lives", "AV1 2AB, up to 6 miles away", "Step free", "Dogs",
                 "Gardening", "English", "Church on Sunday mornings"):
        assert said in text, said
    _fits(priya)
    priya.click_link("Change where")
    assert priya.page.get_by_label("Postcode", exact=True).input_value() == "AV1 2AB"
    priya.fill("How far from there, at most, in miles", "5")
    priya.click_button("Continue")
    assert priya.heading() == "Check what Ruth Okafor is looking for" and "AV1 2AB, up to 5 miles away" in priya.text()
    assert not Seeker.objects.exists()
    priya.click_button("Save")
    assert "Rose Hughes (fictional)" in priya.text()
    seeker = Seeker.objects.get()
    assert (seeker.postcode, seeker.latitude, seeker.longitude) == ("AV1 2AB", 52.61, -1.2)
    assert seeker.never == ["dogs"] and seeker.what_matters.startswith("My garden")


@pytest.mark.parametrize(("javascript", "width"), SCREENS)
def test_a_daughter_finds_the_care_homes_nearest_her_fathers_postcode(visit, javascript, width):
    _postcodes()
    homes = {name: f.market_location(name=name, provider=f"{name} Care Ltd", lat=lat)
             for name, lat in (("Oak House", 52.6), ("Elm Lodge", 52.61), ("Ash Court", 52.7))}
    for name, fee in (("Oak House", 95_000), ("Elm Lodge", 110_000), ("Ash Court", 87_500)):
        Charge.objects.create(location=homes[name], kind="weekly_fee", description="Single room", amount=fee, per="week")
    daughter = visit(f"daughter-nearest-{width}", javascript=javascript, width=width)
    daughter.goto("/care/")
    daughter.fill("Your postcode, to see how far each place is (optional)", "av9 9ab")
    daughter.page.get_by_label("Show first").select_option(label="The nearest (give a postcode)")
    daughter.click_button("Search")
    text = daughter.text()
    assert text.index("Ash Court") < text.index("Elm Lodge") < text.index("Oak House")
    assert "Less than a mile from AV9 9AB" in text and "5.9 miles from AV9 9AB" in text and "6.6 miles from AV9 9AB" in text
    _fits(daughter)
    # A postcode the service does not know: said plainly, the rest of the search still works.
    daughter.fill("Your postcode, to see how far each place is (optional)", "AV8 8ZZ")
    daughter.page.get_by_label("Show first").select_option(label="The lowest price")
    daughter.click_button("Search")
    text = daughter.text()
    assert "We do not know where AV8 8ZZ is" in text and "3 places found" in text
    assert text.index("Ash Court") < text.index("Oak House") < text.index("Elm Lodge")
    _fits(daughter)
