"""Kill -9 part way through posting many ledger transactions (issue 14): every transaction left is whole and
balanced, each budget's books add up, nothing is orphaned, and a re-run completes the batch without posting
anything twice. On SQLite, and on PostgreSQL under scripts/with-postgres.sh."""

from __future__ import annotations

from pathlib import Path

from carecommons.budgets.tests.ledger_poster import PREFIX, pence
from carecommons.testing.killing import ScratchDatabase, kill, scratch_database, wait_until

TOTAL = 3_000
BUDGETS = 25


def _posted(db: ScratchDatabase) -> int:
    return int(db.one("SELECT COUNT(*) FROM budgets_ledgertransaction WHERE description LIKE %s", [f"{PREFIX}%"]))


def _assert_every_transaction_whole(db: ScratchDatabase) -> None:
    unbalanced = db.one("SELECT COUNT(*) FROM (SELECT transaction_id FROM budgets_ledgerentry "
                        "GROUP BY transaction_id HAVING SUM(pence) <> 0) AS t")
    unbalanced_budgets = db.one("SELECT COUNT(*) FROM (SELECT transaction_id, budget_id FROM budgets_ledgerentry "
                                "GROUP BY transaction_id, budget_id HAVING SUM(pence) <> 0) AS t")
    empty = db.one("SELECT COUNT(*) FROM budgets_ledgertransaction t WHERE NOT EXISTS "
                   "(SELECT 1 FROM budgets_ledgerentry e WHERE e.transaction_id = t.id)")
    orphans = db.one("SELECT COUNT(*) FROM budgets_ledgerentry e LEFT JOIN budgets_ledgertransaction t "
                     "ON t.id = e.transaction_id WHERE t.id IS NULL")
    partial = db.one("SELECT COUNT(*) FROM (SELECT t.id FROM budgets_ledgertransaction t JOIN budgets_ledgerentry e "
                     "ON e.transaction_id = t.id WHERE t.description LIKE %s GROUP BY t.id HAVING COUNT(*) <> %s) AS t",
                     [f"{PREFIX}%", 2 * BUDGETS])
    books = db.one("SELECT COUNT(*) FROM (SELECT budget_id FROM budgets_ledgerentry GROUP BY budget_id "
                   "HAVING SUM(pence) <> 0) AS t")
    assert (unbalanced, unbalanced_budgets, empty, orphans, partial, books) == (0, 0, 0, 0, 0, 0)


def _assert_balances_follow_the_transactions(db: ScratchDatabase) -> None:
    """Each budget's payments account holds exactly what the posted transactions paid from it, and its fund what
    was paid in less that: nothing counted twice, nothing missing."""
    numbers = [int(d[len(PREFIX):]) for (d,) in
               db.query("SELECT description FROM budgets_ledgertransaction WHERE description LIKE %s", [f"{PREFIX}%"])]
    assert len(numbers) == len(set(numbers))
    budgets = [b for (b,) in db.query("SELECT id FROM budgets_personalbudget ORDER BY id")]
    assert len(budgets) == BUDGETS
    for index, budget in enumerate(budgets):
        def balance(account: str, budget: int = budget) -> int:
            return int(db.one("SELECT COALESCE(SUM(pence), 0) FROM budgets_ledgerentry WHERE account = %s",
                              [f"budget:{budget}:{account}"]))
        paid = sum(pence(n, index) for n in numbers)
        assert balance("paid:kill-test") == paid
        assert balance("fund") == -balance("allocation") - paid


def test_killing_a_process_posting_the_ledger_leaves_every_transaction_whole_and_a_rerun_completes(tmp_path: Path) -> None:
    with scratch_database(tmp_path) as db:
        run = f"from carecommons.budgets.tests.ledger_poster import run; run({TOTAL}, {BUDGETS})"
        process = db.start("shell", "-c", run)
        wait_until(lambda: _posted(db) >= 200, process=process)  # well under way: many posted, many to come
        kill(process)
        posted = _posted(db)
        assert 200 <= posted < TOTAL
        _assert_every_transaction_whole(db)
        _assert_balances_follow_the_transactions(db)

        db.manage("shell", "-c", run)
        assert _posted(db) == TOTAL
        _assert_every_transaction_whole(db)
        _assert_balances_follow_the_transactions(db)
