"""Small-number suppression for publishing outcomes: no published figure lets anyone count fewer than 5 people.

The rule, as the Office for National Statistics' disclosure control guidance for tables and NHS England's adult
social care statistics apply it:

* **Primary suppression.** Any count of 1 to 4 people is not published; it reads "fewer than 5". A count of 0 is
  published: a true zero is nobody, and hiding zeros would make "fewer than 5" mean 0 to 4, which protects no-one
  better but hides real gaps (a group that nobody in it was helped). The counts "people did not" are counts of
  people too: when a group's denominator less its numerator is 1 to 4 (for example 48 of 50 needed no more help,
  so 2 did), the numerator is not shown either, since anyone could subtract.
* **Secondary suppression.** Within a breakdown the groups add up to the headline, numerators and denominators
  alike, and each group's numerator and the people it leaves out add up to its denominator. A hidden count must
  not be recoverable from those sums: more counts are hidden ("not shown") until every small count, shown or
  derived, can take at least two values consistent with everything published.
* **Percentages and rates** are shown only beside the numerator and denominator they come from: a percentage
  to one decimal place and its denominator give the numerator back.
* **Breakdowns need a published headline.** When the headline count is hidden, the groups would add up to it,
  so no breakdown of that measure is published.

What a reader is assumed to know (the attack `determined()` answers): every figure shown, exactly; that
"fewer than 5" means 1 to 4; that "not shown" means 5 or more (this module only ever hides counts of 5 or more
that way: the strongest reader, who knows the method, is the one guarded against); that counts are whole numbers
of 0 or more; and every sum above. Figures for different periods (the quarters of the trend) are rolling 12
months that overlap, with no sum between them, so each is suppressed on its own.

Pure: no Django, no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

SMALL = 5  # counts from 1 to SMALL - 1 are small
FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown"
NOT_RECORDED = "Not recorded"


class Why(Enum):
    """Why a figure is shown or hidden, in words the public page can show."""

    SHOWN = "Shown."
    SMALL = "Fewer than 5 people: not shown so that nobody can be identified."
    SMALL_REST = "Shown would let anyone work out a number of fewer than 5 people (those not counted)."
    SECONDARY = "Hidden as well, so that a number of fewer than 5 cannot be worked out from the totals."
    HEADLINE_HIDDEN = "Not shown because the total it adds up to is hidden."
    INCONSISTENT = "Not shown because the groups do not add up to the total."
    NESTED = ("Not shown because, beside the measure it is part of, it would let anyone work out a number of fewer "
              "than 5 people.")


@dataclass(frozen=True)
class Cell:
    """One published count: `value` is None when hidden; `label` is what the page shows instead."""

    value: int | None
    label: str = ""  # "", FEWER_THAN_5 or NOT_SHOWN
    why: Why = Why.SHOWN

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Group:
    """One group of a breakdown as published; `rate_shown` says whether its percentage may be shown."""

    group: str
    numerator: Cell
    denominator: Cell | None
    rate_shown: bool


@dataclass(frozen=True)
class Published:
    """A measure's counts as they may be published, with the reasons for each hidden figure."""

    numerator: Cell
    denominator: Cell | None
    rate_shown: bool
    breakdowns: tuple[tuple[str, tuple[Group, ...]], ...] = ()
    withheld: tuple[tuple[str, Why], ...] = ()  # breakdowns not published at all, and why
    reasons: tuple[str, ...] = field(default=())


def is_small(count: int) -> bool:
    return 0 < count < SMALL


# --------------------------------------------------------------------------------------------------------------
# The reader's arithmetic: bounds on whole numbers from sums, searched exhaustively.

Equation = tuple[tuple[int, int], ...]  # (variable, coefficient +1 or -1) pairs summing to 0


def _propagate(lo: list[int], hi: list[int], equations: Sequence[Equation]) -> bool:
    """Tighten every variable's bounds from every sum until nothing changes; False when no solution is left."""
    changed = True
    while changed:
        changed = False
        for eq in equations:
            low_sum = sum(lo[v] if a > 0 else -hi[v] for v, a in eq)
            high_sum = sum(hi[v] if a > 0 else -lo[v] for v, a in eq)
            if low_sum > 0 or high_sum < 0:
                return False
            for v, a in eq:
                # a*x_v = -(rest); the rest lies in [low_sum - own_low, high_sum - own_high]
                own_low, own_high = (lo[v], hi[v]) if a > 0 else (-hi[v], -lo[v])
                rest_low, rest_high = low_sum - own_low, high_sum - own_high
                new_low, new_high = (-rest_high, -rest_low) if a > 0 else (rest_low, rest_high)
                if new_low > lo[v]:
                    lo[v] = new_low
                    changed = True
                if new_high < hi[v]:
                    hi[v] = new_high
                    changed = True
                if lo[v] > hi[v]:
                    return False
    return True


