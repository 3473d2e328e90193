"""Issue 17, the enquiry: a practitioner on the safeguarding team names Ruth's practitioner from another team in her
enquiry (after being told plainly that a commissioner cannot be named), reviews the plan agreed with Ruth and then
changes it (the old version kept as history); the practitioner named signs in and reads the concern, read-only and
without who raised it; refused a concern not yet linked to anyone, her refusal is reviewed by the safeguarding team's
manager. Real Chromium, axe on every page; the team's pages also without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core.second_factor import new_key
from carecommons.rules.safeguarding import Capacity, EnquiryStart, OutcomesAsked
from carecommons.safeguarding import services
from carecommons.safeguarding.models import (
    Involvement,
    SafeguardingPlan,
    SafeguardingPlanReview,
    SafeguardingTeam,
)
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _staff(username: str, role: str, team, first: str, last: str):
    user = f.UserFactory(username=username, first_name=first, last_name=last, email=f"{username}@example.org")
    f.StaffFactory(user=user, role=role, team=team)
    TOTPDevice.objects.create(user=user, name="Authenticator app", key=new_key(), confirmed=True)
    return user


def _date(visitor, question: str, day: dt.date) -> None:
    group = visitor.page.get_by_role("group", name=question)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "no-js"])
def test_the_team_names_someone_in_the_enquiry_and_reviews_and_changes_the_plan(visit, cast, javascript):
    team = f.TeamFactory(name="Adult safeguarding team")
    SafeguardingTeam.objects.create(team=team, designated_at=timezone.now())
    sita = _staff("sita", "practitioner", team, "Sita", "Kaur")
    nadia = _staff("nadia", "practitioner", f.TeamFactory(name="Riverside community team"), "Nadia", "Osei")
    _staff("chris2", "commissioner", None, "Chris", "Mensah")
    concern = services.concern_raise(raised=services.Raised(
        what_happened="Her nephew takes her pension every Friday (fictional).", immediate_danger="no",
        raiser_name="Dev Patel", raiser_relationship="neighbour"), person=cast.ruth)
    concern = services.concern_triage(
        concern=concern, user=sita, base_version=1, needs=True, abuse_or_neglect=True, unable_to_protect=True,
        route="s42_enquiry", reasons="She may not be able to stop him because of her memory.",
        abuse_types=["financial"], location="own_home", source_of_risk="known")
    concern = services.enquiry_start(concern=concern, user=sita, base_version=2, start=EnquiryStart(
        OutcomesAsked.YES, "I want my money to be safe, and to keep seeing him.", "", False, "", "", Capacity.HAS))
    today = timezone.localdate()
    services.plan_record(concern=concern, user=sita, kind="risk_enablement",
                         risks_chosen="I will keep seeing my nephew on Sundays.",
                         support="Her pension goes to an account only she can use.",
                         who_does_what="Sita calls her each week; the bank checks withdrawals.",
                         review_on=today + dt.timedelta(days=60), person_agrees=True)

    v = visit("sita-enquiry" + ("" if javascript else "-no-js"), javascript=javascript)
    v.context.set_default_timeout(20_000)
    v.sign_in("sita", f.PASSWORD)
    v.goto(f"/safeguarding/concerns/{concern.pk}/")
    assert v.heading() == f"Safeguarding concern about {cast.ruth.full_name}"
    assert "Who else can see it" in v.text()

    # Naming: a commissioner is refused, plainly, and what was typed stays.
    v.click_link("Change who is named")
    assert v.heading() == "People named in this concern"
    assert "You cannot name the alleged source of risk, a commissioner" in v.text()
    v.fill("Who do you want to name?", "chris2@example.org")
    v.fill("Why do they need to see it?", "Commissions her home care")
    v.click_button("Name them")
    assert "Chris Mensah is a commissioner. Commissioners never see a safeguarding concern" in v.text()
    assert v.page.get_by_label("Why do they need to see it?").input_value() == "Commissions her home care"
    v.fill("Who do you want to name?", "Nadia Osei")
    v.fill("Why do they need to see it?", "Her occupational therapist in Riverside")
    v.click_button("Name them")
    assert "Nadia Osei is named in" in v.page.inner_text("body")
    assert "Her occupational therapist in Riverside" in v.text()
    assert Involvement.objects.get(concern=concern).user == nadia
    v.click_link("Back to the concern")

    # Reviewing the plan: a next review more than six months away is refused; then saved.
    v.click_link("Review this plan")
    assert v.heading() == "Review the plan"
    _date(v, "When was the plan reviewed?", today)
    v.fill("What has changed since the plan was agreed?", "The bank stopped two large withdrawals.")
    v.page.get_by_role("group", name="Do they (or their representative) still agree to the plan?").get_by_label(
        "Yes", exact=True).check()
    _date(v, "When is the next review?", today + dt.timedelta(days=200))
    v.click_button("Save the review")
    assert "The next review must be within 6 months of this one" in v.text()
    assert v.page.get_by_label("What has changed since the plan was agreed?").input_value() == (
        "The bank stopped two large withdrawals.")
    _date(v, "When is the next review?", today + dt.timedelta(days=90))
    v.click_button("Save the review")
    assert v.heading() == f"Safeguarding concern about {cast.ruth.full_name}"
    assert "The bank stopped two large withdrawals." in v.text()
    assert SafeguardingPlanReview.objects.count() == 1

    # Changing it: a new version; the old one kept as history.
    v.click_link("change it")
    assert v.heading() == "Change the plan"
    v.fill("What has changed in the plan, and why?", "She asked to see him only where staff are around.")
    v.fill("Which risks do they choose to take, in their words?", "I will see my nephew only at the day centre.")
    _date(v, "When will the plan be reviewed?", today + dt.timedelta(days=120))
    v.click_button("Save the changed plan")
    assert "A plan is agreed with the person" in v.text()  # not yet agreed: nothing saved, nothing lost
    assert v.page.get_by_label("What has changed in the plan, and why?").input_value() == (
        "She asked to see him only where staff are around.")
    v.page.get_by_label("They (or their representative) agree to this plan").check()
    v.click_button("Save the changed plan")
    text = v.text()
    assert "version 2" in text and "I will see my nephew only at the day centre." in text
    assert "Earlier versions of this plan (1)" in text
    assert SafeguardingPlan.objects.filter(concern=concern).count() == 2

    # Nadia, named, reads the concern: no changes, and not who raised it.
    n = visit("nadia-named" + ("" if javascript else "-no-js"), javascript=javascript)
    n.context.set_default_timeout(20_000)
    n.sign_in("nadia", f.PASSWORD)
    n.goto(f"/safeguarding/concerns/{concern.pk}/")
    text = n.text()
    assert "I will see my nephew only at the day centre." in text
    assert "Only the safeguarding team can see who raised a concern." in text and "Dev Patel" not in text
    assert "Who else can see it" not in text and "Review this plan" not in text

    # A concern not yet linked to anyone's record: Nadia is refused it, and only the safeguarding team's manager
    # reviews that refusal (axe on the review page with it listed).
    unlinked = services.concern_raise(raised=services.Raised(
        what_happened="I have not seen my neighbour for a week (fictional).", immediate_danger="no",
        about_name="Mrs Gwen Arbuckle", raiser_relationship="neighbour"))
    n.goto(f"/safeguarding/concerns/{unlinked.pk}/")
    assert "Mrs Gwen Arbuckle" not in n.text()
    _staff("sam", "manager", team, "Sam", "Ward")
    m = visit("sam-reviews" + ("" if javascript else "-no-js"), javascript=javascript)
    m.context.set_default_timeout(20_000)
    m.sign_in("sam", f.PASSWORD)
    m.goto("/people/reviews/")
    text = m.text()
    assert "Refused: records not yet linked to a person (1 to review)" in text
    assert "Nadia Osei" in text and unlinked.reference in text and "Mrs Gwen Arbuckle" not in text
    m.click_button(f"Nadia Osei, Safeguarding concern {unlinked.reference}")  # "Mark as reviewed: ..."
    assert "Marked as reviewed." in m.text() and unlinked.reference not in m.text()
