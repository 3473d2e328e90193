"""The database itself refuses to delete a ledger row (issue 14, ADR 0024), on SQLite and on PostgreSQL.

`make test` runs these on SQLite and `make test-postgres` runs them again on PostgreSQL; the TRUNCATE test
is PostgreSQL's own (SQLite has no TRUNCATE).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from carecommons.budgets import services as s
from carecommons.budgets.ledger_wipe import PERMIT_TABLE, LedgerDeleteRefused, ledger_delete_permitted
from carecommons.budgets.models import LedgerEntry, LedgerTransaction
from carecommons.testing import factories as f

LIVE = {**settings.CARECOMMONS, "FICTIONAL": False}


def _a_budget_with_its_ledger(cast: Any) -> None:
    person = f.PersonFactory(team=cast.north)
    plan = s.plan_start(assessment=f.eligible_assessment(person, by=cast.priya), user=cast.priya)
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="paid", paid_kind="provider", weekly_cost=30_000,
                    description="Meals")
    s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="self", description="Myself")
    s.plan_choose_management(plan=plan, way="council_arranged")
    cast.priya.staff.budget_limit = 10**7
    cast.priya.staff.save()
    budget = s.plan_agree(plan=s.plan_submit(plan=plan), practitioner=cast.priya, notes="",
                          today=dt.date(2026, 6, 1)).budget
    s.record_money(budget=budget, what="payment", pence=1_000, on=dt.date(2026, 6, 2), description="",
                   payee="Someone", user=cast.priya)


def _count() -> tuple[int, int]:
    return LedgerTransaction.objects.count(), LedgerEntry.objects.count()


def _permits() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {PERMIT_TABLE}")  # noqa: S608 - fixed table name
        return int(cursor.fetchone()[0])


@pytest.mark.parametrize("table", ["budgets_ledgerentry", "budgets_ledgertransaction"])
def test_a_raw_sql_delete_of_a_ledger_row_is_refused_by_the_database(cast: Any, table: str) -> None:
    _a_budget_with_its_ledger(cast)
    before = _count()
    assert before[0] >= 2 and before[1] >= 4
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = (SELECT MAX(id) FROM {table})")  # noqa: S608
    assert _count() == before


def test_a_raw_sql_update_of_a_ledger_row_is_still_refused(cast: Any) -> None:
    _a_budget_with_its_ledger(cast)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE budgets_ledgerentry SET pence = pence + 1")


@pytest.mark.skipif("postgres" not in settings.DATABASES["default"]["ENGINE"], reason="TRUNCATE is PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # committed rows: TRUNCATE refuses uncommitted foreign-key checks on its own
def test_truncating_the_ledger_is_refused_on_postgresql(cast: Any) -> None:
    _a_budget_with_its_ledger(cast)
    before = _count()
    for table in ("budgets_ledgerentry", "budgets_ledgertransaction"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table} CASCADE")  # noqa: S608 - fixed table names
    assert _count() == before


def test_a_fictional_area_may_delete_its_ledger_inside_the_permit_which_never_outlives_it(cast: Any) -> None:
    _a_budget_with_its_ledger(cast)
    with ledger_delete_permitted(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM budgets_ledgerentry")
        cursor.execute("DELETE FROM budgets_ledgertransaction")
    assert _count() == (0, 0)
    assert _permits() == 0
    LedgerTransaction.objects.create(on=dt.date(2026, 6, 1), kind="payment", description="x", posted_at=timezone.now())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM budgets_ledgertransaction")


def test_a_failure_inside_the_permit_rolls_the_permit_back_with_everything_else(cast: Any) -> None:
    _a_budget_with_its_ledger(cast)
    before = _count()
    with pytest.raises(ZeroDivisionError), ledger_delete_permitted(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM budgets_ledgerentry")
        1 / 0  # noqa: B018
    assert _count() == before
    assert _permits() == 0


def test_a_live_installation_never_gets_a_permit(cast: Any) -> None:
    _a_budget_with_its_ledger(cast)
    with override_settings(CARECOMMONS=LIVE), pytest.raises(LedgerDeleteRefused, match="never deleted on a live system"):
        with ledger_delete_permitted():
            pass
    assert _permits() == 0


@pytest.mark.django_db
def test_the_database_keeps_both_ledger_guards_after_every_migration() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'budgets_ledger%%'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'budgets_ledger%'")
        names = {row[0] for row in cursor.fetchall()}
    expected = {f"{t}_{guard}" for t in ("budgets_ledgerentry", "budgets_ledgertransaction")
                for guard in ("append_only", "refuses_delete")}
    if connection.vendor == "postgresql":
        expected |= {f"{t}_refuses_truncate" for t in ("budgets_ledgerentry", "budgets_ledgertransaction")}
    assert names == expected


@pytest.mark.django_db(transaction=True)
def test_flush_refuses_to_empty_the_ledger_of_a_live_installation_and_deletes_nothing(cast: Any) -> None:
    _a_budget_with_its_ledger(cast)
    before = _count()
    people = cast.priya.__class__.objects.count()
    with override_settings(CARECOMMONS=LIVE), pytest.raises(CommandError):
        call_command("flush", interactive=False, verbosity=0)
    assert _count() == before
    assert cast.priya.__class__.objects.count() == people


@pytest.mark.django_db(transaction=True)
def test_flush_empties_a_fictional_areas_ledger_as_the_test_suite_needs(cast: Any) -> None:
    _a_budget_with_its_ledger(cast)
    call_command("flush", interactive=False, verbosity=0)
    assert _count() == (0, 0)
    assert _permits() == 0
