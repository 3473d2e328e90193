"""The Method of Equal Shares, counted fast: vectorised floating point, exact fractions wherever a decision is close.

Every voter starts with an equal share of the budget. A project can be bought when its supporters, between
them, can pay its cost; each pays in proportion to how much the project gives them (their satisfaction), but
never more than they have left. Each round buys the project whose price per unit of satisfaction is lowest;
a tie goes to the project whose id sorts first, as pabutools breaks it.

A voter's satisfaction from a project is its cost times their points (approval: 1; cumulative: the points
they gave; ranked: 3, 2 and 1 for their first three choices), so counting "highest score first" gives the
cities' usual greedy count, and Equal Shares shares money in the same units.

**Speed without guessing.** Voters with the same ballot always have the same money left, so they are counted
together as one weighted group. Each round works on numpy arrays of floats. Any decision that floating point
could get wrong - two prices within one part in a billion of each other, or supporters' money within one
part in a billion of a cost - is not taken in floats: that run is counted again in exact fractions. The
answer is therefore always the exact one; floats only make the usual case fast.

**Counted again and again.** The completion counts one profile once for every unit raise, so what does not depend
on the share - each project's supporting groups, their weights and satisfaction - is worked out once and kept on
the profile. A project's price is found by raising it from the equal price past the supporters who cannot pay it
(they pay all they have left) until nobody else falls below: a few sweeps over its supporters instead of sorting
them, with the sort kept for the rare project that needs more than eight sweeps (ADR 0027). Each round prices only what
it must: projects are visited cheapest lower bound first; once one price is known, a project is first tested with one
sweep at that price (could its supporters pay its cost there?) and priced in full only if they could; a full pricing
starts from the best lower bound known rather than from the equal price; supporters with nothing left are set aside
for the rest of the count; and nothing goes through BLAS, whose threads stall on a busy machine for arrays this small.

**Completion.** With the budget shared equally, Equal Shares usually leaves money unspent. The "add-one"
completion counts again with every voter's share one unit (one zloty, one euro, one pound) higher, and again,
until the outcome would cost more than the budget; the last outcome within it wins. pabutools (and
`equalshares/add1` here) also stops early at the first outcome to which no further project would fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from gmpy2 import mpq  # type: ignore[import-untyped]

TOLERANCE = 1e-9


@dataclass(frozen=True)
class Profile:
    """Ballots as satisfaction per project, voters with the same ballot grouped, projects in id order."""

    project_ids: tuple[str, ...]
    costs: tuple[int, ...]
    satisfaction: np.ndarray  # groups x projects, integers as float64 (exact below 2**53)
    weights: np.ndarray  # voters in each group
    groups: tuple[tuple[tuple[int, int], ...], ...]  # per group: (project index, satisfaction) with satisfaction > 0
    budget: int

    @property
    def voters(self) -> int:
        return int(self.weights.sum())

    @classmethod
    def build(cls, project_ids: Sequence[str], costs: Sequence[int], ballots: Sequence[dict[str, int]],
              budget: int) -> Profile:
        """`ballots`: for each voter, points per project (approval: 1 each)."""
        index = {p: i for i, p in enumerate(project_ids)}
        counts: dict[tuple[tuple[int, int], ...], int] = {}
        for ballot in ballots:
            key = tuple(sorted((index[p], points * costs[index[p]]) for p, points in ballot.items() if points > 0))
            counts[key] = counts.get(key, 0) + 1
        groups = tuple(counts)
        matrix = np.zeros((len(groups), len(project_ids)))
        for g, key in enumerate(groups):
            for p, sat in key:
                matrix[g, p] = sat
        return cls(tuple(project_ids), tuple(int(c) for c in costs), matrix,
                   np.array([counts[k] for k in groups], dtype=float), groups, int(budget))


@dataclass
class Round:
    project: str
    price: Fraction | float  # money per unit of satisfaction paid by each supporter who could afford it
    paid_in_full_by: int  # supporters who gave everything they had left
    supporters: int


@dataclass
class Outcome:
    selected: list[str]
    per_voter: Fraction
    rounds: list[Round] = field(default_factory=list)
    # project: (after how many bought, money its supporters had), as first noticed (the float count notices only when
    # it looks at the project, so possibly some purchases late; the exact count at once)
    dropped: dict[str, tuple[int, float]] = field(default_factory=dict)
    exact: bool = False

    def cost(self, profile: Profile) -> int:
        index = {p: i for i, p in enumerate(profile.project_ids)}
        return sum(profile.costs[index[p]] for p in self.selected)


_sum, _min, _einsum = np.add.reduce, np.minimum.reduce, np.einsum  # without the methods' wrappers: counted 100,000 times a completion


class _Ambiguous(Exception):
    """Floating point was too close to call; count this run exactly."""


@dataclass(frozen=True)
class _Supporters:
    """What one count needs to know about a project's supporters, worked out once per profile."""

    groups: np.ndarray  # indices of the groups that support it
    weights: np.ndarray  # voters in each of those groups
    satisfaction: np.ndarray  # each group's satisfaction from it
    weighted: np.ndarray  # weights * satisfaction
    total: float  # sum of weighted: a whole number, exact in float64
    voters: int
    unit: float  # the satisfaction every supporter has from it when it is the same for all (approval: its cost), else 0


