"""Personal budget journeys in real Chromium, with an axe-core scan of every page visited."""

from __future__ import annotations

import pytest

from carecommons.budgets import services
from carecommons.budgets.models import SupportPlan
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _limits(cast):
    for user, limit in ((cast.priya, 40_000), (cast.morgan, 150_000)):
        user.staff.budget_limit = limit
        user.staff.save()


def test_a_person_drafts_a_plan_chooses_how_it_is_managed_and_reads_a_statement(visit, cast):
    _limits(cast)
    assessment = f.eligible_assessment(cast.ruth, by=cast.priya, unmet=("nutrition", "community_facilities"))
    ruth = visit("ruth-planning", javascript=False)
    ruth.sign_in("ruth", f.PASSWORD)
    ruth.goto(f"/assessments/{assessment.pk}/")
    ruth.click_button("Start the support plan")
    assert ruth.heading() == "Your support plan"
    text = ruth.text()
    assert "Indicative budget: £120.00 a week" in text and "council's published starting figure" in text

    ruth.click_link("Add how this will be met")  # the first: eating and drinking, so that page is skipped
    assert ruth.heading() == "Who or what will help?"
    ruth.choose("Family and friends")
    ruth.click_button("Continue")
    assert ruth.heading() == "What will happen?"
    ruth.fill("What will happen?", "My son cooks a big meal on Sundays and I freeze portions")
    ruth.click_button("Continue")
    assert ruth.heading() == "Check what you are adding to the plan"
    assert "Cost each week" not in ruth.text(), "asked only for paid support"
    ruth.click_button("Add to the plan")
    ruth.click_link("Add to the plan")
    ruth.click_button("Continue")
    assert "Select which thing this is for" in ruth.text()
    ruth.choose("Making use of necessary facilities or services in the local community", exact=False)
    ruth.click_button("Continue")
    assert not ruth.page.get_by_label("Cost each week").count(), "one thing a page"
    ruth.choose("Paid support").click_button("Continue")
    ruth.fill("What will happen?", "Someone to go with me to the swimming pool twice a week").click_button("Continue")
    assert ruth.heading() == "About the paid support"
    ruth.choose("A personal assistant").fill("Cost each week", "6240p").click_button("Continue")
    assert "There is a problem" in ruth.text()
    assert ruth.page.get_by_label("A personal assistant").is_checked(), "nothing typed is lost"
    ruth.fill("Cost each week", "62.40").click_button("Continue")
    assert "£62.40" in ruth.text()
    ruth.page.get_by_role("link", name="Change what will happen").click()
    ruth.checked()
    assert ruth.page.get_by_label("What will happen?").input_value().startswith("Someone to go with me")
    ruth.fill("What will happen?", "Someone to go with me to the swimming pool on Mondays and Thursdays")
    ruth.click_button("Continue")
    assert "Mondays and Thursdays" in ruth.text()
    ruth.click_button("Add to the plan")
    assert "£62.40 a week" in ruth.text()

    ruth.click_link("Choose")
    assert not ruth.page.locator("input[name=way]:checked").count()  # no default: the person chooses
    ruth.choose("The council arranges it")
    ruth.click_button("Save my choice")
    ruth.click_button("Send the plan for agreement")
    assert "Your plan has been sent" in ruth.text()

    priya = visit("priya-agreeing")
    priya.sign_in("priya", f.PASSWORD)
    priya.click_link("Budgets", exact=True)
    priya.click_link("Plans waiting for a decision")
    priya.click_link("Ruth Okafor")
    priya.click_link("Agree the budget")
    assert "within your delegated limit" in priya.text()
    priya.click_button("Agree the budget")
    assert "Budget agreed: £62.40 a week" in priya.text()

    ruth.click_link("Your record")
    ruth.click_link("budget of £62.40 a week")
    assert ruth.heading() == "Your budget"
    assert "£3,244.80" in ruth.text()  # 52 weeks at £62.40
    ruth.click_link("Statement for", exact=False)
    assert "Budget for 52 weeks at £62.40 a week" in ruth.text()
    ruth.click_link("Printable statement")
    assert ruth.heading() == "Budget statement for Ruth Okafor"


