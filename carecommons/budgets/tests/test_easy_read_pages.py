"""Easy read on the person's support plan and budget: pictures, short sentences, money as coins."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.budgets import services as s
from carecommons.rules.easy_read import money_picture
from carecommons.rules.money import pounds
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for


@pytest.fixture
def limits(cast: Any) -> None:
    cast.priya.staff.budget_limit = 40_000
    cast.priya.staff.save()


def _plan(cast: Any) -> Any:
    plan = s.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya, unmet=("nutrition", "relationships")),
                        user=cast.ruth_user)
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="self", description="I cook")
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="paid", paid_kind="personal_assistant", weekly_cost=20_000,
                    description="A personal assistant")
    return plan


def _easy(client: Any) -> None:
    client.get(reverse("assessments:easy-read"), {"on": "1", "next": "/"})


def test_the_support_plan_in_easy_read(cast: Any) -> None:
    plan = _plan(cast)
    ruth = client_for(cast.ruth_user)
    standard = ruth.get(reverse("budgets:plan", args=[plan.pk])).content.decode()
    assert "cc-easy__picture" not in standard and "Switch to easy read, with pictures" in standard
    _easy(ruth)
    html = ruth.get(reverse("budgets:plan", args=[plan.pk])).content.decode()
    assert "This is your <strong>support plan</strong>. It says how you will get the help you need." in html
    assert "You are still <strong>writing</strong> your plan." in html
    assert "To start with, there is <strong>£120.00</strong> a week for your support." in html
    assert "<strong>Food and drink</strong>: 2 things in your plan." in html
    assert "<strong>Family and friends</strong>: nothing in your plan yet." in html
    assert "Paid support in your plan costs <strong>£200.00</strong> a week." in html
    assert "That is <strong>more</strong> than the money to start with. Say why you need it." in html
    assert "Your plan in full" in html and "Indicative budget: £120.00 a week" in html
    assert html.count('class="cc-easy__picture') == 7


def test_staff_see_the_plan_in_their_own_words(cast: Any) -> None:
    plan = _plan(cast)
    priya = client_for(cast.priya)
    _easy(priya)
    html = priya.get(reverse("budgets:plan", args=[plan.pk])).content.decode()
    assert "cc-easy" not in html and "Switch to easy read" not in html


def _budget(cast: Any) -> Any:
    plan = _plan(cast)
    s.plan_item_remove(plan=plan, item_id=plan.items.get(met_by="paid").pk)
    s.plan_item_add(plan=plan, outcome="relationships", met_by="paid", paid_kind="personal_assistant", weekly_cost=10_000,
                    description="Going to see my sister")
    s.plan_choose_management(plan=plan, way="council_arranged")
    s.plan_submit(plan=plan)
    return s.plan_agree(plan=plan, practitioner=cast.priya, notes="").budget


def _summary(budget: Any) -> Any:
    return s.summary(budget, as_of=min(max(timezone.localdate(), budget.period_start), budget.period_end))


def test_the_budget_in_easy_read_shows_the_money_as_coins(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    ruth = client_for(cast.ruth_user)
    assert "cc-easy__money" not in ruth.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    _easy(ruth)
    html = ruth.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    summary = _summary(budget)
    planned, left = summary.forecast_spend - summary.spent, summary.forecast_balance
    assert summary.spent == 0 and planned > 0 and left >= 0
    assert "Your budget is <strong>£100.00</strong> a week." in html
    assert "You have <strong>spent</strong> £0.00." in html
    assert f"{pounds(planned)} is <strong>planned</strong> for the rest of the year." in html
    assert f"{pounds(left)} should be <strong>left</strong> at the end." in html
    assert "The <strong>council arranges</strong> your support. You do not handle the money." in html
    assert 'role="img" aria-labelledby="money-picture-title"' in html
    picture = money_picture(spent=0, planned=planned, left=left)
    assert f"<title id=\"money-picture-title\">{picture.title}</title>" in html and picture.counts["spent"] == 0
    assert "Your budget in full" in html and "Allowance and spend" in html


def test_a_budget_going_over_says_so_in_easy_read(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    s.record_money(budget=budget, what="payment", pence=130_000, on=budget.period_start, description="First weeks",
                   payee="Sam Green", user=cast.priya)
    ruth = client_for(cast.ruth_user)
    _easy(ruth)
    html = ruth.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    summary = _summary(budget)
    assert summary.forecast_balance < 0
    assert "You have <strong>spent</strong> £1,300.00." in html
    assert f"You may <strong>go over</strong> your budget by {pounds(-summary.forecast_balance)}. Talk to us soon." in html
    assert "should be <strong>left</strong>" not in html and "more is planned than there is" in html


def test_staff_see_the_budget_in_their_own_words(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    priya = client_for(cast.priya)
    _easy(priya)
    html = priya.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    assert "Allowance and spend" in html and "cc-easy" not in html and "Your money as 10 coins" not in html
