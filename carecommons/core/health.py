"""Is this installation healthy (the database accepts a write) and ready (every migration applied)?

`/healthz` and `/readyz` ask; each answer carries a plain message for whoever is on call.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from carecommons.core.models import Heartbeat


@dataclass(frozen=True)
class Health:
    ok: bool
    message: str
    error: str = ""


def heartbeat_write(*, using: str = DEFAULT_DB_ALIAS) -> Health:
    """Write the heartbeat row and commit it: a read-only, full or broken database fails here, not on a person's save."""
    try:
        with transaction.atomic(using=using):
            Heartbeat.objects.using(using).update_or_create(pk=1, defaults={"beat_at": timezone.now()})
    except DatabaseError as exc:
        return Health(ok=False, error=type(exc).__name__,
                      message="The database is not accepting changes, so nothing can be saved. Check that it is "
                              "running, that its disk is not full and that it is not read-only.")
    return Health(ok=True, message="The database accepts changes.")


def migrations_pending(*, using: str = DEFAULT_DB_ALIAS) -> Health:
    """Every migration this code knows of has been applied to the database."""
    try:
        executor = MigrationExecutor(connections[using])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return Health(ok=False, error=type(exc).__name__,
                      message="The database cannot be reached, so it is not known whether it is up to date.")
    if plan:
        n = len(plan)
        return Health(ok=False, message=f"{n} database {'change has' if n == 1 else 'changes have'} not been applied "
                                        "yet. Run: python manage.py migrate")
    return Health(ok=True, message="Every database change has been applied.")