def _solve(lo: list[int], hi: list[int], equations: Sequence[Equation]) -> list[int] | None:
    """One whole-number solution within the bounds, or None when there is none (an exhaustive search)."""
    lo, hi = list(lo), list(hi)
    if not _propagate(lo, hi, equations):
        return None
    open_vars = [v for v in range(len(lo)) if lo[v] < hi[v]]
    if not open_vars:
        return lo
    v = min(open_vars, key=lambda i: hi[i] - lo[i])
    middle = (lo[v] + hi[v]) // 2
    for low, high in ((lo[v], middle), (middle + 1, hi[v])):
        lo2, hi2 = list(lo), list(hi)
        lo2[v], hi2[v] = low, high
        found = _solve(lo2, hi2, equations)
        if found is not None:
            return found
    return None


def determined(lo: Sequence[int], hi: Sequence[int], equations: Sequence[Equation], variable: int) -> bool:
    """Whether everything known pins `variable` to a single value (True also when nothing fits, which a true
    table never gives)."""
    first = _solve(list(lo), list(hi), equations)
    if first is None:
        return True
    value = first[variable]
    for low, high in ((lo[variable], value - 1), (value + 1, hi[variable])):
        if low > high:
            continue
        lo2, hi2 = list(lo), list(hi)
        lo2[variable], hi2[variable] = low, high
        if _solve(lo2, hi2, equations) is not None:
            return False
    return True


def reader_bounds(cell: Cell, ceiling: int) -> tuple[int, int]:
    """What a reader knows of a published count."""
    if cell.value is not None:
        return cell.value, cell.value
    if cell.label == FEWER_THAN_5:
        return 1, SMALL - 1
    return SMALL, max(ceiling, SMALL)


# --------------------------------------------------------------------------------------------------------------
# Deciding what to hide.

def _headline(numerator: int, denominator: int | None) -> tuple[Cell, Cell | None, bool]:
    if is_small(numerator):
        top = Cell(None, FEWER_THAN_5, Why.SMALL)
    elif denominator is not None and is_small(denominator - numerator) and not is_small(denominator):
        top = Cell(None, NOT_SHOWN, Why.SMALL_REST)
    else:
        top = Cell(numerator)
    bottom = None
    if denominator is not None:
        bottom = Cell(None, FEWER_THAN_5, Why.SMALL) if is_small(denominator) else Cell(denominator)
    return top, bottom, top.shown and (bottom is None or bottom.shown)


def _complete(
    groups: Sequence[tuple[str, int, int | None]], numerator: int, denominator: int | None
) -> list[tuple[str, int, int | None]] | None:
    """The groups with anyone not in one of them put in "Not recorded", so that they add up; None when they
    cannot (more people in the groups than in the total, or a group's numerator above its denominator)."""
    rows = [(g, n, d) for g, n, d in groups]
    short_n = numerator - sum(n for _, n, _ in rows)
    short_d = (denominator - sum(d or 0 for _, _, d in rows)) if denominator is not None else 0
    if short_n < 0 or short_d < 0:
        return None
    if any(n < 0 or (d is not None and (d < 0 or n > d)) for _, n, d in rows):
        return None
    if denominator is not None and any(d is None for _, _, d in rows):
        return None
    if short_n or short_d:
        if short_n > short_d and denominator is not None:
            return None
        existing = [i for i, (g, _, _) in enumerate(rows) if g == NOT_RECORDED]
        if existing:
            g, n, d = rows[existing[0]]
            rows[existing[0]] = (g, n + short_n, (d + short_d) if d is not None else None)
        else:
            rows.append((NOT_RECORDED, short_n, short_d if denominator is not None else None))
    return rows


