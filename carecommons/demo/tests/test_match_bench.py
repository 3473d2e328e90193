"""`match_bench`, run small: matching end to end from its own database, with the figures as JSON."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_match_bench_prints_the_figures(tmp_path: Any) -> None:
    out = StringIO()
    call_command("match_bench", "--people", "300", "--carers", "300", "--seed", "3", "--json", "--db", str(tmp_path / "m.sqlite3"), stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) >= {"seconds", "peak_mb", "fit", "greedy_fit", "violations"}
    assert result["violations"] == 0 and result["fit"] >= result["greedy_fit"] and result["people"] == 300
