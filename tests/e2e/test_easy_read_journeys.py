"""A person with easy read switched on, on a small phone (320 px) without JavaScript: a task of their own assessment,
their decision, their support plan and their budget. Every page is scanned by axe and nothing is wider than the screen."""

from __future__ import annotations

import pytest

from carecommons.budgets import services
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits(visitor, name: str) -> None:
    assert visitor.overflowing() == [], name
    assert visitor.page.locator("main .cc-easy__picture").count() >= 1, f"pictures on {name}"
    visitor.screenshot(f"easy-read-{name}-320px")


def test_a_person_in_easy_read_assesses_sees_their_decision_plan_and_budget(visit, cast):
    cast.priya.staff.budget_limit = 40_000
    cast.priya.staff.save()
    ruth = visit("ruth-easy-read", javascript=False, width=320)
    ruth.sign_in("ruth", f.PASSWORD)
    ruth.click_link("Start an assessment")
    ruth.click_link("Switch to easy read, with pictures")
    assert "There are no wrong answers." in ruth.text()
    _fits(ruth, "start")
    ruth.choose("My own needs: the help I need in my own life").click_button("Start")
    assert "There are 12 questions about your life." in ruth.text()
    _fits(ruth, "tasks")
    ruth.click_link("What matters to you")
    assert "Tell us what you would like to be different." in ruth.text()
    _fits(ruth, "about")
    ruth.fill("What matters to you", "Going to the market on Saturdays")
    ruth.click_button("Save")
    ruth.click_link("Food and drink")
    assert ruth.heading() == "Food and drink: how is it for you?"
    assert "This page is about food and drink." in ruth.text()
    assert "Like getting food, making meals, and eating enough." in ruth.text()
    _fits(ruth, "question")
    ruth.choose("I need help").click_button("Save and come back later")
    assert "You can come back to them at any time" in ruth.page.get_by_role("alert").inner_text()
    ruth.click_link("Check your answers and send")
    assert "A practitioner reads them and decides." in ruth.text()
    _fits(ruth, "check")

    decided = f.eligible_assessment(cast.ruth, by=cast.priya, unmet=("nutrition", "community_facilities"))
    ruth.goto(f"/assessments/{decided.pk}/")
    text = ruth.text()
    assert "You can get support from the council." in text and "You need help with going out." in text
    assert "If you disagree, tell us. We will look again." in text and "The decision in full" in text
    _fits(ruth, "decision")

    ruth.click_button("Start the support plan")
    assert ruth.heading() == "Your support plan"
    text = ruth.text()
    assert "You are still writing your plan." in text and "Food and drink: nothing in your plan yet." in text
    _fits(ruth, "plan")

    plan = decided.support_plans.get()
    services.plan_item_add(plan=plan, outcome="nutrition", met_by="family", description="My son cooks on Sundays")
    services.plan_item_add(plan=plan, outcome="community_facilities", met_by="paid", paid_kind="personal_assistant",
                           weekly_cost=6_240, description="Someone to go swimming with me")
    services.plan_choose_management(plan=plan, way="council_arranged")
    services.plan_submit(plan=plan)
    services.plan_agree(plan=plan, practitioner=cast.priya, notes="")
    ruth.goto(f"/plans/{plan.pk}/")
    text = ruth.text()
    assert "Your plan is agreed." in text and "Your budget is £62.40 a week." in text
    assert "Going out: 1 thing in your plan." in text
    ruth.click_link("See the budget")
    assert ruth.heading() == "Your budget"
    text = ruth.text()
    assert "Your budget is £62.40 a week." in text and "You have spent £0.00." in text
    assert "The council arranges your support." in text
    picture = ruth.page.get_by_role("img", name="Your money as 10 coins", exact=False)
    assert picture.count() == 1 and picture.bounding_box()["width"] <= 320
    _fits(ruth, "budget")
    ruth.click_link("Switch back to standard words")
    assert ruth.page.locator("main .cc-easy__picture").count() == 0 and "Allowance and spend" in ruth.text()
    assert len(ruth.scanned) >= 12
