"""The budgets list costs the same however many budgets there are: page first, then summarise the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.budgets import services as s
from carecommons.budgets import views_budgets
from carecommons.budgets.models import BudgetReview, PersonalBudget, SupportPlan
from carecommons.rules import ledger
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db
QUERIES = 14  # sign-in and the page's own, the page of budgets and its count, four to summarise the page


def _budgets(cast: Any, n: int) -> list[PersonalBudget]:
    """One budget agreed through the services, then n - 1 copies of it, each with its own plan."""
    cast.priya.staff.budget_limit = 40_000
    cast.priya.staff.save()
    plan = s.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya), user=cast.ruth_user)
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="self", description="I cook")
    s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="personal_assistant",
                    weekly_cost=20_000, description="A personal assistant")
    s.plan_choose_management(plan=plan, way="council_arranged")
    s.plan_agree(plan=s.plan_submit(plan=plan), practitioner=cast.priya, notes="")
    budget = PersonalBudget.objects.get(plan=plan)
    made = [budget]
    for _ in range(n - 1):
        copy_plan = SupportPlan.objects.get(pk=plan.pk)
        copy_plan.pk = None
        copy_plan.save()
        copy = PersonalBudget.objects.get(pk=budget.pk)
        copy.pk, copy.plan = None, copy_plan
        copy.save()
        made.append(copy)
    return made


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the budget summaries worked out (the rule, wrapped)."""
    calls: list[int] = []
    real = ledger.summarise_budget

    def summarise_budget(**kwargs: Any) -> Any:
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(ledger, "summarise_budget", summarise_budget)
    return calls


def test_only_the_page_of_budgets_is_summarised(cast: Any, counted: list[int]) -> None:
    budgets = _budgets(cast, 30)
    counted.clear()
    response = client_for(cast.priya).get(reverse("budgets:list"))
    assert len(counted) == views_budgets.BUDGETS_A_PAGE == 25
    newest = sorted((b.pk for b in budgets), reverse=True)
    assert [row.budget.pk for row in response.context["rows"]] == newest[:25], "newest first"
    html = response.content.decode()
    assert "Page 1" in html and 'rel="next"' in html, "counted no further than a page: Next, not '1 of 2'"
    counted.clear()
    second = client_for(cast.priya).get(reverse("budgets:list") + "?page=2").content.decode()
    assert len(counted) == 5
    assert "Page 2" in second and 'rel="prev"' in second and 'rel="next"' not in second


def test_a_page_at_a_glance_says_what_each_budget_says_on_its_own(cast: Any) -> None:
    budgets = _budgets(cast, 3)
    BudgetReview.objects.create(budget=budgets[0], reviewed_on=timezone.localdate(), reviewed_by=cast.priya,
                                notes="All going well", created_at=timezone.now())
    today = timezone.localdate()
    fresh = list(PersonalBudget.objects.select_related("plan").filter(pk__in=[b.pk for b in budgets]))
    for row in s.budgets_at_a_glance(fresh, today=today):
        b = row.budget
        assert row.summary == s.summary(b, as_of=min(max(today, b.period_start), b.period_end))
        assert row.due == s.next_review(b) and row.overdue == (row.due < today)


def test_the_budgets_list_makes_the_same_queries_for_30_budgets_as_for_60(
        cast: Any, django_assert_max_num_queries: Any) -> None:
    _budgets(cast, 30)
    client = client_for(cast.priya)
    client.get(reverse("budgets:list"))  # warm the session
    with django_assert_max_num_queries(QUERIES):
        client.get(reverse("budgets:list"))
    _budgets(cast, 30)
    with django_assert_max_num_queries(QUERIES):
        client.get(reverse("budgets:list"))


def test_alerts_look_at_a_bounded_number_of_budgets_and_offer_to_look_further(
        cast: Any, counted: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    _budgets(cast, 12)
    monkeypatch.setattr(views_budgets, "ALERTS_LOOK_AT", 5)
    page = client_for(cast.priya).get(reverse("budgets:list") + "?show=alerts").content.decode()
    assert len(counted) == 5
    assert "Look at older budgets" in page
