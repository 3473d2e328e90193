"""Dividing one budget between areas: the Independent Markets mechanism.

Freeman, Pennock, Peters and Wortman Vaughan, "Truthful aggregation of budget proposals" (EC 2019). Each of n
participants proposes shares for the areas (summing to 100%). For each area the result is the median of the n
proposals and n + 1 "phantom" proposals f_k(t) = min(t(n - k), 1), k = 0..n, all moved together by one number
t from 0 (every phantom at 0%) upwards until the medians add up to exactly 100%.

Why not the average: with the mean, anyone can pull an area towards what they want by proposing an extreme
share (100% for their favourite), so the result rewards exaggeration. With Independent Markets no participant
can bring the result closer to their true proposal by misreporting it (it is strategy-proof), and it is
proportional: if everyone proposes 100% for one area each, each area gets the share of people who chose it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

BASIS = 10_000  # shares are returned in hundredths of a per cent, summing to exactly 100%


class SplitError(ValueError):
    """Proposals that cannot be combined; the message says why."""


@dataclass(frozen=True)
class Split:
    shares: tuple[int, ...]  # hundredths of a per cent, summing to BASIS
    mean: tuple[int, ...]  # the plain average, for comparison, also summing to BASIS
    raw: tuple[float, ...]  # the mechanism's shares as fractions of 1, before rounding
    participants: int

    def explain(self, names: Sequence[str]) -> list[str]:
        lines = []
        for name, share, mean in zip(names, self.shares, self.mean, strict=True):
            diff = (share - mean) / 100
            if abs(diff) < 0.005:
                lines.append(f"{name}: {share / 100:.2f}%, the same as the average.")
            else:
                lines.append(f"{name}: {share / 100:.2f}%, {abs(diff):.2f} points {'more' if diff > 0 else 'less'} than the "
                             f"average of {mean / 100:.2f}%. The average counts how far each proposal is from the rest, so "
                             f"proposals far {'below' if diff > 0 else 'above'} the others pull it {'down' if diff > 0 else 'up'}; this method does not reward that.")
        return lines


def _check(proposals: Sequence[Sequence[int | float]]) -> np.ndarray:
    if not proposals:
        raise SplitError("Nobody has proposed a split yet.")
    areas = len(proposals[0])
    if areas < 2 or any(len(p) != areas for p in proposals):
        raise SplitError("Every proposal must give a share for each area.")
    matrix = np.array(proposals, dtype=float)
    if (matrix < 0).any():
        raise SplitError("Shares cannot be negative.")
    if not np.allclose(matrix.sum(axis=1), 100.0, atol=1e-9):
        raise SplitError("Each proposal's shares must add up to 100%.")
    return matrix / 100.0


def _total(votes: np.ndarray, t: float) -> tuple[float, np.ndarray]:
    n = votes.shape[0]
    phantoms = np.minimum(t * (n - np.arange(n + 1)), 1.0)
    columns = np.concatenate([votes, np.repeat(phantoms[:, None], votes.shape[1], axis=1)], axis=0)
    medians = np.partition(columns, n, axis=0)[n]
    return float(medians.sum()), medians


def _round_to_basis(values: Sequence[float]) -> tuple[int, ...]:
    """Largest remainder: whole hundredths of a per cent that add up to exactly 100%."""
    total = sum(values)
    exact = [Fraction(v).limit_denominator(10**12) * BASIS / Fraction(total).limit_denominator(10**12) for v in values]
    floors = [int(e) for e in exact]
    left = BASIS - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return tuple(floors)


def independent_markets(proposals: Sequence[Sequence[int | float]]) -> Split:
    """Aggregate percentage proposals (each summing to 100) into shares summing to 100%."""
    votes = _check(proposals)
    n = votes.shape[0]
    # At t = 0 every median is 0; at t = 1 each is the highest proposal for its area, and those add up to at
    # least 100%. The total rises continuously with t, so bisection finds where it reaches 100%.
    target = 1.0 - 1e-12
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if _total(votes, mid)[0] < target:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15:
            break
    _, medians = _total(votes, hi)
    return Split(_round_to_basis(list(medians)), _round_to_basis(list(votes.mean(axis=0))), tuple(float(x) for x in medians), n)


def share_of(total_pence: int, shares: Sequence[int]) -> list[int]:
    """Split a sum of money by shares (hundredths of a per cent) to the penny, largest remainder first."""
    exact = [Fraction(total_pence * s, BASIS) for s in shares]
    floors = [int(e) for e in exact]
    left = total_pence - sum(floors)
    for i in sorted(range(len(shares)), key=lambda i: (-(exact[i] - floors[i]), i))[:left]:
        floors[i] += 1
    return floors
