"""`manage.py sac_return`: the Safeguarding Adults Collection from the concern records, written whole, suppressed,
recorded once (who, when, which year, how many, the file's SHA-256), and refused in plain words when it cannot."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from carecommons.people.models import AccessEvent
from carecommons.rules.sac import CSV_COLUMNS
from carecommons.safeguarding import sac
from carecommons.safeguarding.models import Concern, ConcernEvent, SacReturn
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db



def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=timezone.get_current_timezone())


def closed_enquiry(n: int, *, person: Any = None, raised: dt.date = dt.date(2025, 5, 1),
                   closed: dt.date | None = dt.date(2025, 7, 1), **kw: Any) -> Concern:
    fields: dict[str, Any] = {
        "reference": f"SG-TEST-{n:04d}", "raised_at": _at(raised), "raised_through": "staff",
        "what_happened": "A fictional concern for the test.", "immediate_danger": "no", "person": person,
        "abuse_types": ["financial"], "location": "own_home", "source_of_risk": "known",
        "needs": True, "abuse_or_neglect": True, "unable_to_protect": True, "s42_duty": True,
        "route": "s42_enquiry", "reasons": "All three tests are met for this fictional person.",
        "decided_by_name": "Sita Kaur", "decided_at": _at(raised), "outcomes_asked": "yes",
        "desired_outcomes": "To feel safe at home.", "enquiry_started_by_name": "Sita Kaur",
        "enquiry_started_at": _at(raised + dt.timedelta(days=1)),
        "state": "closed" if closed else "enquiry_open",
        "outcomes_achieved": "partially" if closed else "", "risk": "reduced" if closed else "",
        "closure_reasons": "The plan is working and she feels safer." if closed else "",
        "closed_by_name": "Sita Kaur" if closed else "", "closed_at": _at(closed) if closed else None,
    }
    fields.update(kw)
    return Concern.objects.create(**fields)


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("sac_return", *args, stdout=out)
    return out.getvalue()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _count(rows: list[dict[str, str]], table: str, breakdown: str, category: str) -> str:
    return next(r["count"] for r in rows if r["table"] == table and r["breakdown"] == breakdown
                and r["category"] == category)


def test_the_command_writes_the_tables_and_records_the_run(tmp_path: Path) -> None:
    old = f.PersonFactory(date_of_birth=dt.date(1938, 2, 1))
    for n in range(6):
        closed_enquiry(n, person=old, lacks_capacity="no" if n < 5 else "")
    for n in range(6, 8):
        closed_enquiry(n, person=old, source_of_risk="service_provider", advocate="Vale Advocacy (fictional)",
                       lacks_capacity="yes")
    closed_enquiry(8, raised=dt.date(2025, 3, 1), closed=dt.date(2025, 3, 20))  # last year: not counted
    out = tmp_path / "sac-2025-26.csv"
    said = _command("--year", "2025-26", "--out", str(out))
    rows = _read(out)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert _count(rows, "concerns", "total", "All") == "8"
    assert _count(rows, "s42_enquiry_concluded", "total", "All") == "8"
    assert _count(rows, "s42_enquiry_concluded", "age_band", "85 to 94") == "8"  # 87 on the day raised
    assert _count(rows, "s42_enquiry_concluded", "source_of_risk", "A service provider") == "fewer than 5"
    assert _count(rows, "s42_enquiry_concluded", "source_of_risk",
                  "Someone they know (not a service provider)") == "not shown"  # else 8 - 6 gives the 2 away
    assert _count(rows, "s42_enquiry_concluded", "sex", "Not known") == "8"
    assert _count(rows, "s42_enquiry_concluded", "ethnicity", "Not known") == "8"
    assert _count(rows, "s42_enquiry_concluded", "primary_support_reason", "Not known") == "8"
    # capacity as recorded at the start: 5 did not lack it, 2 did, 1 not recorded (small counts suppressed)
    assert _count(rows, "s42_enquiry_concluded", "mental_capacity", "Did not lack capacity") == "5"
    assert _count(rows, "s42_enquiry_concluded", "mental_capacity", "Lacked capacity") == "fewer than 5"
    assert _count(rows, "s42_enquiry_concluded", "mental_capacity", "Not known") == "fewer than 5"
    assert _count(rows, "s42_enquiry_concluded", "advocacy",
                  "Had an independent advocate (Care Act section 68)") == "fewer than 5"
    assert not any(r["count"] in {"1", "2", "3", "4"} for r in rows)
    text = out.read_text(encoding="utf-8")
    assert "SG-TEST" not in text and "fictional" not in text  # only counts leave: no reference or free text
    record = SacReturn.objects.get()
    assert (record.year, record.period_start, record.period_end, record.concerns, record.rows) == (
        "2025-26", dt.date(2025, 4, 1), dt.date(2026, 3, 31), 8, len(rows))
    assert record.sha256 == hashlib.sha256(out.read_bytes()).hexdigest() and record.sha256 in said
    assert record.run_by and record.file_name == str(out)
    # One logged export, not an opening per concern or per person.
    assert not AccessEvent.objects.exists() and not ConcernEvent.objects.exists()
    assert f"{len(rows)} rows from 8 concerns" in said


def test_an_empty_year_writes_zeros(tmp_path: Path) -> None:
    out = tmp_path / "empty.csv"
    _command("--year", "2024-25", "--out", str(out))
    rows = _read(out)
    assert _count(rows, "concerns", "total", "All") == "0"
    assert SacReturn.objects.get().concerns == 0


@pytest.mark.parametrize("year", ["2025", "2025-27", "25-26", "2025/26", "next year", "２０２５-26"])
def test_the_command_refuses_a_bad_year(year: str, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(CommandError) as refused:
        _command("--year", year, "--out", str(out))
    assert "--year must be a financial year written like 2025-26" in str(refused.value)
    assert not out.exists() and not SacReturn.objects.exists()


def test_the_command_refuses_a_place_it_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as wrong_suffix:
        _command("--year", "2025-26", "--out", str(tmp_path / "x.xlsx"))
    assert "--out must name a .csv file" in str(wrong_suffix.value)
    with pytest.raises(CommandError) as no_folder:
        _command("--year", "2025-26", "--out", str(tmp_path / "nowhere" / "x.csv"))
    assert "There is no folder" in str(no_folder.value)
    with pytest.raises(CommandError) as cannot:  # nobody may create files in /proc, not even root
        _command("--year", "2025-26", "--out", "/proc/sac-return.csv")
    assert "Cannot write in /proc" in str(cannot.value)
    (tmp_path / "already.csv").mkdir()
    with pytest.raises(CommandError) as a_folder:
        _command("--year", "2025-26", "--out", str(tmp_path / "already.csv"))
    assert "names a folder" in str(a_folder.value)
    assert not SacReturn.objects.exists()


def test_a_failed_write_leaves_the_old_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "sac.csv"
    out.write_text("the return sent last year\n", encoding="utf-8")

    def broken(*args: Any, **kw: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sac.os, "replace", broken)
    with pytest.raises(CommandError) as failed:
        _command("--year", "2025-26", "--out", str(out))
    assert "No space left on device" in str(failed.value)
    assert out.read_text(encoding="utf-8") == "the return sent last year\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sac.csv"]  # no temporary file left behind
    assert not SacReturn.objects.exists()


def test_the_rows_are_read_in_one_query(django_assert_num_queries: Any) -> None:
    person = f.PersonFactory(date_of_birth=dt.date(1950, 1, 1))
    for n in range(5):
        closed_enquiry(n, person=person)
    with django_assert_num_queries(1):
        rows = list(sac.concern_rows(dt.date(2025, 4, 1), dt.date(2026, 3, 31)))
    assert len(rows) == 5 and rows[0].born_on == dt.date(1950, 1, 1) and rows[0].closed_on == dt.date(2025, 7, 1)


def test_the_msp_counts_come_from_the_records() -> None:
    for n in range(3):
        closed_enquiry(n)
    closed_enquiry(3, outcomes_asked="no", desired_outcomes="", outcomes_achieved="",
                   not_asked_why="She was in hospital and too unwell to talk.")
    closed_enquiry(4, closed=None)  # still open
    counts = sac.msp_counts(dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert (counts.concluded, counts.asked, counts.expressed, counts.achieved) == (4, 3, 3, 3)
