"""The Safeguarding Adults Collection (SAC): NHS England's yearly return of adult safeguarding, counted from
Care Commons' concerns, with small numbers suppressed for publication.

domain.md §4 names what the SAC asks: concerns; section 42 and other enquiries started and concluded; by type of
risk, location of risk, source of risk, the person's age band, sex, ethnicity and primary support reason; risk
identified and action taken (removed, reduced, remains); whether the person (or their representative) was asked
their desired outcomes, and whether they were fully, partially or not achieved; whether the person lacked capacity
and had an advocate. Those are the tables here, in those words. docs/sac-return.md says where each category comes
from, and which ones domain.md does not give (the SAC's table numbers, its age bands, its location categories, its
reasons for not asking): those are not invented here.

What is counted, for a financial year (1 April to 31 March):

* **Concerns received**: concerns raised in the year.
* **Enquiries started**: concerns whose enquiry was opened in the year (the person asked what they want, or why
  not: `safeguarding.services.enquiry_start`), split by route: section 42 enquiries, and other enquiries.
* **Enquiries concluded**: enquiries closed in the year, split the same way. Every breakdown in the SAC of what
  happened (type of risk, location, source, risk outcome, Making Safeguarding Personal, capacity and advocacy) is
  of these.

Care Commons does not record a person's sex, ethnicity or primary support reason: every enquiry is "Not known" in
those breakdowns, never a guess. Whether the person lacked mental capacity to make decisions about the enquiry is
asked when it opens (yes, no, or not assessed yet); "not assessed yet", and an enquiry opened before it was asked,
are "Not known". Age comes from the
date of birth on the person's record on the day the concern was raised; a concern not linked to a record, or a
record without a date of birth, is "Not known".

Every count goes through `rules.suppression`: a count of 1 to 4 reads "fewer than 5", and more counts are hidden
("not shown") wherever a hidden one could be worked out from the totals. A type of risk is counted once for each
enquiry that had it, and one enquiry can have several, so those groups add up to more than the total: the reader's
arithmetic there is "each group is at most the total, and together they are at least the total", and counts are
hidden until no small one can be worked out from that either.

Pure: no Django, no clock, no I/O. Rows in, tables out, each with the reasons for what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from carecommons.rules.ascof import AGE_BANDS, age_band
from carecommons.rules.safeguarding import (
    ABUSE_TYPES,
    LOCATIONS,
    SOURCES_OF_RISK,
    Achieved,
    Capacity,
    OutcomesAsked,
    Risk,
    Route,
)
from carecommons.rules.suppression import (
    FEWER_THAN_5,
    NOT_SHOWN,
    SMALL,
    Cell,
    Equation,
    Published,
    Why,
    determined,
    is_small,
    reader_bounds,
    suppress,
)

NOT_KNOWN = "Not known"
SOURCE = "NHS England, Safeguarding Adults Collection (SAC), as docs/domain.md section 4 describes it"

NOT_RECORDED_SEX = "Care Commons does not record a person's sex, so every enquiry is counted as not known."
NOT_RECORDED_ETHNICITY = "Care Commons does not record a person's ethnicity, so every enquiry is counted as not known."
NOT_RECORDED_PSR = ("Care Commons records what matters to people and their needs by outcome, not a primary support "
                    "reason, so every enquiry is counted as not known.")
CAPACITY_NOTE = ("Whether the person lacked mental capacity to make decisions about the enquiry, as recorded when "
                 "it opened. Not known: it had not been assessed, or it was not recorded.")


# --------------------------------------------------------------------------------------------------------------
# The rows: one a concern, plain values (the Django side reads them in bulk).

@dataclass(frozen=True)
class ConcernRow:
    raised_on: dt.date
    route: str = ""  # "" until triaged
    enquiry_started_on: dt.date | None = None
    closed_on: dt.date | None = None
    abuse_types: tuple[str, ...] = ()
    location: str = ""
    source_of_risk: str = ""
    born_on: dt.date | None = None  # from the linked person's record; None when not linked or not given
    outcomes_asked: str = ""  # rules.safeguarding.OutcomesAsked values, "" when not an enquiry
    outcomes_achieved: str = ""  # rules.safeguarding.Achieved values
    risk: str = ""  # rules.safeguarding.Risk values
    advocate: bool = False  # an independent advocate was arranged (Care Act s68)
    lacks_capacity: str = ""  # rules.safeguarding.Capacity values, "" when not recorded


def financial_year(first_year: int) -> tuple[dt.date, dt.date]:
    """The financial year starting in April of `first_year`: 1 April to 31 March."""
    return dt.date(first_year, 4, 1), dt.date(first_year + 1, 3, 31)


def parse_year(text: str) -> tuple[dt.date, dt.date] | None:
    """"2025-26" → (1 April 2025, 31 March 2026); None when it is not a financial year written that way."""
    text = text.strip()
    if len(text) != 7 or text[4] != "-" or not (text[:4].isascii() and text[:4].isdigit()
                                                 and text[5:].isascii() and text[5:].isdigit()):
        return None
    first = int(text[:4])
    if first < 1900 or (first + 1) % 100 != int(text[5:]):
        return None
    return financial_year(first)


def _in(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    if born is None or born > day:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_group(row: ConcernRow) -> str:
    band = age_band(age_on(row.born_on, row.raised_on))
    return band if band in AGE_GROUPS else NOT_KNOWN


AGE_GROUPS: tuple[str, ...] = tuple(b.label for b in AGE_BANDS)


# --------------------------------------------------------------------------------------------------------------
# Counting: raw numbers, before suppression (never published as they are).

@dataclass(frozen=True)
class Breakdown:
    """One breakdown of a table's total: (category, count[, out of]) in the order published. `multiple` when one
    enquiry can be in several categories (the types of risk)."""

    key: str
    title: str
    groups: tuple[tuple[str, int], ...]
    notes: tuple[str, ...] = ()
    multiple: bool = False


@dataclass(frozen=True)
class Counted:
    key: str
    title: str
    counts_what: str
    total: int
    breakdowns: tuple[Breakdown, ...] = ()


SEX_TITLE, ETHNICITY_TITLE, PSR_TITLE = "Sex", "Ethnicity", "Primary support reason"
ROUTE_TITLES = {Route.S42_ENQUIRY: "Section 42 enquiries", Route.OTHER_ENQUIRY: "Other enquiries"}

MSP_GROUPS: tuple[tuple[str, str, str], ...] = (
    # (outcomes asked, achieved, category)
    (OutcomesAsked.YES, Achieved.FULLY, "Asked, and expressed desired outcomes: fully achieved"),
    (OutcomesAsked.YES, Achieved.PARTIALLY, "Asked, and expressed desired outcomes: partially achieved"),
    (OutcomesAsked.YES, Achieved.NOT, "Asked, and expressed desired outcomes: not achieved"),
    (OutcomesAsked.YES_NO_VIEW, "", "Asked, but did not express desired outcomes"),
    (OutcomesAsked.NO, "", "Not asked"),
)
RISK_GROUPS: tuple[tuple[str, str], ...] = (
    (Risk.REMOVED, "Risk removed"), (Risk.REDUCED, "Risk reduced"), (Risk.REMAINS, "Risk remains"),
)
CAPACITY_GROUPS: tuple[tuple[str, str], ...] = (
    (Capacity.LACKS, "Lacked capacity"), (Capacity.HAS, "Did not lack capacity"),
)
ADVOCACY_GROUPS = ("Had an independent advocate (Care Act section 68)", "Did not have an independent advocate")


def _single(key: str, title: str, values: Iterable[str], order: Sequence[str],
            notes: tuple[str, ...] = (), *, unknown: bool = True) -> Breakdown:
    """A breakdown where each enquiry is in one category: the listed ones in order, then "Not known" for any
    other value (never dropped, so the groups add up to the total; left out when no value can be unknown)."""
    counted = Counter(v if v in order else NOT_KNOWN for v in values)
    groups = [(g, counted.get(g, 0)) for g in order]
    if NOT_KNOWN not in order and (unknown or counted.get(NOT_KNOWN)):
        groups.append((NOT_KNOWN, counted.get(NOT_KNOWN, 0)))
    return Breakdown(key, title, tuple(groups), notes)


def _not_known(key: str, title: str, total: int, note: str) -> Breakdown:
    return Breakdown(key, title, ((NOT_KNOWN, total),), (note,))


def _people_breakdowns(rows: Sequence[ConcernRow]) -> tuple[Breakdown, ...]:
    return (
        _single("age_band", "Age band", (age_group(r) for r in rows), AGE_GROUPS,
                ("Age on the day the concern was raised, from the date of birth on the person's record. Not known: "
                 "the concern is not linked to a record, or the record has no date of birth.",)),
        _not_known("sex", SEX_TITLE, len(rows), NOT_RECORDED_SEX),
        _not_known("ethnicity", ETHNICITY_TITLE, len(rows), NOT_RECORDED_ETHNICITY),
        _not_known("primary_support_reason", PSR_TITLE, len(rows), NOT_RECORDED_PSR),
    )


def _msp_category(row: ConcernRow) -> str:
    for asked, achieved, words in MSP_GROUPS:
        if row.outcomes_asked == asked and (asked != OutcomesAsked.YES or row.outcomes_achieved == achieved):
            return words
    return NOT_KNOWN


def _concluded_breakdowns(rows: Sequence[ConcernRow]) -> tuple[Breakdown, ...]:
    types = Counter(t for r in rows for t in dict.fromkeys(r.abuse_types) if t in ABUSE_TYPES)
    untyped = sum(1 for r in rows if not any(t in ABUSE_TYPES for t in r.abuse_types))
    type_groups = [(words, types.get(key, 0)) for key, words in ABUSE_TYPES.items()] + [(NOT_KNOWN, untyped)]
    return (
        Breakdown("type_of_risk", "Type of risk", tuple(type_groups),
                  ("Each enquiry is counted once for every type of risk it had, so these add up to more than the "
                   "total when an enquiry had more than one.",), multiple=True),
        _single("location", "Location of risk", (LOCATIONS.get(r.location, NOT_KNOWN) for r in rows),
                tuple(LOCATIONS.values())),
        _single("source_of_risk", "Source of risk", (SOURCES_OF_RISK.get(r.source_of_risk, NOT_KNOWN) for r in rows),
                tuple(SOURCES_OF_RISK.values())),
        *_people_breakdowns(rows),
        _single("risk_outcome", "Risk identified and action taken",
                (dict(RISK_GROUPS).get(r.risk, NOT_KNOWN) for r in rows), tuple(w for _, w in RISK_GROUPS)),
        _single("making_safeguarding_personal", "Making Safeguarding Personal: desired outcomes",
                (_msp_category(r) for r in rows), tuple(w for _, _, w in MSP_GROUPS),
                ("Why someone was not asked is recorded in words on each enquiry, not in categories, so it is not "
                 "counted here.",)),
        _single("mental_capacity", "Mental capacity: did the person lack capacity?",
                (dict(CAPACITY_GROUPS).get(r.lacks_capacity, NOT_KNOWN) for r in rows),
                tuple(w for _, w in CAPACITY_GROUPS), (CAPACITY_NOTE,)),
        _single("advocacy", "Advocacy", (ADVOCACY_GROUPS[0] if r.advocate else ADVOCACY_GROUPS[1] for r in rows),
                ADVOCACY_GROUPS, unknown=False),
    )


def count(rows: Iterable[ConcernRow], *, start: dt.date, end: dt.date) -> tuple[Counted, ...]:
    """The year's tables, raw: concerns received; section 42 and other enquiries started, each by the person's
    age band, sex, ethnicity and primary support reason; and concluded, each by everything the SAC asks."""
    rows = list(rows)
    tables = [Counted("concerns", "Safeguarding concerns received",
                      "Concerns raised in the year, however they came in (the public form or staff).",
                      sum(1 for r in rows if _in(r.raised_on, start, end)))]
    for route in (Route.S42_ENQUIRY, Route.OTHER_ENQUIRY):
        started = [r for r in rows if r.route == route and _in(r.enquiry_started_on, start, end)]
        tables.append(Counted(f"{route.value}_started", f"{ROUTE_TITLES[route]} started",
                              "Enquiries opened in the year (when the person was asked what outcome they want).",
                              len(started), _people_breakdowns(started)))
    for route in (Route.S42_ENQUIRY, Route.OTHER_ENQUIRY):
        concluded = [r for r in rows if r.route == route and _in(r.closed_on, start, end)]
        tables.append(Counted(f"{route.value}_concluded", f"{ROUTE_TITLES[route]} concluded",
                              "Enquiries closed in the year.", len(concluded), _concluded_breakdowns(concluded)))
    return tuple(tables)


# --------------------------------------------------------------------------------------------------------------
# Publishing: every count through rules.suppression.

@dataclass(frozen=True)
class Line:
    category: str
    count: Cell


@dataclass(frozen=True)
class PublishedBreakdown:
    key: str
    title: str
    lines: tuple[Line, ...]
    notes: tuple[str, ...]
    withheld: str = ""  # why the whole breakdown is not published; "" when it is


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    counts_what: str
    total: Cell
    breakdowns: tuple[PublishedBreakdown, ...]
    reasons: tuple[str, ...] = field(default=())


def _protect_multiple(total: int, groups: Sequence[tuple[str, int]]) -> tuple[Line, ...] | None:
    """Groups that may each hold any of the total's enquiries, each enquiry in at least one: what the reader knows
    is 0 <= group <= total and sum(groups) - slack = total with 0 <= slack <= (groups - 1) * total. Hide counts of
    5 or more (smallest first) until no small count is pinned; None if even that cannot protect them."""
    cells = [Cell(None, FEWER_THAN_5, Why.SMALL) if is_small(n) else Cell(n) for _, n in groups]
    values = [n for _, n in groups]
    slack_value = sum(values) - total
    if slack_value < 0 or any(n > total for n in values):
        return None

    def system() -> tuple[list[int], list[int], list[Equation]]:
        lo, hi = [], []
        for cell in cells:
            low, high = reader_bounds(cell, total)
            lo.append(low)
            hi.append(min(high, max(total, low)))
        slack = len(cells)
        lo.append(0)
        hi.append(max(0, (len(cells) - 1) * total))
        total_var = slack + 1
        lo.append(total)
        hi.append(total)
        equation: Equation = tuple((i, 1) for i in range(len(cells))) + ((slack, -1), (total_var, -1))
        return lo, hi, [equation]

    while True:
        lo, hi, equations = system()
        breached = [i for i, n in enumerate(values) if is_small(n) and determined(lo, hi, equations, i)]
        if not breached:
            return tuple(Line(g, c) for (g, _), c in zip(groups, cells, strict=True))
        options = sorted((c.value, i) for i, c in enumerate(cells) if c.value is not None and c.value >= SMALL)
        if not options:
            return None
        target = breached[0]
        for _, i in options:
            cells[i] = Cell(None, NOT_SHOWN, Why.SECONDARY)
            lo, hi, equations = system()
            if not determined(lo, hi, equations, target):
                break
            cells[i] = Cell(values[i])
        else:
            cells[options[0][1]] = Cell(None, NOT_SHOWN, Why.SECONDARY)


def publish(counted: Counted) -> Table:
    """One table as it may be published: the total and every single-category breakdown by `suppress`, the types
    of risk by `_protect_multiple`; hidden totals withhold their breakdowns."""
    single = {b.key: [(g, n, None) for g, n in b.groups] for b in counted.breakdowns if not b.multiple}
    published: Published = suppress(counted.total, None, single)
    by_key = dict(published.breakdowns)
    withheld = dict(published.withheld)
    out: list[PublishedBreakdown] = []
    for b in counted.breakdowns:
        if b.multiple:
            lines = _protect_multiple(counted.total, b.groups) if published.numerator.shown else None
            why = "" if lines is not None else (Why.HEADLINE_HIDDEN.value if not published.numerator.shown
                                                 else Why.SECONDARY.value)
            out.append(PublishedBreakdown(b.key, b.title, lines or (), b.notes, why))
        elif b.key in by_key:
            # suppress() adds a "Not recorded" group only when groups fall short; ours always add up.
            out.append(PublishedBreakdown(b.key, b.title, tuple(Line(g.group, g.numerator) for g in by_key[b.key]),
                                          b.notes))
        else:
            out.append(PublishedBreakdown(b.key, b.title, (), b.notes, withheld.get(b.key, Why.SECONDARY).value))
    return Table(counted.key, counted.title, counted.counts_what, published.numerator, tuple(out), published.reasons)


def sac_return(rows: Iterable[ConcernRow], *, start: dt.date, end: dt.date) -> tuple[Table, ...]:
    """The year's Safeguarding Adults Collection tables, suppressed for publication."""
    return tuple(publish(c) for c in count(rows, start=start, end=end))


