"""ASCOF 2A on hand-made rows whose answer was counted from DHSC's definitions
(ASCOF_measures/Create_ASCOF_2A_2425_Onwards.sql and README.md). Year: 1 April 2025 to 31 March 2026.

The counting, episode by episode (an episode = a person's ST-Max events joined when they overlap or the
next starts at most 7 days after the latest end):

  p1  ST-Max 1 May-10 Jun; ongoing low level starts 12 Jun          -> step 3, Ongoing low level: den, num
  p2  ST-Max ...10 Jun; low level 11 Jun, LT community 15 Jun        -> step 3, LT community (long term wins): den
  p3  ST-Max ...10 Jun; other short term, short-term residential care -> step 3, Residential or Nursing: den
  p4  ST-Max ...10 Jun; died 15 Jun (5 days later)                   -> step 1, NFA: Deceased: neither
  p5  ST-Max outcome Admitted to hospital                            -> step 2: neither
  p6  LT community ended 1 Mar 2025, ST-Max from 1 May (61 days)     -> not a new client: not counted at all
  p7  LT community ended 1 Jan 2025, ST-Max from 1 May (120 days)    -> new; step 4a, NFA ended as planned: den, num
  p8  ST-Max 1-20 Jul, 10-30 Jul, 25 Jul-15 Aug (overlap, 5-day gap) -> ONE episode, outcome of the last to end
                                                                       (I&A) -> 4a: den, num
  p9  ST-Max 1-10 Sep and 20-30 Sep (10-day gap)                     -> TWO episodes, each 4a NFA Other: den 2, num 2
  p10 ST-Max outcome Continuation; review starts 2 days after, NFA other reason -> 4b: den, num
  p11 ST-Max outcome Progress to assessment; nested assessment ending 2 days before the end, NFA ended as
      planned; nested review ending 5 days before the end, Progress to support planning -> 4c: den, num
  p12 ST-Max outcome Continuation; equipment delivered during it     -> step 5, Ongoing low level: den, num
  p13 ST-Max outcome Progress to support planning, nothing else      -> step 6, unable to classify: neither
  p14 aged 15                                                        -> left out
  p15 ST-Max ended 20 Mar 2025 (before the year); another still open -> left out
  p16 ST-Max for an unpaid carer (Client type)                       -> left out
  p17 age unknown, ST-Max outcome NFA Other                          -> 4a: den, num (age band Unknown)
  p18 ST-Max outcome NFA Support declined                            -> 4a, but not in DHSC's denominator

Denominator 11 (p1 p2 p3 p7 p8 p9 p9 p10 p11 p12 p17); numerator 9 (all but p2, p3); 9/11 = 81.8%.
"""

from __future__ import annotations

import duckdb
import pytest

from carecommons.outcomes.engine import ascof_2a
from carecommons.outcomes.tests.short_term_rows import (
    LTS_COMMUNITY,
    ST_LOW,
    ST_MAX,
    ST_OTHER,
    d,
    event,
    make_tables,
    person,
    service,
)

START, END = d("2025-04-01"), d("2025-03-31").replace(year=2026)
OLD, ADULT = "1950-01-01", "1980-01-01"


