"""Participatory budgeting: Pabulib `.pb` files, and counting by the greedy rules cities use.

A `.pb` file has three sections, META, PROJECTS and VOTES, each `;`-separated with a header row.
Ballots are approval (a list of projects), cumulative (projects with points) or ordinal (projects
in order of preference). Scores follow the cities' own "highest score first" count: approvals,
points, or for ranked ballots 3 for a first choice, 2 for a second and 1 for a third.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

RANK_POINTS = (3, 2, 1)


class PBError(ValueError):
    """A file or an election that cannot be counted; the message says why."""


@dataclass(frozen=True)
class Project:
    id: str
    cost: int
    name: str = ""
    selected: bool | None = None  # the official result, where the file gives one


@dataclass(frozen=True)
class Ballot:
    voter: str
    projects: tuple[str, ...]
    points: tuple[int, ...] = ()  # cumulative ballots: points for each project, in the same order


@dataclass(frozen=True)
class Election:
    meta: Mapping[str, str]
    projects: Mapping[str, Project]
    ballots: Sequence[Ballot] = field(default_factory=tuple)

    @property
    def budget(self) -> int:
        return int(float(self.meta["budget"]))

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def official(self) -> list[str] | None:
        if any(p.selected is None for p in self.projects.values()):
            return None
        return sorted((p.id for p in self.projects.values() if p.selected), key=_order)


def _order(project_id: str) -> tuple[int, str]:
    """Projects in the order pabutools breaks ties: by name, numbers as numbers."""
    return (int(project_id), "") if project_id.isdigit() else (1 << 62, project_id)


def parse(text: str) -> Election:
    """Read a Pabulib file. Unknown META keys and extra columns are kept or ignored; missing sections are errors."""
    sections: dict[str, list[list[str]]] = {}
    current = ""
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        if not row or not any(cell.strip() for cell in row):
            continue
        head = row[0].strip()
        if head in ("META", "PROJECTS", "VOTES") and len(row) == 1:
            current = head
            sections[current] = []
            continue
        if not current:
            raise PBError("The file must start with a META section")
        sections[current].append([cell.strip() for cell in row])
    for name in ("META", "PROJECTS", "VOTES"):
        if name not in sections or not sections[name]:
            raise PBError(f"The file has no {name} section")
    meta = {row[0]: row[1] if len(row) > 1 else "" for row in sections["META"][1:]}
    if "budget" not in meta:
        raise PBError("META must give the budget")
    header = sections["PROJECTS"][0]
    projects: dict[str, Project] = {}
    for number, row in enumerate(sections["PROJECTS"][1:], start=2):
        values = dict(zip(header, row, strict=False))
        try:
            cost = int(float(values["cost"]))
        except (KeyError, ValueError):
            raise PBError(f"Project row {number} has no whole-number cost") from None
        selected = values.get("selected")
        projects[values["project_id"]] = Project(values["project_id"], cost, values.get("name", ""),
                                                 None if selected in (None, "") else selected.strip() == "1")
    header = sections["VOTES"][0]
    ballots = []
    for row in sections["VOTES"][1:]:
        values = dict(zip(header, row, strict=False))
        chosen = tuple(p for p in values.get("vote", "").split(",") if p)
        unknown = [p for p in chosen if p not in projects]
        if unknown:
            raise PBError(f"Voter {values.get('voter_id', '?')} voted for unknown projects: {', '.join(unknown)}")
        points = tuple(int(float(x)) for x in values.get("points", "").split(",") if x) if values.get("points") else ()
        if points and len(points) != len(chosen):
            raise PBError(f"Voter {values.get('voter_id', '?')} has {len(chosen)} projects but {len(points)} points")
        ballots.append(Ballot(values.get("voter_id", ""), chosen, points))
    return Election(meta, projects, tuple(ballots))


def scores(election: Election) -> dict[str, int]:
    """Each project's score: approvals, points, or 3/2/1 for first, second and third choices."""
    total = dict.fromkeys(election.projects, 0)
    kind = election.vote_type
    for ballot in election.ballots:
        if kind == "cumulative" or (kind == "scoring" and ballot.points):
            for project, points in zip(ballot.projects, ballot.points or (1,) * len(ballot.projects), strict=True):
                total[project] += points
        elif kind == "ordinal":
            for project, points in zip(ballot.projects, RANK_POINTS, strict=False):
                total[project] += points
        else:
            for project in ballot.projects:
                total[project] += 1
    return total


@dataclass(frozen=True)
class Result:
    selected: tuple[str, ...]
    cost: int
    reasons: Mapping[str, str]


