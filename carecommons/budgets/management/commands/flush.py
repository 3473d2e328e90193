"""`manage.py flush`, which the test suite runs between transactional tests: Django's own, except that
on a fictional area it holds the permit the database asks for before it empties the ledger (ADR 0024).

On a live installation it is Django's flush unchanged, so the database refuses to empty the ledger and the
whole flush is rolled back: nothing is deleted.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from carecommons.budgets.ledger_wipe import ledger_delete_permitted, may_wipe_ledger


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        if not may_wipe_ledger():
            super().handle(**options)
            return
        with ledger_delete_permitted(using=options["database"]):
            super().handle(**options)
