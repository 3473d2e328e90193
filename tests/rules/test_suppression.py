"""Small-number suppression: nothing published lets anyone work out a count of 1 to 4 people.

The property test plays the reader: for random breakdown tables it lists, by brute force, every table of whole
numbers that agrees with everything published (figures shown, "fewer than 5" = 1 to 4, "not shown" = 5 or more,
groups adding up to the total, each group's numerator and those not counted adding up to its denominator) and
checks that every count of 1 to 4 — shown, hidden or only derivable — could still be at least two values.
This enumeration is written apart from the module's own search, so it checks it rather than repeats it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from carecommons.rules.suppression import (
    FEWER_THAN_5,
    NOT_RECORDED,
    NOT_SHOWN,
    Cell,
    Published,
    Why,
    is_small,
    nested,
    suppress,
    suppress_count,
)


def allowed(cell: Cell | None, ceiling: int) -> range:
    """The values a reader allows a published count."""
    assert cell is not None
    if cell.value is not None:
        return range(cell.value, cell.value + 1)
    if cell.label == FEWER_THAN_5:
        return range(1, 5)
    assert cell.label == NOT_SHOWN
    return range(5, ceiling + 1)


def ways(options: Sequence[range], total: int) -> Iterator[tuple[int, ...]]:
    """Every choice of one value from each range that adds up to `total`."""
    if not options:
        if total == 0:
            yield ()
        return
    head, rest = options[0], options[1:]
    most_rest = sum(r[-1] for r in rest if len(r))
    for value in head:
        if value > total:
            break
        if total - value > most_rest:
            continue
        for tail in ways(rest, total - value):
            yield (value, *tail)


def assert_reader_cannot_recover(
    published: Published, numerator: int, denominator: int | None, truth: dict[str, list[tuple[str, int, int | None]]]
) -> None:
    ceiling = denominator if denominator is not None else numerator
    # Nothing small is ever shown, and a rate is shown only beside both its counts.
    assert published.numerator.value is None or not is_small(published.numerator.value)
    if published.denominator is not None:
        assert published.denominator.value is None or not is_small(published.denominator.value)
    assert published.rate_shown == (published.numerator.shown and (published.denominator is None or published.denominator.shown))
    # The headline alone: numerator + not counted = denominator.
    if denominator is not None:
        seen_n, seen_c = set(), set()
        for n in allowed(published.numerator, ceiling):
            for d in allowed(published.denominator, ceiling):
                if n <= d:
                    seen_n.add(n)
                    seen_c.add(d - n)
        for value, seen in ((numerator, seen_n), (denominator - numerator, seen_c)):
            if is_small(value):
                assert len(seen) >= 2, f"the headline count {value} can be worked out"
        if is_small(denominator):
            assert len(set(allowed(published.denominator, ceiling))) >= 2
    elif is_small(numerator):
        assert not published.numerator.shown
    if not published.numerator.shown or (published.denominator is not None and not published.denominator.shown):
        assert not published.breakdowns, "groups of a hidden headline would add up to it"
    for dimension, groups in published.breakdowns:
        true_rows = {g: (n, d) for g, n, d in truth[dimension]}
        for g in groups:
            assert g.numerator.value is None or not is_small(g.numerator.value)
            assert g.denominator is None or g.denominator.value is None or not is_small(g.denominator.value)
            assert g.rate_shown == (g.numerator.shown and g.denominator is not None and g.denominator.shown)
            if g.group == NOT_RECORDED and g.group not in true_rows:
                continue
            n, d = true_rows[g.group]
            assert g.numerator.value in (None, n)
        # Every table a reader would believe: numerators first, then those not counted.
        n_options = [allowed(g.numerator, ceiling) for g in groups]
        seen_n: list[set[int]] = [set() for _ in groups]
        seen_d: list[set[int]] = [set() for _ in groups]
        seen_c: list[set[int]] = [set() for _ in groups]
        for ns in ways(n_options, numerator):
            if denominator is None:
                for i, n in enumerate(ns):
                    seen_n[i].add(n)
                continue
            c_options = []
            for g, n in zip(groups, ns, strict=True):
                d_range = allowed(g.denominator, ceiling)
                c_options.append(range(max(d_range[0] - n, 0), d_range[-1] - n + 1))
            for cs in ways(c_options, denominator - numerator):
                for i, (n, c) in enumerate(zip(ns, cs, strict=True)):
                    seen_n[i].add(n)
                    seen_c[i].add(c)
                    seen_d[i].add(n + c)
        actual = {g: (n, d) for g, n, d in truth[dimension]}
        for i, g in enumerate(groups):
            n, d = actual.get(g.group, (0, 0 if denominator is not None else None))
            if g.group == NOT_RECORDED:
                n = numerator - sum(v for k, (v, _) in actual.items() if k != NOT_RECORDED)
                if denominator is not None:
                    d = denominator - sum(w or 0 for k, (_, w) in actual.items() if k != NOT_RECORDED)
            assert n in seen_n[i], "the real table must be among those the reader believes"
            if is_small(n):
                assert len(seen_n[i]) >= 2, f"{dimension} {g.group}: numerator {n} can be worked out"
            if denominator is not None and d is not None:
                if is_small(d):
                    assert len(seen_d[i]) >= 2, f"{dimension} {g.group}: denominator {d} can be worked out"
                if is_small(d - n):
                    assert len(seen_c[i]) >= 2, f"{dimension} {g.group}: the {d - n} not counted can be worked out"


@st.composite
def rated_tables(draw: st.DrawFn) -> tuple[int, int, dict[str, list[tuple[str, int, int | None]]]]:
    """A headline from the first breakdown's groups (plus people in none), and perhaps a second breakdown that
    splits the same people another way."""
    first: list[tuple[str, int, int | None]] = []
    for i in range(draw(st.integers(1, 3))):
        n = draw(st.integers(0, 8))
        first.append((f"group {i}", n, n + draw(st.integers(0, 8))))
    extra_n = draw(st.integers(0, 3))
    numerator = sum(n for _, n, _ in first) + extra_n
    denominator = sum(d or 0 for _, _, d in first) + extra_n + draw(st.integers(0, 3))
    dims: dict[str, list[tuple[str, int, int | None]]] = {"age_band": first}
    if draw(st.booleans()):
        second: list[tuple[str, int, int | None]] = []
        left_n, left_c = numerator, denominator - numerator
        for i in range(draw(st.integers(1, 3))):
            n, c = draw(st.integers(0, left_n)), draw(st.integers(0, left_c))
            second.append((f"kind {i}", n, n + c))
            left_n, left_c = left_n - n, left_c - c
        dims["sex"] = second
    return numerator, denominator, dims


@settings(max_examples=300, deadline=None)
@given(rated_tables())
def test_no_small_count_can_be_worked_out_from_a_published_percentage_measure(table) -> None:
    numerator, denominator, dims = table
    published = suppress(numerator, denominator, dims)
    assert_reader_cannot_recover(published, numerator, denominator, dims)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=4), st.integers(0, 4))
def test_no_small_count_can_be_worked_out_from_a_published_rate_per_population(counts, unrecorded) -> None:
    rows: list[tuple[str, int, int | None]] = [(f"group {i}", n, None) for i, n in enumerate(counts)]
    numerator = sum(counts) + unrecorded
    published = suppress(numerator, None, {"age_band": rows})
    assert_reader_cannot_recover(published, numerator, None, {"age_band": rows})


def test_a_count_of_1_to_4_reads_fewer_than_5_and_0_is_shown() -> None:
    assert suppress_count(3) == Cell(None, FEWER_THAN_5, Why.SMALL)
    assert suppress_count(0) == Cell(0)
    assert suppress_count(5) == Cell(5)
    assert suppress(0, 40).numerator == Cell(0)


def test_those_not_counted_are_people_too_48_of_50_hides_the_48() -> None:
    published = suppress(48, 50)
    assert published.numerator == Cell(None, NOT_SHOWN, Why.SMALL_REST)
    assert published.denominator == Cell(50)
    assert not published.rate_shown  # 96.0% of 50 would give the 48 back


def test_one_small_group_hides_a_second_so_the_total_does_not_give_it_away() -> None:
    published = suppress(60, None, {"sex": [("Female", 30, None), ("Male", 27, None), ("Other", 3, None)]})
    (dimension, groups), = published.breakdowns
    shown = {g.group: (g.numerator.value, g.numerator.label) for g in groups}
    assert shown["Other"] == (None, FEWER_THAN_5)
    assert shown["Male"] == (None, NOT_SHOWN)  # the smallest count that protects it
    assert shown["Female"] == (30, "")


def test_the_groups_are_made_to_add_up_with_not_recorded() -> None:
    published = suppress(40, None, {"sex": [("Female", 20, None), ("Male", 13, None)]})
    (_, groups), = published.breakdowns
    assert [g.group for g in groups] == ["Female", "Male", NOT_RECORDED]
    assert groups[2].numerator == Cell(7)


def test_a_hidden_headline_publishes_no_breakdown() -> None:
    published = suppress(3, 20, {"age_band": [("18-64", 1, 10), ("65+", 2, 10)]})
    assert published.breakdowns == ()
    assert published.withheld == (("age_band", Why.HEADLINE_HIDDEN),)
    assert published.numerator.label == FEWER_THAN_5 and published.denominator == Cell(20)


def test_groups_that_add_up_to_more_than_the_total_are_not_published() -> None:
    published = suppress(10, 50, {"sex": [("Female", 8, 30), ("Male", 8, 30)]})
    assert published.withheld == (("sex", Why.INCONSISTENT),)


@st.composite
def nested_tables(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    """Outer groups (people with self-directed support of those in long-term support) and, inside each, inner
    groups (those of them with a direct payment)."""
    outer: list[tuple[str, int, int | None]] = []
    inner: list[tuple[str, int, int | None]] = []
    for i in range(draw(st.integers(1, 3))):
        n = draw(st.integers(0, 12))
        d = n + draw(st.integers(0, 8))
        outer.append((f"group {i}", n, d))
        inner.append((f"group {i}", n - draw(st.integers(0, n)), d))
    return outer, inner


@settings(max_examples=300, deadline=None)
@given(nested_tables())
def test_a_measure_inside_another_never_lets_their_difference_be_a_small_count(tables) -> None:
    outer_rows, inner_rows = tables
    n_out, n_in, d = (sum(r[1] for r in outer_rows), sum(r[1] for r in inner_rows),
                      sum(r[2] or 0 for r in outer_rows))
    outer = suppress(n_out, d, {"age_band": outer_rows})
    inner = nested(outer, suppress(n_in, d, {"age_band": inner_rows}), (n_out, {"age_band": outer_rows}),
                   (n_in, {"age_band": inner_rows}))
    assert_reader_cannot_recover(inner, n_in, d, {"age_band": inner_rows})
    if outer.numerator.shown and inner.numerator.shown:
        assert not is_small((outer.numerator.value or 0) - (inner.numerator.value or 0))
    outer_groups = dict(outer.breakdowns)
    for dimension, groups in inner.breakdowns:
        partner = {g.group: g for g in outer_groups[dimension]}
        for g in groups:
            o = partner[g.group]
            assert g.numerator.shown and o.numerator.shown  # never one side hidden beside the other shown
            assert not is_small((o.numerator.value or 0) - (g.numerator.value or 0))


def test_direct_payments_inside_self_directed_support_hide_a_difference_of_3() -> None:
    outer = suppress(40, 60)
    inner = nested(outer, suppress(37, 60), (40, {}), (37, {}))
    assert inner.numerator == Cell(None, NOT_SHOWN, Why.NESTED) and not inner.rate_shown
