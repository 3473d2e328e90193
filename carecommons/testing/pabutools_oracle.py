"""pabutools, the reference implementation, called directly: the oracle the fast engine is checked against.

Satisfaction makes pabutools' greedy the cities' "highest score first" count: a voter's satisfaction from a
project is its cost times their points (approval: 1; cumulative: the points given; ranked: 3, 2 and 1 for the
first three choices). Equal Shares with the add-one completion is `voter_budget_increment=1`.
"""

from __future__ import annotations

from typing import Any

from pabutools.election import AdditiveSatisfaction, Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.election.profile import AbstractApprovalProfile, AbstractCardinalProfile
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

from carecommons.rules.pb import RANK_POINTS


def _points_by_cost(instance: Any, profile: Any, ballot: Any, project: Any, precomputed: dict) -> Any:
    return ballot.get(project, 0) * project.cost


def _ranks_by_cost(instance: Any, profile: Any, ballot: Any, project: Any, precomputed: dict) -> Any:
    if project not in ballot:
        return 0
    position = ballot.index(project)
    return RANK_POINTS[position] * project.cost if position < len(RANK_POINTS) else 0


class PointsCostSat(AdditiveSatisfaction):
    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _points_by_cost)


class RanksCostSat(AdditiveSatisfaction):
    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _ranks_by_cost)


def satisfaction(profile: Any) -> type:
    if isinstance(profile, AbstractApprovalProfile):
        return Cost_Sat
    if isinstance(profile, AbstractCardinalProfile):
        return PointsCostSat
    return RanksCostSat


def pabutools_count(text: str, rule: str) -> list[str]:
    """The projects pabutools selects, sorted by id as `pb_run` prints them."""
    instance, profile = parse_pabulib_from_string(text)
    sat = satisfaction(profile)
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    elif rule == "equal_shares":
        outcome = method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1)
    else:
        raise ValueError(rule)
    return [p.name for p in outcome]
