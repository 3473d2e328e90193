"""`hospital_bench`, tiny: it builds fictional requests in its own database, times the two pages, writes its figures."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from carecommons.demo.management.commands.hospital_bench import nhs_number
from carecommons.rules.discharge import nhs_number_valid


@pytest.mark.django_db(transaction=True)
def test_hospital_bench_builds_and_times_the_pages_in_its_own_database(tmp_path: Path) -> None:
    database_before = connection.settings_dict["NAME"]
    out = StringIO()
    results = tmp_path / "results.json"
    call_command("hospital_bench", "--weeks", "2", "--per-week", "150", "--requests", "3",
                 "--db", str(tmp_path / "hospital.sqlite3"), "--results", str(results), stdout=out)
    figures = json.loads(results.read_text())
    assert figures["counts"]["requests"] == 300 and figures["counts"]["plans"] > 0
    assert figures["counts"]["reablement_episodes"] > 0
    assert set(figures["pages"]) == {"team_list", "flow_4_weeks", "flow_52_weeks"}
    for page in figures["pages"].values():
        assert page["requests"] == 3 and 0 < page["p50_ms"] <= page["p95_ms"] <= page["max_ms"]
    assert "/hospital/team/: p50" in out.getvalue() and "/hospital/flow/: p50" in out.getvalue()
    assert connection.settings_dict["NAME"] == database_before


def test_the_benchs_nhs_numbers_are_valid_and_different() -> None:
    numbers = [nhs_number(i) for i in range(1, 2_000)]
    assert all(nhs_number_valid(n) for n in numbers) and len(set(numbers)) == len(numbers)
