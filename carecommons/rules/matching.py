"""Matching people with Shared Lives carers, Homeshare householders and personal assistants.

Software filters and ranks; people decide. Every proposal respects every hard constraint:
current approval and checks, needs the carer can meet (access included), the person's "never"
list, what everyone in the carer's household will accept, and distance. Everything else is
"fit": shared interests and languages, faith and culture where the person asked for it, how near.
Fit is a measure of how much the two have in common and asked for, never a prediction of success.

Profiles arrive as arrays (`Side`), so a whole area is matched at once: candidates are found
through a grid of map cells (only nearby cells are compared), filtered with bit masks, and scored
in vectorised steps; the batch is solved by OR-Tools' min-cost flow (carers may host more than
one), or scipy's sparse bipartite matching with an "unmatched" choice for each person.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

NEEDS = ("personal_care", "medication", "step_free", "night_support", "mobility_hoist", "dementia", "learning_disability", "autism")
TRAITS = ("smoker", "pets", "dogs", "cats", "children_at_home", "stairs_only", "man", "woman", "lives_alone", "meat_eater")
INTERESTS = ("gardening", "music", "football", "cooking", "walking", "crafts", "church", "mosque", "reading", "films", "animals",
             "fishing", "cricket", "knitting", "gaming", "art", "dancing", "puzzles", "history", "travel")
LANGUAGES = ("english", "welsh", "polish", "punjabi", "urdu", "bengali", "gujarati", "arabic", "somali", "romanian", "bsl")
FAITHS = ("none", "christian", "muslim", "hindu", "sikh", "jewish", "buddhist")
UNMATCHED_FIT = 0.0
MAX_FIT = 100.0
FIT_SCALE = 10  # the solver works in whole numbers: fit to one decimal place
PER_PERSON = 30  # each person's best-fitting candidates given to the solver (see `best_per_person`)
EARTH_KM_PER_DEGREE = 111.32


def mask(names: Iterable[str], vocabulary: Sequence[str]) -> int:
    bits = 0
    for name in names:
        bits |= 1 << vocabulary.index(name)
    return bits


def names_of(bits: int, vocabulary: Sequence[str]) -> list[str]:
    return [name for i, name in enumerate(vocabulary) if bits >> i & 1]


@dataclass(frozen=True)
class Side:
    """One side of the market as arrays, one row each. x, y are kilometres on a local grid."""

    ids: IntArray
    x: FloatArray
    y: FloatArray
    max_km: FloatArray
    needs: IntArray  # people: what they need; carers: what they can meet
    traits: IntArray  # people: facts about them; carers: facts about their household
    excludes: IntArray  # people: their "never" list (carer traits); carers: what the household will not accept (person traits)
    interests: IntArray
    languages: IntArray
    faith: IntArray  # index into FAITHS, -1 for not said
    faith_matters: npt.NDArray[np.bool_]  # people: they asked for someone of their faith (a preference, scored, not a constraint)
    checks_valid_until: IntArray  # carers: the last day (ordinal) approval and checks are current; people: 0
    capacity: IntArray  # carers: how many people they can support; people: 1

    def __len__(self) -> int:
        return int(self.ids.shape[0])


@dataclass(frozen=True)
class Candidates:
    person: IntArray  # row in people
    carer: IntArray  # row in carers
    km: FloatArray
    fit: FloatArray
    feasible: int = -1  # how many feasible pairs there were before keeping each person's best (-1: all are kept)


def _popcount(values: IntArray) -> IntArray:
    return np.bitwise_count(values).astype(np.int64)


def feasible(people: Side, carers: Side, p: IntArray, c: IntArray, km: FloatArray, *, today: dt.date) -> npt.NDArray[np.bool_]:
    """Every hard constraint, for pairs (p[i], c[i]) at distance km[i]."""
    day = today.toordinal()
    result: npt.NDArray[np.bool_] = (
        (carers.checks_valid_until[c] >= day)
        & ((people.needs[p] & ~carers.needs[c]) == 0)
        & ((people.excludes[p] & carers.traits[c]) == 0)
        & ((carers.excludes[c] & people.traits[p]) == 0)
        & (km <= np.minimum(people.max_km[p], carers.max_km[c]))
        & (carers.capacity[c] > 0)
    )
    return result


def fit(people: Side, carers: Side, p: IntArray, c: IntArray, km: FloatArray) -> FloatArray:
    """Fit out of 100: interests (up to 40), languages (up to 20), faith where asked (20), nearness (20)."""
    shared_interests = np.minimum(_popcount(people.interests[p] & carers.interests[c]), 4) * 10.0
    shared_language = np.where((people.languages[p] & carers.languages[c]) != 0, 20.0, 0.0)
    faith = np.where(people.faith_matters[p] & (people.faith[p] >= 0) & (people.faith[p] == carers.faith[c]), 20.0,
                     np.where(people.faith_matters[p], 0.0, 10.0))
    reach = np.maximum(np.minimum(people.max_km[p], carers.max_km[c]), 1e-9)
    near = 20.0 * np.clip(1.0 - km / reach, 0.0, 1.0)
    return np.round(shared_interests + shared_language + faith + near, 1)  # tenths: what the solver optimises exactly


def candidates(people: Side, carers: Side, *, today: dt.date, per_person: int | None = None, threads: int = 2) -> Candidates:
    """Every feasible pair, scored. Nearby carers come from a k-d tree (scipy), one query per travel distance,
    so only pairs within reach are ever compared; then the cheap checks, then the bit masks, then fit.

    Each travel distance is a separate group of people, so the groups run side by side (numpy and
    scipy release the interpreter lock for large arrays), and `per_person` keeps each person's
    best candidates inside their group (see `best_per_person`).
    """
    from concurrent.futures import ThreadPoolExecutor

    from scipy.spatial import cKDTree  # type: ignore[import-untyped]

    empty_i = np.zeros(0, dtype=np.int64)
    empty_f = np.zeros(0, dtype=np.float64)
    usable = np.flatnonzero((carers.checks_valid_until >= today.toordinal()) & (carers.capacity > 0))
    if len(people) == 0 or len(usable) == 0:
        return Candidates(empty_i, empty_i, empty_f, empty_f, 0 if per_person is not None else -1)
    tree = cKDTree(np.column_stack([carers.x[usable], carers.y[usable]]))

    def group(reach: float) -> Candidates:
        rows = np.flatnonzero(people.max_km == reach)
        near = cKDTree(np.column_stack([people.x[rows], people.y[rows]])).sparse_distance_matrix(
            tree, float(reach), output_type="coo_matrix")
        p, c, km = rows[near.row], usable[near.col], near.data
        close = km <= carers.max_km[c]
        p, c, km = p[close], c[close], km[close]
        ok = feasible(people, carers, p, c, km, today=today)
        p, c, km = p[ok], c[ok], km[ok]
        found = Candidates(p, c, km, fit(people, carers, p, c, km))
        return Candidates(*_arrays(best_per_person(found, per_person)), len(p)) if per_person is not None else found

    reaches = [float(r) for r in np.unique(people.max_km)]
    with ThreadPoolExecutor(max_workers=max(threads, 1)) as pool:
        groups = list(pool.map(group, reaches))
    return Candidates(np.concatenate([g.person for g in groups]), np.concatenate([g.carer for g in groups]),
                      np.concatenate([g.km for g in groups]), np.concatenate([g.fit for g in groups]),
                      sum(g.feasible for g in groups) if per_person is not None else -1)


def _arrays(c: Candidates) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    return c.person, c.carer, c.km, c.fit


@dataclass(frozen=True)
class Proposal:
    person: IntArray  # row in people
    carer: IntArray  # row in carers, -1 for "not matched this round"
    fit: FloatArray

    @property
    def total_fit(self) -> float:
        return float(self.fit[self.carer >= 0].sum())


def _apply_pins(cands: Candidates, *, excluded: set[tuple[int, int]], pinned: dict[int, int]) -> Candidates:
    keep = np.ones(len(cands.person), dtype=bool)
    if excluded:
        pairs = cands.person * 10_000_000 + cands.carer
        banned = np.array([p * 10_000_000 + c for p, c in excluded], dtype=np.int64)
        keep &= ~np.isin(pairs, banned)
    if pinned:
        pinned_people = np.array(list(pinned), dtype=np.int64)
        pinned_pairs = np.array([p * 10_000_000 + c for p, c in pinned.items()], dtype=np.int64)
        pairs = cands.person * 10_000_000 + cands.carer
        keep &= ~np.isin(cands.person, pinned_people) | np.isin(pairs, pinned_pairs)
    return Candidates(cands.person[keep], cands.carer[keep], cands.km[keep], cands.fit[keep])


def best_per_person(cands: Candidates, k: int) -> Candidates:
    """Each person's k best-fitting candidates (ties by carer row), which is all the solver needs in practice.

    One sort of a single whole-number key (person, then fit to a tenth, best first, then carer) keeps it fast.
    """
    if len(cands.person) == 0:
        return cands
    fit_tenths = np.clip(np.round(cands.fit * FIT_SCALE), 0, 1023).astype(np.int64)
    if int(cands.carer.max()) < 1 << 20:
        order = np.argsort((cands.person << np.int64(30)) | ((1023 - fit_tenths) << np.int64(20)) | cands.carer)
    else:  # more than a million carers: the general sort
        order = np.lexsort((cands.carer, -cands.fit, cands.person))
    person = cands.person[order]
    rank = np.arange(len(person)) - np.searchsorted(person, person, side="left")
    keep = np.sort(order[rank < k])
    return Candidates(cands.person[keep], cands.carer[keep], cands.km[keep], cands.fit[keep])


def solve(people: Side, carers: Side, cands: Candidates, *, excluded: set[tuple[int, int]] | None = None,
          pinned: dict[int, int] | None = None, per_person: int | None = PER_PERSON, method: str = "flow") -> Proposal:
    """The proposals with the greatest total fit, each person matched at most once, each carer within their capacity.

    `pinned` fixes a person to a carer (if that pair is feasible); `excluded` removes pairs. A person
    with no acceptable candidate, or whose best use of a scarce carer is elsewhere, is "not matched
    this round" rather than forced.

    `method="flow"` (the default) is OR-Tools' min-cost flow, which also handles carers with room for
    more than one; `method="scipy"` is scipy's sparse bipartite matching, each person with their own
    "not matched" column. Both find the same optimum; at 10,000 a side the flow is about four times
    faster here, and at 100,000 a side scipy took minutes (docs/performance.md). With `per_person`,
    each person's best candidates only are offered (30 by default): exact whenever nobody has more.
    """
    cands = _apply_pins(cands, excluded=excluded or set(), pinned=pinned or {})
    if per_person is not None:
        cands = best_per_person(cands, per_person)
    n = len(people)
    if method == "flow" or np.any(carers.capacity > 1):
        return _solve_flow(n, carers, cands)
    from scipy.sparse import coo_matrix  # type: ignore[import-untyped]
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching  # type: ignore[import-untyped]

    m = len(carers)
    # Each person has their own "not matched" column; real pairs cost less the better they fit.
    rows = np.concatenate([cands.person, np.arange(n, dtype=np.int64)])
    cols = np.concatenate([cands.carer, m + np.arange(n, dtype=np.int64)])
    weights = np.concatenate([MAX_FIT + 1.0 - cands.fit, np.full(n, MAX_FIT + 1.0 - UNMATCHED_FIT)])
    graph = coo_matrix((weights, (rows, cols)), shape=(n, m + n)).tocsr()
    _, matched_cols = min_weight_full_bipartite_matching(graph)
    carer = np.where(matched_cols < m, matched_cols, -1).astype(np.int64)
    return Proposal(np.arange(n, dtype=np.int64), carer, _fit_of(cands, carer))


def _fit_of(cands: Candidates, carer: IntArray) -> FloatArray:
    result = np.zeros(len(carer), dtype=np.float64)
    if len(cands.person) == 0:
        return result
    key = cands.person * 10_000_000 + cands.carer
    order = np.argsort(key)
    wanted = np.arange(len(carer), dtype=np.int64) * 10_000_000 + carer
    at = np.clip(np.searchsorted(key[order], wanted), 0, len(order) - 1)
    found = (carer >= 0) & (key[order][at] == wanted)
    result[found] = cands.fit[order][at][found]
    return result


def _solve_flow(n: int, carers: Side, cands: Candidates) -> Proposal:
    """Carers who can support more than one person: a min-cost flow (OR-Tools), fit scaled to whole numbers."""
    from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

    m = len(carers)
    source, sink = n + m, n + m + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.full(n, source), cands.person, n + np.arange(m), np.arange(n)])
    heads = np.concatenate([np.arange(n), n + cands.carer, np.full(m, sink), np.full(n, sink)])
    caps = np.concatenate([np.ones(n), np.ones(len(cands.person)), carers.capacity, np.ones(n)]).astype(np.int64)
    costs = np.concatenate([np.zeros(n), -np.round(cands.fit * FIT_SCALE), np.zeros(m), np.zeros(n)]).astype(np.int64)
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int64), heads.astype(np.int64), caps, costs)
    flow.set_nodes_supplies(np.array([source, sink], dtype=np.int64), np.array([n, -n], dtype=np.int64))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"The matching could not be solved (OR-Tools status {status}).")
    used = flow.flows(arcs)
    first_pair = n
    pair_flow = used[first_pair:first_pair + len(cands.person)]
    carer = np.full(n, -1, dtype=np.int64)
    fits = np.zeros(n, dtype=np.float64)
    chosen = np.flatnonzero(pair_flow > 0)
    carer[cands.person[chosen]] = cands.carer[chosen]
    fits[cands.person[chosen]] = cands.fit[chosen]
    return Proposal(np.arange(n, dtype=np.int64), carer, fits)


def greedy(people: Side, carers: Side, cands: Candidates) -> Proposal:
    """The baseline: best-fitting pairs first, taking a pair when both still have room."""
    n = len(people)
    room = carers.capacity.tolist()
    carer = [-1] * n
    fits = [0.0] * n
    order = np.lexsort((cands.carer, cands.person, -cands.fit))
    persons, carers_, fit_values = cands.person[order].tolist(), cands.carer[order].tolist(), cands.fit[order].tolist()
    for p, c, f in zip(persons, carers_, fit_values, strict=True):
        if carer[p] < 0 and room[c] > 0:
            carer[p] = c
            fits[p] = f
            room[c] -= 1
    return Proposal(np.arange(n, dtype=np.int64), np.array(carer, dtype=np.int64), np.array(fits, dtype=np.float64))


def brute_force(people: Side, carers: Side, cands: Candidates) -> float:
    """The best total fit by trying every assignment. Only for a handful of people (tests)."""
    options: list[list[tuple[int, float]]] = [[(-1, 0.0)] for _ in range(len(people))]
    for p, c, f in zip(cands.person.tolist(), cands.carer.tolist(), cands.fit.tolist(), strict=True):
        options[p].append((c, f))
    best = 0.0
    for choice in itertools.product(*options):
        used: dict[int, int] = {}
        ok = True
        for c, _ in choice:
            if c >= 0:
                used[c] = used.get(c, 0) + 1
                if used[c] > carers.capacity[c]:
                    ok = False
                    break
        if ok:
            best = max(best, sum(f for _, f in choice))
    return best


def violations(people: Side, carers: Side, proposal: Proposal, *, today: dt.date) -> int:
    """How many proposals break a hard constraint or a capacity, checked afresh from the profiles."""
    matched = proposal.carer >= 0
    p, c = proposal.person[matched], proposal.carer[matched]
    km = np.hypot(people.x[p] - carers.x[c], people.y[p] - carers.y[c])
    broken = int(np.count_nonzero(~feasible(people, carers, p, c, km, today=today)))
    load = np.bincount(c, minlength=len(carers)) if len(c) else np.zeros(len(carers), dtype=np.int64)
    return broken + int(np.count_nonzero(load > carers.capacity))


@dataclass(frozen=True)
class Why:
    headline: str
    reasons: tuple[str, ...]
    talk_about: tuple[str, ...]


def explain(people: Side, carers: Side, p: int, c: int, *, person_name: str = "They", carer_name: str = "the carer") -> Why:
    """Why this match, in plain words, and what the two might talk about first. Not a prediction."""
    km = float(np.hypot(people.x[p] - carers.x[c], people.y[p] - carers.y[c]))
    interests = names_of(int(people.interests[p] & carers.interests[c]), INTERESTS)
    languages = names_of(int(people.languages[p] & carers.languages[c]), LANGUAGES)
    needs = names_of(int(people.needs[p]), NEEDS)
    reasons = [f"{km:.1f} km apart, within what both said they could travel."]
    if needs:
        who = carer_name[:1].upper() + carer_name[1:]
        reasons.append(f"{who} can help with everything {person_name} needs: {', '.join(n.replace('_', ' ') for n in needs)}.")
    if interests:
        reasons.append(f"Both enjoy {', '.join(interests)}.")
    if languages:
        reasons.append(f"Both speak {', '.join(language.upper() if language == 'bsl' else language.capitalize() for language in languages)}.")
    if people.faith_matters[p] and people.faith[p] >= 0 and people.faith[p] == carers.faith[c]:
        reasons.append(f"{person_name} asked for someone who shares their faith ({FAITHS[int(people.faith[p])]}).")
    avoided = names_of(int(people.excludes[p]), TRAITS)
    if avoided:
        reasons.append(f"Nothing on {person_name}'s 'never' list: {', '.join(a.replace('_', ' ') for a in avoided)}.")
    talk = tuple(f"{interest.capitalize()}: what do you each enjoy about it?" for interest in interests[:3]) or (
        "What a good week looks like for each of you.", "Routines, food, and what home feels like.")
    return Why(f"{len(interests)} shared interest{'s' if len(interests) != 1 else ''}, {km:.1f} km apart", tuple(reasons), talk)


def synthetic(n: int, *, seed: int, area_km: float, carers: bool, today: dt.date, capacity: int = 1) -> Side:
    """A random but plausible side, for tests and benchmarks (fictional)."""
    rng = np.random.default_rng(seed)
    interests = np.zeros(n, dtype=np.int64)
    for _ in range(4):
        interests |= np.int64(1) << rng.integers(0, len(INTERESTS), n)
    needs_bits = np.zeros(n, dtype=np.int64)
    for i in range(len(NEEDS)):
        needs_bits |= np.where(rng.random(n) < (0.85 if carers else 0.15), np.int64(1) << i, 0)
    traits = np.zeros(n, dtype=np.int64)
    for i in range(len(TRAITS)):
        traits |= np.where(rng.random(n) < 0.15, np.int64(1) << i, 0)
    excludes = np.zeros(n, dtype=np.int64)
    for i in range(len(TRAITS)):
        excludes |= np.where(rng.random(n) < 0.05, np.int64(1) << i, 0)
    languages = np.int64(1) | np.where(rng.random(n) < 0.2, np.int64(1) << rng.integers(1, len(LANGUAGES), n), 0)
    valid = np.where(rng.random(n) < 0.95, today.toordinal() + rng.integers(1, 700, n), today.toordinal() - rng.integers(1, 300, n)) \
        if carers else np.zeros(n, dtype=np.int64)
    return Side(
        ids=np.arange(1, n + 1, dtype=np.int64), x=rng.random(n) * area_km, y=rng.random(n) * area_km,
        max_km=rng.choice(np.array([5.0, 8.0, 10.0, 15.0]), n), needs=needs_bits, traits=traits, excludes=excludes,
        interests=interests, languages=languages, faith=rng.integers(-1, len(FAITHS), n),
        faith_matters=(rng.random(n) < 0.2) if not carers else np.zeros(n, dtype=bool),
        checks_valid_until=valid.astype(np.int64), capacity=np.full(n, capacity if carers else 1, dtype=np.int64))
