"""The one way to delete ledger rows, for a fictional area only (ADR 0024).

The database refuses every DELETE of a ledger row (and, on PostgreSQL, every TRUNCATE) unless the
transaction holds a permit: a row in `budgets_ledger_delete_permit`. `ledger_delete_permitted()` inserts
that row at the start of its own transaction and deletes it again before the transaction commits, so no
other connection ever sees it and a failure rolls it back with everything else. Only two callers ask: the
demo rebuilding its fictional area (`budgets.demo.wipe`) and the test suite's flush between tests
(`budgets/management/commands/flush.py`). A live installation is never fictional, so it never gets one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

PERMIT_TABLE = "budgets_ledger_delete_permit"


class LedgerDeleteRefused(RuntimeError):
    """Asked to delete ledger rows on an installation that is not a fictional area."""


def may_wipe_ledger() -> bool:
    return bool(settings.CARECOMMONS.get("FICTIONAL"))


@contextmanager
def ledger_delete_permitted(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Inside this block, on this connection only, the database lets ledger rows be deleted."""
    if not may_wipe_ledger():
        raise LedgerDeleteRefused(
            "Ledger rows are never deleted on a live system: this installation is not a fictional area. "
            "Post a reversal to correct a mistake."
        )
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {PERMIT_TABLE} (granted) VALUES (1)")  # noqa: S608 - fixed table name
        yield
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {PERMIT_TABLE}")  # noqa: S608 - fixed table name
