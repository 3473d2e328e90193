"""DHSC's waiting times on hand-made rows, counted from Waiting_times/waiting_times_method.sql.
Year: 1 April 2025 to 31 March 2026. People are 45 unless said; dates are 2025.

  w1  request 1 May; long-term assessment 11 May (progress to support planning); community support 10 Jun
      -> to first response 10 days; to first service 40; assessment to service 30
  w2  request 1 May; assessment 21 May ended "NFA: information and advice"; a service 30 Jun anyway
      -> to first response 20; no service counted (the assessment did not lead on to one)
  w3  request 1 May; ST-Max 5 May, before any assessment (20 May) -> the service is the first response: 4 and 4
  w4  already in long-term community support since 2024                    -> left out
  w5  request ended with no further action                                 -> left out
  w6  aged 20                                                              -> left out
  w7  aged 75: request 1 Jun; short-term assessment 7 Jun (progress to reablement); ST-Max 9 Jun -> 6, 8, 2
  w8  requests 1 Jul and 3 Jul; assessment 10 Jul; service 20 Jul
      -> the first request 9, 19, 10; the second is left out (its follow-up is the first one's)
  w9  request 10 Jan 2025, assessment 20 Mar 2025 (before the year), service 15 Apr 2025
      -> only the waits ending in the year count: to first service 95, assessment to service 26
  w10 a request for an unpaid carer                                        -> left out

To first response: 4 6 9 10 20 -> 5 waits, median 9; 25 to 64: 4 9 10 20 -> 9.5; 65 and above: 6.
To first service: 4 8 19 40 95 -> 5 waits, median 19; 25 to 64: 4 19 40 95 -> 29.5; 65 and above: 8.
Assessment to service: 2 10 26 30 -> 4 waits, median 18.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from carecommons.outcomes.engine import waiting
from carecommons.outcomes.tests.short_term_rows import (
    LTS_COMMUNITY,
    ST_MAX,
    d,
    event,
    make_tables,
    person,
    service,
)

START, END = d("2025-04-01"), d("2026-03-31")
BORN = {"w6": "2005-01-01", "w7": "1950-01-01"}
PROGRESS_ASSESSMENT = "Progress to assessment, review or reassessment"
PLANNING = "Progress to support planning or services"


def _with_person(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["Der_Birth_Date"] = d(BORN.get(r["Der_Person_ID"], "1980-01-01"))
        r["Ref_Period_End_Date"] = END
    return rows


def request(pid: str, day: str, outcome: str = PROGRESS_ASSESSMENT, **kw: Any) -> dict[str, Any]:
    return event(pid, "Request", day, day, outcome, **kw)


def assessment(pid: str, start: str, end: str, outcome: str, kind: str = "Long term assessment") -> dict[str, Any]:
    return event(pid, "Assessment", start, end, outcome, Assessment_Type=kind)


ROWS = [
    request("w1", "2025-05-01"),
    assessment("w1", "2025-05-11", "2025-05-20", PLANNING),
    service("w1", LTS_COMMUNITY, "2025-06-10", None, None, "Home support or domiciliary care"),
    request("w2", "2025-05-01"),
    assessment("w2", "2025-05-21", "2025-05-25", "NFA: Information and advice or signposting"),
    service("w2", LTS_COMMUNITY, "2025-06-30", "2025-12-31", "NFA: Other"),
    request("w3", "2025-05-01", "Progress to reablement/ST-Max"),
    service("w3", ST_MAX, "2025-05-05", "2025-05-30", "NFA: Support ended as planned", "Reablement"),
    assessment("w3", "2025-05-20", "2025-05-28", PLANNING),
    service("w4", LTS_COMMUNITY, "2024-01-01", None, None),
    request("w4", "2025-05-01"),
    assessment("w4", "2025-05-11", "2025-05-20", PLANNING),
    request("w5", "2025-05-01", "NFA: Information and advice or signposting"),
    assessment("w5", "2025-05-11", "2025-05-20", PLANNING),
    request("w6", "2025-05-01"),
    assessment("w6", "2025-05-11", "2025-05-20", PLANNING),
    request("w7", "2025-06-01", "Progress to reablement/ST-Max"),
    assessment("w7", "2025-06-07", "2025-06-08", "Progress to reablement/ST-Max", "Short term assessment"),
    service("w7", ST_MAX, "2025-06-09", "2025-07-09", "NFA: Support ended as planned", "Reablement"),
    request("w8", "2025-07-01"),
    request("w8", "2025-07-03"),
    assessment("w8", "2025-07-10", "2025-07-12", PLANNING),
    service("w8", LTS_COMMUNITY, "2025-07-20", "2025-12-31", "NFA: Other"),
    request("w9", "2025-01-10"),
    assessment("w9", "2025-03-20", "2025-03-25", PLANNING),
    service("w9", LTS_COMMUNITY, "2025-04-15", "2025-12-31", "NFA: Other"),
    request("w10", "2025-05-01", Client_Type="Unpaid carer"),
    assessment("w10", "2025-05-11", "2025-05-20", PLANNING),
]


@pytest.fixture()
def results() -> dict[str, Any]:
    con = duckdb.connect()
    make_tables(con, _with_person([dict(r) for r in ROWS]),
                [person(f"w{i}", BORN.get(f"w{i}", "1980-01-01")) for i in range(1, 11)])
    return {r.key: r for r in waiting.waiting_times(con, START, END)}


def test_wait_from_request_to_first_response(results: dict[str, Any]) -> None:
    r = results["wait_request_to_assessment"]
    assert (r.numerator, r.denominator, r.value) == (5, None, 9.0)
    assert (results["wait_request_to_assessment_25_64"].numerator,
            results["wait_request_to_assessment_25_64"].value) == (4, 9.5)
    assert (results["wait_request_to_assessment_65_plus"].numerator,
            results["wait_request_to_assessment_65_plus"].value) == (1, 6.0)


def test_wait_from_request_to_first_service(results: dict[str, Any]) -> None:
    r = results["wait_request_to_service"]
    assert (r.numerator, r.value) == (5, 19.0)
    assert results["wait_request_to_service_25_64"].value == 29.5
    assert results["wait_request_to_service_65_plus"].value == 8.0


def test_wait_from_assessment_to_service(results: dict[str, Any]) -> None:
    r = results["wait_assessment_to_service"]
    assert (r.numerator, r.value) == (4, 18.0)


def test_waits_break_down_by_age_band_with_counts(results: dict[str, Any]) -> None:
    r = results["wait_request_to_assessment"]
    assert {(b.group, b.numerator) for b in r.breakdowns if b.dimension == "age_band"} == {
        ("25 to 64", 4), ("65 and above", 1)}
    assert {b.dimension for b in r.breakdowns} == {"age_band", "sex", "ethnicity", "primary_support_reason"}


def test_no_waits_gives_no_median_and_says_why() -> None:
    con = duckdb.connect()
    make_tables(con, [], [])
    r = {m.key: m for m in waiting.waiting_times(con, START, END)}["wait_request_to_service"]
    assert (r.numerator, r.value) == (0, None)
    assert r.reason


def test_a_run_of_assessments_leads_on_to_a_service_if_any_of_them_did() -> None:
    # Request 1 May; assessment 5 May ends NFA; a second assessment 8 May (no request or service between:
    # the same block) progresses to services; service 20 May. First response: 4 days; first service: 19 days.
    con = duckdb.connect()
    make_tables(con, _with_person([
        request("b", "2025-05-01"),
        assessment("b", "2025-05-05", "2025-05-06", "NFA: Information and advice or signposting"),
        assessment("b", "2025-05-08", "2025-05-09", PLANNING),
        service("b", LTS_COMMUNITY, "2025-05-20", "2025-12-31", "NFA: Other"),
    ]), [person("b", "1980-01-01")])
    r = {m.key: m for m in waiting.waiting_times(con, START, END)}
    assert (r["wait_request_to_assessment"].numerator, r["wait_request_to_assessment"].value) == (1, 4.0)
    assert (r["wait_request_to_service"].numerator, r["wait_request_to_service"].value) == (1, 19.0)
    assert r["wait_assessment_to_service"].value == 15.0