def greedy(election: Election, *, threshold: int = 0) -> Result:
    """Highest score first: each project is funded if it still fits the budget, otherwise skipped.

    With `threshold`, projects scoring below it are left out first (the "greedy-threshold" rule).
    Ties are broken by project id, numbers as numbers, as pabutools does.
    """
    score = scores(election)
    left = election.budget
    chosen: list[str] = []
    reasons: dict[str, str] = {}
    for pid in sorted(election.projects, key=lambda p: (-score[p], _order(p))):
        cost = election.projects[pid].cost
        if score[pid] < threshold:
            reasons[pid] = f"Not funded: {score[pid]:,} is below the minimum score of {threshold:,}."
        elif score[pid] == 0:
            reasons[pid] = "Not funded: nobody voted for it."
        elif cost <= left:
            chosen.append(pid)
            left -= cost
            reasons[pid] = f"Funded: score {score[pid]:,}; it cost {cost:,}, leaving {left:,}."
        else:
            reasons[pid] = f"Not funded: score {score[pid]:,}, but it costs {cost:,} and only {left:,} was left."
    ordered = tuple(sorted(chosen, key=_order))
    return Result(ordered, sum(election.projects[p].cost for p in ordered), reasons)


def _equal_shares_once(election: Election, per_voter: Fraction) -> list[str]:
    """One run of the Method of Equal Shares, approval ballots, each voter's utility from a project its cost.

    Every voter starts with `per_voter`. A project can be bought when its supporters together can pay
    its cost; they pay equal shares, capped at what each has left. Each round buys the project whose
    price per unit of utility is lowest; ties go to the lower project id. Exact fractions throughout.
    Voters with the same ballot always have the same money left, so they are counted together.
    """
    groups: dict[frozenset[str], int] = {}
    for ballot in election.ballots:
        key = frozenset(ballot.projects)
        groups[key] = groups.get(key, 0) + 1
    sets = list(groups)
    weight = [groups[g] for g in sets]
    supporters: dict[str, list[int]] = {p: [] for p in election.projects}
    for g, approved in enumerate(sets):
        for p in approved:
            supporters[p].append(g)
    left = [per_voter] * len(sets)
    remaining = sorted((p for p in election.projects if supporters[p] and election.projects[p].cost > 0), key=_order)
    chosen: list[str] = []
    while True:
        best: tuple[Fraction, str, Fraction] | None = None
        for p in remaining:
            cost = election.projects[p].cost
            budgets = sorted((left[g], weight[g]) for g in supporters[p])
            if sum(b * w for b, w in budgets) < cost:
                continue
            paid, share, still = Fraction(0), Fraction(0), sum(w for _, w in budgets)
            for b, w in budgets:
                if paid + still * b >= cost:
                    share = (cost - paid) / still
                    break
                paid += b * w
                still -= w
            price = share / cost
            if best is None or price < best[0]:
                best = (price, p, share)
        if best is None:
            return chosen
        _, p, share = best
        for g in supporters[p]:
            left[g] -= min(left[g], share)
        chosen.append(p)
        remaining.remove(p)


def equal_shares(election: Election) -> Result:
    """The Method of Equal Shares with the "add1" completion, as Assen 2024 and Swiecie 2023 used it.

    Run Equal Shares with the budget shared equally; then again with one more unit for every voter,
    and so on, until the outcome would cost more than the budget: the last outcome within it wins.
    This is the exact reference; it is slow on large elections (the fast engine is still to come).
    """
    if election.vote_type != "approval":
        raise PBError("Equal Shares is counted here for approval ballots only, so far.")
    voters = len(election.ballots)
    if not voters:
        raise PBError("Nobody voted.")
    per_voter = Fraction(election.budget, voters)
    best: list[str] = []
    while True:
        chosen = _equal_shares_once(election, per_voter)
        if sum(election.projects[p].cost for p in chosen) > election.budget:
            break
        best = chosen
        if len(chosen) == sum(1 for p in election.projects.values() if p.cost > 0):
            break
        per_voter += 1
    ordered = tuple(sorted(best, key=_order))
    reasons = {p: ("Funded by Equal Shares: its supporters could pay for it from their equal shares."
                   if p in ordered else "Not funded: its supporters' equal shares did not reach its cost.") for p in election.projects}
    return Result(ordered, sum(election.projects[p].cost for p in ordered), reasons)


RULES = {"greedy": "greedy", "greedy-threshold": "greedy-threshold", "equalshares/add1": "equal_shares", "equal_shares": "equal_shares"}


def count(election: Election, rule: str) -> Result:
    """Count by a rule's Pabulib name (or `equal_shares`)."""
    if rule == "greedy":
        return greedy(election)
    if rule == "greedy-threshold":
        threshold = int(float(election.meta.get("min_project_score_threshold", "0") or 0))
        return greedy(election, threshold=threshold)
    if rule in ("equalshares/add1", "equal_shares"):
        return equal_shares(election)
    raise PBError(f"The rule '{rule}' is not supported yet: use greedy, greedy-threshold or equal_shares (equalshares/add1).")