class _Breakdown:
    """One breakdown of a measure whose headline is published: the groups' counts, who is hidden, and the
    reader's arithmetic over them."""

    def __init__(self, rows: Sequence[tuple[str, int, int | None]], numerator: int, denominator: int | None) -> None:
        self.rows = list(rows)
        self.total_n = numerator
        self.total_d = denominator
        self.rated = denominator is not None
        self.n_cells: list[Cell] = []
        self.d_cells: list[Cell | None] = []
        for _, n, d in self.rows:
            self.n_cells.append(Cell(None, FEWER_THAN_5, Why.SMALL) if is_small(n) else Cell(n))
            if d is None or not self.rated:
                self.d_cells.append(None)
            else:
                self.d_cells.append(Cell(None, FEWER_THAN_5, Why.SMALL) if is_small(d) else Cell(d))
        if self.rated:
            for i, (_, n, d) in enumerate(self.rows):
                cell = self.d_cells[i]
                if d is not None and is_small(d - n) and self.n_cells[i].shown and cell is not None and cell.shown:
                    self.n_cells[i] = Cell(None, NOT_SHOWN, Why.SMALL_REST)

    def _system(self) -> tuple[list[int], list[int], list[Equation], list[int]]:
        """Variables: per group n, then d and c (= d - n) when rated; then the totals. Returns bounds, sums
        and the sensitive variables (true value 1 to 4)."""
        ceiling = self.total_d if self.total_d is not None else self.total_n
        lo: list[int] = []
        hi: list[int] = []
        truth: list[int] = []
        equations: list[Equation] = []
        n_vars: list[int] = []
        d_vars: list[int] = []
        c_vars: list[int] = []

        def var(bounds: tuple[int, int], value: int) -> int:
            lo.append(bounds[0])
            hi.append(bounds[1])
            truth.append(value)
            return len(lo) - 1

        for i, (_, n, d) in enumerate(self.rows):
            n_vars.append(var(reader_bounds(self.n_cells[i], ceiling), n))
            d_cell = self.d_cells[i]
            if self.rated and d is not None and d_cell is not None:
                d_vars.append(var(reader_bounds(d_cell, ceiling), d))
                c_vars.append(var((0, ceiling), d - n))
                equations.append(((n_vars[-1], 1), (c_vars[-1], 1), (d_vars[-1], -1)))
        total_n = var((self.total_n, self.total_n), self.total_n)
        equations.append(tuple((v, 1) for v in n_vars) + ((total_n, -1),))
        if self.rated and self.total_d is not None:
            total_d = var((self.total_d, self.total_d), self.total_d)
            equations.append(tuple((v, 1) for v in d_vars) + ((total_d, -1),))
            total_c = var((self.total_d - self.total_n,) * 2, self.total_d - self.total_n)
            equations.append(tuple((v, 1) for v in c_vars) + ((total_c, -1),))
        sensitive = [v for v, value in enumerate(truth) if is_small(value)]
        return lo, hi, equations, sensitive

    def breached(self) -> list[int]:
        lo, hi, equations, sensitive = self._system()
        return [v for v in sensitive if determined(lo, hi, equations, v)]

    def candidates(self) -> list[tuple[int, int, str]]:
        """Counts still shown that could be hidden as well (5 or more; never a zero), smallest first."""
        found: list[tuple[int, int, str]] = []
        for i, cell in enumerate(self.n_cells):
            if cell.value is not None and cell.value >= SMALL:
                found.append((cell.value, i, "n"))
        for i, d_cell in enumerate(self.d_cells):
            if d_cell is not None and d_cell.value is not None and d_cell.value >= SMALL:
                found.append((d_cell.value, i, "d"))
        return sorted(found)

    def hide(self, index: int, which: str) -> None:
        if which == "n":
            self.n_cells[index] = Cell(None, NOT_SHOWN, Why.SECONDARY)
        else:
            self.d_cells[index] = Cell(None, NOT_SHOWN, Why.SECONDARY)

    def shown(self, index: int, which: str) -> None:
        if which == "n":
            self.n_cells[index] = Cell(self.rows[index][1])
        else:
            self.d_cells[index] = Cell(self.rows[index][2])

    def protect(self) -> bool:
        """Hide more counts until no small count can be worked out; False if even hiding all cannot."""
        while True:
            breached = self.breached()
            if not breached:
                return True
            options = self.candidates()
            if not options:
                return False
            target = breached[0]
            for _, index, which in options:
                self.hide(index, which)
                lo, hi, equations, _ = self._system()
                if not determined(lo, hi, equations, target):
                    break
                self.shown(index, which)
            else:
                _, index, which = options[0]
                self.hide(index, which)

    def groups(self) -> tuple[Group, ...]:
        out = []
        for i, (name, _, _) in enumerate(self.rows):
            d_cell = self.d_cells[i]
            rate = self.n_cells[i].shown and (d_cell is not None and d_cell.shown)
            out.append(Group(name, self.n_cells[i], d_cell, rate))
        return tuple(out)


