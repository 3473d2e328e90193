"""Each step of the engine's pipeline on tiny hand-made CLD files (DHSC's main-table method)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from carecommons.outcomes.engine import pipeline
from carecommons.outcomes.tests.cld_files import submission, write_cld

YEAR = (date(2024, 4, 1), date(2025, 3, 31))


def rows_of(con, sql):
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def build(tmp_path: Path, files: list[tuple[str, list[dict[str, str]], dict[str, str]]], year=YEAR):
    paths = [write_cld(tmp_path / name, rows, **common) for name, rows, common in files]
    con = pipeline.connect()
    pipeline.load(con, paths)
    pipeline.build_main(con, *year)
    return con


def request(person: str, start: str, end: str, **extra: str) -> dict[str, str]:
    return {
        "LA_Person_Unique_Identifier": person,
        "Client_Type": "Service user",
        "Event_Type": "Request",
        "Event_Start_Date": start,
        "Event_End_Date": end,
        "Request_Route_of_Access": "Self-referral",
        **extra,
    }


def service(person: str, start: str, end: str = "", **extra: str) -> dict[str, str]:
    return {
        "LA_Person_Unique_Identifier": person,
        "Client_Type": "Service user",
        "Event_Type": "Service",
        "Event_Start_Date": start,
        "Event_End_Date": end,
        "Service_Type": "Long term support: Community",
        "Delivery_Mechanism": "Direct payment",
        **extra,
    }


# --- loading ---------------------------------------------------------------------------------------


def test_load_keeps_every_column_as_text_with_file_line_and_order(tmp_path):
    first = write_cld(
        tmp_path / "a.csv",
        [request("P1", "2024-05-01", "2024-05-02")],
        **submission("2024-04-01", "2025-03-31"),
    )
    second = write_cld(
        tmp_path / "b.csv",
        [request("P2", "2024-06-01", "2024-06-02"), request("P3", "2024-06-01", "not a date")],
        **submission("2024-04-01", "2025-03-31"),
    )
    con = pipeline.connect()
    pipeline.load(con, [first, second])
    rows = rows_of(
        con,
        "SELECT LA_Person_Unique_Identifier AS who, Event_End_Date, Der_Source_File, Der_Line, Der_Load_Order FROM cld_raw ORDER BY who",
    )
    assert rows == [
        {
            "who": "P1",
            "Event_End_Date": "2024-05-02",
            "Der_Source_File": "a.csv",
            "Der_Line": 2,
            "Der_Load_Order": 1,
        },
        {
            "who": "P2",
            "Event_End_Date": "2024-06-02",
            "Der_Source_File": "b.csv",
            "Der_Line": 2,
            "Der_Load_Order": 2,
        },
        {
            "who": "P3",
            "Event_End_Date": "not a date",
            "Der_Source_File": "b.csv",
            "Der_Line": 3,
            "Der_Load_Order": 2,
        },
    ]
    # a bad date is blank once dates are read, and does not stop the run
    pipeline.build_main(con, *YEAR)
    typed = rows_of(
        con, "SELECT LA_Person_Unique_Identifier AS who, Event_End_Date FROM cld_typed ORDER BY who"
    )
    assert typed[2] == {"who": "P3", "Event_End_Date": None}


def test_a_file_lacking_optional_columns_is_read_with_them_blank(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(
        "LA_Code,LA_Person_Unique_Identifier,Event_Type,Event_Start_Date,Event_End_Date\n999,P1,Request,2024-05-01,2024-05-03\n"
    )
    con = pipeline.connect()
    pipeline.load(con, [path])
    assert rows_of(con, "SELECT LA_Code, Gender, Event_Type FROM cld_raw") == [
        {"LA_Code": "999", "Gender": None, "Event_Type": "Request"}
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        ("name,age\nA,3\n", "this is not a CLD file: it has no Event_Type or Event_Start_Date column"),
        (None, "there is no such file"),
    ],
)
def test_files_that_are_not_cld_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "x.csv"
    if content is not None:
        path.write_text(content)
    with pytest.raises(pipeline.CLDFileError, match=message):
        pipeline.load(pipeline.connect(), [path])


# --- reporting periods (2-reporting-periods.md) --------------------------------------------------------


def test_a_files_reporting_period_is_derived_from_its_events(tmp_path):
    # Stated 1 Jan 2024 to 31 Mar 2025, but the events end April 2024 to March 2025: ten a month of three
    # types (120), plus one request ending in January 2024 (1 of 121 events: under 2%, so January is not
    # part of the period). Derived: 1 April 2024 to 31 March 2025.
    rows = []
    for month in range(12):
        year, mon = (2024, month + 4) if month < 9 else (2025, month - 8)
        for n in range(10):
            day = f"{year}-{mon:02d}-{n + 10}"
            kind = ("Request", "Assessment", "Review")[n % 3]
            rows.append(
                {
                    "LA_Person_Unique_Identifier": f"P{month}-{n}",
                    "Event_Type": kind,
                    "Event_Start_Date": day,
                    "Event_End_Date": day,
                }
            )
    rows.append(request("EARLY", "2024-01-10", "2024-01-10"))
    con = build(tmp_path, [("big.csv", rows, submission("2024-01-01", "2025-03-31"))])
    period = rows_of(
        con,
        "SELECT Events_In_File, Der_Reporting_Period_Start_Date AS s, Der_Reporting_Period_End_Date AS e FROM submission_periods",
    )
    assert period == [{"Events_In_File": 121, "s": date(2024, 4, 1), "e": date(2025, 3, 31)}]


def test_a_small_file_keeps_its_stated_period(tmp_path):
    con = build(
        tmp_path,
        [("small.csv", [request("P1", "2024-06-01", "2024-06-02")], submission("2024-04-01", "2025-03-31"))],
    )
    period = rows_of(
        con,
        "SELECT Der_Reporting_Period_Start_Date AS s, Der_Reporting_Period_End_Date AS e FROM submission_periods",
    )
    assert period == [{"s": date(2024, 4, 1), "e": date(2025, 3, 31)}]


# --- choosing submissions (3-submission-selection.md) ----------------------------------------------------


def test_each_quarter_comes_from_the_latest_submission_covering_it(tmp_path):
    # Q4 2024-25's file covers April 2024 to March 2025; Q1 2025-26's covers July 2024 to June 2025.
    # Quarters: April-June 2024 only the first file covers; July 2024 to June 2025 the second (later).
    con = build(
        tmp_path,
        [
            ("q4.csv", [request("P1", "2024-05-01", "2024-05-02")], submission("2024-04-01", "2025-03-31")),
            ("q1.csv", [request("P1", "2024-08-01", "2024-08-02")], submission("2024-07-01", "2025-06-30")),
        ],
        year=(date(2025, 4, 1), date(2026, 3, 31)),
    )
    chosen = rows_of(
        con,
        "SELECT Der_Load_Order, Ref_Period_Start_Date AS s, Ref_Period_End_Date AS e FROM selected_submissions ORDER BY 1",
    )
    assert chosen == [
        {"Der_Load_Order": 1, "s": date(2024, 4, 1), "e": date(2024, 6, 30)},
        {"Der_Load_Order": 2, "s": date(2024, 7, 1), "e": date(2025, 6, 30)},
    ]


def test_a_resubmission_for_the_same_period_replaces_the_first(tmp_path):
    first = [request("P1", "2024-05-01", "2024-05-02"), request("P2", "2024-05-01", "2024-05-02")]
    resent = [request("P1", "2024-05-01", "2024-05-02")]  # P2's request was sent in error
    con = build(
        tmp_path,
        [
            ("sent.csv", first, submission("2024-04-01", "2025-03-31")),
            ("resent.csv", resent, submission("2024-04-01", "2025-03-31")),
        ],
    )
    assert rows_of(con, "SELECT Der_Person_ID, Der_Source_File FROM cld_main") == [
        {"Der_Person_ID": "999_P1", "Der_Source_File": "resent.csv"}
    ]


# --- filtering events (4-event-filtering.md) --------------------------------------------------------


def test_events_are_filtered_to_their_reference_period(tmp_path):
    rows = [
        request("ENDS_IN", "2024-03-20", "2024-04-02"),  # started before, ended within: kept
        request("ENDS_BEFORE", "2024-03-01", "2024-03-02"),  # ended before the period: left out
        service("OPEN", "2023-01-01"),  # a service running through: kept
        service("ENDED_BEFORE", "2023-01-01", "2024-03-31"),  # a service ended before: left out
        service("STARTS_AFTER", "2025-04-02"),  # starts after the period: left out
    ]
    con = build(tmp_path, [("f.csv", rows, submission("2024-04-01", "2025-03-31"))])
    kept = [r["Der_Person_ID"] for r in rows_of(con, "SELECT Der_Person_ID FROM cld_main ORDER BY 1")]
    assert kept == ["999_ENDS_IN", "999_OPEN"]


def test_a_death_ends_the_event(tmp_path):
    rows = [service("DIED", "2024-01-01", Date_of_Death="2024-09-10")]
    con = build(tmp_path, [("f.csv", rows, submission("2024-04-01", "2025-03-31"))])
    assert rows_of(con, "SELECT Event_End_Date, Der_Event_End_Date FROM cld_main") == [
        {"Event_End_Date": None, "Der_Event_End_Date": date(2024, 9, 10)}
    ]


def test_someone_who_died_before_the_period_is_left_out(tmp_path):
    rows = [service("DIED", "2023-01-01", Date_of_Death="2024-02-01")]
    con = build(tmp_path, [("f.csv", rows, submission("2024-04-01", "2025-03-31"))])
    assert rows_of(con, "SELECT * FROM cld_main") == []


# --- person ---------------------------------------------------------------------------------------------


def test_the_person_is_their_nhs_number_else_the_councils_identifier(tmp_path):
    rows = [
        request("L1", "2024-05-01", "2024-05-02", NHS_Number="9434765919"),
        request("L2", "2024-05-01", "2024-05-02"),
        {**request("", "2024-05-01", "2024-05-02")},  # no identifier at all: left out
    ]
    con = build(tmp_path, [("f.csv", rows, submission("2024-04-01", "2025-03-31"))])
    assert [r["Der_Person_ID"] for r in rows_of(con, "SELECT Der_Person_ID FROM cld_main ORDER BY 1")] == [
        "9434765919",
        "999_L2",
    ]


def test_birth_date_is_the_first_of_the_month_as_dhsc_holds_it(tmp_path):
    rows = [request("P1", "2024-05-01", "2024-05-02", Date_of_Birth="1950-06-17")]
    con = build(tmp_path, [("f.csv", rows, submission("2024-04-01", "2025-03-31"))])
    assert rows_of(con, "SELECT Der_Birth_Date FROM cld_main") == [{"Der_Birth_Date": date(1950, 6, 1)}]


# --- de-duplication (6-deduplication.md) ---------------------------------------------------------------


def test_the_same_request_in_two_submissions_is_one_event_from_the_later(tmp_path):
    # The request ended in May 2024. The Q4 file (April 2024 to March 2025) is chosen for April-June
    # 2024 only... and the Q1 file covers July 2024 on, so the request (ending in May) is kept from Q4.
    # A second request ending in August is in both files; Q1's copy is in the later reference period.
    q4 = [
        request("P1", "2024-05-01", "2024-05-02", Event_Outcome="NFA: Other"),
        request("P1", "2024-08-01", "2024-08-05", Event_Outcome="NFA: Other"),
    ]
    q1 = [
        request("P1", "2024-05-01", "2024-05-02", Event_Outcome="NFA: Support declined"),
        request("P1", "2024-08-01", "2024-08-05", Event_Outcome="NFA: Support declined"),
    ]
    con = build(
        tmp_path,
        [
            ("q4.csv", q4, submission("2024-04-01", "2025-03-31")),
            ("q1.csv", q1, submission("2024-07-01", "2025-06-30")),
        ],
        year=(date(2025, 4, 1), date(2026, 3, 31)),
    )
    kept = rows_of(
        con, "SELECT Event_Start_Date AS s, Event_Outcome, Der_Source_File FROM cld_main ORDER BY s"
    )
    assert kept == [
        {"s": date(2024, 5, 1), "Event_Outcome": "NFA: Other", "Der_Source_File": "q4.csv"},
        {"s": date(2024, 8, 1), "Event_Outcome": "NFA: Support declined", "Der_Source_File": "q1.csv"},
    ]


def test_copies_in_one_period_keep_the_outcome_highest_in_the_hierarchy(tmp_path):
    rows = [
        request("P1", "2024-05-01", "2024-05-02", Event_Outcome="NFA: Other"),
        request(
            "P1", "2024-05-01", "2024-05-02", Event_Outcome="Progress to assessment, review or reassessment"
        ),
        request("P1", "2024-05-01", "2024-05-02", Event_Outcome="NFA: Support declined"),
    ]
    con = build(tmp_path, [("f.csv", rows, submission("2024-04-01", "2025-03-31"))])
    assert rows_of(
        con, "SELECT Event_Outcome, Event_Outcome_Hierarchy, Event_Outcome_Grouped FROM cld_main"
    ) == [
        {
            "Event_Outcome": "Progress to assessment, review or reassessment",
            "Event_Outcome_Hierarchy": 2,
            "Event_Outcome_Grouped": "Progress to assessment, review or reassessment",
        }
    ]


def test_a_service_not_sent_again_is_cropped_and_one_sent_again_is_kept_once(tmp_path):
    # Two open services in Q4's file. Q1's file (chosen from July 2024) sends only the first again, so the
    # second is taken to have ended at the end of Q4's reference period (30 June 2024).
    q4 = [service("SENT_AGAIN", "2024-01-01"), service("NOT_SENT_AGAIN", "2024-01-01")]
    q1 = [service("SENT_AGAIN", "2024-01-01")]
    con = build(
        tmp_path,
        [
            ("q4.csv", q4, submission("2024-04-01", "2025-03-31")),
            ("q1.csv", q1, submission("2024-07-01", "2025-06-30")),
        ],
        year=(date(2025, 4, 1), date(2026, 3, 31)),
    )
    kept = rows_of(
        con,
        "SELECT Der_Person_ID AS who, Der_Event_End_Date AS e, Der_Cropped, Der_Source_File FROM cld_main ORDER BY who",
    )
    assert kept == [
        {"who": "999_NOT_SENT_AGAIN", "e": date(2024, 6, 30), "Der_Cropped": 1, "Der_Source_File": "q4.csv"},
        {"who": "999_SENT_AGAIN", "e": None, "Der_Cropped": 0, "Der_Source_File": "q1.csv"},
    ]


# --- person details (Create_personal_details_table.sql) -----------------------------------------------


def test_person_details_take_the_latest_known_value_and_unknown_when_they_disagree(tmp_path):
    rows = [
        request(
            "P1", "2024-05-01", "2024-05-02", Gender="Female", Accommodation_Status="Tenant: Private landlord"
        ),
        request("P1", "2024-09-01", "2024-09-02", Gender="", Accommodation_Status=""),  # later, but unknown
        request("P2", "2024-05-01", "2024-05-02", Gender="Male"),
        request("P2", "2024-05-01", "2024-05-02", Gender="Female", Request_Route_of_Access="Other"),  # a tie
        service(
            "P3",
            "2024-05-01",
            Service_Type="Long term support: Community",
            Service_Component="Home support or domiciliary care",
        ),
    ]
    con = build(tmp_path, [("f.csv", rows, submission("2024-04-01", "2025-03-31"))])
    details = rows_of(
        con, "SELECT Der_Person_ID AS who, Gender, Accommodation_Status FROM person_details ORDER BY who"
    )
    assert details == [
        {"who": "999_P1", "Gender": "Female", "Accommodation_Status": "Tenant: Private landlord"},
        {"who": "999_P2", "Gender": "Unknown", "Accommodation_Status": "Unknown"},
        {"who": "999_P3", "Gender": "Unknown", "Accommodation_Status": "Unknown: Presumed at home"},
    ]


# --- cleaning (5-data-cleaning.md) -----------------------------------------------------------------------


def test_release_1_values_are_mapped_to_release_2_and_unknown_ones_marked_invalid(tmp_path):
    rows = [
        {
            **service("R1", "2024-05-01"),
            "Client_Type": "Service User",
            "Service_Type": "Long Term Support: Community",
            "Delivery_Mechanism": "Direct Payment",
            "Ethnicity": "White - Irish",
            "Event_Outcome": "NFA - Deceased",
        },
        {
            **service("BAD", "2024-05-01"),
            "Ethnicity": "Martian",
            "Service_Type": "long term support: community",
        },
    ]
    con = build(tmp_path, [("f.csv", rows, submission("2024-04-01", "2025-03-31"))])
    cleaned = rows_of(
        con,
        "SELECT Der_Person_ID AS who, Client_Type, Service_Type, Service_Type_Grouped, Delivery_Mechanism, Ethnicity,"
        " Ethnicity_Grouped, Event_Outcome, Event_Outcome_Grouped FROM cld_main ORDER BY who",
    )
    assert cleaned == [
        {
            "who": "999_BAD",
            "Client_Type": "Service user",
            "Service_Type": "Long term support: Community",
            "Service_Type_Grouped": "Long term support",
            "Delivery_Mechanism": "Direct payment",
            "Ethnicity": "Invalid and not mapped",
            "Ethnicity_Grouped": "Unknown",
            "Event_Outcome": None,
            "Event_Outcome_Grouped": None,
        },
        {
            "who": "999_R1",
            "Client_Type": "Service user",
            "Service_Type": "Long term support: Community",
            "Service_Type_Grouped": "Long term support",
            "Delivery_Mechanism": "Direct payment",
            "Ethnicity": "White: Irish",
            "Ethnicity_Grouped": "White",
            "Event_Outcome": "NFA: Deceased",
            "Event_Outcome_Grouped": "NFA",
        },
    ]


def test_column_names_are_matched_without_regard_to_case_and_a_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        b"\xef\xbb\xbfLA_Code,la_person_unique_identifier,EVENT_TYPE,Event_Start_Date\n999,P1,Request,2024-05-01\n"
    )
    con = pipeline.connect()
    pipeline.load(con, [path])
    assert rows_of(con, "SELECT LA_Code, LA_Person_Unique_Identifier AS who, Event_Type FROM cld_raw") == [
        {"LA_Code": "999", "who": "P1", "Event_Type": "Request"}
    ]


def test_a_parquet_file_is_read_like_a_csv(tmp_path):
    import duckdb

    csv_path = write_cld(
        tmp_path / "f.csv",
        [request("P1", "2024-05-01", "2024-05-02")],
        **submission("2024-04-01", "2025-03-31"),
    )
    parquet = tmp_path / "f.parquet"
    copy = f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar = true)) TO '{parquet}' (FORMAT PARQUET)"  # noqa: S608
    duckdb.sql(copy)
    con = pipeline.connect()
    pipeline.load(con, [parquet])
    pipeline.build_main(con, *YEAR)
    assert rows_of(con, "SELECT Der_Person_ID, Event_Type, Der_Event_End_Date FROM cld_main") == [
        {"Der_Person_ID": "999_P1", "Event_Type": "Request", "Der_Event_End_Date": date(2024, 5, 2)}
    ]


def test_a_file_stating_no_reporting_period_is_still_used(tmp_path):
    # Events ending in April and June 2024: the period is taken as April to June, which covers a quarter.
    rows = [request("P1", "2024-04-01", "2024-04-02"), request("P2", "2024-06-01", "2024-06-02")]
    con = build(tmp_path, [("f.csv", rows, submission("", ""))])
    period = rows_of(
        con,
        "SELECT Der_Reporting_Period_Start_Date AS s, Der_Reporting_Period_End_Date AS e FROM submission_periods",
    )
    assert period == [{"s": date(2024, 4, 1), "e": date(2024, 6, 30)}]
    assert [r["Der_Person_ID"] for r in rows_of(con, "SELECT Der_Person_ID FROM cld_main ORDER BY 1")] == [
        "999_P1",
        "999_P2",
    ]


def test_many_files_are_told_apart_by_their_order(tmp_path):
    # Twelve resubmissions of the same period: the last one given is kept (record ids do not overflow).
    files = [
        (
            f"sent{n:02d}.csv",
            [request("P1", "2024-05-01", "2024-05-02")],
            submission("2024-04-01", "2025-03-31"),
        )
        for n in range(12)
    ]
    con = build(tmp_path, files)
    assert rows_of(con, "SELECT Der_Source_File FROM cld_main") == [{"Der_Source_File": "sent11.csv"}]


def test_the_cleaning_sql_joins_exactly_the_fields_the_rules_hold_complete_lists_for():
    import re

    from carecommons.rules import cld

    sql = (pipeline.SQL_DIR / "07_unique_events.sql").read_text()
    joined = set(re.findall(r"Field_Name = '(\w+)' AND m_\w+\.Raw_Value", sql))
    assert joined == set(cld.VALUE_LISTS), "add (or remove) the field's join in sql/07_unique_events.sql"
    assert set(pipeline.mapped_fields()) == joined


def test_the_main_table_keeps_history_after_the_year_measured(tmp_path):
    # Measuring 2024-25 from files that run to June 2025: what the later file says still counts (DHSC
    # measures a year, and revises the one before, from its latest joined table).
    q4 = [request("P1", "2024-05-01", "2024-05-02", Accommodation_Status="Tenant: Private landlord")]
    q1 = [request("P1", "2025-05-01", "2025-05-02", Accommodation_Status="Registered care home")]
    con = build(
        tmp_path,
        [
            ("q4.csv", q4, submission("2024-04-01", "2025-03-31")),
            ("q1.csv", q1, submission("2024-07-01", "2025-06-30")),
        ],
    )
    assert rows_of(con, "SELECT MAX(Ref_Period_End_Date) AS e FROM cld_main") == [{"e": date(2025, 6, 30)}]
    assert rows_of(con, "SELECT Accommodation_Status FROM person_details") == [
        {"Accommodation_Status": "Registered care home"}
    ]


def test_a_ragged_csv_is_refused_with_where_to_look(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "LA_Code,LA_Person_Unique_Identifier,Event_Type,Event_Start_Date\n999,P1,Request\n999,P2,Request,2024-05-01,x,y\n"
    )
    with pytest.raises(pipeline.CLDFileError, match="cannot be read as CSV.*cld_check ragged.csv"):
        pipeline.load(pipeline.connect(), [path])


def test_a_release_1_spelling_in_an_older_file_is_the_same_event_as_release_2_in_a_newer(tmp_path):
    q4 = [
        {
            **service("P1", "2024-01-01"),
            "Client_Type": "Service User",
            "Service_Type": "Long Term Support: Community",
        }
    ]
    q1 = [service("P1", "2024-01-01")]
    con = build(
        tmp_path,
        [
            ("q4.csv", q4, submission("2024-04-01", "2025-03-31")),
            ("q1.csv", q1, submission("2024-07-01", "2025-06-30")),
        ],
        year=(date(2025, 4, 1), date(2026, 3, 31)),
    )
    assert rows_of(con, "SELECT Der_Source_File, Der_Cropped FROM cld_main") == [
        {"Der_Source_File": "q1.csv", "Der_Cropped": 0}
    ]