CSV_COLUMNS = ("table", "title", "breakdown", "category", "count", "note")


def count_words(cell: Cell) -> str:
    return str(cell.value) if cell.value is not None else cell.label


def csv_rows(tables: Sequence[Table], *, start: dt.date, end: dt.date) -> list[tuple[str, ...]]:
    """The tables as CSV rows under CSV_COLUMNS: a total row per table, then each breakdown's categories. A hidden
    count reads "fewer than 5" or "not shown", with why in the note."""
    out: list[tuple[str, ...]] = []
    period = f"1 April {start.year} to 31 March {end.year}"
    for t in tables:
        note = f"{t.counts_what} {period}."
        if not t.total.shown:
            note += " " + t.total.why.value
        out.append((t.key, t.title, "total", "All", count_words(t.total), note))
        for b in t.breakdowns:
            if b.withheld:
                out.append((t.key, t.title, b.key, "", "", f"{b.title}: not published. {b.withheld}"))
                continue
            for i, line in enumerate(b.lines):
                notes = list(b.notes) if i == 0 else []
                if not line.count.shown:
                    notes.append(line.count.why.value)
                out.append((t.key, t.title, b.key, line.category, count_words(line.count), " ".join(notes)))
    return out


# --------------------------------------------------------------------------------------------------------------
# Making Safeguarding Personal, for the public outcomes page.

