"""`manage.py cld_check FILE`: each invalid or missing value by line and field, a summary per field, exit 0/1/2,
and never a crash on a bad file."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecommons.outcomes.checking import Unreadable, check_file
from carecommons.rules import cld


def _good_row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(cld.FIELDS, "")
    row.update(
        LA_Code="999",
        Reporting_Period_Start_Date="2025-04-01",
        Reporting_Period_End_Date="2026-03-31",
        LA_Person_Unique_Identifier="P1",
        NHS_Number="9434765919",
        Gender="Female",
        Ethnicity="White: Irish",
        Client_Type="Service user",
        Event_Type="Service",
        Event_Start_Date="2025-05-01",
        Service_Type="Long term support: Community",
        Service_Component="Home support or domiciliary care",
        Delivery_Mechanism="Direct payment",
    )
    row.update(values)
    return row


def _write(path: Path, rows: list[dict[str, str]], fields: tuple[str, ...] | list[str] = cld.FIELDS) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fields), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _run(path: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("cld_check", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


def test_a_good_file_passes_with_exit_0(tmp_path):
    code, out, _ = _run(
        _write(tmp_path / "good.csv", [_good_row(), _good_row(Event_Type="Request", Service_Type="")])
    )
    assert code == 0
    assert "2 rows checked (CSV): no problems found." in out
    assert "Service_Type" in out and "Mandatory" in out


def test_each_problem_by_line_and_field_then_exit_1(tmp_path):
    rows = [
        _good_row(),
        _good_row(Gender="F"),
        _good_row(Service_Type="Long Term Support: Community"),
        _good_row(Event_Start_Date="31/02/2025"),
        _good_row(Event_Start_Date="2025-02-31"),
        _good_row(LA_Person_Unique_Identifier=""),
        _good_row(NHS_Number="1234567890"),
    ]
    code, out, message = _run(_write(tmp_path / "bad.csv", rows))
    assert code == 1 and "6 problems found" in message
    assert 'line 3, Gender: "F": not in the Release 2 list of values for this field [Failed: Invalid]' in out
    assert (
        'line 4, Service_Type: "Long Term Support: Community": a Release 1 value: Release 2 writes it '
        '"Long term support: Community" [Failed: Release 1]' in out
    )
    assert 'line 5, Event_Start_Date: "31/02/2025": not a date written YYYY-MM-DD' in out
    assert 'line 6, Event_Start_Date: "2025-02-31": not a real date' in out
    assert "line 7, LA_Person_Unique_Identifier" in out and "[Failed: Blank (Mandatory)]" in out
    assert 'line 8, NHS_Number: "N/A - PID"' in out and "1234567890" not in out
    summary = next(line for line in out.splitlines() if line.startswith("Gender "))
    assert summary.split()[1:9] == ["0", "7", "0", "6", "0", "0", "1", "0"]
    assert '"F" (1)' in summary


def test_max_lines_limits_what_is_listed_not_what_is_counted(tmp_path):
    code, out, message = _run(_write(tmp_path / "bad.csv", [_good_row(Gender="X")] * 30), "--max-lines", "3")
    assert code == 1 and "30 problems found" in message
    assert out.count(", Gender:") == 3 and "and 27 more problems" in out


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a text file"),
        (b"name,age\nAnn,3\n", "The first line is not a CLD header"),
        (b"PAR1 not really parquet", "not a Parquet file"),
    ],
)
def test_unreadable_files_exit_2(tmp_path, content, says):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    code, _, message = _run(path)
    assert code == 2 and says in message and "Nothing was checked." in message


def test_missing_file_and_folder_exit_2(tmp_path):
    assert _run(tmp_path / "nothing.csv")[0] == 2
    assert _run(tmp_path)[0] == 2


def test_not_utf8_lines_are_reported_and_the_rest_checked(tmp_path):
    path = _write(tmp_path / "latin1.csv", [_good_row(), _good_row()])
    data = path.read_bytes().replace(b"White: Irish", "White: Irish \u00e9".encode("latin-1"), 1)
    path.write_bytes(data)
    code, out, _ = _run(path)
    assert code == 1
    assert "line 2: this line is not UTF-8 text" in out
    assert "2 rows checked" in out


def test_missing_extra_and_misspelt_columns(tmp_path):
    fields = [f for f in cld.FIELDS if f != "Service_Type"] + ["Favourite_Colour"]
    fields[fields.index("Gender")] = "gender"
    rows = [{**_good_row(), "gender": "Male", "Favourite_Colour": "blue"}]
    code, out, _ = _run(_write(tmp_path / "cols.csv", rows, fields))
    assert code == 1
    assert "Column Service_Type is missing: every row counts it as blank." in out
    assert 'Column "Favourite_Colour" is not a CLD Release 2 field' in out
    assert 'Column "gender" was read as Gender' in out
    assert "line 2, Service_Type" in out and "Gender:" not in out


def test_ragged_lines_blank_lines_and_a_bom(tmp_path):
    path = _write(tmp_path / "ragged.csv", [_good_row()])
    text = path.read_text(encoding="utf-8")
    path.write_text("\ufeff" + text + "\n" + "999,2025-04-01\n", encoding="utf-8")
    code, out, _ = _run(path)
    assert code == 1
    assert "line 4: this line has 2 values but the header has 46" in out
    assert "LA_Code" not in out.split("Summary")[0].replace("Column", "")  # the BOM did not hide LA_Code


def test_parquet_is_checked_like_csv(tmp_path):
    import duckdb

    csv_path = _write(tmp_path / "p.csv", [_good_row(), _good_row(Gender="F")])
    parquet = tmp_path / "p.parquet"
    con = duckdb.connect()
    rel = con.read_csv(str(csv_path), header=True, all_varchar=True)
    rel.write_parquet(str(parquet))
    con.close()
    code, out, _ = _run(parquet)
    assert code == 1 and 'row 2, Gender: "F"' in out and "(Parquet)" in out


def test_memory_stays_flat_as_the_file_grows(tmp_path):
    def peak(rows: int) -> int:
        path = tmp_path / f"n{rows}.csv"
        line = ",".join(_good_row(Gender="F" if rows else "Male").values())
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(",".join(cld.FIELDS) + "\n")
            for n in range(rows):
                handle.write(line.replace("P1", f"P{n}", 1) + "\n")
        tracemalloc.start()
        check_file(path, lambda problem: None)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(40_000)
    assert large < small * 1.5 + 256_000


def test_a_million_rows_in_flat_memory(tmp_path):
    path = tmp_path / "million.csv"
    rows = [",".join(_good_row(Event_Start_Date=f"2025-05-{day:02d}").values()) for day in range(1, 29)]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(",".join(cld.FIELDS) + "\n")
        for n in range(1_000_000):
            handle.write(rows[n % 28] + "\n")
        handle.write(rows[0].replace("Female", "F") + "\n")
    # The child's peak memory: ru_maxrss would count the parent's size at fork, so the peak is reset after
    # exec (Linux's clear_refs) and read from /proc at the end.
    script = (
        "import sys\n"
        "key = 'VmHWM:'\n"
        "try:\n"
        "    open('/proc/self/clear_refs', 'w').write('5')\n"
        "except OSError:\n"
        "    key = 'VmRSS:'  # no peak reset here: the memory held at the end instead\n"
        "from carecommons.outcomes.checking import check_file\n"
        "report = check_file(sys.argv[1], lambda p: None)\n"
        "peak = [line.split()[1] for line in open('/proc/self/status') if line.startswith(key)][0]\n"
        "print(report.tally.rows, report.errors, peak)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows_checked, errors, max_rss_kb = (int(x) for x in done.stdout.split())
    assert (rows_checked, errors) == (1_000_001, 1)
    assert max_rss_kb < 100_000, max_rss_kb  # about 15 MB for a 600 MB file


def test_typed_parquet_dates_and_numbers_read_as_text(tmp_path):
    import duckdb

    csv_path = _write(tmp_path / "t.csv", [_good_row(Unit_Cost="18.50"), _good_row(Unit_Cost="")])
    parquet = tmp_path / "typed.parquet"
    con = duckdb.connect()
    con.read_csv(str(csv_path), header=True, all_varchar=True).project(
        ", ".join(
            f"TRY_CAST({name} AS DATE) AS {name}"
            if name in cld.DATE_FIELDS
            else f"TRY_CAST({name} AS DOUBLE) AS {name}"
            if name == "Unit_Cost"
            else name
            for name in cld.FIELDS
        )
    ).write_parquet(str(parquet))
    con.close()
    code, out, _ = _run(parquet)
    assert code == 0, out
    assert "2 rows checked (Parquet): no problems found." in out


def test_a_line_too_long_is_skipped_not_held(tmp_path):
    path = _write(tmp_path / "long.csv", [_good_row()])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("x" * 3_000_000 + "\n")
        handle.write(",".join(_good_row(Gender="F").values()) + "\n")
    code, out, _ = _run(path)
    assert code == 1
    assert "line 3: this line is longer than 1,048,576 bytes" in out
    assert 'line 4, Gender: "F"' in out


def test_a_quote_that_never_closes(tmp_path):
    path = _write(tmp_path / "quote.csv", [_good_row()])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('999,"2025-04-01\n' + ("a,b,c\n" * 30_000))
    code, out, _ = _run(path)
    assert code == 1
    assert "cannot be read as CSV" in out or "values but the header has 46" in out


_cell = st.one_of(
    st.sampled_from(
        [
            "",
            "Service",
            "Female",
            "2025-02-31",
            "31/02/2025",
            "Long Term Support: Community",
            '"',
            ",",
            "\n",
            "\r\n",
            "é",
            "\ufeff",
            "=1+1",
        ]
    ),
    st.text(max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.one_of(st.sampled_from(cld.FIELDS), st.text(max_size=8)), min_size=1, max_size=50),
    cells=st.lists(st.lists(_cell, max_size=50), max_size=8),
    tail=st.binary(max_size=40),
)
def test_no_file_crashes_the_check(tmp_path, header, cells, tail):
    path = tmp_path / "fuzz.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(cells)
    path.write_bytes(buffer.getvalue().encode("utf-8", errors="replace") + tail)
    seen: list[object] = []
    try:
        report = check_file(path, seen.append)
    except Unreadable as error:
        assert str(error)
        return
    assert report.errors >= len([p for p in seen if getattr(p, "field", None) == ""])
    assert report.tally.rows <= len(cells) + tail.count(b"\n") + 1


def test_a_truncated_parquet_file_exits_2(tmp_path):
    import duckdb

    csv_path = _write(tmp_path / "p.csv", [_good_row()] * 50)
    parquet = tmp_path / "cut.parquet"
    con = duckdb.connect()
    con.read_csv(str(csv_path), header=True, all_varchar=True).write_parquet(str(parquet))
    con.close()
    data = parquet.read_bytes()
    parquet.write_bytes(data[: len(data) // 2])
    code, _, message = _run(parquet)
    assert code == 2 and "Parquet" in message


def test_the_summary_as_dhscs_data_quality_table(tmp_path):
    rows = [_good_row(), _good_row(Gender="F"), _good_row(Event_Type="Request", Service_Type="")]
    table = tmp_path / "dq.csv"
    code, out, _ = _run(_write(tmp_path / "t.csv", rows), "--table", str(table))
    assert code == 1 and f"The summary table was written to {table}." in out
    with open(table, encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle))
    gender = {
        (r["FieldStatus"], r["FieldValidity"]): int(r["Count"]) for r in found if r["DataField"] == "Gender"
    }
    assert gender == {
        ("Applicable but not mandatory", "Passed: Valid"): 2,
        ("Applicable but not mandatory", "Failed: Invalid"): 1,
    }
    service_type = [r for r in found if r["DataField"] == "Service_Type"]
    assert {r["Module"] for r in service_type} == {"Events (services only)"}
    assert {(r["FieldStatus"], r["FieldValidity"], r["Count"]) for r in service_type} == {
        ("Mandatory", "Passed: Valid", "2"),
        ("Not applicable", "Not checked", "1"),
    }
    assert sum(int(r["Count"]) for r in found if r["DataField"] == "LA_Code") == 3
