"""Hypothesis over the stored ledger: whatever people do, the books stay balanced and the statement adds up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecommons.budgets import services as s
from carecommons.budgets.models import LedgerEntry, LedgerTransaction, PersonalAssistant, Pool
from carecommons.rules.pa_pay import Shift
from carecommons.testing import factories as f

START = dt.date(2026, 6, 1)

operation = st.one_of(
    st.tuples(st.just("payment"), st.integers(0, 2), st.integers(1, 50_000), st.integers(0, 60)),
    st.tuples(st.just("contribution"), st.integers(0, 2), st.integers(1, 20_000), st.integers(0, 60)),
    st.tuples(st.just("contingency"), st.integers(0, 2), st.integers(1, 10_000), st.integers(0, 60)),
    st.tuples(st.just("pool"), st.just(0), st.integers(1, 100_001), st.integers(0, 60)),
    st.tuples(st.just("reverse"), st.integers(0, 2), st.integers(0, 30), st.integers(0, 60)),
    # a PA's timesheet of 1 to 12 hours a day for 5 days, approved in 2025-26 or 2026-27 (employer's costs follow)
    st.tuples(st.just("timesheet"), st.integers(0, 2), st.integers(1, 12), st.integers(0, 60)),
)


class Rollback(Exception):
    pass


def _budgets(cast: Any) -> list[Any]:
    cast.priya.staff.budget_limit = 10**7
    cast.priya.staff.save()
    budgets = []
    for _ in range(3):
        person = f.PersonFactory(team=cast.north)
        plan = s.plan_start(assessment=f.eligible_assessment(person, by=cast.priya), user=cast.priya)
        s.plan_item_add(plan=plan, outcome="nutrition", met_by="paid", paid_kind="provider", weekly_cost=30_000, description="Meals")
        s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="self", description="Myself")
        s.plan_choose_management(plan=plan, way="council_arranged")
        budgets.append(s.plan_agree(plan=s.plan_submit(plan=plan), practitioner=cast.priya, notes="", today=START).budget)
    return budgets


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, max_size=25))
def test_the_books_balance_whatever_happens(cast: Any, ops: list[tuple[str, int, int, int]]) -> None:
    try:
        with transaction.atomic():
            budgets = _budgets(cast)
            pool = Pool.objects.create(name="Club", description="Together", created_by=cast.priya, created_at=timezone.now())
            for b in budgets:
                s.pool_join(pool=pool, budget=b, share=1 + b.pk % 3, on=START)
            for kind, which, pence, day in ops:
                on = START + dt.timedelta(days=day)
                try:
                    if kind == "timesheet":
                        b = budgets[which]
                        s.budget_employment_allowance(budget=b, claims=bool(day % 2))
                        pa = s.assistant_add(budget=b, name="Sam", hourly_rate=1_500, years_of_service=0, increment=0,
                                             bank_holiday_multiplier=1, london=False, date_of_birth=dt.date(1990, 1, 1),
                                             pension_status=PersonalAssistant.PensionStatus.values[pence % 3])
                        monday = dt.date(2026, 2, 2) + dt.timedelta(weeks=day % 12)  # some paid in 2025-26, some 2026-27
                        sheet = s.timesheet_enter(assistant=pa, user=cast.priya, shifts=[
                            Shift(monday + dt.timedelta(days=d), dt.time(8), dt.time(8 + pence)) for d in range(5)])
                        s.timesheet_approve(timesheet=sheet, user=cast.priya, on=monday + dt.timedelta(days=7))
                    elif kind == "pool":
                        s.pool_cost(pool=pool, pence=pence, on=on, description="Cost", user=cast.priya)
                    elif kind == "reverse":
                        txns = list(LedgerTransaction.objects.exclude(kind="reversal").filter(reversed_by__isnull=True).order_by("pk"))
                        if txns:
                            s.reverse(txn=txns[pence % len(txns)], on=on, reason="A mistake", user=cast.priya)
                    else:
                        s.record_money(budget=budgets[which], what=kind, pence=pence, on=on, description="", payee="Someone",
                                       user=cast.priya)
                except s.BudgetError:
                    pass  # refused with a message, and nothing written
            for txn in LedgerTransaction.objects.prefetch_related("entries"):
                assert sum(e.pence for e in txn.entries.all()) == 0
                for b in budgets:
                    assert sum(e.pence for e in txn.entries.all() if e.budget_id == b.pk) == 0
            for b in budgets:
                t = s.totals(b)
                held = LedgerEntry.objects.filter(budget=b).exclude(account__contains=":paid:").exclude(
                    account__endswith=":allocation").exclude(account__endswith=":contributions").aggregate(x=Sum("pence"))["x"] or 0
                assert t.held == held == t.allowance + t.contributions - t.spent
                st_ = s.statement(b, start=START, end=START + dt.timedelta(days=90))
                assert st_.closing - st_.opening == st_.money_in - st_.money_out
                assert st_.closing == s.totals(b, up_to=START + dt.timedelta(days=90)).held
            raise Rollback
    except Rollback:
        pass
