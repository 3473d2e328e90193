"""The ASCOF rules: financial years, quarters, DHSC's ages and bands, the population file, rates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules import ascof


def test_a_financial_year_runs_from_1_april_to_31_march():
    assert ascof.financial_year("2025-26") == (date(2025, 4, 1), date(2026, 3, 31))
    assert ascof.financial_year("1999-00") == (date(1999, 4, 1), date(2000, 3, 31))


@pytest.mark.parametrize("text", ["2025", "2025-27", "25-26", "", "twenty"])
def test_a_year_written_otherwise_is_refused_with_how_to_write_it(text):
    with pytest.raises(ValueError, match="2025-26|not a financial year"):
        ascof.financial_year(text)


def test_quarters_step_three_months_from_the_years_start():
    assert ascof.quarters(date(2025, 4, 1), date(2025, 2, 10), date(2025, 9, 30)) == [
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 9, 30)),
    ]


def test_ages_are_dhscs_whole_years_from_the_first_of_the_month():
    birth = ascof.birth_date_for_ages(date(1960, 9, 15))
    assert birth == date(1960, 9, 1)
    assert ascof.age_on(birth, date(2025, 6, 30)) == 64
    assert ascof.age_on(birth, date(2026, 3, 31)) == 65


@given(st.integers(min_value=0, max_value=130))
def test_every_age_has_exactly_one_band(age):
    assert sum(b.lowest <= age <= b.highest for b in ascof.AGE_BANDS) == 1
    assert ascof.age_band(age) != ascof.UNKNOWN_AGE


def test_population_file_rows_are_read_and_each_problem_named():
    header = ["age_band", "population"]
    assert ascof.parse_population(
        [{"age_band": "18-64", "population": "200,000"}, {"age_band": "65+", "population": "5"}], header
    ) == {
        "18-64": 200_000,
        "65+": 5,
    }
    with pytest.raises(ValueError, match="no row for 65\\+"):
        ascof.parse_population([{"age_band": "18-64", "population": "1"}], header)
    with pytest.raises(
        ValueError, match="Line 3: the population for 65\\+ must be a whole number above 0, not '-4'"
    ):
        ascof.parse_population(
            [{"age_band": "18-64", "population": "1"}, {"age_band": "65+", "population": "-4"}], header
        )
    with pytest.raises(ValueError, match="must have the columns age_band and population"):
        ascof.parse_population([], ["band", "people"])


def test_rates_and_percentages_are_to_one_decimal_place():
    assert ascof.per_population(3, 70_000) == 4.3
    assert ascof.percentage(2, 3) == 66.7
    assert ascof.percentage(0, 0) is None
    assert ascof.percentage(1, 16) == 6.3  # 6.25: halves round up, as DHSC's SQL Server ROUND does
    assert ascof.per_population(1, 80_000) == 1.3  # 1.25


def test_the_at_home_list_names_only_accommodation_statuses_cld_knows_or_dhsc_derives():
    from carecommons.rules import cld

    known = set(cld.VALUE_LISTS["Accommodation_Status"]) | {ascof.PRESUMED_AT_HOME}
    assert set(ascof.ACCOMMODATION_AT_HOME) <= known
    for rule in ascof.ACCOMMODATION_FROM_SERVICE:
        assert rule.accommodation in known | {ascof.PRESUMED_IN_COMMUNITY}