def test_a_practitioner_agrees_a_direct_payment_above_their_limit_and_a_colleague_signs_it_off(visit, cast):
    _limits(cast)
    plan = services.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya), user=cast.ruth_user)
    services.plan_item_add(plan=plan, outcome="nutrition", met_by="self", description="I make breakfast")
    services.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="personal_assistant",
                           description="Two personal assistants, mornings and evenings", weekly_cost=61_000)
    services.plan_choose_management(plan=plan, way="direct_payment")
    services.plan_submit(plan=plan)

    priya = visit("priya-above-limit")
    priya.sign_in("priya", f.PASSWORD)
    priya.goto(f"/plans/{plan.pk}/")
    priya.click_link("Agree the budget")
    assert "above your delegated limit of £400.00 a week" in priya.text()
    page = priya.page
    for question, answer in (("Can they ask for a direct payment themselves?", "Yes"),
                             ("Do the regulations exclude a direct payment here?", "No"),
                             ("Can it be managed, with the help that is available?", "Yes"),
                             ("Is a direct payment an appropriate way to meet the needs?", "Yes"),
                             ("Will it pay a partner or close relative who lives in the same household?", "No")):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_label("Who will sign it off?").select_option(label="Morgan Lee, team manager (limit £1,500.00 a week)")
    priya.fill("Notes for the person (optional)", "Two people are needed to move Ruth safely")
    priya.click_button("Agree and ask for sign-off")
    assert "Morgan Lee has been asked to sign it off" in priya.text()

    morgan = visit("morgan-signing-off")
    morgan.sign_in("morgan", f.PASSWORD)
    morgan.click_link("Budgets", exact=True)
    morgan.click_link("Plans waiting for a decision")
    morgan.click_link("Ruth Okafor")
    morgan.click_link("Sign off the budget")
    morgan.click_button("Sign it off")
    assert "Give your reasons for signing it off" in morgan.text()
    morgan.fill("Your reasons for signing it off", "Two carers are needed for every transfer; the costs are fair")
    morgan.click_button("Sign it off")
    plan.refresh_from_db()
    assert plan.status == SupportPlan.Status.AGREED
    assert "Budget agreed: £610.00 a week" in morgan.text() and "signed off by Morgan Lee" in morgan.text()
    morgan.click_link("See the budget")
    morgan.click_link("Record a review")
    morgan.goto("/funding/")
    assert morgan.heading() == "Who pays for care: funding policies side by side"


def test_adding_to_a_plan_page_by_page_on_a_small_screen_without_javascript(visit, cast):
    from django.utils import timezone

    from carecommons.directory.models import Service

    Service.objects.create(name="Thursday lunch club (fictional)", last_modified=timezone.now())
    plan = services.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya), user=cast.ruth_user)
    phone = visit("ruth-phone", javascript=False, width=320)
    phone.sign_in("ruth", f.PASSWORD)
    phone.goto(f"/plans/{plan.pk}/")
    phone.click_link("Add to the plan")
    seen = []
    for step in (lambda: phone.choose("Managing and maintaining nutrition", exact=False),
                 lambda: phone.choose("A community group").page.get_by_label("Which community group or service?")
                 .select_option(label="Thursday lunch club (fictional)"),
                 lambda: phone.fill("What will happen?", "Lunch club on Thursdays")):
        assert phone.overflowing() == [], "nothing is wider than the screen"
        seen.append(phone.heading())
        step()
        phone.click_button("Continue")
    assert seen == ["Which thing that is hard to do is this for?", "Who or what will help?", "What will happen?"]
    assert phone.heading() == "Check what you are adding to the plan"
    assert phone.overflowing() == []
    assert "Thursday lunch club (fictional)" in phone.text()
    phone.click_link("Back")
    assert phone.heading() == "What will happen?"
    phone.click_button("Continue")
    phone.click_button("Add to the plan")
    assert "Lunch club on Thursdays" in phone.text()
    assert phone.overflowing() == []
