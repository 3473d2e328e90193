"""Many councils measured one council at a time, then added up: how a region or the nation runs the engine.

DHSC's method works within one council throughout: submissions are chosen per council, a unique event
includes the council's code, and every measure counts people by council and person. So the measures of many
councils are the sum of each council's own counts: numerators and denominators add up, and a percentage (or
a rate per 100,000) is worked out again from the sums. `compute_by_council` runs `measures.compute` over each
council's files alone (in up to `workers` processes) and `combine` adds the results; a test shows they give the
figures of one run over every file (docs/outcomes-at-scale.md).

A measure whose value is not a count over a count (a median wait) cannot be added up from councils' values:
`combine` gives it no value, with the reason, and a distributed engine works it out from the people's rows.
No Django here.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from carecommons.rules import ascof

from . import measures
from .common import BREAKDOWNS
from .results import Breakdown, MeasureResult

PER_POPULATION: dict[str, str] = {"2B": "18-64", "2C": "65+"}
"""The rates per 100,000 and the population band each is over; every other ASCOF measure is a percentage."""

PERCENTAGES: frozenset[str] = frozenset(measures.KEYS) - frozenset(PER_POPULATION)

NOT_ADDITIVE = "This figure cannot be added up from each council's own figures (it is not a count over a count)."


def _add_breakdowns(parts: Sequence[MeasureResult]) -> tuple[Breakdown, ...]:
    totals: dict[tuple[str, str], list[int | None]] = {}
    for part in parts:
        for b in part.breakdowns:
            slot = totals.setdefault((b.dimension, b.group), [0, None if b.denominator is None else 0])
            slot[0] = int(slot[0] or 0) + b.numerator
            if b.denominator is not None:
                slot[1] = int(slot[1] or 0) + b.denominator
    order = {dimension: i for i, (dimension, _) in enumerate(BREAKDOWNS)}
    return tuple(
        Breakdown(dimension, group, int(num or 0), den)
        for (dimension, group), (num, den) in sorted(totals.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1]))
    )


def combine(
    parts: Sequence[Mapping[str, MeasureResult]], *, population: Mapping[str, int] | None = None
) -> dict[str, MeasureResult]:
    """Add up several councils' results (each from `measures.compute` over that council's files alone)."""
    keys: list[str] = []
    for part in parts:
        keys.extend(key for key in part if key not in keys)
    out: dict[str, MeasureResult] = {}
    for key in keys:
        mine = [part[key] for part in parts if key in part]
        counted = [r for r in mine if r.numerator is not None]
        if key not in PER_POPULATION and key not in PERCENTAGES:
            out[key] = MeasureResult(key, None, None, None, reason=NOT_ADDITIVE)
            continue
        if not counted:  # no council could work it out (2D without hospital data): keep the first reason
            out[key] = MeasureResult(key, None, None, None, reason=mine[0].reason if mine else "")
            continue
        numerator = sum(int(r.numerator or 0) for r in counted)
        breakdowns = _add_breakdowns(counted)
        if key in PER_POPULATION:
            people = (population or {}).get(PER_POPULATION[key])
            if not people:
                reason = next((r.reason for r in mine if r.reason), "No population was given.")
                out[key] = MeasureResult(key, numerator, None, None, reason=reason, breakdowns=breakdowns)
            else:
                out[key] = MeasureResult(
                    key, numerator, people, ascof.per_population(numerator, people), breakdowns=breakdowns
                )
            continue
        denominator = sum(int(r.denominator or 0) for r in counted)
        value = ascof.percentage(numerator, denominator)
        reason = "" if value is not None else next((r.reason for r in mine if r.reason), "")
        out[key] = MeasureResult(key, numerator, denominator, value, reason=reason, breakdowns=breakdowns)
    return out


def _one_council(args: tuple[list[Path], date, date]) -> dict[str, MeasureResult]:
    sources, start, end = args
    return measures.compute(sources, start=start, end=end)


def compute_by_council(
    councils: Mapping[str, Sequence[Path]],
    *,
    start: date,
    end: date,
    population: Mapping[str, int] | None = None,
    workers: int = 1,
) -> dict[str, MeasureResult]:
    """Each council's files measured alone (council code -> its submissions, oldest first), then added up.
    `population` is the whole area's (the sum of the councils'), for 2B and 2C."""
    jobs = [(list(files), start, end) for _, files in sorted(councils.items())]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            parts = list(pool.map(_one_council, jobs))
    else:
        parts = [_one_council(job) for job in jobs]
    return combine(parts, population=population)
