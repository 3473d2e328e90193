"""A generated city-wide approval election the size of the largest real ones (61,668 voters, 83 projects).

Not a real election: it is generated, from a fixed seed, so that the bench and the tests can count one of that
shape. Projects' popularity falls off as in real city budgets (a few projects approved by a fifth of voters, a
long tail approved by a few hundred); voters approve between 1 and 12 projects, 4 on average; costs run from
£20,000 to £2,000,000, spread evenly on a log scale; the budget is about a quarter of the total cost.
"""

from __future__ import annotations

import math
import random

from carecommons.rules.pb import Ballot, Election, Project

VOTERS = 61_668
PROJECTS = 83


def city_wide_approval(*, voters: int = VOTERS, projects: int = PROJECTS, seed: int = 14) -> Election:
    """The generated election, the same every time for the same arguments."""
    rng = random.Random(seed)
    ids = [str(i + 1) for i in range(projects)]
    costs = [int(round(math.exp(rng.uniform(math.log(20_000), math.log(2_000_000))), -3)) for _ in ids]
    popularity = [1 / (rank + 3) ** 0.9 for rank in range(projects)]
    rng.shuffle(popularity)
    ballots = []
    for v in range(voters):
        size = min(projects, max(1, min(12, int(rng.expovariate(1 / 4)) + 1)))
        chosen: set[str] = set()
        while len(chosen) < size:
            chosen.update(rng.choices(ids, weights=popularity, k=size - len(chosen)))
        ballots.append(Ballot(str(v + 1), tuple(sorted(chosen, key=int))))
    budget = sum(costs) // 4
    meta = {"description": f"Generated city-wide approval election (seed {seed}), not a real one",
            "country": "Generated", "unit": "Generated city", "budget": str(budget), "vote_type": "approval",
            "num_projects": str(projects), "num_votes": str(voters)}
    return Election(meta, {p: Project(p, c, name=f"Generated project {p}") for p, c in zip(ids, costs, strict=True)},
                    tuple(ballots))
