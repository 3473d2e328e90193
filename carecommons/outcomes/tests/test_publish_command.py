"""`publish_outcomes`: what it refuses before it reads any record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carecommons.outcomes.management.commands.publish_outcomes import financial_year, last_complete_quarters
from carecommons.outcomes.models import OutcomesRelease
from carecommons.outcomes.publishing import read_population

pytestmark = [pytest.mark.django_db]


def test_a_financial_year_is_april_to_march() -> None:
    assert financial_year("2025-26") == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert financial_year("1999-00") == (dt.date(1999, 4, 1), dt.date(2000, 3, 31))
    for wrong in ("2025-27", "2025", "25-26", "2025/26"):
        with pytest.raises(CommandError, match="Give the year as 2025-26"):
            financial_year(wrong)


def test_without_a_year_it_is_the_12_months_to_the_last_quarter_that_has_ended() -> None:
    assert last_complete_quarters(dt.date(2026, 12, 7)) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    assert last_complete_quarters(dt.date(2026, 4, 1)) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert last_complete_quarters(dt.date(2026, 1, 15)) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_a_year_that_has_not_ended_is_refused_and_nothing_is_published() -> None:
    with pytest.raises(CommandError, match="which has not come yet"):
        call_command("publish_outcomes", "--year", "2090-91")
    assert not OutcomesRelease.objects.exists()


def test_a_population_file_is_read_and_a_wrong_one_is_refused_with_its_line(tmp_path: Path) -> None:
    good = tmp_path / "population.csv"
    good.write_text("age_band,population\n18-64,48000\n65+,\"16,000\"\n", encoding="utf-8")
    assert read_population(good) == {"18-64": 48000, "65+": 16000}
    bad = tmp_path / "bad.csv"
    bad.write_text("age_band,population\n18-64,many\n65+,16000\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: the population must be a whole number above 0"):
        call_command("publish_outcomes", "--year", "2025-26", "--population", str(bad))
    missing = tmp_path / "missing.csv"
    missing.write_text("age_band,population\n18-64,48000\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no population for 65\\+"):
        read_population(missing)
    assert not OutcomesRelease.objects.exists()
