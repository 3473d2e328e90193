"""Participatory budgeting: Pabulib `.pb` files, and counting by the greedy rules cities use.

A `.pb` file has three sections, META, PROJECTS and VOTES, each `;`-separated with a header row.
Ballots are approval (a list of projects), cumulative (projects with points) or ordinal (projects
in order of preference). Scores follow the cities' own "highest score first" count: approvals,
points, or for ranked ballots 3 for a first choice, 2 for a second and 1 for a third.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from carecommons.rules import equal_shares as equal_shares_engine

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
    """Projects in reading order: numbers as numbers (for lists people read; ties are broken by `_tie`)."""
    return (int(project_id), "") if project_id.isascii() and project_id.isdigit() else (1 << 62, project_id)


def _tie(project_id: str) -> str:
    """Ties go to the project whose id sorts first as text, as pabutools breaks them."""
    return project_id


MAX_AMOUNT = 10**12  # a cost, a budget or points: far above any real election, and safe to store in pence
MAX_FIELD = 10_000  # characters in one field: far above any real project name


def whole_number(text: str, what: str, *, maximum: int = MAX_AMOUNT) -> int:
    """A number written in a file ("1500", "1500.0" or "1.5e3") as a whole number (a fraction is cut off, as Pabulib's
    own readers do), from 0 to `maximum`; PBError naming `what` for anything else: a word, a negative number, inf,
    NaN or 1e999."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise PBError(f"{what} must be a whole number, not '{str(text)[:40]}'") from None
    if not math.isfinite(value) or not 0 <= value <= maximum:
        raise PBError(f"{what} must be a whole number from 0 to {maximum:,}, not '{str(text)[:40]}'")
    return int(value)


def parse(text: str) -> Election:
    """Read a Pabulib file. Unknown META keys and extra columns are kept or ignored; missing sections are errors.

    Every problem is a PBError with a plain message, never another exception: a missing column, a cost that is not
    a whole number of at least 0 (inf, NaN, -5, x), points that are not whole numbers, an overlong field."""
    sections: dict[str, list[list[str]]] = {}
    current = ""
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    except csv.Error as error:
        raise PBError(f"The file cannot be read as Pabulib: {error}") from None
    for row in rows:
        if not row or not any(cell.strip() for cell in row):
            continue
        if any(len(cell) > MAX_FIELD for cell in row):
            raise PBError(f"A field is longer than {MAX_FIELD:,} characters")
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
    whole_number(meta["budget"], "The budget")
    if meta.get("max_sum_points"):
        whole_number(meta["max_sum_points"], "max_sum_points")
    header = sections["PROJECTS"][0]
    for column in ("project_id", "cost"):
        if column not in header:
            raise PBError(f"The PROJECTS section has no {column} column")
    projects: dict[str, Project] = {}
    for number, row in enumerate(sections["PROJECTS"][1:], start=2):
        values = dict(zip(header, row, strict=False))
        project_id = values.get("project_id", "")
        if not project_id:
            raise PBError(f"Project row {number} has no project_id")
        if "cost" not in values:
            raise PBError(f"Project row {number} has no whole-number cost")
        try:
            cost = whole_number(values["cost"], "the cost")
        except PBError as error:
            raise PBError(f"Project row {number} has no whole-number cost: {error}") from None
        selected = values.get("selected")
        projects[project_id] = Project(project_id, cost, values.get("name", ""),
                                       None if selected in (None, "") else selected.strip() == "1")
    header = sections["VOTES"][0]
    if "vote" not in header:
        raise PBError("The VOTES section has no vote column")
    ballots = []
    for row in sections["VOTES"][1:]:
        values = dict(zip(header, row, strict=False))
        voter = values.get("voter_id", "?")
        chosen = tuple(p for p in values.get("vote", "").split(",") if p)
        unknown = [p for p in chosen if p not in projects]
        if unknown:
            raise PBError(f"Voter {voter} voted for unknown projects: {', '.join(unknown)}")
        raw_points = values.get("points", "")
        points = tuple(whole_number(x, f"Voter {voter}'s points") for x in raw_points.split(",") if x) if raw_points else ()
        if points and len(points) != len(chosen):
            raise PBError(f"Voter {voter} has {len(chosen)} projects but {len(points)} points")
        ballots.append(Ballot(values.get("voter_id", ""), chosen, points))
    return Election(meta, projects, tuple(ballots))


