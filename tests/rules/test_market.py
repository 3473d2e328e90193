"""The market rules: stale ratings, concentration, the ethical scorecard and tender evaluation."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.market import (
    CRITERIA,
    Bid,
    MarketError,
    ProviderFacts,
    concentration,
    evaluate,
    profile_link_expires,
    profile_link_open,
    rating_out_of_date,
    scorecard,
)

WEIGHTS = {"good_employer": 25, "transparency": 15, "tax": 10, "not_for_profit": 10, "local_small": 10, "quality": 20, "social_value": 10}


def test_ratings_go_out_of_date() -> None:
    today = dt.date(2026, 11, 29)
    assert rating_out_of_date(None, today=today, max_age_days=730)
    assert not rating_out_of_date(today - dt.timedelta(days=730), today=today, max_age_days=730)
    assert rating_out_of_date(today - dt.timedelta(days=731), today=today, max_age_days=730)


def test_concentration_worked_examples() -> None:
    assert concentration({"A": 100}).hhi == 10_000
    assert concentration({str(i): 1 for i in range(100)}).hhi == 100
    c = concentration({"A": 50, "B": 30, "C": 20})  # 2500 + 900 + 400
    assert (c.hhi, c.level, c.largest_share_percent) == (3_800, "highly concentrated", 50)
    assert concentration({"A": 1, "B": 1, "C": 1, "D": 1, "E": 1, "F": 1, "G": 1}).level == "unconcentrated"  # 7 x 204
    assert concentration({}).level == "no capacity"


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 1000), min_size=1, max_size=30))
def test_hhi_is_between_a_perfect_market_and_a_monopoly(capacity: dict[str, int]) -> None:
    c = concentration(capacity)
    n = sum(1 for v in capacity.values() if v)
    if n:
        assert round(10_000 / n) - 1 <= c.hhi <= 10_000


def test_a_good_employer_scores_and_the_lines_add_up_to_the_score() -> None:
    facts = ProviderFacts("Brook Lane Care Co-operative", lowest_hourly_pay=1_400, real_living_wage=1_345, sick_pay_above_statutory=True,
                          guaranteed_hours_offered=True, paid_training=True, recognises_union=False, ethical_care_charter=None,
                          profile_completeness=80, tax_residence="United Kingdom", legal_form="cooperative", local=True,
                          employees=30, rating="Good", rating_out_of_date=False, social_value=70)
    card = scorecard(facts, WEIGHTS)
    assert sum(line.contribution for line in card.lines) == card.score
    by = {line.criterion: line for line in card.lines}
    assert by["Good employer"].points == 76 and "Ethical Care Charter: not published" in by["Good employer"].why
    assert by["Quality"].points == 75 and by["Pays tax in the UK"].points == 100 and by["Local and small"].points == 100
    assert card.score == Fraction(76 * 25 + 80 * 15 + 100 * 10 + 100 * 10 + 100 * 10 + 75 * 20 + 70 * 10, 100)


def test_nothing_published_scores_nothing_and_says_so() -> None:
    card = scorecard(ProviderFacts("Silent Ltd"), WEIGHTS)
    assert card.score == 0
    assert all("not" in line.why for line in card.lines)


@given(st.builds(ProviderFacts, name=st.just("X"), lowest_hourly_pay=st.none() | st.integers(0, 3000), real_living_wage=st.just(1345),
                 sick_pay_above_statutory=st.none() | st.booleans(), profile_completeness=st.integers(0, 100),
                 tax_residence=st.sampled_from(["", "UK", "Jersey"]), legal_form=st.sampled_from(["", "company", "charity"]),
                 rating=st.sampled_from(["", "Good", "Inadequate", "Outstanding"]), rating_out_of_date=st.booleans(),
                 social_value=st.none() | st.integers(0, 100)),
       st.dictionaries(st.sampled_from(sorted(CRITERIA)), st.integers(0, 50), min_size=1).filter(lambda w: sum(w.values()) > 0))
def test_the_scorecard_explanation_always_adds_up(facts: ProviderFacts, weights: dict[str, int]) -> None:
    card = scorecard(facts, weights)
    assert sum(line.contribution for line in card.lines) == card.score
    assert 0 <= card.score <= 100


def test_tender_evaluation_is_explained_and_ranked() -> None:
    results = evaluate([Bid("Cheap Ltd", 800_000_00, 60, Fraction(30)), Bid("Good Co-op", 1_000_000_00, 85, Fraction(90))],
                       price_weight=40, quality_weight=40, ethics_weight=20)
    assert [r.bidder for r in results] == ["Good Co-op", "Cheap Ltd"]
    good, cheap = results
    assert cheap.price_points == 40 and good.price_points == 32
    assert good.total == 32 + 34 + 18 and cheap.total == 40 + 24 + 6
    assert good.reasons[-1] == "Total 84.0 of 100, ranked 1 of 2."
    with pytest.raises(MarketError, match="add up to 100"):
        evaluate([Bid("A", 1, 1, Fraction(1))], price_weight=50, quality_weight=40, ethics_weight=20)


def test_distances_and_the_placement_summary() -> None:
    from carecommons.rules.market import km_between, placement_summary

    assert km_between((51.5074, -0.1278), (52.4862, -1.8904)) == pytest.approx(162.9, abs=0.5)  # London to Birmingham
    assert km_between((52.6, -1.2), (52.6, -1.2)) == 0
    summary = placement_summary([(520_000, 10.0), (610_000, 80.0), (450_000, 33.0)], far_km=32.2)
    assert (summary.placements, summary.weekly_spend, summary.median_km, summary.far_away) == (3, 1_580_000, 33.0, 2)
    assert summary.reasons[0] == "3 children are placed here now, at £15,800.00 a week in all."
    assert placement_summary([], far_km=32.2).reasons == ("No children are placed here now.",)


def test_a_profile_link_works_for_twelve_calendar_months() -> None:
    made = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)
    assert profile_link_expires(made_at=made, months=12) == dt.datetime(2027, 12, 6, 10, 0, tzinfo=dt.UTC)
    assert profile_link_open(made_at=made, months=12, now=dt.datetime(2027, 12, 6, 9, 59, tzinfo=dt.UTC))
    assert not profile_link_open(made_at=made, months=12, now=dt.datetime(2027, 12, 6, 10, 0, tzinfo=dt.UTC))