def _prepared(profile: Profile) -> tuple[list[int], dict[int, _Supporters]]:
    """The projects anyone supports and their supporters, kept on the profile: the add-one completion counts the same
    profile again and again, and this part of the work does not depend on the per-voter share."""
    cached = profile.__dict__.get("_prepared")
    if cached is None:
        rows, cols = np.nonzero(profile.satisfaction)  # row by row, so each project's groups come in order
        by_project = np.argsort(cols, kind="stable")
        rows, cols = rows[by_project], cols[by_project]
        bounds = np.searchsorted(cols, np.arange(len(profile.project_ids) + 1))
        table: dict[int, _Supporters] = {}
        for p in range(len(profile.project_ids)):
            s = rows[bounds[p]:bounds[p + 1]]
            if len(s) and profile.costs[p] > 0:
                w, u = profile.weights[s], profile.satisfaction[s, p]
                unit = float(u[0]) if (u == u[0]).all() else 0.0
                table[p] = _Supporters(s, w, u, w * u, float((w * u).sum()), int(w.sum()), unit)
        cached = (list(table), table)
        object.__setattr__(profile, "_prepared", cached)
    return list(cached[0]), cached[1]


class _Live:
    """A project's supporters during one count, less those set aside once they have nothing left.

    Prices are found on `values`, each supporter's money per unit of what they are asked for, weighted by `shares`:
    when every supporter has the same satisfaction u from the project (approval ballots), values are their money
    and shares their voters, and the price found is what each pays (u times the price per unit of satisfaction),
    which saves a division per supporter; otherwise values are money / satisfaction and shares voters x satisfaction.
    """

    __slots__ = ("groups", "weights", "satisfaction", "shares", "share_total", "unit", "broke", "stacked")

    def __init__(self, t: _Supporters) -> None:
        self.groups, self.weights, self.satisfaction = t.groups, t.weights, t.satisfaction
        self.unit = t.unit
        self.shares = t.weights if t.unit else t.weighted
        self.share_total = float(t.voters) if t.unit else t.total
        self.broke = 0  # voters set aside: they had nothing left
        self.stacked: np.ndarray | None = None  # made when first priced

    def stack(self) -> np.ndarray:
        """Row 0: each supporter's money (refilled on every pricing); row 1: their shares."""
        stacked = self.stacked = np.empty((2, len(self.groups)))
        stacked[1] = self.shares
        return stacked

    def values(self, left: np.ndarray) -> np.ndarray:
        return left if self.unit else left / self.satisfaction

    def set_aside_the_broke(self, left: np.ndarray) -> np.ndarray:
        keep = np.flatnonzero(left)
        weights = self.weights[keep]
        self.broke += int(_sum(self.weights)) - int(_sum(weights))
        self.groups, self.weights, self.satisfaction = self.groups[keep], weights, self.satisfaction[keep]
        self.shares = weights if self.unit else self.shares[keep]
        self.share_total = float(_sum(self.shares))
        self.stacked = None
        return left[keep]


