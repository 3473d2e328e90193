"""The database refuses to delete a ledger row, as it already refuses to change one (ADR 0024).

A delete goes through only inside a transaction that holds a permit: a row in
`budgets_ledger_delete_permit` that `budgets.ledger_wipe.ledger_delete_permitted()` inserts and removes
again before the transaction ends, so no other connection ever sees it. Only a fictional area's demo
rebuild and the test suite's flush ask for one. On PostgreSQL TRUNCATE is refused the same way.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLES = ("budgets_ledgertransaction", "budgets_ledgerentry")
PERMIT = "budgets_ledger_delete_permit"
MESSAGE = "The ledger is append-only: rows are never deleted, post a reversal instead"


def create_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    schema_editor.execute(f"CREATE TABLE {PERMIT} (granted integer NOT NULL CHECK (granted = 1))")
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION carecommons_ledger_refuses_delete() RETURNS trigger AS $$ BEGIN "
            f"IF EXISTS (SELECT 1 FROM {PERMIT}) THEN "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NULL; END IF; "
            f"RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;"
        )
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_refuses_delete BEFORE DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION carecommons_ledger_refuses_delete();"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_refuses_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION carecommons_ledger_refuses_delete();"
            )
        else:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_refuses_delete BEFORE DELETE ON {table} "
                f"WHEN NOT EXISTS (SELECT 1 FROM {PERMIT}) "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_refuses_delete ON {table};")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_refuses_truncate ON {table};")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_refuses_delete;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS carecommons_ledger_refuses_delete();")
    schema_editor.execute(f"DROP TABLE IF EXISTS {PERMIT}")


class Migration(migrations.Migration):
    dependencies = [("budgets", "0011_couple_premium_figures")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
