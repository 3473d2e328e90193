"""Issue 18, leaving hospital: a hospital social worker finds a ward's request on the team's list, makes the person's
record, agrees pathway 1 with the person's daughter (first with a mistake, and nothing typed is lost), records the
day she left; reablement starts with goals in her words, has a visit, and ends with no further support; 91 days
later the check is recorded. With JavaScript and without. Real Chromium, axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core.second_factor import new_key
from carecommons.hospital import services
from carecommons.hospital.models import (
    DischargePlan,
    DischargeRequest,
    HospitalTeam,
    ReablementEpisode,
    StillAtHomeCheck,
    Ward,
)
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _date(visitor, question: str, day: dt.date) -> None:
    group = visitor.page.get_by_role("group", name=question)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _choose(visitor, question: str, answer: str) -> None:
    visitor.page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_hospital_social_worker_agrees_pathway_1_and_reablement_ends_with_no_further_support(visit, javascript):
    today = timezone.localdate()
    team = f.TeamFactory(name="Hospital social work team")
    HospitalTeam.objects.create(team=team, designated_at=timezone.now())
    ward = Ward.objects.create(name="Ward 7", hospital="Ashby Vale General (fictional)", code="AVG-W7")
    services.discharge_request_receive(ward=ward, through="form", incoming=services.Incoming(
        identifier="EPR-1001", name="Edna Fictional", nhs_number="9434765919", date_of_birth=dt.date(1941, 5, 2),
        ready_on=today, proposed_pathway="1", what_matters="Getting back to her cat; her daughter Jo visits daily."))
    hal = f.UserFactory(username="hal", first_name="Hal", last_name="Fictional")
    f.StaffFactory(user=hal, role="practitioner", team=team)
    TOTPDevice.objects.create(user=hal, name="Authenticator app", key=new_key(), confirmed=True)

    worker = visit("hospital-social-worker", javascript=javascript)
    worker.context.set_default_timeout(20_000)
    worker.sign_in("hal", f.PASSWORD)
    worker.click_link("Leaving hospital")
    assert worker.heading() == "Leaving hospital"
    text = worker.text()
    assert "1 request, ready to leave longest first" in text and "0 days" in text
    worker.click_link("Edna Fictional")
    assert worker.heading() == "Edna Fictional"
    worker.click_link("Find their record or make one")
    assert worker.heading() == "Whose record is this request about?"
    assert "No record has the same name and date of birth." in worker.text()
    worker.click_button("Make a new record")
    assert "A new record has been made and this request is linked to it." in worker.text()

    # First a conversation, recorded the way the front door records one; saved, and back to the request.
    worker.click_link("record a conversation with Edna Fictional")
    assert worker.heading() == "Record a conversation" and "Edna Fictional" in worker.text()
    worker.fill("What matters to them, in their words", "Getting home to Biscuit, my cat.")
    worker.fill("Who was there? (optional)", "Edna and her daughter Jo")
    worker.choose("Follow up with another conversation")
    worker.click_button("Save the record")
    assert worker.heading() == "Edna Fictional" and "The conversation has been recorded." in worker.text()

    # Pathway 2 typed by mistake with no reasons: a clear message, and what was typed stays.
    worker.click_link("Plan with the person and family")
    assert worker.heading() == "Plan with the person and their family"
    worker.fill("What matters to them, in their own words", "I want to be home for my cat, Biscuit.")
    worker.fill("Who took part in the conversation?", "Edna and her daughter Jo")
    _choose(worker, "Which pathway was agreed?", "Pathway 2: a short-term bed, to recover and get stronger")
    worker.click_button("Save the plan")
    assert "Say in at least 5 words why another pathway was agreed" in worker.text()
    assert worker.page.get_by_label("Who took part in the conversation?").input_value() == "Edna and her daughter Jo"
    _choose(worker, "Which pathway was agreed?", "Pathway 1: home, with support")
    _date(worker, "The day they left hospital (when they have left)", today)
    worker.click_button("Save the plan")
    text = worker.text()
    assert "The plan has been saved." in text and "Pathway 1: home, with support, as the ward proposed." in text
    assert "Edna and her daughter Jo" in text and "Left hospital" in text

    worker.click_link("Start reablement")
    worker.fill("Their goals, in their own words", "Feed Biscuit and make my own cup of tea.")
    worker.click_button("Start reablement")
    last_free = today + dt.timedelta(days=41)
    assert f"Free until {last_free:%-d %B %Y}." in worker.text()
    worker.click_link("Add a visit")
    _date(worker, "Day of the visit", today)
    worker.fill("What happened on the visit", "Made tea with the kettle tipper. Fed Biscuit.")
    worker.click_button("Save the visit")
    worker.click_link("End reablement")
    _date(worker, "Day reablement ended", today)
    worker.fill("What can they do now?", "I make my own tea and feed Biscuit.")
    _choose(worker, "What happened next?", "No further support needed")
    worker.click_button("End reablement")
    text = worker.text()
    assert "Reablement has ended." in text and "No further support needed" in text
    episode = ReablementEpisode.objects.get()
    assert (episode.sequel, episode.ended_on) == ("no_further_support", today)

    # 95 days later (moved back here): the check is due on the team's list, and recorded.
    back = dt.timedelta(days=95)
    DischargePlan.objects.update(left_on=today - back)
    ReablementEpisode.objects.update(started_on=today - back, ended_on=today - back)
    worker.click_link("Back")
    assert "Checks due" in worker.text()
    worker.click_link("Record the answer for Edna Fictional")
    assert worker.heading() == "Are they still at home?"
    worker.click_button("Save the answer")
    assert "Choose where they are now" in worker.text()
    _choose(worker, "Where are they now?", "Still at home")
    worker.fill("Who told you?", "Her daughter Jo")
    worker.click_button("Save the answer")
    assert worker.heading() == "Leaving hospital" and "The answer has been recorded." in worker.text()
    assert "Checks due" not in worker.text()
    check = StillAtHomeCheck.objects.get()
    assert (check.answer, check.spoke_to, check.checked_on) == ("at_home", "Her daughter Jo", today)
    assert DischargeRequest.objects.get().status == "left_hospital"
    for path in ("/hospital/team/", "/plan/", "/reablement/", "/reablement/visit/", "/reablement/end/",
                 "/still-at-home/", "/person/"):
        assert any(path in url for url in worker.scanned), path
