"""Health and readiness (issue 14): healthy means the database accepts a write; ready means fully migrated;
SQLite syncs every commit to disk. Runs on SQLite in `make test` and on PostgreSQL in `make test-postgres`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from carecommons.core.models import Heartbeat


@contextmanager
def read_only_database() -> Iterator[None]:
    """The database itself refuses every write on this connection, as a read-only file or replica would."""
    on, off = (("PRAGMA query_only = ON", "PRAGMA query_only = OFF") if connection.vendor == "sqlite" else
               ("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"))
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


@pytest.mark.django_db
def test_healthz_writes_a_heartbeat_when_the_database_accepts_writes(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok" and body["writes"] == "accepted"
    assert Heartbeat.objects.count() == 1
    client.get("/healthz")
    assert Heartbeat.objects.count() == 1  # one row, rewritten


@pytest.mark.django_db(transaction=True)  # autocommit, as a server runs: the read-only setting covers each transaction
def test_healthz_answers_503_with_a_plain_message_when_the_database_refuses_writes(client) -> None:
    with read_only_database():
        assert connection.vendor in ("sqlite", "postgresql")
        response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["message"].startswith("The database is not accepting changes, so nothing can be saved.")
    assert client.get("/healthz").status_code == 200  # and healthy again once it accepts writes


@pytest.mark.django_db
def test_readyz_answers_200_when_every_migration_is_applied(client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ready", "message": "Every database change has been applied."}


@pytest.mark.django_db
def test_readyz_answers_503_saying_how_many_migrations_are_pending(client) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'core'")
    from django.db.migrations.loader import MigrationLoader

    pending = sum(1 for app, _ in MigrationLoader(None, ignore_no_migrations=True).disk_migrations if app == "core")
    assert pending >= 4
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "not ready",
        "message": f"{pending} database changes have not been applied yet. Run: python manage.py migrate"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own setting")
@pytest.mark.django_db
def test_sqlite_syncs_every_commit_to_disk() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL (NORMAL is 1)
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
