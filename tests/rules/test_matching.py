"""Matching: no proposal breaks a hard constraint, the optimiser beats greedy, and equals brute force on small cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecommons.rules import matching as m

TODAY = dt.date(2026, 11, 29)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 60), st.integers(1, 60), st.integers(0, 10_000), st.floats(5, 60), st.integers(1, 3))
def test_no_proposal_ever_breaks_a_hard_constraint(n_people: int, n_carers: int, seed: int, area: float, capacity: int) -> None:
    people = m.synthetic(n_people, seed=seed, area_km=area, carers=False, today=TODAY)
    carers = m.synthetic(n_carers, seed=seed + 1, area_km=area, carers=True, today=TODAY, capacity=capacity)
    cands = m.candidates(people, carers, today=TODAY)
    proposal = m.solve(people, carers, cands)
    assert m.violations(people, carers, proposal, today=TODAY) == 0
    greedy = m.greedy(people, carers, cands)
    assert m.violations(people, carers, greedy, today=TODAY) == 0
    assert proposal.total_fit >= greedy.total_fit - 1e-6
    # the candidates are exactly the feasible pairs: compare with checking every pair
    p, c = np.meshgrid(np.arange(n_people), np.arange(n_carers), indexing="ij")
    p, c = p.ravel(), c.ravel()
    km = np.hypot(people.x[p] - carers.x[c], people.y[p] - carers.y[c])
    every = set(zip(p[m.feasible(people, carers, p, c, km, today=TODAY)].tolist(), c[m.feasible(people, carers, p, c, km, today=TODAY)].tolist(), strict=True))
    assert set(zip(cands.person.tolist(), cands.carer.tolist(), strict=True)) == every


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.integers(0, 10_000), st.integers(1, 2))
def test_the_optimum_equals_brute_force_on_small_cases(n_people: int, n_carers: int, seed: int, capacity: int) -> None:
    people = m.synthetic(n_people, seed=seed, area_km=12, carers=False, today=TODAY)
    carers = m.synthetic(n_carers, seed=seed + 7, area_km=12, carers=True, today=TODAY, capacity=capacity)
    cands = m.candidates(people, carers, today=TODAY)
    best = m.brute_force(people, carers, cands)
    assert abs(m.solve(people, carers, cands).total_fit - best) <= 1e-6
    if capacity == 1:
        assert abs(m.solve(people, carers, cands, method="scipy").total_fit - best) <= 1e-6


def test_hard_constraints_one_by_one() -> None:
    people = m.synthetic(1, seed=1, area_km=1, carers=False, today=TODAY)
    carers = m.synthetic(1, seed=2, area_km=1, carers=True, today=TODAY)

    def ok(**changes: object) -> bool:
        import dataclasses

        p = dataclasses.replace(people, **{k[2:]: v for k, v in changes.items() if k.startswith("p_")})
        c = dataclasses.replace(carers, **{k[2:]: v for k, v in changes.items() if k.startswith("c_")})
        km = np.hypot(p.x - c.x, p.y - c.y)
        return bool(m.feasible(p, c, np.array([0]), np.array([0]), km, today=TODAY)[0])

    base = {"p_x": np.array([0.0]), "p_y": np.array([0.0]), "c_x": np.array([1.0]), "c_y": np.array([0.0]),
            "p_needs": np.array([m.mask(["step_free"], m.NEEDS)]), "c_needs": np.array([m.mask(["step_free", "personal_care"], m.NEEDS)]),
            "p_traits": np.array([0]), "c_traits": np.array([m.mask(["pets"], m.TRAITS)]), "p_excludes": np.array([0]),
            "c_excludes": np.array([0]), "p_max_km": np.array([5.0]), "c_max_km": np.array([5.0]),
            "c_checks_valid_until": np.array([TODAY.toordinal()]), "c_capacity": np.array([1])}
    assert ok(**base)
    assert not ok(**{**base, "c_needs": np.array([m.mask(["personal_care"], m.NEEDS)])})  # cannot meet a need: no step-free access
    assert not ok(**{**base, "p_excludes": np.array([m.mask(["pets"], m.TRAITS)])})  # the person's "never" list
    assert not ok(**{**base, "c_excludes": np.array([m.mask(["smoker"], m.TRAITS)]), "p_traits": np.array([m.mask(["smoker"], m.TRAITS)])})
    assert not ok(**{**base, "c_checks_valid_until": np.array([TODAY.toordinal() - 1])})  # checks expired yesterday
    assert not ok(**{**base, "c_max_km": np.array([0.5])})  # too far for the carer


def test_pins_and_exclusions_are_respected_and_reasons_are_plain() -> None:
    people = m.synthetic(30, seed=3, area_km=15, carers=False, today=TODAY)
    carers = m.synthetic(30, seed=4, area_km=15, carers=True, today=TODAY)
    cands = m.candidates(people, carers, today=TODAY)
    first = m.solve(people, carers, cands)
    person = int(np.flatnonzero(first.carer >= 0)[0])
    carer = int(first.carer[person])
    again = m.solve(people, carers, cands, excluded={(person, carer)})
    assert again.carer[person] != carer
    others = cands.carer[(cands.person == person) & (cands.carer != carer)]
    if len(others):
        pinned = m.solve(people, carers, cands, pinned={person: int(others[0])})
        assert pinned.carer[person] == int(others[0])
    why = m.explain(people, carers, person, carer, person_name="Ruth", carer_name="Sam")
    assert why.reasons[0].endswith("within what both said they could travel.") and why.talk_about
    assert not any("predict" in r.lower() or "success" in r.lower() for r in why.reasons)


@pytest.mark.parametrize("capacity", [1, 2])
def test_a_popular_carer_does_not_take_everyone(capacity: int) -> None:
    people = m.synthetic(3, seed=5, area_km=1, carers=False, today=TODAY)
    carers = m.synthetic(2, seed=6, area_km=1, carers=True, today=TODAY, capacity=capacity)
    cands = m.candidates(people, carers, today=TODAY)
    proposal = m.solve(people, carers, cands)
    load = np.bincount(proposal.carer[proposal.carer >= 0], minlength=2)
    assert (load <= capacity).all()


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 80), st.integers(1, 80), st.integers(0, 10_000), st.integers(1, 5))
def test_keeping_each_persons_best_inside_the_groups_is_the_same_as_after(n_people: int, n_carers: int, seed: int, k: int) -> None:
    people = m.synthetic(n_people, seed=seed, area_km=20, carers=False, today=TODAY)
    carers = m.synthetic(n_carers, seed=seed + 3, area_km=20, carers=True, today=TODAY)
    everything = m.candidates(people, carers, today=TODAY)
    inside = m.candidates(people, carers, today=TODAY, per_person=k)
    after = m.best_per_person(everything, k)
    assert set(zip(inside.person.tolist(), inside.carer.tolist(), strict=True)) == set(zip(after.person.tolist(), after.carer.tolist(), strict=True))
    assert inside.feasible == len(everything.person)
