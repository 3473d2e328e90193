"""Care market journeys in real Chromium, with an axe-core scan of every page visited."""

from __future__ import annotations

import json

import pytest

from carecommons.market.models import Charge, Tender
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_family_compares_three_care_homes_and_sees_every_charge(visit):
    homes = [f.market_location(name=name, provider=f"{name} Care Ltd", rating=rating)
             for name, rating in (("Oak House", "Good"), ("Elm Lodge", "Outstanding"), ("Ash Court", "Requires improvement"))]
    charges = [("Oak House", "weekly_fee", "Single room, residential", 98_500, "week"), ("Oak House", "deposit", "Deposit", 250_000, "once"),
               ("Elm Lodge", "weekly_fee", "Single room with garden view", 121_000, "week"),
               ("Elm Lodge", "top_up", "Garden view supplement", 9_000, "week"),
               ("Ash Court", "weekly_fee", "Shared room", 87_000, "week"), ("Ash Court", "after_death", "Fees after death", 87_000, "week"),
               ("Ash Court", "extra", "Hairdressing", 1_500, "once")]
    by_name = {h.name: h for h in homes}
    for name, kind, description, amount, per in charges:
        Charge.objects.create(location=by_name[name], kind=kind, description=description, amount=amount, per=per)

    family = visit("family-choosing", javascript=False)
    family.goto("/")
    family.click_link("Find care", exact=True)
    family.fill("Where?", "Ashby Vale")
    family.page.get_by_label("Type of care").select_option(label="Care home (without nursing)")
    family.click_button("Search")
    assert "3 places found" in family.text()
    for home in homes:
        family.choose(f"Compare {home.name}")
    family.click_button("Compare the ones ticked")
    assert family.heading() == "Compare places"
    table = family.page.locator("table").inner_text()
    for _, _, description, _, _ in charges:
        assert description in table
    assert "£2,500.00 once" in table and "£90.00 a week" in table and "Not published" in table
    family.click_link("Oak House")
    assert "Questions worth asking" in family.text()


def test_a_commissioner_evaluates_two_bids_and_publishes_the_award(visit, cast):
    good = f.market_location(name="Brook Lane (a co-operative)", provider="Brook Lane Care Co-operative")
    cheap = f.market_location(name="Budget Care Hub", provider="Budget Care Group")
    chris = visit("chris-commissioning")
    chris.sign_in("chris", f.PASSWORD)
    chris.click_link("Market", exact=True)
    chris.click_link("Start a tender")
    chris.fill("Title", "Care at home, North Ashby Vale").fill("What is being bought?", "About 600 hours a week of care at home")
    chris.fill("Estimated value of the whole contract", "900000")
    chris.click_button("Start the tender")
    for location, price, quality, notes in ((good, "880000", "82", "Named workers for each person; low turnover"),
                                            (cheap, "760000", "55", "Rotas by postcode; high turnover last year")):
        chris.page.get_by_label("Bidder").select_option(label=location.provider.name)
        chris.fill("Price for the whole contract", price).fill("Quality score, out of 100", quality).fill("Why that quality score?", notes)
        chris.click_button("Add the bid")
    chris.click_button("Evaluate the bids")
    text = chris.text()
    assert "Price £880,000.00" in text and "ranked 1 of 2" in text
    tender = Tender.objects.get()
    winner = tender.bids.get(rank=1)
    chris.choose(f"{winner.provider.name} (ranked 1)")
    chris.fill("Reasons for the award", "Highest score: continuity of care workers outweighs the lower price.")
    chris.click_button("Award and publish")
    assert chris.heading() == f"Award the contract to {winner.provider.name}?" and "continuity of care workers" in chris.text()
    chris.click_button("Yes, award the contract")
    assert f"Awarded to {winner.provider.name}" in chris.text()
    chris.page.goto(chris.base_url + f"/care/contracts/{tender.pk}/ocds.json")
    package = json.loads(chris.page.locator("body").inner_text())
    assert package["releases"][0]["awards"][0]["suppliers"][0]["name"] == winner.provider.name
    chris.goto("/care/contracts/")
    assert "Care at home, North Ashby Vale" in chris.text()


def test_on_a_small_phone_the_search_and_the_comparison_fit_the_screen(visit):
    """320 px wide, without JavaScript: a fourth tick keeps the search; the comparison stacks, one place under another."""
    homes = [f.market_location(name=name, provider=f"{name} Care Ltd", rating="Good")
             for name in ("Oak House", "Elm Lodge", "Ash Court", "Birch View")]
    for home in homes:
        Charge.objects.create(location=home, kind="weekly_fee", description=f"Single room at {home.name}", amount=98_500, per="week")
    phone = visit("family-phone", javascript=False, width=320)
    phone.goto("/care/")
    phone.fill("Where?", "Ashby Vale")
    phone.click_button("Search")
    for home in homes:
        phone.choose(f"Compare {home.name}")
    phone.click_button("Compare the ones ticked")
    assert "You ticked 4 places: you can compare up to three at a time." in phone.text()
    assert phone.page.get_by_label("Compare Birch View").is_checked(), "the ticks are kept"
    phone.page.get_by_label("Compare Birch View").uncheck()
    phone.click_button("Compare the ones ticked")
    assert phone.heading() == "Compare places"
    assert phone.overflowing() == [], "nothing is wider than the screen"
    assert phone.page.get_by_text("Single room at Ash Court").is_visible()
    phone.screenshot("compare-320px")
