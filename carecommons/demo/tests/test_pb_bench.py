"""`pb_bench`, run on the smallest checked election: it finds the elections, counts and imports in its own database."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from carecommons.demo.management.commands.pb_bench import DATA


@pytest.mark.django_db(transaction=True)
def test_pb_bench_counts_and_imports_an_election_in_its_own_database(tmp_path: Path) -> None:
    elections = sorted(DATA.glob("*.pb"), key=lambda p: p.stat().st_size)
    assert len(elections) >= 3, f"no elections found in {DATA}"
    database_before = connection.settings_dict["NAME"]
    out = StringIO()
    call_command("pb_bench", str(elections[0]), "--no-pabutools", "--no-generated", "--db", str(tmp_path / "pb.sqlite3"), stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["file"] == elections[0].name and figures["voters"] > 0 and figures["page_ms"] > 0
    assert connection.settings_dict["NAME"] == database_before


def test_pb_bench_times_the_completion_on_a_generated_city_wide_election() -> None:
    out = StringIO()
    call_command("pb_bench", "--generated", "--voters", "3000", stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["voters"] == 3000 and figures["projects"] == 83
    assert figures["selected"] > 0 and figures["completion_seconds"] > 0
    assert "generated city-wide approval election (not a real one" in out.getvalue()
