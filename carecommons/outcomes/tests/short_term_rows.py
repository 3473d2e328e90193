"""Hand-made `cld_main` and `person_details` tables, in the pipeline's contract, for the short-term
measures' tests (2A, 2D, waiting times). The measure is the unit under test, so these tables are made
directly: one dict a unique event, already cleaned, as the pipeline leaves them.

Only the columns a test cares about need be given; the rest are blank (NULL).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import duckdb

from carecommons.rules.cld import FIELDS

DATE_FIELDS = {"Reporting_Period_Start_Date", "Reporting_Period_End_Date", "Date_of_Birth", "Date_of_Death",
               "Event_Start_Date", "Event_End_Date"}
NUMBER_FIELDS = {"Total_Hrs_Caring_per_week", "No_of_adults_being_cared_for", "Unit_Cost", "Planned_units_per_week"}
DERIVED = {
    "Der_Person_ID": "VARCHAR",
    "Der_Event_End_Date": "DATE",
    "Der_Birth_Date": "DATE",
    "Ethnicity_Grouped": "VARCHAR",
    "Service_Type_Grouped": "VARCHAR",
    "Event_Outcome_Grouped": "VARCHAR",
    "Event_Outcome_Hierarchy": "INTEGER",
    "Ref_Period_Start_Date": "DATE",
    "Ref_Period_End_Date": "DATE",
}

# DHSC's event-outcome hierarchy (Main_tables/docs/methodology/6-deduplication.md), which the pipeline
# puts in Event_Outcome_Hierarchy; and the grouping of outcomes (5-data-cleaning.md).
HIERARCHY = {
    "Progress to reablement/ST-Max": 1,
    "Progress to assessment, review or reassessment": 2,
    "Release 1 specification only: Not mapped": 3,
    "Progress to support planning or services": 4,
    "Continuation of support or services": 5,
    "Admitted to hospital": 6,
    "NFA: Responsibility moved to another local authority": 7,
    "NFA: Referral to NHS services or NHS funded social care": 8,
    "NFA: Self-funded client or under 12wk disregard": 9,
    "NFA: Information and advice or signposting": 10,
    "NFA: Referral to other service within the local authority": 11,
    "NFA: Support declined": 12,
    "NFA: Deceased": 13,
    "NFA: Support ended as planned": 14,
    "NFA: Support ended for other reason": 15,
    "NFA: No services offered for other reason": 16,
    "NFA: Other": 17,
}

LTS_COMMUNITY = "Long term support: Community"
LTS_RESIDENTIAL = "Long term support: Residential care"
LTS_NURSING = "Long term support: Nursing care"
ST_MAX = "Short term support: ST-Max"
ST_LOW = "Short term support: Ongoing low level"
ST_OTHER = "Short term support: Other short term"


def d(text: str) -> date:
    return date.fromisoformat(text)


def event(person: str, event_type: str, start: str, end: str | None = None, outcome: str | None = None,
          **fields: Any) -> dict[str, Any]:
    """One unique event of `person` (their Der_Person_ID), a service user's unless Client_Type is given."""
    row: dict[str, Any] = {
        "LA_Code": "999",
        "Der_Person_ID": person,
        "LA_Person_Unique_Identifier": person,
        "Client_Type": "Service user",
        "Event_Type": event_type,
        "Event_Start_Date": d(start),
        "Event_End_Date": d(end) if end else None,
        "Der_Event_End_Date": d(end) if end else None,
        "Event_Outcome": outcome,
    }
    row.update(fields)
    return row


def service(person: str, service_type: str, start: str, end: str | None = None, outcome: str | None = None,
            component: str | None = None, **fields: Any) -> dict[str, Any]:
    return event(person, "Service", start, end, outcome, Service_Type=service_type, Service_Component=component,
                 **fields)


def make_tables(con: duckdb.DuckDBPyConnection, events: Iterable[Mapping[str, Any]],
                people: Iterable[Mapping[str, Any]] = ()) -> None:
    """Create `cld_main` from `events` and `person_details` from `people` (dicts with Der_Person_ID,
    Der_Birth_Date, Gender, Ethnicity_Grouped, Primary_Support_Reason, Accommodation_Status,
    Date_of_Death)."""
    columns: dict[str, str] = {}
    for f in FIELDS:
        columns[f] = "DATE" if f in DATE_FIELDS else "DOUBLE" if f in NUMBER_FIELDS else "VARCHAR"
    columns.update(DERIVED)
    con.execute("CREATE OR REPLACE TABLE cld_main (" + ", ".join(f'"{c}" {t}' for c, t in columns.items()) + ")")
    names = list(columns)
    rows = []
    for e in events:
        r = dict(e)
        outcome = r.get("Event_Outcome")
        r.setdefault("Event_Outcome_Hierarchy", HIERARCHY.get(outcome) if outcome else None)
        if outcome:
            r.setdefault("Event_Outcome_Grouped", "NFA" if outcome.startswith("NFA") else outcome)
        unknown = set(r) - set(names)
        assert not unknown, unknown
        rows.append([r.get(n) for n in names])
    if rows:
        con.executemany(f"INSERT INTO cld_main VALUES ({', '.join('?' for _ in names)})", rows)  # noqa: S608
    con.execute(
        "CREATE OR REPLACE TABLE person_details (Der_Person_ID VARCHAR, Der_Birth_Date DATE, Gender VARCHAR, "
        "Ethnicity_Grouped VARCHAR, Primary_Support_Reason VARCHAR, Accommodation_Status VARCHAR, Date_of_Death DATE)"
    )
    for p in people:
        con.execute(
            "INSERT INTO person_details VALUES (?, ?, ?, ?, ?, ?, ?)",
            [p["Der_Person_ID"], p.get("Der_Birth_Date"), p.get("Gender"), p.get("Ethnicity_Grouped"),
             p.get("Primary_Support_Reason"), p.get("Accommodation_Status"), p.get("Date_of_Death")],
        )


def person(pid: str, born: str | None = "1950-01-01", *, died: str | None = None, gender: str = "Female",
           ethnicity: str = "White", psr: str = "Physical support") -> dict[str, Any]:
    return {"Der_Person_ID": pid, "Der_Birth_Date": d(born) if born else None, "Gender": gender,
            "Ethnicity_Grouped": ethnicity, "Primary_Support_Reason": psr, "Date_of_Death": d(died) if died else None}
