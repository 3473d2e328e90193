"""Employer's National Insurance and pension contributions for a personal assistant: worked examples by tax year,
and properties that hold for any earnings."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.employer_costs import (
    ENROLLED,
    NOT_ELIGIBLE,
    OPTED_OUT,
    PayPeriod,
    employer_costs,
    employer_national_insurance,
    employer_pension,
    pay_period,
    tax_year_of,
    under_state_pension_age,
)
from carecommons.rules.rates import EMPLOYER_NI, PENSION_THRESHOLDS

WEEK_2025 = PayPeriod(dt.date(2025, 6, 2), dt.date(2025, 6, 8), "week")
WEEK_2024 = PayPeriod(dt.date(2024, 6, 3), dt.date(2024, 6, 9), "week")
WEEK_2026 = PayPeriod(dt.date(2026, 6, 1), dt.date(2026, 6, 7), "week")
BORN_30 = dt.date(1995, 1, 1)


def ni(gross, period=WEEK_2025, paid_on=None, age=30, claims=False, used=0):
    return employer_national_insurance(gross=gross, period=period, paid_on=paid_on or period.end, worker="Sam",
                                       worker_age=age, claims_employment_allowance=claims, allowance_used=used,
                                       rates=EMPLOYER_NI)


def pension(gross, period=WEEK_2025, born=BORN_30, age=None, status=ENROLLED):
    return employer_pension(gross=gross, period=period, worker="Sam", worker_born=born, worker_age=age, status=status,
                            thresholds=PENSION_THRESHOLDS)


@pytest.mark.parametrize(("day", "year"), [
    (dt.date(2025, 4, 5), "2024-25"), (dt.date(2025, 4, 6), "2025-26"), (dt.date(2026, 4, 1), "2025-26"),
    (dt.date(2026, 4, 5), "2025-26"), (dt.date(2026, 4, 6), "2026-27"), (dt.date(2027, 1, 1), "2026-27"),
])
def test_tax_years_run_from_6_april_to_5_april_not_1_april(day, year):
    assert tax_year_of(day) == year


@pytest.mark.parametrize(("gross", "period", "paid_on", "expected", "why"), [
    # 2025-26: 15% above £96 a week (NICs (Secondary Class 1 Contributions) Act 2025 ss1-2)
    (30_000, WEEK_2025, None, 3_060, "£300 - £96 = £204; 15% is £30.60"),
    (9_600, WEEK_2025, None, 0, "exactly at the threshold: none"),
    (9_601, WEEK_2025, None, 0, "1p above: 0.15p rounds to nothing"),
    (9_604, WEEK_2025, None, 1, "4p above: 0.6p rounds to 1p"),
    # 2024-25: 13.8% above £175 a week
    (30_000, WEEK_2024, None, 1_725, "£300 - £175 = £125; 13.8% is £17.25"),
    (17_500, WEEK_2024, None, 0, "at the 2024-25 threshold: none"),
    # a fortnight: two weeks' thresholds, £192
    (60_000, PayPeriod(dt.date(2025, 6, 2), dt.date(2025, 6, 15), "fortnight"), None, 6_120, "£600 - £192 = £408"),
    # a month: the monthly equivalent, £417
    (130_000, PayPeriod(dt.date(2025, 6, 1), dt.date(2025, 6, 30), "month"), None, 13_245, "£1,300 - £417 = £883"),
    # the payment date decides the tax year: wages for the first week of April paid on 7 April 2025
    (30_000, PayPeriod(dt.date(2025, 3, 31), dt.date(2025, 4, 6), "week"), dt.date(2025, 4, 7), 3_060, "paid in 2025-26"),
    (30_000, PayPeriod(dt.date(2025, 3, 29), dt.date(2025, 4, 4), "week"), dt.date(2025, 4, 5), 1_725, "paid in 2024-25"),
])
def test_employer_national_insurance_worked_examples(gross, period, paid_on, expected, why):
    cost = ni(gross, period, paid_on)
    assert cost.pence == expected, why
    assert cost.flags == ()
    assert any("secondary threshold" in r for r in cost.reasons)


def test_the_2025_26_reason_cites_the_act_and_the_figures():
    reasons = " ".join(ni(30_000).reasons)
    assert "15%" in reasons and "£96.00" in reasons and "Secondary Class 1 Contributions) Act 2025" in reasons
    assert "£300.00 less £96.00 is £204.00" in reasons and "£30.60" in reasons


def test_2026_27_is_not_worked_out_because_the_threshold_is_not_entered_never_zero():
    cost = ni(30_000, WEEK_2026)
    assert cost.pence is None
    assert cost.flags[0].message.startswith("Employer's National Insurance for 2026-27 has not been entered, so it "
                                            "has not been set aside")


def test_a_year_with_no_row_at_all_is_not_worked_out():
    assert ni(30_000, PayPeriod(dt.date(2023, 6, 5), dt.date(2023, 6, 11), "week")).pence is None


def test_a_worker_under_21_is_flagged_not_charged_category_a():
    cost = ni(30_000, age=20)
    assert cost.pence is None and "under 21" in cost.flags[0].message


def test_the_employment_allowance_covers_national_insurance_until_it_is_used_up():
    full = ni(30_000, claims=True)
    assert (full.pence, full.allowance_claimed) == (0, 3_060)
    nearly_used = ni(30_000, claims=True, used=1_050_000 - 1_000)
    assert (nearly_used.pence, nearly_used.allowance_claimed) == (2_060, 1_000)
    used_up = ni(30_000, claims=True, used=1_050_000)
    assert (used_up.pence, used_up.allowance_claimed) == (3_060, 0)
    assert "Employment Allowance of £10,500.00" in " ".join(full.reasons)


def test_2024_25_allowance_was_5000():
    assert ni(30_000, WEEK_2024, claims=True, used=500_000).pence == 1_725
    assert ni(30_000, WEEK_2024, claims=True, used=499_000).pence == 725


def test_not_claiming_the_allowance_is_said():
    assert "does not claim the Employment Allowance" in " ".join(ni(30_000).reasons)


@pytest.mark.parametrize(("gross", "born", "status", "expected", "category"), [
    # 2025-26 weekly: lower £120, trigger £192, upper £967 (The Pensions Regulator)
    (30_000, BORN_30, ENROLLED, 540, "eligible_jobholder"),  # 3% of (£300 - £120) = £5.40
    (100_000, BORN_30, ENROLLED, 2_541, "eligible_jobholder"),  # capped at £967: 3% of £847 = £25.41
    (19_200, BORN_30, ENROLLED, 216, "non_eligible_jobholder"),  # at the trigger, not above it
    (10_000, BORN_30, ENROLLED, 0, "entitled_worker"),  # below the lower level: no qualifying earnings
    (30_000, dt.date(2004, 1, 1), ENROLLED, 540, "non_eligible_jobholder"),  # aged 21: opted in
    (30_000, BORN_30, OPTED_OUT, 0, "eligible_jobholder"),
    (30_000, dt.date(2004, 1, 1), NOT_ELIGIBLE, 0, "non_eligible_jobholder"),  # aged 21, not enrolled
    (10_000, BORN_30, NOT_ELIGIBLE, 0, "entitled_worker"),
    (30_000, dt.date(1958, 1, 1), NOT_ELIGIBLE, 0, "non_eligible_jobholder"),  # 67: over state pension age
    (30_001, BORN_30, ENROLLED, 541, "eligible_jobholder"),  # 3% of £180.01 = 540.03p, rounded up
])
def test_employer_pension_worked_examples(gross, born, status, expected, category):
    cost = pension(gross, born=born, status=status)
    assert (cost.pence, cost.category) == (expected, category)
    assert cost.flags == ()


def test_a_worker_aged_21_is_not_eligible_for_automatic_enrolment():
    cost = pension(30_000, born=dt.date(2004, 1, 1), status=NOT_ELIGIBLE)
    assert cost.category == "non_eligible_jobholder" and "may opt in" in cost.reasons[0]


def test_an_eligible_worker_recorded_as_not_eligible_is_flagged_and_nothing_is_set_aside():
    cost = pension(30_000, status=NOT_ELIGIBLE)
    assert cost.pence is None and "must enrol them" in cost.flags[0].message


def test_an_unknown_age_above_the_trigger_is_flagged():
    cost = pension(30_000, born=None, status=NOT_ELIGIBLE)
    assert cost.pence is None and "date of birth is not recorded" in cost.flags[0].message


def test_pension_thresholds_follow_the_year_the_pay_period_starts():
    assert pension(30_000, period=WEEK_2026).pence == 540  # 2026-27: maintained at the 2025-26 levels
    cost = pension(30_000, period=PayPeriod(dt.date(2023, 6, 5), dt.date(2023, 6, 11), "week"))
    assert cost.pence is None and "2023-24 have not been entered" in cost.flags[0].message


def test_a_month_uses_the_monthly_band():
    month = PayPeriod(dt.date(2025, 6, 1), dt.date(2025, 6, 30), "month")
    assert pension(130_000, period=month).pence == 2_340  # 3% of (£1,300 - £520)


def test_more_than_a_month_is_not_one_pay_period():
    period = pay_period([dt.date(2025, 6, 1), dt.date(2025, 7, 15)])
    costs = employer_costs(gross=500_000, period=period, paid_on=dt.date(2025, 7, 16), worker="Sam", worker_born=BORN_30,
                           worker_age=None, pension_status=ENROLLED, claims_employment_allowance=False, allowance_used=0,
                           ni_rates=EMPLOYER_NI, pension_thresholds=PENSION_THRESHOLDS)
    assert costs.national_insurance.pence is None and costs.pension.pence is None and len(costs.flags) == 2


@pytest.mark.parametrize(("days", "length"), [
    ([dt.date(2025, 6, 2)], "week"), ([dt.date(2025, 6, 2), dt.date(2025, 6, 8)], "week"),
    ([dt.date(2025, 6, 2), dt.date(2025, 6, 9)], "fortnight"), ([dt.date(2025, 6, 2), dt.date(2025, 6, 29)], "four_weeks"),
    ([dt.date(2025, 6, 2), dt.date(2025, 6, 30)], "month"), ([dt.date(2025, 1, 1), dt.date(2025, 1, 31)], "month"),
    ([dt.date(2025, 1, 1), dt.date(2025, 2, 1)], ""),
])
def test_a_timesheet_is_a_week_unless_its_shifts_span_more(days, length):
    assert pay_period(days).length == length


@pytest.mark.parametrize(("born", "day", "under"), [
    (dt.date(1959, 12, 1), dt.date(2025, 11, 30), True), (dt.date(1959, 12, 1), dt.date(2025, 12, 1), False),
    (dt.date(1960, 4, 6), dt.date(2026, 4, 6), True), (dt.date(1960, 4, 6), dt.date(2026, 5, 6), False),  # 66 and 1 month
    (dt.date(1960, 12, 31), dt.date(2027, 9, 29), True), (dt.date(1960, 12, 31), dt.date(2027, 9, 30), False),  # 66 and 9
    (dt.date(1961, 3, 6), dt.date(2028, 3, 5), True), (dt.date(1961, 3, 6), dt.date(2028, 3, 6), False),  # 67
])
def test_state_pension_age(born, day, under):
    assert under_state_pension_age(born, day) is under


money = st.integers(min_value=0, max_value=2_000_000)
periods = st.sampled_from([WEEK_2024, WEEK_2025, PayPeriod(dt.date(2025, 6, 1), dt.date(2025, 6, 30), "month"),
                           PayPeriod(dt.date(2025, 6, 2), dt.date(2025, 6, 15), "fortnight")])


@given(money, periods, st.booleans(), st.integers(min_value=0, max_value=2_000_000))
def test_employer_national_insurance_is_never_negative_and_zero_at_or_below_the_threshold(gross, period, claims, used):
    cost = ni(gross, period, claims=claims, used=used)
    assert cost.pence is not None and cost.pence >= 0 and cost.allowance_claimed >= 0
    row = next(r for r in EMPLOYER_NI if r.tax_year == tax_year_of(period.end))
    threshold = row.monthly_threshold if period.length == "month" else row.weekly_threshold * (2 if period.length == "fortnight" else 1)
    if gross <= threshold:
        assert cost.pence == 0 and cost.allowance_claimed == 0
    assert cost.pence + cost.allowance_claimed <= gross  # never more than the earnings


@given(money, money, periods)
def test_employer_costs_never_fall_as_gross_pay_rises(a, b, period):
    low, high = sorted((a, b))
    assert ni(low, period).pence <= ni(high, period).pence
    assert pension(low, period).pence <= pension(high, period).pence


@given(money, periods)
def test_the_pension_contribution_is_at_least_3_percent_of_qualifying_earnings_and_less_than_a_penny_more(gross, period):
    cost = pension(gross, period)
    row = next(r for r in PENSION_THRESHOLDS if r.tax_year == tax_year_of(period.start))
    qualifying = max(min(gross, row.upper[period.length]) - row.lower[period.length], 0)
    assert qualifying * 3 <= cost.pence * 100 < qualifying * 3 + 100
