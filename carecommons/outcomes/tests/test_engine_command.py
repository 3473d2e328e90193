"""The `ascof` command: the JSON it prints, its words, and clear messages for bad input."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carecommons.outcomes.tests.cld_files import submission, write_cld
from carecommons.rules.ascof_short_term import SUS_COLUMNS

KEYS = ["2A", "2B", "2C", "2D", "2E_18_64", "2E_65_plus", "3D_1a", "3D_2a", "3D_1b", "3D_2b"]


def cld_file(tmp_path: Path) -> Path:
    # One person aged 75 admitted to a residential home on 1 June 2025 with a direct payment for support
    # at home before (ended 31 May 2025): 2C counts them (1 of 50,000 -> 2.0 per 100,000).
    rows = [
        {
            "LA_Person_Unique_Identifier": "P1",
            "Date_of_Birth": "1950-05-20",
            "Client_Type": "Service user",
            "Event_Type": "Service",
            "Event_Start_Date": "2025-06-01",
            "Service_Type": "Long term support: Residential care",
            "Accommodation_Status": "Registered care home",
        },
        {
            "LA_Person_Unique_Identifier": "P2",
            "Date_of_Birth": "1980-01-01",
            "Client_Type": "Service user",
            "Event_Type": "Service",
            "Event_Start_Date": "2025-01-01",
            "Delivery_Mechanism": "Direct payment",
            "Service_Type": "Long term support: Community",
            "Accommodation_Status": "Tenant: Private landlord",
        },
    ]
    return write_cld(tmp_path / "cld.csv", rows, **submission("2023-04-01", "2026-03-31"))


def population(tmp_path: Path, text: str = "age_band,population\n18-64,200000\n65+,50000\n") -> Path:
    path = tmp_path / "pop.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("ascof", *args, stdout=out)
    return out.getvalue()


def test_json_has_every_measure_key_with_numerator_denominator_and_value(tmp_path):
    printed = json.loads(
        run(str(cld_file(tmp_path)), "--year", "2025-26", "--population", str(population(tmp_path)), "--json")
    )
    assert list(printed) == KEYS
    assert printed["2C"] == {"numerator": 1, "denominator": 50000, "value": 2.0}
    assert printed["2B"] == {"numerator": 0, "denominator": 200000, "value": 0.0}
    assert printed["2E_18_64"] == {"numerator": 1, "denominator": 1, "value": 100.0}
    assert printed["3D_2a"] == {"numerator": 1, "denominator": 1, "value": 100.0}
    assert printed["3D_1b"]["value"] is None
    assert all(set(v) == {"numerator", "denominator", "value"} for v in printed.values())


def test_text_output_says_each_measure_in_words_and_why_one_is_missing(tmp_path):
    text = run(str(cld_file(tmp_path)), "--year", "2025-26")
    assert "ASCOF measures for 1 April 2025 to 31 March 2026" in text
    assert (
        "2E_18_64  People aged 18 to 64 with long-term support who live in their own home or with family: 100.0% (1 of 1 person)."
        in text
    )
    assert (
        "2C  Adults aged 65 and over who moved into a care home, per 100,000 people: not worked out (1 counted). No population was given"
        in text
    )
    assert (
        "3D_1b  Carers with support of their own who choose how their budget is spent: not worked out. No carer"
        in text
    )


def test_parquet_out_writes_the_main_table_and_each_measures_people(tmp_path):
    folder = tmp_path / "parquet"
    run(str(cld_file(tmp_path)), "--year", "2025-26", "--parquet-out", str(folder))
    written = sorted(p.name for p in folder.iterdir())
    assert {
        "cld_main.parquet",
        "person_details.parquet",
        "ascof_2b2c_people.parquet",
        "ascof_2e_people.parquet",
        "ascof_3d_client_people.parquet",
        "ascof_3d_carer_people.parquet",
    } <= set(written)
    parquet = folder / "ascof_2b2c_people.parquet"
    people = duckdb.sql(f"SELECT Der_Person_ID, Working_Age_Band FROM read_parquet('{parquet}')").fetchall()  # noqa: S608
    assert people == [("999_P1", "65 and above")]


@pytest.mark.parametrize(
    "text, message",
    [
        ("age_band,population\n18-64,200000\n", "The population file has no row for 65+."),
        (
            "age_band,population\n18-64,lots\n65+,50000\n",
            "Line 2: the population for 18-64 must be a whole number above 0, not 'lots'.",
        ),
        (
            "band,people\n18-64,1\n65+,2\n",
            "The population file must have the columns age_band and population.",
        ),
    ],
)
def test_a_bad_population_file_is_refused_with_what_is_wrong(tmp_path, text, message):
    with pytest.raises(
        CommandError, match=message.replace("(", r"\(").replace(")", r"\)").replace("+", r"\+")
    ):
        run(str(cld_file(tmp_path)), "--year", "2025-26", "--population", str(population(tmp_path, text)))


def test_a_missing_population_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="There is no population file at"):
        run(str(cld_file(tmp_path)), "--year", "2025-26", "--population", str(tmp_path / "nope.csv"))


@pytest.mark.parametrize("year", ["2025", "2025-27", "next year"])
def test_a_year_not_written_like_2025_26_is_refused(tmp_path, year):
    with pytest.raises(CommandError, match="2025-26|not a financial year"):
        run(str(cld_file(tmp_path)), "--year", year)


def test_an_unreadable_file_gives_a_message_and_a_non_zero_exit_never_a_traceback(tmp_path):
    import subprocess
    import sys

    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 4)
    not_cld = tmp_path / "other.csv"
    not_cld.write_text("name,age\nA,3\n")
    for path in (garbage, not_cld, tmp_path / "missing.csv"):
        done = subprocess.run(
            [sys.executable, "manage.py", "ascof", str(path), "--year", "2025-26"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[3],
            env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "carecommons.config.settings.test"},
        )
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert path.name in done.stderr


def test_from_records_and_files_together_are_refused(tmp_path):
    with pytest.raises(CommandError, match="not both"):
        run(str(cld_file(tmp_path)), "--year", "2025-26", "--from-records")


def test_from_records_measures_the_export_of_care_commons_records_the_same_as_the_file(tmp_path, monkeypatch):
    import sys
    import types

    made = cld_file(tmp_path)
    asked = {}

    def export_to_file(path, *, start, end):
        asked.update(start=start, end=end)
        path.write_bytes(made.read_bytes())
        return 2

    no_discharges = tmp_path / "no-discharges.csv"
    no_discharges.write_text(",".join(SUS_COLUMNS) + "\n", encoding="utf-8")

    def export_sus(path, *, start, end):  # the records' hospital discharges, as `cld_export --sus-out` writes them
        asked.update(sus=(start, end))
        path.write_bytes(no_discharges.read_bytes())
        return 0

    fake = types.ModuleType("carecommons.outcomes.export")
    fake.export_to_file = export_to_file  # type: ignore[attr-defined]
    fake.export_sus = export_sus  # type: ignore[attr-defined]
    fake.sus_left_out = lambda *, start, end: 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "carecommons.outcomes.export", fake)
    import carecommons.outcomes

    monkeypatch.setattr(carecommons.outcomes, "export", fake, raising=False)
    from_records = json.loads(run("--from-records", "--year", "2025-26", "--json"))
    from_file = json.loads(run(str(made), "--sus", str(no_discharges), "--year", "2025-26", "--json"))
    assert from_records == from_file
    assert asked == {"start": date(2025, 4, 1), "end": date(2026, 3, 31),
                     "sus": (date(2025, 4, 1), date(2026, 3, 31))}


def test_files_that_do_not_cover_the_year_are_warned_about(tmp_path):
    path = write_cld(
        tmp_path / "old.csv",
        [
            {
                "LA_Person_Unique_Identifier": "P1",
                "Event_Type": "Request",
                "Event_Start_Date": "2024-05-01",
                "Event_End_Date": "2024-05-02",
            }
        ],
        **submission("2024-04-01", "2025-03-31"),
    )
    err = StringIO()
    call_command("ascof", str(path), "--year", "2025-26", "--json", stdout=StringIO(), stderr=err)
    assert "The files cover 1 April 2024 to 31 March 2025, not the whole year measured" in err.getvalue()
