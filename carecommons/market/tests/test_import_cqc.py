"""Importing the CQC directory: counts, idempotence, bad rows with line numbers, and all-or-nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from carecommons.market.cqc import ImportFailed, import_text
from carecommons.market.models import ImportRun, Location, Provider
from carecommons.market.synthetic import synthetic_csv

SAMPLE = Path(__file__).resolve().parents[1] / "testdata" / "cqc_locations_synthetic.csv"
ROOT = Path(__file__).resolve().parents[3]


def test_the_committed_sample_is_what_the_generator_makes() -> None:
    assert SAMPLE.read_text() == synthetic_csv(40)


@pytest.mark.django_db
def test_import_counts_bad_rows_and_a_rerun_that_changes_nothing() -> None:
    out = StringIO()
    call_command("import_cqc", str(SAMPLE), "--quiet", stdout=out)
    assert "40 rows: 36 new, 0 updated, 0 unchanged, 4 could not be used." in out.getvalue()
    assert Location.objects.count() == 36
    run = ImportRun.objects.get()
    assert [b["line"] for b in run.bad_rows] == [8, 14, 22, 30]
    assert "'Brilliant' is not a CQC rating" in out.getvalue() and "'lots' is not a whole number" in out.getvalue()
    before = {loc.cqc_id: (loc.updated_at, loc.row_hash) for loc in Location.objects.all()}
    out = StringIO()
    call_command("import_cqc", str(SAMPLE), "--quiet", stdout=out)
    assert "0 new, 0 updated, 36 unchanged" in out.getvalue()
    assert {loc.cqc_id: (loc.updated_at, loc.row_hash) for loc in Location.objects.all()} == before
    home = Location.objects.get(cqc_id="1-100000001")
    assert home.care_home and home.beds == 66 and home.rating == "Requires improvement" and home.local_authority == "Brindle Moor"
    assert home.service_types == ["Care home service without nursing"]
    assert home.regulated_activities == ["Accommodation for persons who require nursing or personal care"]
    assert home.user_bands == ["Dementia", "Physical Disability", "Younger Adults"]


@pytest.mark.django_db
def test_a_changed_row_updates_and_unknown_columns_are_ignored() -> None:
    import_text(SAMPLE.read_text())
    changed = SAMPLE.read_text().replace("Ash Court,26/03/2022,N,Y,66", "Ash Court,26/03/2022,N,Y,70")
    changed = changed.replace("Location ONSPD CCG Code", "A column CQC added later", 1)
    run = import_text(changed)
    assert (run.created, run.updated, run.unchanged) == (0, 1, 35)
    assert Location.objects.get(cqc_id="1-100000001").beds == 70
    assert Provider.objects.count() == Location.objects.values("provider").distinct().count()


@pytest.mark.django_db
def test_a_file_without_the_required_columns_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "not-cqc.csv"
    bad.write_text("Name,Postcode\nA home,AV1 1AA\n")
    with pytest.raises(CommandError, match="missing required columns: Location ID, Location Name, Provider ID"):
        call_command("import_cqc", str(bad), "--quiet")
    with pytest.raises(ImportFailed):
        import_text("Location ID\n1\n")
    assert not ImportRun.objects.exists() and not Location.objects.exists()


def _count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM market_location").fetchone()[0])


def test_killing_an_import_part_way_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "kill.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "carecommons.config.settings.dev", "DATABASE_URL": f"sqlite:///{db}"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "import_cqc", str(SAMPLE), "--quiet"], env=env, check=True, cwd=ROOT, capture_output=True)
    assert _count(db) == 36
    big = tmp_path / "big.csv"
    big.write_text(synthetic_csv(60_000, seed=2, malformed=False))
    process = subprocess.Popen([*manage, "import_cqc", str(big), "--quiet"], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (tmp_path / "kill.sqlite3-wal").exists() or (
            (tmp_path / "kill.sqlite3-wal").stat().st_size < 200_000 and time.monotonic() < deadline):
        time.sleep(0.05)  # wait until it has written a good deal, uncommitted
    assert process.poll() is None, "the import finished before it could be stopped; make the file bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _count(db) == 36


@pytest.mark.django_db
def test_the_import_command_needs_a_real_file(tmp_path: Any) -> None:
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_cqc", str(tmp_path / "missing.csv"))
