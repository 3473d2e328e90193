"""The synthetic CLD generator: deterministic, rolling 12-month submissions, and every awkward case present."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from carecommons.outcomes.engine import generate
from carecommons.rules import cld

PEOPLE = 3000


def _digest(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


@pytest.fixture(scope="module")
def area(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    folder = tmp_path_factory.mktemp("area")
    sus = folder / "sus.csv"
    return generate.write_area(folder, people=PEOPLE, seed=7, sus_path=sus), sus


@pytest.fixture(scope="module")
def rows(area: tuple[list[Path], Path]) -> list[dict[str, str]]:
    found = []
    for k, path in enumerate(area[0]):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                row["_file"] = str(k)
                found.append(row)
    return found


def test_files_are_rolling_twelve_month_quarters_labelled_synthetic(area):
    paths, _ = area
    assert len(paths) == 8
    assert all(p.name.endswith("_999_synthetic.csv") for p in paths)
    subs = generate.submissions(8)
    assert subs[-1].start == date(2025, 4, 1) and subs[-1].end == date(2026, 3, 31)
    assert subs[0].end == date(2024, 6, 30) and subs[0].start == date(2023, 7, 1)
    for path, sub in zip(paths, subs, strict=True):
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            assert tuple(next(reader)) == cld.FIELDS
            periods = {(r[1], r[2]) for r in reader}
        assert periods == {(sub.start.isoformat(), sub.end.isoformat())}


def test_same_seed_same_bytes_other_seed_other_bytes_any_workers(tmp_path, area):
    again = generate.write_area(tmp_path / "a", people=PEOPLE, seed=7, workers=2)
    assert _digest(again) == _digest(area[0])
    other = generate.write_area(tmp_path / "b", people=PEOPLE, seed=8)
    assert _digest(other) != _digest(area[0])


def test_events_recur_across_submissions_some_changed(rows):
    seen: dict[tuple[str, str, str, str, str], set[str]] = defaultdict(set)
    refs: dict[tuple[str, str, str, str, str], set[str]] = defaultdict(set)
    for r in rows:
        key = (
            r["LA_Person_Unique_Identifier"],
            r["Event_Type"],
            r["Event_Start_Date"],
            r["Service_Type"],
            r["Service_Component"],
        )
        seen[key].add(r["_file"])
        refs[key].add(r["Event_Reference"] + "|" + r["Unit_Cost"])
    assert sum(1 for files in seen.values() if len(files) >= 4) > 100
    assert any(len(v) > 1 for v in refs.values())  # non-identifying fields changed between submissions


def test_long_term_support_from_before_and_several_settings_at_year_end(rows):
    last = [r for r in rows if r["_file"] == "7" and r["Event_Type"] == "Service"]
    before = [
        r for r in last if r["Service_Type"].startswith("Long term") and r["Event_Start_Date"] < "2023-07-01"
    ]
    assert before
    open_lts: dict[str, set[str]] = defaultdict(set)
    for r in last:
        if r["Service_Type"].startswith("Long term") and not r["Event_End_Date"]:
            open_lts[r["LA_Person_Unique_Identifier"]].add(r["Service_Type"])
    assert any(len(v) > 1 for v in open_lts.values())


def test_deaths_with_events_and_end_dates_after_death(rows):
    dead = [r for r in rows if r["Date_of_Death"]]
    assert dead
    assert any(r["Event_End_Date"] and r["Event_End_Date"] > r["Date_of_Death"] for r in dead)
    assert any(r["Event_Start_Date"] > r["Date_of_Death"] for r in dead)
    # the date of death is only on submissions made after it
    person = dead[0]["LA_Person_Unique_Identifier"]
    earlier = [r for r in rows if r["LA_Person_Unique_Identifier"] == person and not r["Date_of_Death"]]
    assert all(r["Reporting_Period_End_Date"] < dead[0]["Date_of_Death"] for r in earlier)


def test_reablement_and_each_sequel(rows):
    by_person: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        if r["_file"] == "7" or True:
            by_person[r["LA_Person_Unique_Identifier"]].append(r)
    kinds = set()
    for events in by_person.values():
        reablement = [
            e for e in events if e["Service_Type"] == "Short term support: ST-Max" and e["Event_End_Date"]
        ]
        if not reablement:
            continue
        assert all(e["Service_Component"] == "Reablement" for e in reablement)
        end = max(e["Event_End_Date"] for e in reablement)
        after = {
            e["Service_Type"] for e in events if e["Event_Type"] == "Service" and e["Event_Start_Date"] >= end
        }
        outcome = reablement[0]["Event_Outcome"]
        if outcome == "Admitted to hospital":
            kinds.add("hospital")
        elif outcome.startswith("NFA"):
            kinds.add("ended" if "other reason" in outcome or "Deceased" in outcome else "none")
        for service_type in after:
            kinds.add(service_type)
    assert {
        "hospital",
        "ended",
        "none",
        "Long term support: Community",
        "Short term support: Ongoing low level",
        "Short term support: Other short term",
    } <= kinds
    assert kinds & {"Long term support: Residential care", "Long term support: Nursing care"}


def test_discharge_into_reablement_and_the_sus_file(rows, area):
    _, sus = area
    hospital_requests = [r for r in rows if r["Request_Route_of_Access"] == generate.ROUTE_HOSPITAL]
    assert any(r["Event_Outcome"] == "Progress to reablement/ST-Max" for r in hospital_requests)
    with open(sus, encoding="utf-8", newline="") as handle:
        stays = list(csv.DictReader(handle))
    assert tuple(stays[0]) == generate.SUS_FIELDS
    nhs = {r["NHS_Number"] for r in hospital_requests if r["NHS_Number"]}
    linked = [s for s in stays if s["Der_DHSC_Pseudo_NHS_Number"] in nhs]
    assert linked and all(s["Admission_Date"] < s["Discharge_Date"] for s in stays)
    assert all(cld.nhs_number_valid(s["Der_DHSC_Pseudo_NHS_Number"]) for s in stays)
    assert all(s["Der_DHSC_Pseudo_NHS_Number"].startswith("999") for s in stays)  # NHS England's test range


def test_carers_with_direct_payments_and_commissioned_support(rows):
    carers = [r for r in rows if r["Client_Type"] == "Unpaid carer" and r["Event_Type"] == "Service"]
    mechanisms = {r["Delivery_Mechanism"] for r in carers}
    assert {"Direct payment", "CASSR commissioned support"} <= mechanisms
    assert all(r["Adult_1_Linked_Person_ID"] and r["Total_Hrs_Caring_per_week"] for r in carers)


def test_invalid_and_release_1_values_are_present_but_rare(rows):
    problems = [p for r in rows for p in cld.check_row(r)]
    validities = {p.validity for p in problems}
    assert cld.FAILED_RELEASE_1 in validities and cld.FAILED_INVALID in validities
    assert len(problems) < len(rows) * 0.1


def test_event_description_is_blank(rows):
    assert all(r["Event_Description"] == "" for r in rows)


def test_parquet_and_the_command(tmp_path):
    call_command(
        "cld_generate",
        "--people",
        "200",
        "--seed",
        "3",
        "--out",
        str(tmp_path / "p"),
        "--parquet",
        "--quarters",
        "2",
        "--sus",
        str(tmp_path / "sus.csv"),
    )
    written = sorted((tmp_path / "p").glob("*.parquet"))
    assert len(written) == 2 and not list((tmp_path / "p").glob("*.csv"))
    import duckdb

    count = duckdb.execute("SELECT count(*) FROM read_parquet(?)", [str(written[-1])]).fetchone()
    assert count is not None and count[0] > 200
    assert (tmp_path / "sus.csv").read_text().startswith("Der_DHSC_Pseudo_NHS_Number,")


def test_write_sus_alone_matches_write_area(tmp_path, area):
    path = generate.write_sus(tmp_path / "sus.csv", people=PEOPLE, seed=7)
    assert path.read_bytes() == area[1].read_bytes()


def test_person_details_change_between_submissions(rows):
    accommodation: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if not r["Date_of_Death"]:
            accommodation[r["LA_Person_Unique_Identifier"]].add(r["Accommodation_Status"])
    assert any(len(v) > 1 for v in accommodation.values())


def test_reablement_sometimes_sent_as_two_rows_days_apart(rows):
    starts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        if r["Service_Component"] == "Reablement" and r["Event_End_Date"]:
            starts[r["LA_Person_Unique_Identifier"]].add((r["Event_Start_Date"], r["Event_End_Date"]))
    joined = 0
    for episodes in starts.values():
        ordered = sorted(episodes)
        for (_, end), (start, _) in zip(ordered, ordered[1:], strict=False):
            if 0 <= (date.fromisoformat(start) - date.fromisoformat(end)).days <= 7:
                joined += 1
    assert joined


def test_no_people_writes_headers_only(tmp_path):
    paths = generate.write_area(tmp_path, people=0, seed=1, quarters=2, sus_path=tmp_path / "sus.csv")
    assert [p.read_text() for p in paths] == [",".join(cld.FIELDS) + "\n"] * 2
    assert (tmp_path / "sus.csv").read_text() == ",".join(generate.SUS_FIELDS) + "\n"


def test_one_process_or_two_write_the_same_bytes(tmp_path):
    people = generate.CHUNK * 2 + 7  # three chunks, split across two processes
    one = generate.write_area(
        tmp_path / "one", people=people, seed=5, quarters=2, workers=1, sus_path=tmp_path / "one.csv"
    )
    two = generate.write_area(
        tmp_path / "two", people=people, seed=5, quarters=2, workers=2, sus_path=tmp_path / "two.csv"
    )
    assert _digest(one) == _digest(two)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_no_event_ends_before_it_starts(rows):
    assert not [r for r in rows if r["Event_End_Date"] and r["Event_End_Date"] < r["Event_Start_Date"]]


def test_a_council_code_that_could_leave_the_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="letters and digits"):
        generate.write_area(tmp_path, people=1, seed=1, la_code="../x")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="letters and digits"):
        call_command(
            "cld_generate", "--people", "1", "--seed", "1", "--out", str(tmp_path), "--la-code", "a/b"
        )
    with pytest.raises(CommandError, match="--people"):
        call_command("cld_generate", "--people", "-1", "--seed", "1", "--out", str(tmp_path))
