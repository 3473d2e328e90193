"""Independent Markets: shares always add up to 100%, proportional, and no one gains by misreporting."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from carecommons.rules.budget_split import BASIS, SplitError, independent_markets, share_of

AREAS = ["Own home", "Accommodation", "Day activities", "Leaving hospital", "Whole community"]


@st.composite
def proposal(draw: st.DrawFn, areas: int = 5) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=areas - 1, max_size=areas - 1)))
    edges = [0, *cuts, 100]
    return [edges[i + 1] - edges[i] for i in range(areas)]


def distance(result: tuple[float, ...], truth: list[int]) -> float:
    return sum(abs(r - t / 100) for r, t in zip(result, truth, strict=True))


def test_single_minded_voters_get_proportional_shares() -> None:
    split = independent_markets([[100, 0, 0, 0, 0]] * 3 + [[0, 100, 0, 0, 0]])
    assert split.shares == (7500, 2500, 0, 0, 0)


def test_one_extreme_proposal_moves_the_mean_but_barely_the_result() -> None:
    moderate = [[40, 20, 20, 10, 10]] * 9
    split = independent_markets([*moderate, [0, 0, 0, 0, 100]])
    assert split.mean[4] == 1900  # the average gives the one extreme proposal almost twice the share most people want
    assert split.shares[4] < 1500
    assert "more" in " ".join(split.explain(AREAS)) or "less" in " ".join(split.explain(AREAS))


@settings(max_examples=300, deadline=None)
@given(st.lists(proposal(), min_size=1, max_size=25))
def test_shares_always_add_up_to_100_per_cent(proposals: list[list[int]]) -> None:
    split = independent_markets(proposals)
    assert sum(split.shares) == BASIS and sum(split.mean) == BASIS
    assert abs(sum(split.raw) - 1) < 1e-9
    assert all(s >= 0 for s in split.shares)


@settings(max_examples=300, deadline=None)
@given(st.lists(proposal(), min_size=1, max_size=12), proposal(), proposal(), st.integers(1, 4))
def test_a_bloc_misreporting_never_moves_the_result_towards_its_true_proposal(others: list[list[int]], truth: list[int],
                                                                             lie: list[int], bloc: int) -> None:
    assume(lie != truth)
    honest = independent_markets([*others, *[truth] * bloc])
    lying = independent_markets([*others, *[lie] * bloc])
    assert distance(lying.raw, truth) >= distance(honest.raw, truth) - 1e-9


def test_bad_proposals_are_refused_plainly() -> None:
    with pytest.raises(SplitError, match="add up to 100"):
        independent_markets([[50, 20, 20, 5, 4]])
    with pytest.raises(SplitError, match="Nobody"):
        independent_markets([])
    with pytest.raises(SplitError, match="negative"):
        independent_markets([[120, -20, 0, 0, 0]])


@given(st.integers(0, 10**12), st.lists(proposal(), min_size=1, max_size=5))
def test_money_is_split_to_the_penny(total: int, proposals: list[list[int]]) -> None:
    shares = independent_markets(proposals).shares
    parts = share_of(total, shares)
    assert sum(parts) == total and all(p >= 0 for p in parts)