@dataclass(frozen=True)
class MspCounts:
    concluded: int  # enquiries (section 42 and other) concluded in the period
    asked: int  # of those, the person (or their representative) was asked what outcomes they wanted
    expressed: int  # of those asked, they said what they wanted
    achieved: int  # of those who said, their outcomes were fully or partially achieved
    reasons: tuple[str, ...]


def msp_counts(rows: Iterable[ConcernRow], *, start: dt.date, end: dt.date) -> MspCounts:
    """The two Making Safeguarding Personal measures: how many were asked what outcomes they wanted (of the
    enquiries concluded in the period), and of those who said what they wanted, how many had them fully or
    partially achieved."""
    concluded = [r for r in rows if r.route in (Route.S42_ENQUIRY, Route.OTHER_ENQUIRY) and _in(r.closed_on, start,
                                                                                                 end)]
    asked = [r for r in concluded if r.outcomes_asked in (OutcomesAsked.YES, OutcomesAsked.YES_NO_VIEW)]
    expressed = [r for r in asked if r.outcomes_asked == OutcomesAsked.YES]
    achieved = [r for r in expressed if r.outcomes_achieved in (Achieved.FULLY, Achieved.PARTIALLY)]
    reasons = (
        "Of the enquiries concluded in the period, those where the person (or their representative) was asked what "
        "outcomes they wanted." if concluded else "No enquiry was concluded in the period, so there is nothing to "
        "measure.",
        "Of those who said what outcomes they wanted, those whose outcomes were fully or partially achieved."
        if expressed else "Nobody said what outcomes they wanted in an enquiry concluded in the period, so there "
        "is nothing to measure.",
    )
    return MspCounts(len(concluded), len(asked), len(expressed), len(achieved), reasons)



