"""The Safeguarding Adults Collection counted from concern rows: what falls in the year, each breakdown, "Not known"
where Care Commons records nothing, and suppression (no count of 1 to 4 shown, nor worked out from the totals)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecommons.rules import sac
from carecommons.rules.sac import NOT_KNOWN, ConcernRow, Table
from carecommons.rules.safeguarding import ABUSE_TYPES, LOCATIONS, SOURCES_OF_RISK
from carecommons.rules.suppression import (
    FEWER_THAN_5,
    NOT_SHOWN,
    Cell,
    Why,
    determined,
    is_small,
    reader_bounds,
)

START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def enquiry(**kw: Any) -> ConcernRow:
    fields: dict[str, Any] = {
        "raised_on": dt.date(2025, 5, 1), "route": "s42_enquiry", "enquiry_started_on": dt.date(2025, 5, 2),
        "closed_on": dt.date(2025, 7, 1), "abuse_types": ("financial",), "location": "own_home",
        "source_of_risk": "known", "born_on": dt.date(1940, 6, 1), "outcomes_asked": "yes",
        "outcomes_achieved": "partially", "risk": "reduced", "advocate": False}
    fields.update(kw)
    return ConcernRow(**fields)


def raw(tables: tuple[sac.Counted, ...], key: str) -> sac.Counted:
    return next(t for t in tables if t.key == key)


def groups(table: sac.Counted, breakdown: str) -> dict[str, int]:
    return dict(next(b for b in table.breakdowns if b.key == breakdown).groups)


# --- The year ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2025-26", (dt.date(2025, 4, 1), dt.date(2026, 3, 31))),
    (" 1999-00 ", (dt.date(1999, 4, 1), dt.date(2000, 3, 31))),
    ("2025-27", None), ("2025/26", None), ("2025", None), ("２０２５-26", None), ("", None), ("abcd-ef", None),
])
def test_a_financial_year_is_written_like_2025_26(text: str, expected: Any) -> None:
    assert sac.parse_year(text) == expected


def test_concerns_count_by_the_day_they_were_raised_in_the_year() -> None:
    rows = [ConcernRow(raised_on=dt.date(2025, 3, 31)), ConcernRow(raised_on=dt.date(2025, 4, 1)),
            ConcernRow(raised_on=dt.date(2026, 3, 31)), ConcernRow(raised_on=dt.date(2026, 4, 1))]
    assert raw(sac.count(rows, start=START, end=END), "concerns").total == 2


def test_enquiries_start_and_conclude_by_their_own_dates_and_route() -> None:
    rows = [
        enquiry(raised_on=dt.date(2025, 3, 20), enquiry_started_on=dt.date(2025, 3, 25), closed_on=dt.date(2025, 4, 2)),
        enquiry(enquiry_started_on=dt.date(2026, 3, 30), closed_on=None),
        enquiry(route="other_enquiry"),
        ConcernRow(raised_on=dt.date(2025, 6, 1), route="information_and_advice", closed_on=dt.date(2025, 6, 2)),
        enquiry(route="s42_enquiry", enquiry_started_on=None, closed_on=None),  # triaged, not yet opened
    ]
    tables = sac.count(rows, start=START, end=END)
    assert raw(tables, "concerns").total == 4  # the first was raised in March 2025
    assert raw(tables, "s42_enquiry_started").total == 1
    assert raw(tables, "other_enquiry_started").total == 1
    assert raw(tables, "s42_enquiry_concluded").total == 1  # opened last year, concluded this year
    assert raw(tables, "other_enquiry_concluded").total == 1  # another route is never an enquiry


# --- The breakdowns -----------------------------------------------------------------------------------------------

def test_concluded_enquiries_by_type_location_source_and_risk() -> None:
    rows = [enquiry(abuse_types=("physical", "financial", "physical"), location="care_home_nursing",
                    source_of_risk="service_provider", risk="removed"),
            enquiry(abuse_types=(), location="", source_of_risk="", risk="remains"),
            enquiry()]
    table = raw(sac.count(rows, start=START, end=END), "s42_enquiry_concluded")
    types = groups(table, "type_of_risk")
    assert types["Physical abuse"] == 1  # counted once per enquiry however often it is listed
    assert types["Financial or material abuse"] == 2
    assert types[NOT_KNOWN] == 1
    assert list(types)[:11] == list(ABUSE_TYPES.values())  # domain.md §4's types, in its order
    assert groups(table, "location")["A care home with nursing"] == 1
    assert groups(table, "location")[NOT_KNOWN] == 1
    assert groups(table, "source_of_risk") == {"A service provider": 1, SOURCES_OF_RISK["known"]: 1,
                                               "Someone they do not know": 0, NOT_KNOWN: 1}
    assert groups(table, "risk_outcome") == {"Risk removed": 1, "Risk reduced": 1, "Risk remains": 1, NOT_KNOWN: 0}


def test_age_band_on_the_day_raised_and_not_known_without_a_date_of_birth() -> None:
    rows = [enquiry(born_on=dt.date(1960, 5, 2)),  # 64 on 1 May 2025: a day short of 65
            enquiry(born_on=dt.date(1960, 5, 1)),  # 65 that day
            enquiry(born_on=None)]
    started = raw(sac.count(rows, start=START, end=END), "s42_enquiry_started")
    ages = groups(started, "age_band")
    assert ages["45 to 64"] == 1 and ages["65 to 74"] == 1 and ages[NOT_KNOWN] == 1


def test_sex_ethnicity_and_support_reason_are_not_known_never_guessed() -> None:
    rows = [enquiry() for _ in range(7)]
    tables = sac.count(rows, start=START, end=END)
    for key in ("s42_enquiry_started", "s42_enquiry_concluded"):
        table = raw(tables, key)
        for breakdown in ("sex", "ethnicity", "primary_support_reason"):
            assert groups(table, breakdown) == {NOT_KNOWN: 7}
            notes = next(b.notes for b in table.breakdowns if b.key == breakdown)
            assert "does not record" in notes[0] or "not a primary support reason" in notes[0]
    assert groups(raw(tables, "s42_enquiry_concluded"), "mental_capacity") == {
        "Lacked capacity": 0, "Did not lack capacity": 0, NOT_KNOWN: 7}  # enquiries without it recorded


def test_mental_capacity_as_recorded_and_not_known_when_not_assessed_or_not_recorded() -> None:
    rows = [enquiry(lacks_capacity="yes"), enquiry(lacks_capacity="yes"), enquiry(lacks_capacity="no"),
            enquiry(lacks_capacity="not_assessed"), enquiry(lacks_capacity=""), enquiry(lacks_capacity="maybe")]
    table = raw(sac.count(rows, start=START, end=END), "s42_enquiry_concluded")
    assert groups(table, "mental_capacity") == {"Lacked capacity": 2, "Did not lack capacity": 1, NOT_KNOWN: 3}
    notes = next(b.notes for b in table.breakdowns if b.key == "mental_capacity")
    assert "Not known: it had not been assessed, or it was not recorded." in notes[0]
    # the started tables are by the person, as the SAC asks; capacity is of what happened
    assert "mental_capacity" not in {b.key for b in raw(sac.count(rows, start=START, end=END),
                                                         "s42_enquiry_started").breakdowns}


def test_making_safeguarding_personal_and_advocacy() -> None:
    rows = [enquiry(outcomes_achieved="fully", advocate=True), enquiry(), enquiry(outcomes_achieved="not"),
            enquiry(outcomes_asked="yes_no_view", outcomes_achieved=""),
            enquiry(outcomes_asked="no", outcomes_achieved="")]
    table = raw(sac.count(rows, start=START, end=END), "s42_enquiry_concluded")
    assert groups(table, "making_safeguarding_personal") == {
        "Asked, and expressed desired outcomes: fully achieved": 1,
        "Asked, and expressed desired outcomes: partially achieved": 1,
        "Asked, and expressed desired outcomes: not achieved": 1,
        "Asked, but did not express desired outcomes": 1, "Not asked": 1, NOT_KNOWN: 0}
    assert groups(table, "advocacy") == {"Had an independent advocate (Care Act section 68)": 1,
                                         "Did not have an independent advocate": 4}


def test_msp_counts_asked_of_concluded_and_achieved_of_those_who_said() -> None:
    rows = [enquiry(outcomes_achieved="fully"), enquiry(), enquiry(outcomes_achieved="not"),
            enquiry(route="other_enquiry", outcomes_asked="yes_no_view", outcomes_achieved=""),
            enquiry(outcomes_asked="no", outcomes_achieved=""), enquiry(closed_on=None)]
    counts = sac.msp_counts(rows, start=START, end=END)
    assert (counts.concluded, counts.asked, counts.expressed, counts.achieved) == (5, 4, 3, 2)
    assert not any(ch.isdigit() for reason in counts.reasons for ch in reason)  # reasons carry no counts


# --- Suppression ---------------------------------------------------------------------------------------------------

def published(table: Table, breakdown: str) -> dict[str, Cell]:
    return {line.category: line.count for line in next(b for b in table.breakdowns if b.key == breakdown).lines}


def test_small_counts_read_fewer_than_5_and_another_is_hidden_beside_them() -> None:
    rows = [enquiry() for _ in range(8)] + [enquiry(source_of_risk="unknown") for _ in range(2)]
    table = next(t for t in sac.sac_return(rows, start=START, end=END) if t.key == "s42_enquiry_concluded")
    assert table.total == Cell(10)
    sources = published(table, "source_of_risk")
    assert sources["Someone they do not know"].label == FEWER_THAN_5
    assert sources[SOURCES_OF_RISK["known"]].label == NOT_SHOWN  # else 10 - 8 gives the 2 away
    assert sources["A service provider"] == Cell(0)  # a true zero is shown


def test_a_small_total_publishes_no_breakdown() -> None:
    tables = sac.sac_return([enquiry() for _ in range(3)], start=START, end=END)
    table = next(t for t in tables if t.key == "s42_enquiry_concluded")
    assert table.total.label == FEWER_THAN_5
    assert all(b.withheld and not b.lines for b in table.breakdowns)
    lines = sac.csv_rows(tables, start=START, end=END)
    assert not any(line[4] in {"1", "2", "3", "4"} for line in lines)


def test_types_of_risk_are_protected_against_the_at_least_the_total_sum() -> None:
    # 9 enquiries: 5 physical only, 4 financial only. Shown 5 with the total 9 and each enquiry having a type,
    # "fewer than 5" financial would have to be 4: so another count is hidden.
    rows = [enquiry(abuse_types=("physical",)) for _ in range(5)] + [enquiry(abuse_types=("financial",))
                                                                    for _ in range(4)]
    table = next(t for t in sac.sac_return(rows, start=START, end=END) if t.key == "s42_enquiry_concluded")
    types = published(table, "type_of_risk")
    assert types["Financial or material abuse"].label == FEWER_THAN_5
    assert types["Physical abuse"].label == NOT_SHOWN


def test_the_csv_names_each_table_and_says_why_a_count_is_hidden() -> None:
    rows = [enquiry() for _ in range(8)] + [enquiry(source_of_risk="unknown") for _ in range(2)]
    lines = sac.csv_rows(sac.sac_return(rows, start=START, end=END), start=START, end=END)
    assert lines[0][:5] == ("concerns", "Safeguarding concerns received", "total", "All", "10")
    assert "1 April 2025 to 31 March 2026" in lines[0][5]
    hidden = [line for line in lines if line[2] == "source_of_risk" and line[4] == FEWER_THAN_5]
    assert hidden and "nobody can be identified" in hidden[0][5]
    assert {line[0] for line in lines} == {"concerns", "s42_enquiry_started", "other_enquiry_started",
                                          "s42_enquiry_concluded", "other_enquiry_concluded"}


# --- The property: whatever the records, no small count is shown or can be worked out -----------------------------

DAYS = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 6, 30))
ROWS = st.lists(st.builds(
    ConcernRow, raised_on=DAYS, route=st.sampled_from(["", "s42_enquiry", "other_enquiry", "referral"]),
    enquiry_started_on=st.one_of(st.none(), DAYS), closed_on=st.one_of(st.none(), DAYS),
    abuse_types=st.lists(st.sampled_from(list(ABUSE_TYPES)), max_size=3).map(tuple),
    location=st.sampled_from(["", *LOCATIONS]), source_of_risk=st.sampled_from(["", *SOURCES_OF_RISK]),
    born_on=st.one_of(st.none(), st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2007, 1, 1))),
    outcomes_asked=st.sampled_from(["yes", "yes_no_view", "no"]),
    outcomes_achieved=st.sampled_from(["", "fully", "partially", "not"]),
    risk=st.sampled_from(["removed", "reduced", "remains"]), advocate=st.booleans()), max_size=40)


def _pinned(total: int, cells: list[Cell], truths: list[int], multiple: bool) -> bool:
    """Whether a reader who knows the method can work out any small count from the published ones."""
    lo, hi = [], []
    for cell in cells:
        low, high = reader_bounds(cell, total)
        lo.append(low)
        hi.append(min(high, max(total, low)))
    variables = list(range(len(cells)))
    if multiple:
        lo.append(0)
        hi.append(max(0, (len(cells) - 1) * total))
        lo.append(total)
        hi.append(total)
        equation = tuple((i, 1) for i in variables) + ((len(cells), -1), (len(cells) + 1, -1))
    else:
        lo.append(total)
        hi.append(total)
        equation = tuple((i, 1) for i in variables) + ((len(cells), -1),)
    return any(is_small(t) and determined(lo, hi, [equation], i) for i, t in enumerate(truths))


@settings(max_examples=60, deadline=None)
@given(rows=ROWS)
def test_no_count_of_1_to_4_is_shown_or_can_be_worked_out(rows: list[ConcernRow]) -> None:
    counted = sac.count(rows, start=START, end=END)
    tables = sac.sac_return(rows, start=START, end=END)
    for raw_table, table in zip(counted, tables, strict=True):
        # single-category breakdowns add up to the total before anything is hidden
        for b in raw_table.breakdowns:
            if not b.multiple:
                assert sum(n for _, n in b.groups) == raw_table.total
        assert not (table.total.shown and is_small(table.total.value or 0))
        for raw_b, b in zip(raw_table.breakdowns, table.breakdowns, strict=True):
            if b.withheld:
                continue
            cells = [line.count for line in b.lines]
            truths = [n for _, n in raw_b.groups]
            for cell, truth in zip(cells, truths, strict=True):
                assert cell.value in (None, truth)  # never a wrong figure
                assert not (cell.shown and is_small(truth))
            assert not _pinned(raw_table.total, cells, truths, raw_b.multiple)


# --- The two Making Safeguarding Personal measures side by side ---------------------------------------------------

def _msp(concluded: int, asked: int, expressed: int, achieved: int) -> sac.MspCounts:
    return sac.MspCounts(concluded, asked, expressed, achieved, ())


def test_shown_side_by_side_asked_less_expressed_would_give_away_a_small_count() -> None:
    truth = _msp(10, 10, 8, 5)
    assert sac.msp_pinned(concluded=Cell(10), asked=Cell(10), expressed=Cell(8), achieved=Cell(5), truth=truth)
    hidden = Cell(None, NOT_SHOWN)
    assert not sac.msp_pinned(concluded=Cell(10), asked=Cell(10), expressed=hidden, achieved=hidden, truth=truth)


def test_with_enough_between_them_both_may_be_shown() -> None:
    truth = _msp(20, 20, 10, 5)
    assert not sac.msp_pinned(concluded=Cell(20), asked=Cell(20), expressed=Cell(10), achieved=Cell(5), truth=truth)


def test_a_hidden_asked_pinned_by_the_second_measure_is_found() -> None:
    # 9 of 10 asked: the numerator is hidden, and its note says those not asked are fewer than 5, so asked is 6 to
    # 9; 9 said what they wanted, so asked is at least 9: exactly 9, and the 1 not asked is given away.
    truth = _msp(10, 9, 9, 3)
    rest = Cell(None, NOT_SHOWN, Why.SMALL_REST)
    assert sac.msp_pinned(concluded=Cell(10), asked=rest, expressed=Cell(9), achieved=Cell(None, FEWER_THAN_5),
                          truth=truth)
    # without that note (hidden for another reason), asked could be 9 or 10
    assert not sac.msp_pinned(concluded=Cell(10), asked=Cell(None, NOT_SHOWN, Why.SECONDARY), expressed=Cell(9),
                              achieved=Cell(None, FEWER_THAN_5), truth=truth)
