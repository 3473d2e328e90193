"""Support plans to agreed budgets, and the ledger they post to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from carecommons.budgets import services as s
from carecommons.budgets.models import (
    FinancialAssessment,
    LedgerEntry,
    LedgerTransaction,
    PersonalAssistant,
    Pool,
    SupportPlan,
)
from carecommons.rules.management import DirectPaymentFacts
from carecommons.rules.pa_pay import Shift
from carecommons.testing import factories as f

START = dt.date(2026, 6, 1)
DP_OK = DirectPaymentFacts(has_capacity=True, excluded_by_regulations=False, able_to_manage=True, appropriate=True)


def limits(cast: Any, priya: int = 40_000, morgan: int = 150_000) -> None:
    cast.priya.staff.budget_limit = priya
    cast.priya.staff.save()
    cast.morgan.staff.budget_limit = morgan
    cast.morgan.staff.save()


def plan_for(cast: Any, *, weekly: int, way: str = "council_arranged", person: Any = None) -> SupportPlan:
    person = person or cast.ruth
    assessment = f.eligible_assessment(person, by=cast.priya)
    plan = s.plan_start(assessment=assessment, user=cast.ruth_user)
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="family", description="My son cooks on Sundays")
    s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="personal_assistant",
                    supplier="A personal assistant", weekly_cost=weekly, description="Help to shower, mornings")
    s.plan_choose_management(plan=plan, way=way)
    return s.plan_submit(plan=plan)


def test_a_plan_within_the_limit_is_agreed_and_the_allowance_is_posted(cast: Any) -> None:
    limits(cast)
    plan = plan_for(cast, weekly=30_000)
    plan = s.plan_agree(plan=plan, practitioner=cast.priya, notes="Agreed with Ruth", today=START)
    assert plan.status == SupportPlan.Status.AGREED
    budget = plan.budget
    t = s.totals(budget)
    assert t.allowance == 30_000 * 52 and t.spent == 0 and t.held == 30_000 * 52
    assert budget.period_end == START + dt.timedelta(days=52 * 7 - 1)
    assert plan.days_to_decision == 0


def test_above_the_limit_needs_a_named_colleague_with_reasons(cast: Any) -> None:
    limits(cast)
    plan = plan_for(cast, weekly=60_000)
    with pytest.raises(s.BudgetError, match="choose the colleague"):
        s.plan_agree(plan=plan, practitioner=cast.priya, notes="")
    with pytest.raises(s.BudgetError, match="cannot sign off a budget you agreed"):
        s.plan_agree(plan=plan, practitioner=cast.priya, notes="", sign_off_by=cast.priya)
    with pytest.raises(s.BudgetError, match="limit covers it"):
        s.plan_agree(plan=plan, practitioner=cast.priya, notes="", sign_off_by=cast.tom)  # Tom's limit is £0
    plan = s.plan_agree(plan=plan, practitioner=cast.priya, notes="Two calls a day", sign_off_by=cast.morgan)
    assert plan.status == SupportPlan.Status.SIGN_OFF
    with pytest.raises(s.BudgetError, match="Only the named colleague"):
        s.plan_sign_off(plan=plan, signer=cast.tom, reasons="Looks right to me")
    with pytest.raises(s.BudgetError, match="reasons"):
        s.plan_sign_off(plan=plan, signer=cast.morgan, reasons="ok")
    plan = s.plan_sign_off(plan=plan, signer=cast.morgan, reasons="The plan is costed and the outcomes are clear", today=START)
    assert plan.status == SupportPlan.Status.AGREED and plan.budget.weekly == 60_000


def test_a_plan_cannot_be_sent_until_every_outcome_has_a_way_and_a_management_choice(cast: Any) -> None:
    plan = s.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya), user=cast.ruth_user)
    assert s.plan_problems(plan) == ["Add at least one way your outcomes will be met",
                                     "Say how each of the things that are hard to do will be met: 2 have nothing yet",
                                     "Choose how the budget will be managed"]
    with pytest.raises(s.BudgetError):
        s.plan_submit(plan=plan)
    with pytest.raises(s.BudgetError, match="costs each week"):
        s.plan_item_add(plan=plan, outcome="nutrition", met_by="paid", paid_kind="provider", description="Meals", weekly_cost=0)


def test_the_indicative_budget_comes_from_agreed_comparable_plans(cast: Any) -> None:
    limits(cast, priya=1_000_000)
    first = s.indicative_for(kind="adult", unmet_count=2)
    assert not first.from_comparables and first.weekly == 12_000
    for weekly in (10_000, 20_000, 30_000, 40_000, 50_000):
        person = f.PersonFactory(team=cast.north)
        s.plan_agree(plan=plan_for(cast, weekly=weekly, person=person), practitioner=cast.priya, notes="", today=START)
    ib = s.indicative_for(kind="adult", unmet_count=2)
    assert ib.from_comparables and ib.comparables == 5
    assert (ib.weekly, ib.low, ib.high) == (30_000, 20_000, 40_000)
    assert not s.indicative_for(kind="adult", unmet_count=5).from_comparables


def test_a_direct_payment_needs_its_conditions_and_records_the_family_exception(cast: Any) -> None:
    limits(cast)
    plan = plan_for(cast, weekly=20_000, way="direct_payment")
    with pytest.raises(s.BudgetError, match="direct payment questions"):
        s.plan_agree(plan=plan, practitioner=cast.priya, notes="")
    family = DirectPaymentFacts(has_capacity=True, excluded_by_regulations=False, able_to_manage=True, appropriate=True,
                                pays_close_family_in_household=True)
    with pytest.raises(s.BudgetError, match="close relative"):
        s.plan_agree(plan=plan, practitioner=cast.priya, notes="", direct_payment=family)
    allowed = DirectPaymentFacts(**{**family.__dict__, "council_decides_necessary": True,
                                    "necessary_reasons": "Ruth only accepts personal care from her daughter"})
    plan = s.plan_agree(plan=plan, practitioner=cast.priya, notes="", direct_payment=allowed, today=START)
    assert plan.direct_payment_exception and any("necessary" in r for r in plan.direct_payment_reasons)
    # No payment yet: the light review 6-8 weeks after the plan was agreed comes first (statutory guidance 13.32).
    assert s.next_review(plan.budget) == timezone.localtime(plan.agreed_at).date() + dt.timedelta(weeks=8)


def test_the_contribution_comes_from_the_financial_assessment(cast: Any) -> None:
    limits(cast)
    in_2025_26 = dt.date(2025, 6, 2)
    FinancialAssessment.objects.create(person=cast.ruth, assessed_on=in_2025_26, setting="home", capital=0, weekly_income=15_000,
                                       mig_category="single_25_to_pension_age", created_at=timezone.now())
    plan = s.plan_agree(plan=plan_for(cast, weekly=20_000), practitioner=cast.priya, notes="", today=in_2025_26)
    assert plan.budget.weekly_contribution == 15_000 - 11_250


def test_a_contribution_in_a_year_without_rates_is_not_worked_out_never_guessed(cast: Any) -> None:
    FinancialAssessment.objects.create(person=cast.ruth, assessed_on=START, setting="home", capital=0, weekly_income=15_000,
                                       mig_category="single_25_to_pension_age", created_at=timezone.now())
    amount, reasons = s.contribution_for(cast.ruth, weekly_cost=20_000, on=START)
    assert amount == 0 and "The charging rates for 2026-27 have not been entered" in reasons[0]


@pytest.fixture
def budget(cast: Any) -> Any:
    limits(cast)
    return s.plan_agree(plan=plan_for(cast, weekly=20_000), practitioner=cast.priya, notes="", today=START).budget


def test_payments_reversals_and_the_statement_add_up(cast: Any, budget: Any) -> None:
    pay = s.record_money(budget=budget, what="payment", pence=25_000, on=START + dt.timedelta(days=6), description="",
                         payee="Kind Hands Care", user=cast.priya)
    s.record_money(budget=budget, what="contingency", pence=50_000, on=START + dt.timedelta(days=7), description="",
                   payee="", user=cast.priya)
    s.reverse(txn=pay, on=START + dt.timedelta(days=8), reason="Paid the wrong amount", user=cast.priya)
    with pytest.raises(s.BudgetError, match="already been corrected"):
        s.reverse(txn=pay, on=START + dt.timedelta(days=8), reason="Twice", user=cast.priya)
    s.record_money(budget=budget, what="payment", pence=20_000, on=START + dt.timedelta(days=8), description="",
                   payee="Kind Hands Care", user=cast.priya)
    t = s.totals(budget)
    assert t.spent == 20_000 and t.contingency == 50_000 and t.held == 20_000 * 52 - 20_000
    st = s.statement(budget, start=START, end=START + dt.timedelta(days=30))
    assert st.opening == 0 and st.closing == t.held
    assert st.money_in - st.money_out == st.closing - st.opening
    assert [line.correction for line in st.lines] == [False, False, False, True, False]
    for txn in LedgerTransaction.objects.all():
        assert sum(e.pence for e in txn.entries.all()) == 0


def test_the_ledger_refuses_edits_in_python_and_in_the_database(cast: Any, budget: Any) -> None:
    entry = LedgerEntry.objects.first()
    assert entry is not None
    entry.pence = 1
    with pytest.raises(TypeError, match="append-only"):
        entry.save()
    with pytest.raises(TypeError, match="append-only"):
        LedgerEntry.objects.filter(pk=entry.pk).update(pence=1)
    with pytest.raises(TypeError, match="append-only"):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE budgets_ledgerentry SET pence = 1 WHERE id = %s", [entry.pk])


def test_a_pooled_cost_is_split_to_the_penny_and_leavers_stop_paying(cast: Any, budget: Any) -> None:
    others = [s.plan_agree(plan=plan_for(cast, weekly=20_000, person=f.PersonFactory(team=cast.north)),
                           practitioner=cast.priya, notes="", today=START).budget for _ in range(2)]
    pool = Pool.objects.create(name="Allotment club", description="Gardening together", created_by=cast.priya, created_at=timezone.now())
    m = [s.pool_join(pool=pool, budget=b, share=1, on=START) for b in (budget, *others)]
    s.pool_cost(pool=pool, pence=10_000, on=START + dt.timedelta(days=3), description="Seeds and tools", user=cast.priya)
    shares = sorted(s.totals(b).spent for b in (budget, *others))
    assert shares == [3_333, 3_333, 3_334]
    s.pool_leave(membership=m[0], on=START + dt.timedelta(days=5))
    s.pool_cost(pool=pool, pence=10_001, on=START + dt.timedelta(days=10), description="Coach trip", user=cast.priya)
    assert s.totals(budget).spent in (3_333, 3_334)
    assert sum(s.totals(b).spent for b in (budget, *others)) == 20_001


def test_an_approved_timesheet_pays_the_assistant_and_sets_holiday_pay_aside(cast: Any, budget: Any) -> None:
    pa = PersonalAssistant.objects.create(budget=budget, name="Sam Green", hourly_rate=1_400)
    sheet = s.timesheet_enter(assistant=pa, user=cast.ruth_user, shifts=[
        Shift(dt.date(2026, 8, 31), dt.time(9), dt.time(13)),  # the summer bank holiday
        Shift(dt.date(2026, 9, 1), dt.time(9), dt.time(13))])
    assert sheet.gross == 4 * 1_400 * 3 // 2 + 4 * 1_400
    s.timesheet_approve(timesheet=sheet, user=cast.ruth_user, on=dt.date(2026, 9, 2))
    t = s.totals(budget)
    assert t.spent == sheet.gross and t.holiday_pay == sheet.holiday_pay_accrued > 0
    with pytest.raises(s.BudgetError, match="already been approved"):
        s.timesheet_approve(timesheet=sheet, user=cast.ruth_user, on=dt.date(2026, 9, 2))
    low = PersonalAssistant.objects.create(budget=budget, name="Lee Low", hourly_rate=1_000)
    bad = s.timesheet_enter(assistant=low, user=cast.ruth_user, shifts=[Shift(dt.date(2026, 9, 1), dt.time(9), dt.time(10))])
    with pytest.raises(s.BudgetError, match="National Living Wage"):
        s.timesheet_approve(timesheet=bad, user=cast.ruth_user, on=dt.date(2026, 9, 2))
