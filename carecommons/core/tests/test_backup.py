"""`manage.py backup` and `manage.py restore` (issue 14): the demo area round-trips row for row, and a file whose
checksum does not match is refused before anything changes. `make test` runs these on SQLite and
`make test-postgres` on PostgreSQL (pg_dump and pg_restore)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from carecommons.budgets.models import LedgerEntry
from carecommons.people.models import Person


def every_row() -> dict[str, list[str]]:
    """Every table in the database, every row, in a stable order."""
    tables = sorted(connection.introspection.table_names(include_views=False))
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the database
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


@pytest.fixture
def demo_area() -> None:
    from django.apps import apps

    from carecommons.participation.library import install
    from carecommons.participation.models import Area

    if not Area.objects.exists():
        install(apps)  # a flushed test database has lost the data migration's areas
    call_command("demo_area", "--seed", "3", "--today", "2026-03-10", "--people", "60", stdout=StringIO())


@pytest.mark.django_db(transaction=True)  # committed rows, as a running service has
def test_a_backup_of_the_demo_area_restores_every_table_row_for_row(demo_area: None, tmp_path: Path) -> None:
    before = every_row()
    assert Person.objects.count() >= 60 and LedgerEntry.objects.exists()
    out = tmp_path / "area.backup"
    said = StringIO()
    call_command("backup", "--out", str(out), stdout=said)
    checksum = (tmp_path / "area.backup.sha256").read_text().split()
    assert checksum[1] == "area.backup" and checksum[0] in said.getvalue()

    call_command("flush", interactive=False, verbosity=0)  # everything gone, the ledger too (a fictional area)
    assert not Person.objects.exists() and not LedgerEntry.objects.exists()

    call_command("restore", str(out), "--noinput", stdout=StringIO())
    after = every_row()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert sum(len(r) for r in after.values()) > 1_000


@pytest.mark.django_db(transaction=True)  # committed rows, as a running service has
def test_a_backup_whose_checksum_does_not_match_is_refused_and_nothing_changes(demo_area: None, tmp_path: Path) -> None:
    out = tmp_path / "area.backup"
    call_command("backup", "--out", str(out), stdout=StringIO())
    Person.objects.filter(pk=Person.objects.order_by("pk").values("pk")[:1]).update(full_name="Changed after the backup")
    before = every_row()
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0xFF
    out.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="checksum does not match: the file has changed or been damaged"):
        call_command("restore", str(out), "--noinput", stdout=StringIO())
    Path(f"{out}.sha256").unlink()
    with pytest.raises(CommandError, match="no checksum file beside the backup"):
        call_command("restore", str(out), "--noinput", stdout=StringIO())
    assert every_row() == before


@pytest.mark.django_db
def test_a_backup_for_the_other_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.backup"
    other.write_bytes(b"PGDMP-not-this-one" if connection.vendor == "sqlite" else b"SQLite format 3\x00not-this-one")
    call_command_checksum(other)
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(other), "--noinput", stdout=StringIO())


def call_command_checksum(path: Path) -> Any:
    from carecommons.core.backup import sha256_of

    Path(f"{path}.sha256").write_text(f"{sha256_of(path)}  {path.name}\n")
