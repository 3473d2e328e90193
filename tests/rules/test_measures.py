from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.measures import (
    FollowUpAnswer,
    days_to_conversation,
    median,
    nearest_rank_percentile,
    summarise_follow_ups,
)

AS_OF = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [([1], 90, 1), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, 10),
     ([3, 5], 50, 3), ([0, 0, 0, 30], 90, 30), ([2, 4, 6], 100, 6)],
)
def test_nearest_rank_percentile(values, p, expected):
    assert nearest_rank_percentile(values, p) == expected


@pytest.mark.parametrize(("values", "expected"), [([5], 5.0), ([1, 3], 2.0), ([1, 2, 10], 2.0), ([1, 2, 3, 10], 2.5)])
def test_median(values, expected):
    assert median(values) == expected


def test_headline_measure_counts_only_conversations_held_in_the_window():
    pairs = [
        (AS_OF - timedelta(days=10), AS_OF - timedelta(days=3)),  # 7 days, in
        (AS_OF - timedelta(days=5), AS_OF),  # 5 days, in (window includes as_of)
        (AS_OF - timedelta(days=120), AS_OF - timedelta(days=100)),  # held before the window
        (AS_OF - timedelta(days=92), AS_OF - timedelta(days=89)),  # 3 days, held on the window's first day
    ]
    m = days_to_conversation(pairs, as_of=AS_OF, window_days=90)
    assert m.conversations == 3
    assert m.median_days == 5
    assert m.p90_days == 7
    assert m.window_start == AS_OF - timedelta(days=89)
    assert "Half of people waited 5 days or less" in " ".join(m.reasons)


def test_headline_measure_says_so_when_there_is_nothing_to_measure():
    m = days_to_conversation([], as_of=AS_OF, window_days=90)
    assert m.conversations == 0 and m.median_days is None and m.p90_days is None
    assert "nothing to measure" in m.reasons[0]


@given(st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=200))
def test_median_never_exceeds_the_90th_percentile_by_more_than_rounding(waits):
    pairs = [(AS_OF - timedelta(days=w), AS_OF) for w in waits]
    m = days_to_conversation(pairs, as_of=AS_OF, window_days=90)
    assert m.median_days is not None and m.p90_days is not None
    assert min(waits) <= m.median_days <= max(waits)
    assert m.median_days <= m.p90_days + 0.5


def test_follow_up_summary_counts_answers():
    s = summarise_follow_ups(
        asked=5, answers=[FollowUpAnswer("yes", "yes"), FollowUpAnswer("partly", "too_soon"), FollowUpAnswer("yes", "no")]
    )
    assert (s.answered, s.useful, s.partly_useful, s.made_a_difference) == (3, 2, 1, 1)
    assert s.response_rate == pytest.approx(0.6)
    assert "3 of 5 people answered" in s.reasons[0]


def test_follow_up_summary_refuses_more_answers_than_asked():
    with pytest.raises(ValueError):
        summarise_follow_ups(asked=0, answers=[FollowUpAnswer("yes", "yes")])


@given(st.lists(st.tuples(st.integers(-3, 60), st.integers(1, 5)), max_size=40))
def test_counted_waits_give_the_same_measure_as_every_wait_listed(counts):
    from carecommons.rules.measures import days_to_conversation_counted

    counted = days_to_conversation_counted(counts, as_of=AS_OF, window_days=90)
    waits = sorted(days for days, n in counts for _ in range(n) if days >= 0)
    assert counted.conversations == len(waits)
    if waits:
        assert counted.median_days == median(waits)
        assert counted.p90_days == nearest_rank_percentile(waits, 90)
    else:
        assert counted.median_days is None and counted.p90_days is None


def test_days_waited_leaves_out_a_conversation_before_first_contact():
    from carecommons.rules.measures import days_waited

    assert days_waited(first_contact_on=date(2026, 1, 1), held_on=date(2026, 1, 8)) == 7
    assert days_waited(first_contact_on=date(2026, 1, 8), held_on=date(2026, 1, 1)) is None


def test_waits_in_bands_a_team_reads_at_a_glance() -> None:
    from carecommons.rules.measures import wait_histogram

    bands = dict(wait_histogram([(0, 2), (1, 1), (2, 3), (5, 4), (7, 1), (15, 2), (40, 1), (-1, 9), (3, 0)]))
    assert bands == {"The same day": 2, "1 or 2 days": 4, "3 to 5 days": 4, "6 to 10 days": 1, "11 to 20 days": 2,
                     "More than 20 days": 1}


def test_the_median_wait_week_by_week() -> None:
    from datetime import date

    from carecommons.rules.measures import weekly_medians

    as_of = date(2026, 12, 6)
    rows = [(date(2026, 12, 6), 2, 1), (date(2026, 12, 1), 4, 1), (date(2026, 11, 29), 10, 3), (date(2026, 11, 10), 1, 1),
            (date(2026, 12, 7), 99, 5), (date(2026, 12, 2), -3, 2)]
    weeks = weekly_medians(rows, as_of=as_of, weeks=4)
    assert [w.starts for w in weeks] == [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)]
    assert [(w.conversations, w.median_days) for w in weeks] == [(1, 1.0), (0, None), (3, 10.0), (2, 3.0)]


ANSWERS = st.sampled_from(["yes", "partly", "no", "too_soon", ""])


@given(st.lists(st.tuples(ANSWERS, ANSWERS, st.integers(1, 6)), max_size=20), st.integers(0, 50))
def test_follow_ups_counted_by_the_database_give_the_same_summary_as_every_answer_listed(counted, unanswered):
    from carecommons.rules.measures import summarise_follow_up_counts

    answers = [FollowUpAnswer(u, d) for u, d, n in counted for _ in range(n)]
    asked = len(answers) + unanswered
    assert summarise_follow_up_counts(asked=asked, counted=counted) == summarise_follow_ups(asked=asked, answers=answers)
