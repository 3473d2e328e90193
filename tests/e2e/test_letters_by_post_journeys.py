"""Voting codes by post in real Chromium: the organiser imports a household list, prints the letters, confirms they
are printed; a resident votes with a code from a letter. axe-core scans every page visited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from carecommons.participation import services
from carecommons.participation.models import Area, Ballot, LetterBatch, PostalLetter, Round, Voter
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LIST = ("Elector name,Address,Postcode,Ward\n"
        "Jo Green,\"Flat 2, 14 Mill Road (fictional)\",AV1 1AA,East\n"
        "Sam Green,\"Flat 2, 14 Mill Rd (fictional)\",av1 1aa,East\n"
        "Pat Walsh,3 Church Lane (fictional),AV1 1AB,East\n"
        "Lee Moss,=HYPERLINK(\"http://example.invalid\"),AV1 1AB,East\n"
        "Ann Bell,9 Park View (fictional),AV2 3BB,West\n")
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


@pytest.fixture(autouse=True)
def areas(db):
    """The five areas come from a data migration, which a flushed test database has lost."""
    from django.apps import apps

    from carecommons.participation.library import install

    install(apps)


def _open_round(cast) -> Round:
    round = services.round_create(user=cast.chris, title="Care money 2027", description="What should we fund next year?", budget=10_000_000,
                                  ballot_kind=Round.BallotKind.APPROVAL, rule=Round.Rule.EQUAL_SHARES, max_choices=0, points=10, split_total=0)
    for title, slug, pounds in (("Shared Lives short breaks", "accommodation", 40_000), ("Library café connector", "whole-community", 30_000)):
        services.proposal_add(round=round, title=title, description=f"{title}, for a year.", kind="community", area=Area.objects.get(slug=slug),
                              from_model=None, to_model=None, cost=pounds * 100)
    services.round_open(round=round)
    return round


def test_the_organiser_sends_codes_by_post_and_a_resident_votes_with_one(visit, cast, tmp_path: Path):
    round = _open_round(cast)
    chris = visit("chris-sends-letters")
    chris.sign_in("chris", f.PASSWORD)
    chris.click_link("Budgeting together", exact=True)
    chris.click_link("Care money 2027")
    chris.click_link("Send voting codes by post")
    assert chris.heading() == "Send voting codes by post" and "No lists imported yet." in chris.text()
    chris.click_button("Import the list")  # nothing chosen: each question says what it needs
    assert "Choose the CSV file with the list of households" in chris.text() and "Enter the last day to vote" in chris.text()
    chris.page.get_by_label("The list of households (CSV file)").set_input_files(
        files=[{"name": "households.csv", "mimeType": "text/csv", "buffer": LIST.encode()}])
    chris.choose("The electoral register")
    chris.fill("Day", "31").fill("Month", "12").fill("Year", "2099")
    chris.click_button("Import the list")
    text = chris.text()
    assert chris.heading() == "Letters with voting codes" and "The list is imported: 3 letters to print." in text
    assert re.search(r"Same household twice in this list\s+1 line: one letter each household", text) and "Thursday 31 December 2099" in text
    assert "A cell starts with = + - or @" in text and "HYPERLINK" not in text and "Jo Green" not in text
    assert "Open the letters to print, or download them, first." in text

    with chris.page.expect_download() as download:
        chris.page.get_by_role("link", name="Download all 3 letters as one file").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.endswith(".html") and len(CODE.findall(saved.read_text())) == 3

    chris.click_link("Open the letters to print")
    assert chris.heading() == "Letters to print"
    letters = chris.page.locator("article.cc-letter")
    assert letters.count() == 3
    first = letters.first.inner_text()
    assert "Flat 2, 14 Mill Road (fictional)" in first and "Your voting code for Care money 2027" in first
    assert "/vote" in first and "If you cannot vote online" in first and "Thursday 31 December 2099" in first
    code = CODE.search(first).group(0)
    chris.page.emulate_media(media="print")  # one letter a page, and only the letters
    assert chris.page.evaluate("() => getComputedStyle(document.querySelector('article.cc-letter')).breakAfter") == "page"
    assert chris.page.evaluate("() => getComputedStyle(document.querySelector('.govuk-service-navigation')).display") == "none"
    assert chris.page.evaluate("() => getComputedStyle(document.querySelector('.cc-no-print')).display") == "none"
    chris.screenshot("letters-print")
    chris.page.emulate_media(media="screen")

    chris.click_link("Letters with voting codes")
    chris.click_button("The letters are printed: delete the addresses")
    assert chris.heading() == "Are all the letters printed?" and "This cannot be undone." in chris.text()
    chris.click_button("Yes, they are printed: delete the addresses")
    text = chris.text()
    assert "Done: 3 addresses and codes are deleted." in text and "the addresses and codes were deleted then" in text
    assert "confirmed printed; addresses and codes deleted by chris" in text
    assert not PostalLetter.objects.exists() and LetterBatch.objects.get().printed_by == cast.chris
    assert Voter.objects.filter(round=round, letter_batch__isnull=False).count() == 3
    chris.click_link("Send voting codes by post")
    assert "3 households have been sent a code by post for this round." in chris.text()
    assert chris.page.get_by_role("table", name="Lists imported").get_by_role("row").nth(1).inner_text().split("\t")[1:] == [
        "Electoral register", "3", "Yes: addresses deleted"]

    jo = visit("jo-votes-by-letter", javascript=False)
    jo.goto("/vote")
    assert jo.heading() == "Vote with your code"
    jo.fill("Your voting code", "AAAA-BBBB-CCCC")
    jo.click_button("Continue")
    assert "There is a problem" in jo.text() and "This code has already been used, or voting has finished" in jo.text()
    jo.fill("Your voting code", code.lower())
    jo.click_button("Continue")
    assert jo.heading() == "Your vote"
    jo.choose("Library café connector: £30,000.00")
    jo.click_button("Continue")
    assert jo.heading() == "Check your vote"
    jo.click_button("Cast your vote")
    assert jo.heading() == "Your vote has been recorded"
    assert Ballot.objects.get(round=round).choices == [[round.proposals.get(title="Library café connector").pk, 1]]
    assert Voter.objects.get(round=round, has_voted=True).letter_batch is not None
