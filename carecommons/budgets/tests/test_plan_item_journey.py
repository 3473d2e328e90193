"""Adding to a support plan one question a page (ADR 0032), through the Django test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from carecommons.budgets import services as s
from carecommons.budgets.models import PlanItem
from carecommons.people.models import AccessEvent
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

FIELDS = ("outcome", "met_by", "description", "community_group", "paid_kind", "supplier", "weekly_cost")


@pytest.fixture
def plan(cast: Any) -> Any:
    return s.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya, unmet=("nutrition", "community_facilities")),
                        user=cast.ruth_user)


def _step(plan: Any, step: str) -> str:
    return reverse("budgets:plan-item-step", args=[plan.pk, step])


def _check(plan: Any) -> str:
    return reverse("budgets:plan-item-check", args=[plan.pk])


def _item(item: PlanItem) -> dict[str, Any]:
    return {k: getattr(item, k) for k in ("outcome", "met_by", "description", "community_group_id", "paid_kind", "supplier",
                                          "weekly_cost")}


def test_paid_support_page_by_page_saves_what_the_one_page_form_saved(cast: Any, plan: Any) -> None:
    ruth = client_for(cast.ruth_user)
    start = ruth.get(reverse("budgets:plan-item-add", args=[plan.pk]))
    assert start.url == _step(plan, "need")
    page = ruth.get(start.url).content.decode()
    assert "Which thing that is hard to do is this for?" in page and "What will happen?" not in page
    assert "Cost each week" not in page

    empty = ruth.post(_step(plan, "need"), {}).content.decode()
    assert "There is a problem" in empty and "Select which thing this is for" in empty
    assert ruth.post(_step(plan, "need"), {"outcome": "community_facilities"}).url == _step(plan, "who-helps")
    who = ruth.get(_step(plan, "who-helps")).content.decode()
    assert "Who or what will help?" in who and "Cost each week" not in who
    assert f'href="{_step(plan, "need")}"' in who  # Back to the question before
    assert ruth.post(_step(plan, "who-helps"), {"met_by": "paid"}).url == _step(plan, "what-happens")
    assert ruth.post(_step(plan, "what-happens"), {"description": "Someone to go swimming with me"}).url == _step(plan, "paid-support")

    bad = ruth.post(_step(plan, "paid-support"), {"supplier": "Kind Hands Care", "weekly_cost": "lots"}).content.decode()
    assert "Select what kind of paid support it is" in bad
    assert "Kind Hands Care" in bad and 'value="lots"' in bad  # nothing typed is lost on an error
    none = ruth.post(_step(plan, "paid-support"), {"paid_kind": "personal_assistant"}).content.decode()
    assert "Enter the cost each week, like 45.50" in none
    done = ruth.post(_step(plan, "paid-support"), {"paid_kind": "personal_assistant", "supplier": "Kind Hands Care",
                                                   "weekly_cost": "62.40"})
    assert done.url == _check(plan)

    # Going back keeps what was typed
    assert "Someone to go swimming with me" in ruth.get(_step(plan, "what-happens")).content.decode()
    check = ruth.get(_check(plan)).content.decode()
    for words in ("Making use of necessary facilities", "Paid support", "Someone to go swimming with me",
                  "A personal assistant", "£62.40", "Kind Hands Care"):
        assert words in check
    assert f'{_step(plan, "paid-support")}?from=check' in check
    assert not PlanItem.objects.exists()
    assert ruth.post(_check(plan)).url == reverse("budgets:plan", args=[plan.pk])
    saved = PlanItem.objects.get()

    # The same answers through the one-page form, still accepted, save the same item
    one = s.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya, unmet=("nutrition", "community_facilities")),
                       user=cast.ruth_user)
    ruth.post(reverse("budgets:plan-item-add", args=[one.pk]), {
        "outcome": "community_facilities", "met_by": "paid", "description": "Someone to go swimming with me",
        "paid_kind": "personal_assistant", "supplier": "Kind Hands Care", "weekly_cost": "62.40"})
    assert _item(saved) == _item(PlanItem.objects.get(plan=one)) and saved.weekly_cost == 6240
    assert "Added to the plan." in ruth.get(reverse("budgets:plan", args=[plan.pk])).content.decode()
    # The draft is gone once added: a new item starts afresh
    ruth.get(reverse("budgets:plan-item-add", args=[plan.pk]))
    assert "Someone to go swimming" not in ruth.get(_step(plan, "what-happens")).content.decode()
    assert AccessEvent.objects.filter(person=cast.ruth, user=cast.ruth_user, what__contains="support plan").exists()


def test_the_need_named_on_the_plan_skips_its_page_and_unpaid_help_skips_paid_support(cast: Any, plan: Any) -> None:
    ruth = client_for(cast.ruth_user)
    start = ruth.get(reverse("budgets:plan-item-add", args=[plan.pk]) + "?outcome=nutrition")
    assert start.url == _step(plan, "who-helps")
    who = ruth.get(start.url).content.decode()
    assert f'href="{reverse("budgets:plan", args=[plan.pk])}" class="govuk-back-link"' in who
    ruth.post(_step(plan, "who-helps"), {"met_by": "family"})
    assert ruth.post(_step(plan, "what-happens"), {"description": "My son cooks on Sundays"}).url == _check(plan)
    assert ruth.get(_step(plan, "paid-support")).status_code == 302  # not asked for unpaid help
    check = ruth.get(_check(plan)).content.decode()
    assert "Cost each week" not in check and "Family and friends" in check
    ruth.post(_check(plan))
    item = PlanItem.objects.get()
    assert (item.outcome, item.met_by, item.description, item.weekly_cost) == ("nutrition", "family", "My son cooks on Sundays", 0)


def test_a_community_group_is_asked_under_its_choice_and_a_change_to_paid_asks_the_paid_questions(cast: Any, plan: Any) -> None:
    from django.utils import timezone

    from carecommons.directory.models import Service

    club = Service.objects.create(name="Thursday lunch club (fictional)", last_modified=timezone.now())
    ruth = client_for(cast.ruth_user)
    ruth.get(reverse("budgets:plan-item-add", args=[plan.pk]) + "?outcome=nutrition")
    no_group = ruth.post(_step(plan, "who-helps"), {"met_by": "community"}).content.decode()
    assert "Choose the community group, or choose someone else who will help" in no_group
    ruth.post(_step(plan, "who-helps"), {"met_by": "community", "community_group": str(club.pk)})
    ruth.post(_step(plan, "what-happens"), {"description": "Lunch club on Thursdays"})
    assert "Thursday lunch club (fictional)" in ruth.get(_check(plan)).content.decode()

    # Changing who helps, from the check page, to paid support asks the paid questions, then comes back
    change = ruth.post(_step(plan, "who-helps") + "?from=check", {"met_by": "paid"})
    assert change.url == _step(plan, "paid-support") + "?from=check"
    back = ruth.post(change.url, {"paid_kind": "provider", "weekly_cost": "30"})
    assert back.url == _check(plan)
    ruth.post(_check(plan))
    item = PlanItem.objects.get()
    assert (item.met_by, item.community_group_id, item.paid_kind, item.weekly_cost) == ("paid", None, "provider", 3000)


def test_the_check_page_sends_you_to_what_is_not_answered_yet(cast: Any, plan: Any) -> None:
    ruth = client_for(cast.ruth_user)
    ruth.get(reverse("budgets:plan-item-add", args=[plan.pk]) + "?outcome=not-a-need")
    assert ruth.get(_check(plan)).url == _step(plan, "need")  # an unknown need is asked, not taken
    assert ruth.post(_check(plan)).url == _step(plan, "need")
    assert not PlanItem.objects.exists()
    assert ruth.get(_step(plan, "no-such-page")).status_code == 404