def scores(election: Election) -> dict[str, int]:
    """Each project's score: approvals, points, or 3/2/1 for first, second and third choices."""
    total = dict.fromkeys(election.projects, 0)
    for ballot in election.ballots:
        for project, points in satisfaction_points(election, ballot).items():
            total[project] += points
    return total


@dataclass(frozen=True)
class Result:
    selected: tuple[str, ...]
    cost: int
    reasons: Mapping[str, str]  # for each project, in words, why it was or was not funded
    how: tuple[str, ...] = ()  # how the count was done (the method by name, shares, steps), for "How this was counted"


def greedy(election: Election, *, threshold: int = 0) -> Result:
    """Highest score first: each project is funded if it still fits the budget, otherwise skipped.

    With `threshold`, projects scoring below it are left out first (the "greedy-threshold" rule).
    Ties are broken by project id as text, as pabutools does.
    """
    score = scores(election)
    left = election.budget
    chosen: list[str] = []
    reasons: dict[str, str] = {}
    said = _votes_word(election)
    for pid in sorted(election.projects, key=lambda p: (-score[p], _tie(p))):
        cost = election.projects[pid].cost
        if score[pid] < threshold:
            reasons[pid] = f"Not funded: it had {_count(score[pid], said)}, fewer than the {threshold:,} needed."
        elif score[pid] == 0:
            reasons[pid] = "Not funded: nobody voted for it."
        elif cost <= left:
            chosen.append(pid)
            left -= cost
            reasons[pid] = f"Funded: it had {_count(score[pid], said)} and its cost of {money(election, cost)} fitted in the money left."
        else:
            reasons[pid] = (f"Not funded: it had {_count(score[pid], said)}, but by its turn only {money(election, left)} was left, "
                            f"less than its cost of {money(election, cost)}.")
    ordered = tuple(sorted(chosen, key=_order))
    how = ["Counted by most votes first: the proposal with the most " + said + " first, then the next, each funded if its cost "
           "still fitted in the money left."]
    if threshold:
        how.append(f"Proposals with fewer than {threshold:,} {said} were left out first.")
    return Result(ordered, sum(election.projects[p].cost for p in ordered), reasons, tuple(how))


def _votes_word(election: Election) -> str:
    return "votes" if election.vote_type == "approval" else "points"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word[:-1] if n == 1 else word}"


def satisfaction_points(election: Election, ballot: Ballot) -> dict[str, int]:
    """A ballot's points per project: approvals 1, cumulative the points given, ranked 3, 2 and 1."""
    kind = election.vote_type
    if kind == "cumulative" or (kind == "scoring" and ballot.points):
        points: dict[str, int] = {}
        for project, given in zip(ballot.projects, ballot.points or (1,) * len(ballot.projects), strict=True):
            points[project] = points.get(project, 0) + given
        return points
    if kind == "ordinal":
        return dict(zip(ballot.projects, RANK_POINTS, strict=False))
    return dict.fromkeys(ballot.projects, 1)


def profile(election: Election) -> equal_shares_engine.Profile:
    """The election as the Equal Shares engine counts it: satisfaction = cost x points, same ballots grouped."""
    ids = sorted(election.projects, key=_order)
    return equal_shares_engine.Profile.build(ids, [election.projects[p].cost for p in ids],
                                             [satisfaction_points(election, b) for b in election.ballots], election.budget)


def equal_shares(election: Election, *, stop_when_exhaustive: bool = True, exact: bool = False,
                 counted: equal_shares_engine.Profile | None = None) -> Result:
    """The Method of Equal Shares with the add-one completion (see `rules/equal_shares.py`).

    `stop_when_exhaustive` (pabutools' rule, and `equalshares/add1`): stop at the first outcome to which
    no other project would fit. Without it (`equalshares/add1-comparison`, as Wieliczka counted) shares keep
    rising until the next outcome would cost more than the budget.
    """
    if not election.ballots:
        raise PBError("Nobody voted.")
    counted = counted or profile(election)
    done = equal_shares_engine.with_add_one(counted, stop_when_exhaustive=stop_when_exhaustive, exact=exact)
    free: list[str] = []
    if any(project.cost == 0 for project in election.projects.values()):  # Equal Shares cannot price these: funded if anyone voted
        score = scores(election)
        free = [p for p, project in election.projects.items() if project.cost == 0 and score[p] > 0]
    chosen = set(done.outcome.selected) | set(free)
    ordered = tuple(sorted(chosen, key=_order))
    reasons, how = _equal_shares_reasons(election, done, free)
    return Result(ordered, sum(election.projects[p].cost for p in ordered), reasons, how)


