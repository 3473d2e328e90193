"""The bench command, run tiny: it builds its own database (SQLite, or on PostgreSQL), times six pages and writes the
figures."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from carecommons.people.models import Person


@pytest.mark.django_db(transaction=True)
def test_bench_builds_its_own_database_and_writes_results(tmp_path: Path) -> None:
    database_before = connection.settings_dict["NAME"]
    db, results = tmp_path / "bench.sqlite3", tmp_path / "bench-results.json"
    out = StringIO()
    call_command("bench", "--people", "200", "--events", "2000", "--requests", "5", "--db", str(db),
                 "--results", str(results), stdout=out)

    figures = json.loads(results.read_text())
    assert set(figures["pages"]) == {"person", "hub_day", "waiting_list", "team", "budgets", "oruk_proximity"}
    for page in figures["pages"].values():
        assert page["requests"] == 5
        assert 0 < page["p50_ms"] <= page["p95_ms"]
        assert isinstance(page["pass"], bool)
    split = figures["split"]
    assert sum(split[k] for k in ("requests", "bookings", "conversations", "revisions", "access_events")) == 2000
    assert split["access_events"] > split["requests"]
    assert split["waiting"] > 0
    assert split["budgets"] == 20 and split["services"] == 100
    assert figures["target"] == "p95 < 100 ms"
    assert db.exists()
    text = out.getvalue()
    assert "p95" in text and ("PASS" in text or "FAIL" in text)
    # The test database was not touched, and is in use again afterwards.
    assert connection.settings_dict["NAME"] == database_before
    assert not Person.objects.exists()

    # Timing again without rebuilding.
    call_command("bench", "--people", "200", "--events", "2000", "--requests", "3", "--db", str(db),
                 "--results", str(results), "--reuse", stdout=StringIO())
    assert json.loads(results.read_text())["pages"]["hub_day"]["requests"] == 3


@pytest.mark.django_db(transaction=True)
def test_bench_builds_its_own_database_on_postgresql(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (scripts/with-postgres.sh)")
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    results = tmp_path / "bench-results.json"
    call_command("bench", "--postgres", url, "--pg-name", "carecommons_bench_test", "--people", "200", "--events",
                 "2000", "--requests", "3", "--results", str(results), stdout=StringIO())
    figures = json.loads(results.read_text())
    assert figures["vendor"] == "postgresql" and figures["split"]["budgets"] == 20
    assert all(page["requests"] == 3 for page in figures["pages"].values())
    assert not Person.objects.exists(), "the test database was not touched"