def _events() -> list[dict]:
    return [
        service("p1", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Support ended as planned", "Reablement"),
        service("p1", ST_LOW, "2025-06-12", None, None, "Other short term support"),
        service("p2", ST_MAX, "2025-05-01", "2025-06-10", "Progress to support planning or services", "Reablement"),
        service("p2", ST_LOW, "2025-06-11", None, None, "Other short term support"),
        service("p2", LTS_COMMUNITY, "2025-06-15", None, None, "Home support or domiciliary care"),
        service("p3", ST_MAX, "2025-05-01", "2025-06-10", "Progress to support planning or services", "Reablement"),
        service("p3", ST_OTHER, "2025-06-11", "2025-07-11", None, "Short term residential care"),
        service("p4", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Support ended as planned", "Reablement"),
        service("p5", ST_MAX, "2025-05-01", "2025-06-10", "Admitted to hospital", "Reablement"),
        service("p6", LTS_COMMUNITY, "2024-01-01", "2025-03-01", "NFA: Support ended for other reason"),
        service("p6", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Support ended as planned", "Reablement"),
        service("p7", LTS_COMMUNITY, "2024-01-01", "2025-01-01", "NFA: Support ended for other reason"),
        service("p7", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Support ended as planned", "Reablement"),
        service("p8", ST_MAX, "2025-07-01", "2025-07-20", "Progress to support planning or services", "Reablement"),
        service("p8", ST_MAX, "2025-07-10", "2025-07-30", "Continuation of support or services", "Reablement"),
        service("p8", ST_MAX, "2025-08-04", "2025-08-15", "NFA: Information and advice or signposting", "Reablement"),
        service("p9", ST_MAX, "2025-09-01", "2025-09-10", "NFA: Other", "Reablement"),
        service("p9", ST_MAX, "2025-09-20", "2025-09-30", "NFA: Other", "Reablement"),
        service("p10", ST_MAX, "2025-05-01", "2025-06-10", "Continuation of support or services", "Reablement"),
        event("p10", "Review", "2025-06-12", "2025-06-20", "NFA: Support ended for other reason"),
        service("p11", ST_MAX, "2025-05-01", "2025-06-10", "Progress to assessment, review or reassessment", "Reablement"),
        event("p11", "Review", "2025-05-20", "2025-06-05", "Progress to support planning or services"),
        event("p11", "Assessment", "2025-06-01", "2025-06-08", "NFA: Support ended as planned"),
        service("p12", ST_MAX, "2025-05-01", "2025-06-10", "Continuation of support or services", "Reablement"),
        service("p12", ST_LOW, "2025-05-05", "2025-05-06", None, "Equipment"),
        service("p13", ST_MAX, "2025-05-01", "2025-06-10", "Progress to support planning or services", "Reablement"),
        service("p14", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement"),
        service("p15", ST_MAX, "2025-02-01", "2025-03-20", "NFA: Other", "Reablement"),
        service("p15", ST_MAX, "2025-12-01", None, None, "Reablement"),
        service("p16", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement", Client_Type="Unpaid carer"),
        service("p17", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement"),
        service("p18", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Support declined", "Reablement"),
    ]


def _people() -> list[dict]:
    people = [person(f"p{i}", ADULT, gender="Male" if i % 2 else "Female") for i in range(1, 19)]
    people[0] = person("p1", OLD)
    people[3] = person("p4", OLD, died="2025-06-15")
    people[13] = person("p14", "2010-01-01")
    people[16] = person("p17", None)
    return people


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    make_tables(c, _events(), _people())
    return c


def test_2a_counts_new_clients_reablement_with_no_further_request(con: duckdb.DuckDBPyConnection) -> None:
    [result] = ascof_2a.measures(con, START, END)
    assert result.key == "2A"
    assert (result.numerator, result.denominator, result.value) == (9, 11, 81.8)


def test_2a_sequel_of_each_episode(con: duckdb.DuckDBPyConnection) -> None:
    ascof_2a.build(con, START, END)
    got = {
        (pid, str(start)): (seq, outcome)
        for pid, start, seq, outcome in con.execute(
            "SELECT Der_Person_ID, Episode_Start, Sequel_Type, Final_Outcome FROM st2a_result"
        ).fetchall()
    }
    assert got == {
        ("p1", "2025-05-01"): ("3", "Short term support: Ongoing low level"),
        ("p2", "2025-05-01"): ("3", "Long term support: Community"),
        ("p3", "2025-05-01"): ("3", "Short term support: Residential or Nursing care"),
        ("p4", "2025-05-01"): ("1", "NFA: Deceased"),
        ("p5", "2025-05-01"): ("2", "Admitted to hospital"),
        ("p7", "2025-05-01"): ("4a", "NFA: Support ended as planned"),
        ("p8", "2025-07-01"): ("4a", "NFA: Information and advice or signposting"),
        ("p9", "2025-09-01"): ("4a", "NFA: Other"),
        ("p9", "2025-09-20"): ("4a", "NFA: Other"),
        ("p10", "2025-05-01"): ("4b", "NFA: Support ended for other reason"),
        ("p11", "2025-05-01"): ("4c", "NFA: Support ended as planned"),
        ("p12", "2025-05-01"): ("5", "Short term support: Ongoing low level"),
        ("p13", "2025-05-01"): ("6", "Progress to support planning or services"),
        ("p17", "2025-05-01"): ("4a", "NFA: Other"),
        ("p18", "2025-05-01"): ("4a", "NFA: Support declined"),
    }


def test_2a_joined_reablement_is_one_episode_from_first_start_to_last_end(con: duckdb.DuckDBPyConnection) -> None:
    ascof_2a.build(con, START, END)
    rows = con.execute("SELECT Episode_Start, Episode_End FROM st2a_result WHERE Der_Person_ID = 'p8'").fetchall()
    assert [(str(a), str(b)) for a, b in rows] == [("2025-07-01", "2025-08-15")]


def test_2a_breakdowns_by_age_band_count_episodes_in_the_denominator(con: duckdb.DuckDBPyConnection) -> None:
    [result] = ascof_2a.measures(con, START, END)
    by_age = {b.group: (b.numerator, b.denominator) for b in result.breakdowns if b.dimension == "age_band"}
    # p1 is 75 (65 and above); p17 has no birth date; the other nine counted episodes are 45.
    assert by_age == {"65 and above": (1, 1), "Unknown": (1, 1), "18 to 64": (7, 9)}
    dims = {b.dimension for b in result.breakdowns}
    assert dims == {"age_band", "sex", "ethnicity", "primary_support_reason"}


def test_2a_one_more_day_between_long_term_support_and_reablement_makes_a_new_client() -> None:
    # Long-term support ending exactly 91 days before reablement starts: new client (DHSC: < 91 is not new).
    con = duckdb.connect()
    make_tables(con, [
        service("q", LTS_COMMUNITY, "2024-01-01", "2025-01-30", "NFA: Other"),
        service("q", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement"),
    ], [person("q", ADULT)])
    assert ascof_2a.measures(con, START, END)[0].denominator == 1
    make_tables(con, [
        service("q", LTS_COMMUNITY, "2024-01-01", "2025-01-31", "NFA: Other"),
        service("q", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement"),
    ], [person("q", ADULT)])
    assert ascof_2a.measures(con, START, END)[0].denominator == 0


def test_2a_with_nothing_to_count_gives_no_value_and_says_why() -> None:
    con = duckdb.connect()
    make_tables(con, [], [])
    [result] = ascof_2a.measures(con, START, END)
    assert (result.numerator, result.denominator, result.value) == (0, 0, None)
    assert "No new client" in result.reason


def _one(events: list[dict], born: str = ADULT) -> tuple[str, str]:
    con = duckdb.connect()
    pid = events[0]["Der_Person_ID"]
    make_tables(con, events, [person(pid, born)])
    ascof_2a.build(con, START, END)
    [(seq, outcome)] = con.execute("SELECT Sequel_Type, Final_Outcome FROM st2a_result").fetchall()
    return seq, outcome


def test_2a_a_later_request_ending_as_planned_is_not_taken_for_the_reablements_outcome() -> None:
    # DHSC 4b ignores "NFA: Support ended as planned" on a later request: it closes something else.
    # The episode's own outcome (Continuation) cannot be a sequel, so nothing is found: step 6.
    assert _one([
        service("r", ST_MAX, "2025-05-01", "2025-06-10", "Continuation of support or services", "Reablement"),
        event("r", "Request", "2025-06-12", "2025-06-13", "NFA: Support ended as planned"),
    ]) == ("6", "Continuation of support or services")


def test_2a_the_most_telling_outcome_wins_between_the_episode_and_a_later_review() -> None:
    # Episode: NFA Other (17); review after it: Information and advice (10). 10 < 17, so the review's: 4b.
    assert _one([
        service("r", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement"),
        event("r", "Review", "2025-06-15", "2025-06-16", "NFA: Information and advice or signposting"),
    ]) == ("4b", "NFA: Information and advice or signposting")


def test_2a_a_service_eight_days_later_is_not_a_sequel() -> None:
    assert _one([
        service("r", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement"),
        service("r", LTS_COMMUNITY, "2025-06-18", None, None),
    ]) == ("4a", "NFA: Other")
    assert _one([
        service("r", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement"),
        service("r", LTS_COMMUNITY, "2025-06-17", None, None),
    ]) == ("3", "Long term support: Community")


def test_2a_a_death_eight_days_after_the_end_is_not_the_sequel() -> None:
    con = duckdb.connect()
    make_tables(con, [service("r", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement")],
                [person("r", ADULT, died="2025-06-18")])
    ascof_2a.build(con, START, END)
    assert con.execute("SELECT Sequel_Type FROM st2a_result").fetchall() == [("4a",)]


def test_2a_short_term_care_home_comes_first_among_other_short_term_services() -> None:
    # Two "other short term" services start the day after: one in a care home, one not. DHSC ranks the
    # short-term residential or nursing component first: the sequel is a care-home place (denominator only).
    assert _one([
        service("r", ST_MAX, "2025-05-01", "2025-06-10", "NFA: Other", "Reablement"),
        service("r", ST_OTHER, "2025-06-11", "2025-06-30", None, "Home support or domiciliary care"),
        service("r", ST_OTHER, "2025-06-11", "2025-06-30", None, "Short term nursing care"),
    ]) == ("3", "Short term support: Residential or Nursing care")
