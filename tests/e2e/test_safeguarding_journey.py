"""Issue 17, safeguarding: a neighbour raises a concern without an account (with JavaScript and without); a
practitioner on the safeguarding team links it to the person's record, triages it to a section 42 enquiry, opens
the enquiry with what the person wants in her own words and an independent advocate, and closes it with her
outcomes partly achieved. Real Chromium, axe on every page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core.second_factor import new_key
from carecommons.safeguarding.models import Concern, SafeguardingTeam
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _choose(visitor, question: str, answer: str) -> None:
    visitor.page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def _neighbour_raises(visitor) -> str:
    visitor.context.set_default_timeout(20_000)  # the first page of a fresh live server on a busy machine
    visitor.goto("/")
    visitor.click_link("Tell us you are worried about an adult")
    assert visitor.heading() == "Tell us you are worried about an adult"
    text = visitor.text()
    assert text.index("If someone is in danger now, call 999.") < text.index("Is anyone in danger right now?")
    # Sent with nothing answered: clear messages, and what was typed stays.
    visitor.fill("Who are you worried about? (optional)", "Evelyn Marsh")
    visitor.fill("Your phone number (optional)", "12345")
    visitor.click_button("Send to the safeguarding team")
    text = visitor.text()
    assert "There is a problem" in text
    assert "Say whether anyone is in danger right now" in text
    assert "Tell us what has happened, or what you are worried might happen" in text
    assert "Enter a UK phone number with 10 or 11 digits" in text
    assert visitor.page.get_by_label("Who are you worried about? (optional)").input_value() == "Evelyn Marsh"
    # Answered, with no contact details: the neighbour does not want to be known.
    _choose(visitor, "Is anyone in danger right now?", "No")
    visitor.fill("Where do they live? (optional)", "4 Mill Road, Eastgate (fictional)")
    visitor.fill("What has happened, or what are you worried might happen?",
                 "A man comes every Friday and takes her pension. She seems frightened and has lost weight.")
    _choose(visitor, "Do they know you are telling us? (optional)", "No")
    visitor.fill("What do they want to happen? (optional)", "She said she wants him to stop coming.")
    _choose(visitor, "Who are you? (optional)", "A neighbour")
    visitor.fill("Your phone number (optional)", "")
    visitor.click_button("Send to the safeguarding team")
    assert visitor.heading() == "Your concern has been sent"
    text = visitor.page.locator("main").inner_text()
    concern = Concern.objects.get(about_name="Evelyn Marsh")
    assert concern.reference in text
    assert "What happens next" in text and "we cannot tell you what happens" in text
    assert (concern.raiser_phone, concern.raiser_name, concern.raiser_relationship) == ("", "", "neighbour")
    return concern.reference


def test_a_neighbour_raises_a_concern_without_an_account_without_javascript(visit):
    _neighbour_raises(visit("neighbour-no-js", javascript=False))


def test_a_neighbour_raises_a_concern_and_a_practitioner_triages_it_to_a_section_42_enquiry(visit):
    reference = _neighbour_raises(visit("neighbour"))

    team = f.TeamFactory(name="Adult safeguarding team")
    SafeguardingTeam.objects.create(team=team, designated_at=timezone.now())
    sita = f.UserFactory(username="sita", first_name="Sita", last_name="Kaur")
    f.StaffFactory(user=sita, role="practitioner", team=team)
    TOTPDevice.objects.create(user=sita, name="Authenticator app", key=new_key(), confirmed=True)

    practitioner = visit("sita-triage")
    practitioner.sign_in("sita", f.PASSWORD)
    practitioner.click_link("Safeguarding concerns")
    assert practitioner.heading() == "Safeguarding concerns"
    text = practitioner.text()
    assert "1 new concern waiting for a decision" in text and "Evelyn Marsh" in text and "minute" in text
    practitioner.click_link(reference)
    assert practitioner.heading() == "Safeguarding concern about Evelyn Marsh"
    text = practitioner.text()
    assert "A man comes every Friday and takes her pension." in text
    assert "She said she wants him to stop coming." in text
    assert "No name given" in text and "No contact details given" in text
    practitioner.click_link("Find their record, or make one")
    assert practitioner.heading() == "Whose record is this concern about?"
    assert "No record matches" in practitioner.text()
    practitioner.click_button("Make a new record")
    assert practitioner.heading() == "Safeguarding concern about Evelyn Marsh"
    assert "linked to it" in practitioner.page.inner_text("body")
    assert Concern.objects.get(reference=reference).person.full_name == "Evelyn Marsh"
    practitioner.click_link("Decide what happens next")
    assert practitioner.heading() == "Decide what happens next"

    # A route that does not fit the tests is refused, and nothing chosen is lost.
    for question in ("Is there reasonable cause to suspect they have needs for care and support?",
                     "Is there reasonable cause to suspect they are experiencing abuse or neglect",
                     "Is there reasonable cause to suspect that, because of those needs"):
        practitioner.page.get_by_role("group", name=question).get_by_label("Yes", exact=True).check()
    _choose(practitioner, "What happens next?", "Information and advice")
    practitioner.fill("Your reasons", "She has dementia, and a man is taking her pension every Friday.")
    practitioner.page.get_by_label("Financial or material abuse").check()
    _choose(practitioner, "Where is the risk?", "Their own home")
    _choose(practitioner, "Who is the risk from?", "Someone they know (not a service provider)")
    practitioner.click_button("Record the decision")
    assert "All three tests are met, so the council must make a section 42 enquiry" in practitioner.text()
    assert practitioner.page.get_by_label("Your reasons").input_value() == (
        "She has dementia, and a man is taking her pension every Friday.")

    _choose(practitioner, "What happens next?", "A section 42 enquiry")
    practitioner.click_button("Record the decision")
    assert practitioner.heading() == "Safeguarding concern about Evelyn Marsh"
    text = practitioner.text()
    assert "Your decision on" in practitioner.page.inner_text("body")
    assert "A section 42 enquiry" in text and "Sita Kaur" in text
    assert "All three tests are met, so the council must make enquiries (Care Act 2014, section 42(1))." in text
    concern = Concern.objects.get(reference=reference)
    assert (concern.state, concern.route, concern.decided_by_name) == ("triaged", "s42_enquiry", "Sita Kaur")

    # The enquiry, led by what she wants; she would struggle to take part and has nobody: an advocate (s68).
    practitioner.click_link("Open the enquiry")
    assert practitioner.heading() == "Open the enquiry"
    assert "She said she wants him to stop coming." in practitioner.text()
    _choose(practitioner, "Was the person (or their representative) asked what outcome they want?",
            "Yes, and they said what they want")
    practitioner.fill("What do they want to happen, in their own words?",
                      "I want him to stop taking my money, but I still want to see my grandson.")
    _choose(practitioner, "Would they have substantial difficulty taking part in the enquiry?", "Yes")
    practitioner.click_button("Open the enquiry")
    assert "They need an independent advocate (Care Act 2014, section 68)" in practitioner.text()
    assert "Say whether they lack mental capacity to make decisions about this enquiry" in practitioner.text()
    _choose(practitioner, "Does the person lack mental capacity to make decisions about this enquiry?",
            "Not assessed yet")
    practitioner.fill("Independent advocate arranged (optional)", "Jo Bright, Ashby Vale Advocacy (fictional)")
    practitioner.click_button("Open the enquiry")
    assert practitioner.heading() == "Safeguarding concern about Evelyn Marsh"
    text = practitioner.text()
    assert "Enquiry open" in text and "Independent advocate: Jo Bright" in text
    assert "Lacks mental capacity to make decisions about this enquiry?" in text and "Not assessed yet" in text
    assert "I want him to stop taking my money, but I still want to see my grandson." in text

    practitioner.click_link("Close it")
    assert practitioner.heading() == "Close the enquiry"
    _choose(practitioner, "Did they get the outcome they wanted?", "Partly achieved")
    _choose(practitioner, "What happened to the risk?", "The risk remains")
    practitioner.fill("Why is it closing?", "Her pension now goes to an account only she and the bank can use.")
    practitioner.click_button("Close it")
    assert "Say in at least 5 words why the risk remains" in practitioner.text()
    assert practitioner.page.get_by_label("Why is it closing?").input_value() == (
        "Her pension now goes to an account only she and the bank can use.")
    practitioner.fill("Why does the risk remain?", "She chooses to keep seeing her grandson, knowing the risk.")
    practitioner.click_button("Close it")
    text = practitioner.text()
    assert "Closed" in text and "Partly achieved" in text and "The risk remains: She chooses" in text
    concern.refresh_from_db()
    assert (concern.state, concern.outcomes_achieved, concern.risk, concern.advocate) == (
        "closed", "partially", "remains", "Jo Bright, Ashby Vale Advocacy (fictional)")


def test_the_person_signs_in_and_reads_her_enquiry_and_its_outcomes(visit, cast):
    from carecommons.rules.safeguarding import Capacity, EnquiryStart, OutcomesAsked
    from carecommons.safeguarding import services

    team = f.TeamFactory(name="Adult safeguarding team")
    SafeguardingTeam.objects.create(team=team, designated_at=timezone.now())
    sita = f.UserFactory(username="sita", first_name="Sita", last_name="Kaur")
    f.StaffFactory(user=sita, role="practitioner", team=team)
    concern = services.concern_raise(raised=services.Raised(
        what_happened="Her nephew takes her pension every Friday (fictional).", immediate_danger="no",
        raiser_name="Dev Patel", raiser_relationship="neighbour"), person=cast.ruth)
    concern = services.concern_triage(
        concern=concern, user=sita, base_version=1, needs=True, abuse_or_neglect=True, unable_to_protect=True,
        route="s42_enquiry", reasons="She may not be able to stop him because of her memory.",
        abuse_types=["financial"], location="own_home", source_of_risk="known")
    concern = services.enquiry_start(concern=concern, user=sita, base_version=2, start=EnquiryStart(
        OutcomesAsked.YES, "I want my money to be safe, and to keep seeing him.", "", False, "", "", Capacity.HAS))
    services.concern_close(concern=concern, user=sita, base_version=3, outcomes_achieved="partially",
                           risk="reduced", risk_why="", reasons="Her pension now goes to an account only she can use.")

    ruth = visit("ruth-own-enquiry", javascript=False)
    ruth.context.set_default_timeout(20_000)
    ruth.sign_in("ruth", f.PASSWORD)
    ruth.goto("/my-record/")
    ruth.click_link("Worries about your safety that were reported to us")
    assert ruth.heading() == "Worries about your safety"
    text = ruth.text()
    assert concern.reference in text
    assert "I want my money to be safe, and to keep seeing him." in text
    assert "Partly achieved" in text and "The risk was reduced" in text
    assert "Her pension now goes to an account only she can use." in text
    assert "Dev Patel" not in text and "neighbour" not in text.lower()
