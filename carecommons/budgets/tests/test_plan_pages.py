"""The plan and budget pages, through the Django test client, as each role would use them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from carecommons.budgets import services as s
from carecommons.budgets.models import (
    FinancialAssessment,
    LedgerTransaction,
    PersonalAssistant,
    Pool,
    SupportPlan,
)
from carecommons.people.models import AccessEvent
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for


@pytest.fixture
def limits(cast: Any) -> None:
    for user, limit in ((cast.priya, 40_000), (cast.morgan, 150_000)):
        user.staff.budget_limit = limit
        user.staff.save()


def _lunch_club() -> Any:
    from django.utils import timezone

    from carecommons.directory.models import Service

    return Service.objects.create(name="Thursday lunch club (fictional)", last_modified=timezone.now())


def test_the_person_writes_their_plan_and_a_practitioner_agrees_it(cast: Any, limits: None) -> None:
    assessment = f.eligible_assessment(cast.ruth, by=cast.priya)
    ruth = client_for(cast.ruth_user)
    page = ruth.get(reverse("assessments:overview", args=[assessment.pk]))
    assert "Start the support plan" in page.content.decode()
    response = ruth.post(reverse("budgets:plan-start", args=[assessment.pk]))
    plan = SupportPlan.objects.get()
    assert response.url == reverse("budgets:plan", args=[plan.pk])
    text = ruth.get(response.url).content.decode()
    assert "Indicative budget: £120.00 a week" in text and "too few to be fair" in text
    assert "Before you send the plan" in text

    add = reverse("budgets:plan-item-add", args=[plan.pk])
    bad = ruth.post(add, {"outcome": "nutrition", "met_by": "paid", "description": "Meals on wheels"})
    assert "Select what kind of paid support it is" in bad.content.decode()
    assert "Enter the cost each week, like 45.50" in bad.content.decode()
    ruth.post(add, {"outcome": "nutrition", "met_by": "community", "description": "Lunch club on Thursdays",
                    "community_group": str(_lunch_club().pk)})
    ruth.post(add, {"outcome": "personal_hygiene", "met_by": "paid", "paid_kind": "provider", "supplier": "Kind Hands Care",
                    "weekly_cost": "95.50", "description": "Help to shower, three mornings a week"})
    choose = ruth.get(reverse("budgets:plan-management", args=[plan.pk])).content.decode()
    assert "checked" not in choose  # no way is chosen for the person
    for way in ("A direct payment", "The council arranges it", "An individual service fund", "A mix"):
        assert way in choose
    ruth.post(reverse("budgets:plan-management", args=[plan.pk]), {"way": "council_arranged"})
    ruth.post(reverse("budgets:plan-submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == SupportPlan.Status.SUBMITTED

    assert ruth.get(reverse("budgets:plan-agree", args=[plan.pk])).status_code == 403
    priya = client_for(cast.priya)
    assert "Waiting for agreement" in priya.get(reverse("budgets:plans-waiting")).content.decode()
    agree = priya.get(reverse("budgets:plan-agree", args=[plan.pk])).content.decode()
    assert "within your delegated limit of £400.00 a week" in agree
    priya.post(reverse("budgets:plan-agree", args=[plan.pk]), {"notes": "Review the lunch club after a month"})
    plan.refresh_from_db()
    assert plan.status == SupportPlan.Status.AGREED
    text = ruth.get(reverse("budgets:plan", args=[plan.pk])).content.decode()
    assert "Budget agreed: £95.50 a week" in text and "took 0 days" in text
    assert AccessEvent.objects.filter(person=cast.ruth, user=cast.priya, what__contains="support plan").exists()


def _agreed(cast: Any, *, weekly: int = 20_000, way: str = "council_arranged") -> Any:
    plan = s.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya), user=cast.ruth_user)
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="self", description="I cook")
    s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="personal_assistant", weekly_cost=weekly,
                    description="A personal assistant")
    s.plan_choose_management(plan=plan, way=way)
    s.plan_submit(plan=plan)
    return plan


def test_above_the_limit_the_named_colleague_signs_off(cast: Any, limits: None) -> None:
    plan = _agreed(cast, weekly=60_000)
    priya = client_for(cast.priya)
    page = priya.get(reverse("budgets:plan-agree", args=[plan.pk])).content.decode()
    assert "above your delegated limit" in page and "Morgan Lee" in page and "Tom Baker" not in page
    missing = priya.post(reverse("budgets:plan-agree", args=[plan.pk]), {"notes": ""}).content.decode()
    assert "Choose the colleague who will sign it off" in missing
    priya.post(reverse("budgets:plan-agree", args=[plan.pk]), {"notes": "", "sign_off_by": str(cast.morgan.pk)})
    assert client_for(cast.tom).get(reverse("budgets:plan-sign-off", args=[plan.pk])).status_code in (302, 403)
    assert client_for(cast.priya).get(reverse("budgets:plan-sign-off", args=[plan.pk])).status_code == 403
    morgan = client_for(cast.morgan)
    assert "Ruth Okafor" in morgan.get(reverse("budgets:plans-waiting")).content.decode()
    short = morgan.post(reverse("budgets:plan-sign-off", args=[plan.pk]), {"reasons": "ok"}).content.decode()
    assert "Give your reasons" in short
    morgan.post(reverse("budgets:plan-sign-off", args=[plan.pk]), {"reasons": "Two carers are needed for safe moving"})
    plan.refresh_from_db()
    assert plan.status == SupportPlan.Status.AGREED and plan.budget.weekly == 60_000


def test_the_budget_page_statement_csv_and_print(cast: Any, limits: None) -> None:
    FinancialAssessment.objects.create(person=cast.ruth, assessed_on=dt.date(2020, 1, 1), setting="home", capital=1_500_000,
                                       weekly_income=12_000, mig_category="single_25_to_pension_age",
                                       created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    plan = s.plan_agree(plan=_agreed(cast), practitioner=cast.priya, notes="")
    budget = plan.budget
    priya = client_for(cast.priya)
    money = reverse("budgets:money", args=[budget.pk])
    assert "Enter who was paid" in priya.post(money, {"what": "payment", "amount": "10", "on_day": "", "on_month": "", "on_year": ""}).content.decode()
    today = budget.period_start
    priya.post(money, {"what": "payment", "amount": "150.25", "on_day": today.day, "on_month": today.month, "on_year": today.year,
                       "payee": "Sam Green", "description": "First week"})
    page = client_for(cast.ruth_user).get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    assert "£150.25" in page
    # Today is in a year whose charging rates are not entered: the contribution says so, never £0 silently.
    assert "could not be worked out yet" in page and "have not been entered" in page
    assert "Record money" not in page  # the council records money for budgets it arranges
    assert client_for(cast.ruth_user).get(money).status_code == 403
    statement = priya.get(reverse("budgets:statement", args=[budget.pk]) + f"?month={today:%Y-%m}").content.decode()
    assert "First week" in statement and "Correct " in statement
    csv_text = priya.get(reverse("budgets:statement-csv", args=[budget.pk]) + f"?month={today:%Y-%m}").content.decode()
    assert "First week" in csv_text and "150.25" in csv_text and csv_text.startswith("date,what,money_in")
    printable = priya.get(reverse("budgets:statement-print", args=[budget.pk]) + f"?month={today:%Y-%m}").content.decode()
    assert "Budget statement for Ruth Okafor" in printable
    txn = LedgerTransaction.objects.get(description="First week")
    priya.post(reverse("budgets:correct", args=[budget.pk, txn.pk]), {"reason": "Paid twice by mistake"})
    assert s.totals(budget).spent == 0
    assert "Correction" in priya.get(reverse("budgets:statement", args=[budget.pk]) + f"?month={today:%Y-%m}").content.decode()
    priya.post(reverse("budgets:review", args=[budget.pk]), {"reviewed_on_day": today.day, "reviewed_on_month": today.month,
                                                             "reviewed_on_year": today.year, "notes": "Going well, no changes needed"})
    assert budget.reviews.count() == 1
    assert "Ruth Okafor" in priya.get(reverse("budgets:list")).content.decode()


def test_a_person_with_a_direct_payment_enters_and_approves_timesheets(cast: Any, limits: None) -> None:
    from carecommons.rules.management import DirectPaymentFacts

    plan = s.plan_agree(plan=_agreed(cast, way="direct_payment"), practitioner=cast.priya, notes="",
                        direct_payment=DirectPaymentFacts(True, False, True, True))
    budget = plan.budget
    ruth = client_for(cast.ruth_user)
    ruth.post(reverse("budgets:assistant-add", args=[budget.pk]), {"name": "Sam Green", "hourly_rate": "14.00", "years_of_service": "1",
                                                                  "increment": "0.20", "bank_holiday_multiplier": "1.5", "london": "no",
                                                                  "relationship": "not_related", "same_household": "no"})
    pa = PersonalAssistant.objects.get()
    day = budget.period_start + dt.timedelta(days=1)
    ruth.post(reverse("budgets:timesheet", args=[budget.pk, pa.pk]), {"shifts": f"{day:%d/%m/%Y} 09:00-12:00"})
    sheet = pa.timesheets.get()
    assert sheet.gross == 3 * 1_420 or sheet.gross == 3 * 1_420 * 3 // 2
    ruth.post(reverse("budgets:timesheet-approve", args=[budget.pk, sheet.pk]))
    assert s.totals(budget).spent == sheet.gross


def test_pools_split_costs_and_people_can_leave(cast: Any, limits: None) -> None:
    budget = s.plan_agree(plan=_agreed(cast), practitioner=cast.priya, notes="").budget
    priya = client_for(cast.priya)
    priya.post(reverse("budgets:pool-create"), {"name": "Allotment club", "description": "Growing food together"})
    pool_url = reverse("budgets:pool", args=[Pool.objects.get(name="Allotment club").pk])
    priya.post(pool_url, {"action": "join", "join-budget": str(budget.pk), "join-share": "1"})
    d = budget.period_start
    priya.post(pool_url, {"action": "cost", "cost-amount": "30", "cost-on_day": d.day, "cost-on_month": d.month, "cost-on_year": d.year,
                          "cost-description": "Seeds"})
    assert s.totals(budget).spent == 3_000
    ruth = client_for(cast.ruth_user)
    page = ruth.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    assert "Allotment club" in page and "Leave" in page
    membership = budget.pool_memberships.get()
    ruth.post(reverse("budgets:pool-leave", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.left_on is not None


def test_other_teams_and_hosts_cannot_agree(cast: Any, limits: None) -> None:
    plan = _agreed(cast)
    assert client_for(cast.hana).get(reverse("budgets:plan-agree", args=[plan.pk])).status_code == 403
    response = client_for(cast.tom).get(reverse("budgets:plan", args=[plan.pk]))
    assert response.status_code in (302, 403)  # Tom is in another team: a reason is needed first


def test_the_funding_page_hides_small_groups_and_the_command_prints_json(cast: Any, limits: None) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    page = Client().get(reverse("budgets:funding") + "?on=2025-07-01").content.decode()
    assert "Too few people are counted one by one to show their figures" in page
    no_rates = Client().get(reverse("budgets:funding") + "?on=2027-07-01").content.decode()
    assert "The charging rates for 2027-28 have not been entered" in no_rates and "31 March 2026" in no_rates
    for i in range(6):
        person = f.PersonFactory(team=cast.north, date_of_birth=dt.date(1980 + i, 1, 1))
        FinancialAssessment.objects.create(person=person, assessed_on=dt.date(2025, 5, 1), setting="home", capital=0,
                                           weekly_income=20_000, mig_category="single_25_to_pension_age",
                                           created_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC))
        plan = s.plan_start(assessment=f.eligible_assessment(person, by=cast.priya), user=cast.priya)
        s.plan_item_add(plan=plan, outcome="nutrition", met_by="paid", paid_kind="provider", weekly_cost=10_000, description="Meals")
        s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="self", description="Myself")
        s.plan_choose_management(plan=plan, way="council_arranged")
        s.plan_agree(plan=s.plan_submit(plan=plan), practitioner=cast.priya, notes="", today=dt.date(2025, 6, 1))
    page = Client().get(reverse("budgets:funding") + "?on=2025-07-01").content.decode()
    assert "6 people with a personal budget are counted one by one" in page and "18 to 64" in page
    out = StringIO()
    call_command("funding_simulate", "--policy", "means_test", "--on", "2025-07-01", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["people"] == 6 and data["people_pence"] == 6 * (20_000 - 11_250) * 52
    assert data["council_pence"] == 6 * (10_000 - (20_000 - 11_250)) * 52


def test_lists_of_budgets_and_plans_follow_need_to_know(cast: Any, limits: None) -> None:
    s.plan_agree(plan=_agreed(cast), practitioner=cast.priya, notes="")
    assert "Ruth Okafor" in client_for(cast.priya).get(reverse("budgets:list")).content.decode()
    assert "Ruth Okafor" not in client_for(cast.tom).get(reverse("budgets:list")).content.decode()  # another team
    _agreed(cast)
    assert "Ruth Okafor" not in client_for(cast.tom).get(reverse("budgets:plans-waiting")).content.decode()
    assert client_for(cast.ruth_user).get(reverse("budgets:list")).status_code == 403


def test_denied_a_host_neither_starts_nor_reads_a_support_plan(cast: Any, limits: None) -> None:
    """Hosts see bookings and assess with people currently booked at their hub, nothing else (issue 12)."""
    f.BookingFactory(slot=f.SlotFactory(hub=cast.library), request=f.RequestFactory(person=cast.stan, status="booked"))
    assessment = f.eligible_assessment(cast.stan, by=cast.tom)
    hana = client_for(cast.hana)
    assert hana.post(reverse("budgets:plan-start", args=[assessment.pk])).status_code == 403
    plan = client_for(cast.tom).post(reverse("budgets:plan-start", args=[assessment.pk]))
    plan_id = SupportPlan.objects.get().pk
    assert plan.status_code == 302
    assert hana.get(reverse("budgets:plan", args=[plan_id])).status_code == 403
