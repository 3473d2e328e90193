"""`manage.py pb_run` on a real election, and its refusals."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).resolve().parents[1] / "testdata" / "pabulib"


def test_pb_run_prints_the_selection_and_cost_as_json() -> None:
    out = StringIO()
    call_command("pb_run", str(DATA / "Poland_Katowice_2023.pb"), "--rule", "greedy-threshold", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {"selected", "cost"} and result["selected"] and isinstance(result["cost"], int)
    assert result["cost"] <= 3_004_498


def test_pb_run_counts_equal_shares_on_assen() -> None:
    out = StringIO()
    call_command("pb_run", str(DATA / "Netherlands_Assen_2024.pb"), "--rule", "equal_shares", "--json", stdout=out)
    assert json.loads(out.getvalue())["cost"] == 76_700


def test_pb_run_counts_wieliczka_by_its_own_rule() -> None:
    out = StringIO()
    call_command("pb_run", str(DATA / "Poland_Wieliczka_2023_Green_Budget.pb"), "--rule", "equalshares/add1-comparison", "--json", stdout=out)
    assert json.loads(out.getvalue())["cost"] == 995_079


def test_pb_run_refuses_what_it_cannot_count() -> None:
    with pytest.raises(CommandError, match="not supported"):
        call_command("pb_run", str(DATA / "Netherlands_Assen_2024.pb"), "--rule", "phragmen", "--json")
    with pytest.raises(CommandError, match="There is no file"):
        call_command("pb_run", "missing.pb", "--rule", "greedy")