def msp_pinned(*, concluded: Cell, asked: Cell, expressed: Cell, achieved: Cell, truth: MspCounts) -> bool:
    """Whether the two Making Safeguarding Personal measures, as published side by side (asked of concluded;
    achieved of expressed), let anyone work out a count of 1 to 4: either a hidden count, or one of the counts of
    people between them (not asked, asked but did not say, not achieved). Each measure is suppressed on its own
    first; this is the check across them (expressed is part of asked)."""
    ceiling = max(truth.concluded, SMALL)
    cells = (concluded, asked, expressed, achieved)
    values = (truth.concluded, truth.asked, truth.expressed, truth.achieved)
    lo, hi = [], []
    for cell in cells:
        low, high = reader_bounds(cell, ceiling)
        lo.append(low)
        hi.append(max(low, min(high, ceiling)))
    # the people between them: not asked (4), asked but did not say (5), said but not achieved (6)
    gaps = (truth.concluded - truth.asked, truth.asked - truth.expressed, truth.expressed - truth.achieved)
    # A numerator hidden because those it leaves out are few says so (its note): that gap is then known to be 1 to 4.
    rest_small = (asked.why is Why.SMALL_REST, False, achieved.why is Why.SMALL_REST)
    for small in rest_small:
        lo.append(1 if small else 0)
        hi.append(SMALL - 1 if small else ceiling)
    equations: list[Equation] = [((1, 1), (4, 1), (0, -1)), ((2, 1), (5, 1), (1, -1)), ((3, 1), (6, 1), (2, -1))]
    truths = (*values, *gaps)
    return any(is_small(t) and determined(lo, hi, equations, i) for i, t in enumerate(truths))
