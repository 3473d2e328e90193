"""Continuity of care from visit records."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.continuity import continuity

UNTIL = dt.datetime(2026, 11, 29)
SINCE = UNTIL - dt.timedelta(days=28)


def test_a_small_familiar_team() -> None:
    visits = [(SINCE + dt.timedelta(days=d, hours=8), w) for d in range(28) for w in (("Sam",) if d % 7 else ("Sam", "Jo"))]
    c = continuity(visits, since=SINCE, until=UNTIL, max_workers=6, min_familiar_share=60)
    assert (c.visits, c.workers, c.familiar_share, c.strangers_alert) == (32, 2, 100, False)


def test_a_stream_of_strangers_is_flagged() -> None:
    visits = [(SINCE + dt.timedelta(days=d), f"Worker {d}") for d in range(20)]
    c = continuity(visits, since=SINCE, until=UNTIL, max_workers=6, min_familiar_share=60)
    assert c.workers == 20 and c.familiar_share == 15 and c.strangers_alert
    assert "stream of strangers" in c.reasons[-1]


def test_visits_outside_the_window_do_not_count() -> None:
    visits = [(SINCE - dt.timedelta(seconds=1), "Old"), (UNTIL, "Future"), (SINCE, "In")]
    assert continuity(visits, since=SINCE, until=UNTIL, max_workers=6, min_familiar_share=60).workers == 1
    assert continuity([], since=SINCE, until=UNTIL, max_workers=6, min_familiar_share=60).reasons == ("No visits recorded in the last 28 days.",)


@given(st.lists(st.tuples(st.integers(0, 27), st.sampled_from("ABCDEFGHIJ")), max_size=80))
def test_the_familiar_share_is_a_percentage_and_grows_with_fewer_workers(raw: list[tuple[int, str]]) -> None:
    visits = [(SINCE + dt.timedelta(days=d), w) for d, w in raw]
    c = continuity(visits, since=SINCE, until=UNTIL, max_workers=6, min_familiar_share=60)
    assert 0 <= c.familiar_share <= 100
    if c.workers and c.workers <= 3:
        assert c.familiar_share == 100
