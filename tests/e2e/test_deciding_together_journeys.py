"""Deciding money together in real Chromium, with an axe-core scan of every page visited."""

from __future__ import annotations

import datetime as dt

import pytest

from carecommons.participation import services
from carecommons.participation.models import Area, Ballot, Contribution, Decision, Round
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def areas(db):
    """The five areas come from a data migration, which a flushed test database has lost."""
    from django.apps import apps

    from carecommons.participation.library import install

    install(apps)


def _round(cast, status_open: bool = True) -> Round:
    round = services.round_create(user=cast.chris, title="Care money 2027", description="What should we fund next year?", budget=10_000_000,
                                  ballot_kind=Round.BallotKind.APPROVAL, rule=Round.Rule.EQUAL_SHARES, max_choices=0, points=10,
                                  split_total=100_000_000)
    for title, slug, pounds in (("Shared Lives short breaks", "accommodation", 40_000), ("Weekend reablement", "leaving-hospital", 50_000),
                                ("Library café connector", "whole-community", 30_000)):
        services.proposal_add(round=round, title=title, description=f"{title}, for a year.", kind="community", area=Area.objects.get(slug=slug),
                              from_model=None, to_model=None, cost=pounds * 100)
    if status_open:
        services.round_open(round=round)
    return round


def test_a_resident_reads_the_five_areas_says_what_matters_and_votes(visit, cast):
    round = _round(cast)
    code = services.verify_resident(round=round, name="Jo Green", born=dt.date(1961, 3, 4), postcode="AV2 3BB", user=cast.chris)
    jo = visit("jo-has-her-say", javascript=False)
    jo.goto("/")
    jo.click_link("Have your say", exact=True)
    assert jo.heading() == "Have your say on how care money is used"
    jo.click_link("Support with leaving hospital")
    assert "The money" in jo.text() and "Reablement" in jo.text()
    jo.choose("What I dislike about support here")
    jo.fill("In your own words", "I waited ten days in hospital for my care to start.")
    jo.choose("I use care and support, or I care for someone who does")
    jo.click_button("Send your view")
    assert "We check every view" in jo.text()
    assert Contribution.objects.get().status == "waiting" and Contribution.objects.get().uses_services
    jo.click_link("Have your say")
    jo.click_link("Ways of supporting people, with the evidence and what people who use them say", exact=False)
    jo.click_link("Shared Lives")
    assert "What it should not be used for" in jo.text() and "Nobody has commented yet." in jo.text()
    jo.fill("Your comment", "My Shared Lives carer helped me move into my own flat.")
    jo.click_button("Send your comment")
    assert "We check every comment" in jo.text()
    jo.click_link("What works")
    jo.click_link("Have your say")
    jo.click_link("Care money 2027")
    jo.click_link("Vote now")
    jo.fill("Your voting code", code.lower())
    jo.click_button("Continue")
    assert jo.heading() == "Your vote"
    jo.choose("Weekend reablement: £50,000.00").choose("Library café connector: £30,000.00")
    for area, share in (("Support in your own home (%)", "30"), ("Support with accommodation (%)", "20"),
                        ("Day activities and employment-related support (%)", "10"), ("Support with leaving hospital (%)", "30"),
                        ("Whole-community work (%)", "20")):
        jo.fill(area, share)
    jo.click_button("Continue")
    assert "There is a problem" in jo.text() and "The percentages must add up to 100: yours add up to 110" in jo.text()
    assert "Total so far: 110%" in jo.text()
    jo.fill("Whole-community work (%)", "10")
    jo.click_button("Continue")
    assert jo.heading() == "Check your vote" and "Weekend reablement" in jo.text() and "10%" in jo.text()
    jo.click_button("Change your vote")
    assert jo.heading() == "Your vote" and jo.page.get_by_label("Weekend reablement: £50,000.00").is_checked()
    jo.click_button("Continue")
    jo.click_button("Cast your vote")
    assert jo.heading() == "Your vote has been recorded"
    ballot = Ballot.objects.get()
    assert ballot.split == [30, 20, 10, 30, 10] and len(ballot.choices) == 2
    jo.screenshot("voted")


