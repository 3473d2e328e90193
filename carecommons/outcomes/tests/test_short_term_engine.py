"""2A, 2D and the waits through the whole engine: CLD files as a council sends them (two quarterly
submissions, the same events in both), the pipeline's main table, then `compute()`.

Counted by hand from DHSC's definitions, year 1 April 2025 to 31 March 2026:
  a  reablement 1 May-10 Jun ends "NFA: Support ended as planned", nothing after -> 2A step 4a: numerator
  b  reablement 1 May-10 Jun; long-term community support from 12 Jun            -> 2A step 3: denominator only
     b was discharged from hospital on 30 Apr (reablement began the next day) and nothing else happened:
     2D linked, at home
  c  reablement 20 Jul-10 Aug after a discharge on 18 Jul; readmitted 1 Sep       -> 2A 4a numerator; 2D not at home
Each event is in both submissions (rolling 12 months), and counts once.
2A: 2 of 3 = 66.7%. 2D: 1 of 2 = 50.0% (with the SUS file); without it, not worked out and why.
Waits: a's request 20 Apr, assessment 25 Apr, reablement 1 May -> to first response 5 days, to service 11.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from carecommons.outcomes.engine.measures import compute
from carecommons.outcomes.tests.cld_files import submission, write_cld
from carecommons.rules.ascof_short_term import NO_SUS_REASON, SUS_COLUMNS
from carecommons.rules.cld import FIELDS

START, END = date(2025, 4, 1), date(2026, 3, 31)


def _person(pid: str, nhs: str) -> dict[str, str]:
    return {"LA_Person_Unique_Identifier": pid, "NHS_Number": nhs, "Gender": "Female",
            "Ethnicity": "White: English, Welsh, Scottish, Northern Irish or British", "Date_of_Birth": "1940-05-05",
            "Client_Type": "Service user", "Primary_Support_Reason": "Physical support: Personal care support"}


def _rows() -> list[dict[str, str]]:
    a, b, c = _person("A1", "9434765919"), _person("B1", "9434765870"), _person("C1", "9434765889")
    reab = {"Event_Type": "Service", "Service_Type": "Short term support: ST-Max", "Service_Component": "Reablement",
            "Delivery_Mechanism": "CASSR commissioned support"}
    return [
        {**a, "Event_Type": "Request", "Event_Reference": "R1", "Event_Start_Date": "2025-04-20",
         "Event_End_Date": "2025-04-20", "Event_Outcome": "Progress to assessment, review or reassessment"},
        {**a, "Event_Type": "Assessment", "Event_Reference": "AS1", "Assessment_Type": "Short term assessment",
         "Event_Start_Date": "2025-04-25", "Event_End_Date": "2025-04-26", "Event_Outcome": "Progress to reablement/ST-Max"},
        {**a, **reab, "Event_Reference": "S1", "Event_Start_Date": "2025-05-01", "Event_End_Date": "2025-06-10",
         "Event_Outcome": "NFA: Support ended as planned"},
        {**b, **reab, "Event_Reference": "S2", "Event_Start_Date": "2025-05-01", "Event_End_Date": "2025-06-10",
         "Event_Outcome": "Progress to support planning or services"},
        {**b, "Event_Type": "Service", "Event_Reference": "S3", "Service_Type": "Long term support: Community",
         "Service_Component": "Home support or domiciliary care", "Delivery_Mechanism": "CASSR commissioned support",
         "Event_Start_Date": "2025-06-12"},
        {**c, **reab, "Event_Reference": "S4", "Event_Start_Date": "2025-07-20", "Event_End_Date": "2025-08-10",
         "Event_Outcome": "NFA: Support ended as planned"},
    ]


@pytest.fixture()
def files(tmp_path: Path) -> list[Path]:
    q3 = write_cld(tmp_path / "q3.csv", _rows(), **submission("2024-10-01", "2025-09-30"))
    q4 = write_cld(tmp_path / "q4.csv", _rows(), **submission("2025-04-01", "2026-03-31"))
    assert set(FIELDS) >= set(_rows()[0])
    return [q3, q4]


def _sus(path: Path) -> Path:
    base = {"Admission_Method": "21", "Discharge_Method": "1", "Discharge_Destination": "19",
            "Treatment_Function_Code": "300", "APCS_Last_Ep_Ind": "1", "Der_Management_Type": "NE",
            "Month_of_Birth_SUS": "5", "Year_of_Birth_SUS": "1940", "Sex": "2", "Der_Postcode_LSOA_2011_Code": "E01000001"}
    rows = [
        {**base, "Der_DHSC_Pseudo_NHS_Number": "9434765870", "APCS_Ident": "H1", "Admission_Date": "2025-04-20",
         "Discharge_Date": "2025-04-30"},
        {**base, "Der_DHSC_Pseudo_NHS_Number": "9434765889", "APCS_Ident": "H2", "Admission_Date": "2025-07-10",
         "Discharge_Date": "2025-07-18"},
        {**base, "Der_DHSC_Pseudo_NHS_Number": "9434765889", "APCS_Ident": "H3", "Admission_Date": "2025-09-01",
         "Discharge_Date": "2025-09-05"},
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(SUS_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_compute_gives_2a_from_cld_files_counting_each_episode_once(files: list[Path]) -> None:
    r = compute(files, start=START, end=END)["2A"]
    assert (r.numerator, r.denominator, r.value) == (2, 3, 66.7)


def test_compute_without_sus_says_why_2d_is_not_worked_out(files: list[Path]) -> None:
    r = compute(files, start=START, end=END)["2D"]
    assert (r.value, r.reason) == (None, NO_SUS_REASON)


def test_compute_with_sus_gives_2d(files: list[Path], tmp_path: Path) -> None:
    results = compute(files, start=START, end=END, sus=_sus(tmp_path / "sus.csv"))
    assert (results["2D"].numerator, results["2D"].denominator, results["2D"].value) == (1, 2, 50.0)


def test_compute_gives_dhscs_waits(files: list[Path]) -> None:
    results = compute(files, start=START, end=END)
    assert (results["wait_request_to_assessment"].numerator, results["wait_request_to_assessment"].value) == (1, 5.0)
    assert (results["wait_request_to_service"].numerator, results["wait_request_to_service"].value) == (1, 11.0)