def money(election: Election, amount: float) -> str:
    """An amount in the election's currency: "£12.50" for pounds, "12.50 PLN" for others, a bare number if unknown."""
    currency = election.meta.get("currency", "")
    if currency == "GBP":
        return f"£{amount:,.2f}"
    return f"{amount:,.2f} {currency}".rstrip()


def _equal_shares_reasons(election: Election, done: equal_shares_engine.Completed,
                          free: list[str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """Why each project was or was not funded, in words a voter reads; how the count went, for those who ask."""
    outcome = done.outcome
    unit = "£1" if election.meta.get("currency") == "GBP" else "one unit"
    how = [f"Counted by the Method of Equal Shares. Everyone who voted started with an equal share of the money: "
           f"{money(election, float(done.first.per_voter))} each. A proposal is funded when the people who voted for it can "
           "pay its cost together from their shares. Proposals are bought one at a time, starting with the one that asks least "
           "of each of its voters."]
    if done.steps:
        how.append(f"That left money unspent, so everyone's share was raised in steps of {unit} to "
                   f"{money(election, float(outcome.per_voter))} each ({done.steps:,} steps), counting again each time. "
                   f"It stopped there because {done.stopped}.")
    else:
        how.append(f"The shares were not raised, because {done.stopped}.")
    reasons: dict[str, str] = {}
    for number, bought in enumerate(outcome.rounds, start=1):
        people = "the 1 person" if bought.supporters == 1 else f"the {bought.supporters:,} people"
        reason = f"Funded: {people} who voted for it could pay its cost of {money(election, election.projects[bought.project].cost)} together from their shares"
        if bought.paid_in_full_by:
            reason += f" ({bought.paid_in_full_by:,} of them used all they had left)"
        reasons[bought.project] = reason + f". It was number {number} of {len(outcome.rounds)} to be funded."
    for project in free:
        reasons[project] = "Funded: it costs nothing and people voted for it."
    for project in election.projects:
        if project in reasons:
            continue
        if project in outcome.dropped:
            after, left = outcome.dropped[project]
            when = "" if after == 0 else (" after 1 other proposal was funded" if after == 1 else f" after {after:,} others were funded")
            reasons[project] = (f"Not funded: the people who voted for it had only {money(election, left)} left in their shares{when}, "
                                f"less than its cost of {money(election, election.projects[project].cost)}.")
        else:
            reasons[project] = "Not funded: nobody voted for it."
    return reasons, tuple(how)


def comparison(election: Election, mes: Result, greedy_result: Result) -> tuple[Result, int, int]:
    """The comparison step: if more voters have more of their projects funded by greedy than by Equal Shares,
    greedy's outcome is used instead. Returns the winner and how many prefer each."""
    prefer_mes = prefer_greedy = 0
    a, b = set(mes.selected), set(greedy_result.selected)
    for ballot in election.ballots:
        mine = set(ballot.projects)
        x, y = len(mine & a), len(mine & b)
        prefer_mes += x > y
        prefer_greedy += y > x
    return (greedy_result if prefer_greedy > prefer_mes else mes), prefer_mes, prefer_greedy


RULES = {"greedy": "greedy", "greedy-threshold": "greedy-threshold", "equal_shares": "equal_shares",
         "equalshares/add1": "equal_shares", "equalshares/add1-comparison": "equal_shares, then the comparison step"}


def count(election: Election, rule: str) -> Result:
    """Count by a rule's Pabulib name (or `equal_shares`)."""
    if rule == "greedy":
        return greedy(election)
    if rule == "greedy-threshold":
        threshold = int(float(election.meta.get("min_project_score_threshold", "0") or 0))
        return greedy(election, threshold=threshold)
    if rule in ("equalshares/add1", "equal_shares"):
        return equal_shares(election)
    if rule == "equalshares/add1-comparison":
        mes = equal_shares(election, stop_when_exhaustive=False)
        winner, prefer_mes, prefer_greedy = comparison(election, mes, greedy(election))
        note = (f"Then the comparison step: {prefer_mes:,} voters have more of their proposals funded by Equal Shares and "
                f"{prefer_greedy:,} by most votes first, so the {'most votes first' if winner is not mes else 'Method of Equal Shares'} result stands.")
        return Result(winner.selected, winner.cost, winner.reasons, (*mes.how, note))
    raise PBError(f"The rule '{rule}' is not supported: use greedy, greedy-threshold or equal_shares "
                  "(or the Pabulib names equalshares/add1 and equalshares/add1-comparison).")