def _run_float(profile: Profile, per_voter: Fraction, tie: Callable[[int], str]) -> Outcome:
    costs = profile.costs
    active, table = _prepared(profile)
    live = {p: _Live(table[p]) for p in active}
    beta = np.full(len(profile.weights), float(per_voter))
    lower = {p: costs[p] / table[p].total for p in active}
    outcome = Outcome([], per_voter)
    while True:
        # (price, project, who paid all they had (as 0/1 per supporter, or None), total satisfaction when the price
        # is the equal one, their money, what each paid per unit of `values`)
        priced: list[tuple[float, int, np.ndarray | None, int, np.ndarray, float]] = []
        best = np.inf
        for p in sorted(active, key=lower.__getitem__):
            if lower[p] > best * (1 + TOLERANCE):
                break
            cost, lv = costs[p], live[p]
            left = beta[lv.groups]
            stacked = lv.stacked if lv.stacked is not None else lv.stack()
            total = float(_sum(np.multiply(lv.weights, left, out=stacked[0])))
            if abs(total - cost) <= TOLERANCE * cost:
                raise _Ambiguous
            if total < cost:
                outcome.dropped[profile.project_ids[p]] = (len(outcome.selected), total)
                active.remove(p)
                continue
            values = lv.values(left)
            low = float(_min(values))
            if low == 0.0 and 3 * (len(left) - np.count_nonzero(left)) >= len(left):
                # A third or more of its supporters have nothing left, and never will again in this count: they
                # are always among those who pay all they have (nothing), so count without them from now on.
                left = lv.set_aside_the_broke(left)
                stacked = lv.stack()
                np.multiply(lv.weights, left, out=stacked[0])
                values = lv.values(left)
                low = float(_min(values))
            pay = cost / lv.share_total  # the equal price, among those who have anything left
            if pay <= low:
                # Everyone left can pay the equal price: nobody (but the broke) pays all they have. When nobody is
                # broke, the price is the total cost over the total satisfaction, a ratio of whole numbers.
                price = pay / lv.unit if lv.unit else pay
                lower[p] = price
                priced.append((price, p, None, 0 if lv.broke else int(table[p].total), left, pay))
                best = min(best, price)
                continue
            scale = lv.unit or 1.0
            if best < np.inf and pay > best * (1 + 2 * TOLERANCE) * scale:
                lower[p] = pay / scale  # dearer than the best already found even at the equal price
                continue
            if best < np.inf:
                # Could its supporters pay its cost at a price a little above the best found so far? If not, it is
                # dearer, and there is no need to find its price: one sweep gives its money at that price, f, and
                # a lower bound on its price (f only bends down, so one Newton step from below stays below).
                level = best * (1 + 2 * TOLERANCE) * scale
                paid, poor_shares = _einsum("ij,j->i", stacked, (values < level).astype(float))
                affordable = paid + level * (lv.share_total - poor_shares)
                if affordable < cost * (1 - TOLERANCE):
                    lower[p] = (level + (cost - affordable) / (lv.share_total - poor_shares)) / scale
                    continue
            # Who pays all they have left: those who cannot pay the price. Raise the price from the equal one,
            # counting as poor everyone below it, until nobody else falls below (a few passes, each in one sweep,
            # rather than sorting every supporter). Money and shares of the poor are summed together, as one
            # product with the poor marked 1.
            # Start from the best lower bound known (a price found earlier in this count, or a bound from the test
            # above): prices only rise as money is spent, so it is below the price; a tenth of the tolerance lower
            # still, so that rounding cannot put it above.
            pay = max(pay, lower[p] * scale * (1 - TOLERANCE / 10))
            mask = values < pay
            poor = mask.astype(float)
            paid, poor_shares = _einsum("ij,j->i", stacked, poor)
            for _ in range(8):
                paying = lv.share_total - poor_shares
                if paying <= 0:  # only rounding could leave nobody able to pay the price: count exactly
                    raise _Ambiguous
                pay = (cost - paid) / paying
                widened = mask | (values < pay)
                poor = widened.astype(float)
                now_paid, now_shares = _einsum("ij,j->i", stacked, poor)
                if now_shares == poor_shares:  # the poor only grow, and shares are positive whole numbers
                    break
                mask, paid, poor_shares = widened, now_paid, now_shares
            else:
                order = np.argsort(values, kind="stable")
                ordered = values[order]
                before = np.concatenate(([0.0], np.cumsum(stacked[0][order])[:-1]))
                still = np.cumsum(stacked[1][order][::-1])[::-1]
                rho = (cost - before) / still
                k = int(np.argmax(rho <= ordered))
                pay = float(rho[k])
                poor = np.zeros(len(order))
                poor[order[:k]] = 1.0
            price = pay / lv.unit if lv.unit else pay
            lower[p] = price
            priced.append((price, p, poor, 0, left, pay))
            best = min(best, price)
        if not priced:
            return outcome
        close = [item for item in priced if item[0] <= best * (1 + TOLERANCE)]
        if len(close) > 1:
            # Close prices are decided exactly when every supporter of each could pay in full: the price is
            # then cost / (total satisfaction), a ratio of whole numbers. Otherwise count this run exactly.
            if any(item[3] == 0 for item in close):
                raise _Ambiguous
            close = [min(close, key=lambda item: (Fraction(costs[item[1]], item[3]), tie(item[1])))]
        price, p, marked, _, left, pay = close[0]
        lv = live[p]
        if lv.unit:
            np.subtract(left, pay, out=left)  # left - min(left, pay), as each pays `pay`
            beta[lv.groups] = np.maximum(left, 0.0, out=left)
        else:
            beta[lv.groups] = left - np.minimum(left, price * lv.satisfaction)
        paid_in_full = lv.broke + (int(_sum(lv.weights * marked)) if marked is not None else 0)
        outcome.selected.append(profile.project_ids[p])
        outcome.rounds.append(Round(profile.project_ids[p], price, paid_in_full, table[p].voters))
        active.remove(p)


