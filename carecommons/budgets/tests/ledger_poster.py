"""A process that posts many ledger transactions, for the kill -9 test (`test_ledger_kill.py`). Run inside
`manage.py shell -c`; it sets up its budgets once, then posts transactions numbered 0 to `total` - 1, each one
a pooled payment across every budget, through `services.post_many`. A re-run posts only the numbers not yet
posted, so after a kill it completes the batch.

Not a test module (pytest does not collect it): only the kill test runs it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from carecommons.budgets import services as s
from carecommons.budgets.models import LedgerTransaction, PersonalBudget
from carecommons.testing import factories as f

START = dt.date(2026, 6, 1)
PREFIX = "Kill test payment "
USERNAME = "kill-test-practitioner"


def pence(number: int, budget_index: int) -> int:
    """What transaction `number` pays from the budget at `budget_index`: varied, never zero."""
    return 100 + (number * 37 + budget_index * 101) % 5_000


@transaction.atomic
def budgets(count: int) -> tuple[object, list[PersonalBudget]]:
    """The practitioner and `count` agreed budgets, made once (all or nothing)."""
    existing = list(PersonalBudget.objects.filter(plan__drafted_by__username=USERNAME).order_by("pk"))
    if existing:
        return existing[0].plan.drafted_by, existing
    staff = f.StaffFactory(user=f.UserFactory(username=USERNAME), role="practitioner", budget_limit=10**9)
    made = []
    for _ in range(count):
        person = f.PersonFactory(team=staff.team)
        plan = s.plan_start(assessment=f.eligible_assessment(person, by=staff.user), user=staff.user)
        s.plan_item_add(plan=plan, outcome="nutrition", met_by="paid", paid_kind="provider", weekly_cost=30_000,
                        description="Meals")
        s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="self", description="Myself")
        s.plan_choose_management(plan=plan, way="council_arranged")
        made.append(s.plan_agree(plan=s.plan_submit(plan=plan), practitioner=staff.user, notes="", today=START).budget)
    return staff.user, made


def run(total: int, count: int = 25) -> None:
    user, books = budgets(count)
    posted = set(LedgerTransaction.objects.filter(description__startswith=PREFIX).values_list("description", flat=True))
    for number in range(total):
        description = f"{PREFIX}{number}"
        if description in posted:
            continue
        entries = []
        for index, budget in enumerate(books):
            entries += [(budget, "paid:kill-test", pence(number, index)), (budget, "fund", -pence(number, index))]
        s.post_many(on=START + dt.timedelta(days=number % 300), kind=LedgerTransaction.Kind.POOLED,
                    description=description, user=user, payee="Kill test", entries=entries)