def test_a_commissioner_closes_a_round_and_records_the_decision(visit, cast):
    round = _round(cast)
    ids = dict(round.proposals.values_list("title", "pk"))
    for n, titles in enumerate((["Shared Lives short breaks"], ["Weekend reablement", "Library café connector"], ["Weekend reablement"])):
        code = services.verify_resident(round=round, name=f"Resident {n}", born=dt.date(1970, 1, 1 + n), postcode="AV1 1AA", user=cast.chris)
        services.cast(round=round, code=code, choices=[(ids[t], 1) for t in titles], split=[20, 20, 20, 20, 20])
    services.contribute(kind="dislike", text="I waited ten days in hospital.", uses_services=True, area=Area.objects.get(slug="leaving-hospital"))
    chris = visit("chris-decides")
    chris.sign_in("chris", f.PASSWORD)
    chris.click_link("Budgeting together", exact=True)
    chris.click_link("Views and comments waiting to be checked (1)")
    chris.page.get_by_label("Theme").select_option(label="Getting help quickly")
    chris.click_button("Publish", exact=True)
    assert Contribution.objects.get().status == "published" and "Nothing is waiting" in chris.text()
    chris.click_link("Budgeting together")
    chris.click_link("Support with leaving hospital: figures and contracts")
    chris.fill("Financial year starting in April of", "2027").choose("Projected").fill("Amount", "1250000")
    chris.fill("Where does the figure come from?", "Budget book 2027, page 9")
    chris.click_button("Add the figure")
    assert "Budget book 2027, page 9" in chris.text()
    chris.click_link("Budgeting together")
    chris.click_link("Care money 2027")
    chris.fill("Resident's full name", "Pat Walsh").fill("Day", "1", exact=False)
    chris.page.get_by_label("Month").fill("2")
    chris.page.get_by_label("Year", exact=True).fill("1950")
    chris.fill("Postcode", "AV3 1CC").choose("I have seen proof that they live in the area")
    chris.click_button("Verify and give a code")
    assert "Voting code" in chris.text()
    chris.click_button("Close voting and publish the results")
    assert chris.heading() == "Close voting and publish the results?" and "This cannot be undone." in chris.text()
    chris.click_button("Yes, close voting and publish")
    assert "the results are published" in chris.text()
    chris.fill("Reasons for the decision", "We adopt the residents' vote in full.")
    chris.click_button("Record the decision")
    decision = Decision.objects.get()
    assert decision.area_shares == {"own-home": 2000, "accommodation": 2000, "day-and-work": 2000, "leaving-hospital": 2000, "whole-community": 2000}
    chris.click_link("The public page")
    text = chris.text()
    assert "Funded" in text and "We adopt the residents" in text and "Every change to this decision" in text
    chris.screenshot("decided")


def test_on_a_small_phone_the_results_show_funded_or_not_for_every_proposal(visit, cast):
    round = _round(cast)
    for n, titles in enumerate((["Shared Lives short breaks"], ["Shared Lives short breaks", "Weekend reablement"], ["Library café connector"])):
        code = services.verify_resident(round=round, name=f"Resident {n}", born=dt.date(1960, 1, 1 + n), postcode="AV1 1AA", user=cast.chris)
        ids = {p.title: p.pk for p in round.proposals.all()}
        services.cast(round=round, code=code, choices=[(ids[t], 1) for t in titles], split=None)
    services.round_close(round=round)
    phone = visit("resident-phone", javascript=False, width=320)
    phone.goto(f"/have-your-say/rounds/{round.pk}/")
    assert phone.overflowing() == [], "nothing is wider than the screen"
    results = phone.page.get_by_role("table", name="Proposals and results")
    for tag in results.locator("strong.govuk-tag").all():
        assert tag.is_visible() and tag.inner_text() in ("Funded", "Not funded")
    assert "How this was counted" in phone.text()
    phone.screenshot("results-320px")


def test_with_javascript_the_five_area_split_adds_up_as_a_resident_types(visit, cast):
    round = _round(cast)
    code = services.verify_resident(round=round, name="Sam Hill", born=dt.date(1970, 5, 6), postcode="AV2 3BB", user=cast.chris)
    sam = visit("sam-types-the-split", javascript=True)
    sam.goto(f"/have-your-say/rounds/{round.pk}/")
    sam.click_link("Vote now")
    sam.fill("Your voting code", code)
    sam.click_button("Continue")
    assert sam.heading() == "Your vote"
    total = sam.page.locator("[data-cc-split-total-output]")
    assert total.get_attribute("aria-live") == "polite" and total.inner_text() == "", "no total before anything is typed"
    sam.choose("Weekend reablement: £50,000.00")
    sam.fill("Support in your own home (%)", "40")
    assert total.inner_text() == "Total so far: 40% (it must be 100%)"
    sam.fill("Support with accommodation (%)", "35")
    sam.fill("Support with leaving hospital (%)", "35")
    assert total.inner_text() == "Total so far: 110% (it must be 100%)", "the total is shown before pressing Continue"
    sam.fill("Support with leaving hospital (%)", "25")
    assert total.inner_text() == "Total so far: 100% (that adds up to 100%)"
    sam.checked()  # axe on the page with the total showing
    sam.fill("Support in your own home (%)", "")
    sam.fill("Support with accommodation (%)", "")
    sam.fill("Support with leaving hospital (%)", "")
    assert total.inner_text() == "", "all empty is allowed (the split is optional), so no total"
    sam.fill("Whole-community work (%)", "100")
    sam.click_button("Continue")
    assert sam.heading() == "Check your vote"
    sam.click_button("Cast your vote")
    assert Ballot.objects.get().split == [0, 0, 0, 0, 100]