def _run_exact(profile: Profile, per_voter: Fraction, tie: Callable[[int], str]) -> Outcome:
    """The same count in exact fractions (gmpy2's, for speed): the reference, and the answer whenever floats are
    too close to call."""
    costs = profile.costs
    weight = [int(w) for w in profile.weights]
    members: list[list[tuple[int, int]]] = [[] for _ in profile.project_ids]  # project: [(group, satisfaction)]
    for g, key in enumerate(profile.groups):
        for p, sat in key:
            members[p].append((g, sat))
    left = [mpq(per_voter.numerator, per_voter.denominator)] * len(weight)
    active = sorted((p for p in range(len(costs)) if members[p] and costs[p] > 0), key=tie)
    outcome = Outcome([], per_voter, exact=True)
    while True:
        best: tuple[mpq, int, int] | None = None
        for p in list(active):
            cost = costs[p]
            total = sum(left[g] * weight[g] for g, _ in members[p])
            if total < cost:
                outcome.dropped[profile.project_ids[p]] = (len(outcome.selected), float(total))
                active.remove(p)
                continue
            ordered = sorted(members[p], key=lambda m: left[m[0]] / m[1])
            paid, still, poor = mpq(0), sum(weight[g] * u for g, u in ordered), 0
            price = mpq(0)
            for g, u in ordered:
                price = (cost - paid) / still
                if price * u <= left[g]:
                    break
                paid += left[g] * weight[g]
                still -= weight[g] * u
                poor += weight[g]
            if best is None or price < best[0]:
                best = (price, p, poor)
        if best is None:
            return outcome
        price, p, poor = best
        for g, u in members[p]:
            left[g] -= min(left[g], price * u)
        outcome.selected.append(profile.project_ids[p])
        outcome.rounds.append(Round(profile.project_ids[p], Fraction(int(price.numerator), int(price.denominator)), poor,
                                    sum(weight[g] for g, _ in members[p])))
        active.remove(p)


def run(profile: Profile, per_voter: Fraction, *, exact: bool = False) -> Outcome:
    """One count of Equal Shares with every voter starting with `per_voter`."""
    def tie(p: int) -> str:
        return profile.project_ids[p]
    if not exact:
        try:
            return _run_float(profile, per_voter, tie)
        except _Ambiguous:
            pass
    return _run_exact(profile, per_voter, tie)


@dataclass
class Completed:
    outcome: Outcome
    first: Outcome  # with the budget shared equally, before completion
    steps: int  # how many times every voter's share was raised by one unit
    stopped: str  # why the completion stopped, in plain words


def with_add_one(profile: Profile, *, stop_when_exhaustive: bool = True, exact: bool = False) -> Completed:
    """Equal Shares with the add-one completion (pabutools' `voter_budget_increment=1`)."""
    voters = profile.voters
    if not voters:
        raise ValueError("Nobody voted.")
    per_voter = Fraction(profile.budget, voters)
    available = [p for p in range(len(profile.project_ids))
                 if profile.costs[p] > 0 and profile.satisfaction[:, p].any()]
    index = {p: i for i, p in enumerate(profile.project_ids)}
    first = previous = run(profile, per_voter, exact=exact)
    steps = 0
    while True:
        chosen = {index[p] for p in previous.selected}
        spent = sum(profile.costs[p] for p in chosen)
        if len(chosen) == len(available):
            return Completed(previous, first, steps, "every project anyone voted for was funded")
        if stop_when_exhaustive and all(profile.costs[p] + spent > profile.budget for p in available if p not in chosen):
            return Completed(previous, first, steps, "no other project would fit in the money left")
        following = run(profile, previous.per_voter + 1, exact=exact)
        if following.cost(profile) > profile.budget:
            return Completed(previous, first, steps, "one more unit each would have chosen projects costing more than the budget")
        previous, steps = following, steps + 1