def suppress(
    numerator: int,
    denominator: int | None,
    breakdowns: Mapping[str, Sequence[tuple[str, int, int | None]]] | None = None,
) -> Published:
    """What of one measure may be published. `denominator` is None for a rate per population (2B, 2C: the
    population is public and large); `breakdowns` maps a dimension to its groups as (group, numerator,
    denominator). Groups that do not reach the total are completed with "Not recorded"."""
    if numerator < 0 or (denominator is not None and (denominator < 0 or numerator > denominator)):
        raise ValueError("counts must be whole numbers of 0 or more, the numerator at most the denominator")
    top, bottom, rate = _headline(numerator, denominator)
    reasons: list[str] = []
    if not top.shown:
        reasons.append(top.why.value)
    published: list[tuple[str, tuple[Group, ...]]] = []
    withheld: list[tuple[str, Why]] = []
    for dimension, groups in (breakdowns or {}).items():
        if not top.shown or (bottom is not None and not bottom.shown):
            withheld.append((dimension, Why.HEADLINE_HIDDEN))
            continue
        rows = _complete(groups, numerator, denominator)
        if rows is None:
            withheld.append((dimension, Why.INCONSISTENT))
            continue
        breakdown = _Breakdown(rows, numerator, denominator)
        if not breakdown.protect():
            withheld.append((dimension, Why.SECONDARY))
            continue
        published.append((dimension, breakdown.groups()))
    return Published(top, bottom, rate, tuple(published), tuple(withheld), tuple(reasons))


def suppress_count(count: int) -> Cell:
    """A count published on its own (with no sums beside it): hidden when 1 to 4."""
    return Cell(None, FEWER_THAN_5, Why.SMALL) if is_small(count) else Cell(count)


def nested(
    outer: Published,
    inner: Published,
    outer_counts: tuple[int, Mapping[str, Sequence[tuple[str, int, int | None]]]],
    inner_counts: tuple[int, Mapping[str, Sequence[tuple[str, int, int | None]]]],
) -> Published:
    """`inner` again, for a measure whose people are part of `outer`'s with the same denominator (ASCOF 3D: those
    with direct payments are among those with self-directed support). Their difference counts people too (self-
    directed support without a direct payment), so:

    * when the headlines' difference is 1 to 4, the inner numerator is not shown, nor any breakdown of it;
    * a breakdown of the inner measure is published only where every one of its groups and the outer measure's
      same groups are shown, and no group's difference is 1 to 4 (then nothing in it can be combined with a hidden
      figure of the other).
    """
    outer_n, outer_groups = outer_counts
    inner_n, inner_groups = inner_counts
    if inner_n > outer_n:  # not nested after all: publish nothing of the inner measure that could be compared
        return Published(Cell(None, NOT_SHOWN, Why.INCONSISTENT), inner.denominator, False, (),
                         tuple((d, Why.INCONSISTENT) for d, _ in inner.breakdowns) + inner.withheld,
                         inner.reasons + (Why.INCONSISTENT.value,))
    if inner.numerator.shown and outer.numerator.shown and is_small(outer_n - inner_n):
        return Published(Cell(None, NOT_SHOWN, Why.NESTED), inner.denominator, False, (),
                         tuple((d, Why.HEADLINE_HIDDEN) for d, _ in inner.breakdowns) + inner.withheld,
                         inner.reasons + (Why.NESTED.value,))
    outer_published = dict(outer.breakdowns)
    kept: list[tuple[str, tuple[Group, ...]]] = []
    withheld = list(inner.withheld)
    for dimension, groups in inner.breakdowns:
        partner = outer_published.get(dimension)
        outer_true = {g: n for g, n, _ in outer_groups.get(dimension, ())}
        inner_true = {g: n for g, n, _ in inner_groups.get(dimension, ())}
        safe = partner is not None and len(partner) == len(groups)
        if safe and partner is not None:
            by_name = {g.group: g for g in partner}
            for g in groups:
                o = by_name.get(g.group)
                if o is None or not (g.numerator.shown and o.numerator.shown):
                    safe = False
                    break
                if (g.denominator is not None and not g.denominator.shown) or (
                        o.denominator is not None and not o.denominator.shown):
                    safe = False
                    break
                difference = (o.numerator.value or 0) - (g.numerator.value or 0)
                if difference < 0 or is_small(difference):
                    safe = False
                    break
        if safe and any(is_small(outer_true.get(g, 0) - n) for g, n in inner_true.items()):
            safe = False
        if safe:
            kept.append((dimension, groups))
        else:
            withheld.append((dimension, Why.NESTED))
    return Published(inner.numerator, inner.denominator, inner.rate_shown, tuple(kept), tuple(withheld), inner.reasons)
