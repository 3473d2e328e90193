"""Personal assistants' pay: service increments, bank holidays, 12.07% holiday pay, living wage flags."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.pa_pay import PayTerms, Shift, calculate_pay, rate_on
from carecommons.rules.rates import WAGE_FLOORS

BANK_HOLIDAYS_2026 = {dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 5, 4), dt.date(2026, 5, 25), dt.date(2026, 8, 31),
                      dt.date(2026, 12, 25), dt.date(2026, 12, 28)}


def terms(rate=1400, multiplier="1.5", years=0, increment=0, london=False):
    return PayTerms(rate, Decimal(multiplier), years, increment, london)


def shift(day, start="09:00", end="13:00"):
    return Shift(dt.date.fromisoformat(day), dt.time.fromisoformat(start), dt.time.fromisoformat(end))


def pay(t, *shifts):
    return calculate_pay(terms=t, shifts=list(shifts), bank_holidays=BANK_HOLIDAYS_2026, floors=WAGE_FLOORS)


def test_an_ordinary_shift_pays_hours_times_the_rate():
    r = pay(terms(1400), shift("2026-06-02"))
    assert r.shifts[0].pay_pence == 5600 and r.shifts[0].hours == Decimal("4.00") and not r.shifts[0].bank_holiday
    assert r.gross_pence == 5600 and r.holiday_pay_accrued_pence == 676  # 12.07% of £56.00 = £6.7592
    assert r.flags == ()


def test_length_of_service_raises_the_rate():
    r = pay(terms(1400, years=3, increment=25), shift("2026-06-02"))
    assert r.gross_pence == 4 * 1475


def test_a_bank_holiday_pays_the_multiplier():
    r = pay(terms(1400, multiplier="2"), shift("2026-05-25"), shift("2026-05-26"))
    assert [s.bank_holiday for s in r.shifts] == [True, False]
    assert r.gross_pence == 4 * 2800 + 4 * 1400 and r.bank_holidays == (dt.date(2026, 5, 25),)


def test_a_shift_past_midnight_pays_the_bank_holiday_rate_for_the_hours_inside_it():
    # domain.md section 6 (issue 13): not the rate of the day it starts.
    r = pay(terms(1400, multiplier="2"), shift("2026-12-24", "22:00", "06:00"))
    assert r.shifts[0].hours == Decimal("8.00") and r.shifts[0].bank_holiday and r.gross_pence == 2 * 1400 + 6 * 2800
    r = pay(terms(1400, multiplier="2"), shift("2026-12-25", "22:00", "02:00"))
    assert r.shifts[0].bank_holiday and r.gross_pence == 2 * 2800 + 2 * 1400


def test_pennies_round_half_up_per_shift():
    r = pay(terms(1271), shift("2026-06-02", "09:00", "09:10"))  # 1271 / 6 = 211.833…
    assert r.shifts[0].pay_pence == 212


@pytest.mark.parametrize(
    ("day", "rate", "levels"),
    [
        ("2026-03-31", 1221, {"warning"}),  # at the April 2025 NLW (£12.21), below the 2025 RLW (£12.60)
        ("2026-04-01", 1221, {"error", "warning"}),  # the NLW rose to £12.71 on 1 April 2026
        ("2026-04-01", 1271, set()),  # at the new NLW, above the 2025 RLW
        ("2026-04-30", 1300, set()),
        ("2026-05-01", 1300, {"warning"}),  # the RLW rose to £13.45 in May 2026
        ("2026-05-01", 1345, set()),
    ],
)
def test_living_wage_flags_follow_the_date(day, rate, levels):
    assert {f.level for f in pay(terms(rate), shift(day)).flags} == levels


def test_london_uses_the_london_real_living_wage():
    assert not pay(terms(1345), shift("2026-06-02")).flags
    flags = pay(terms(1345, london=True), shift("2026-06-02")).flags
    assert [f.level for f in flags] == ["warning"] and "London" in flags[0].message and "£14.80" in flags[0].message


def test_no_rate_data_is_said_plainly():
    flags = pay(terms(1400), shift("2024-06-03")).flags
    assert any("no figure for the National Living Wage" in f.message for f in flags)


def test_overlapping_shifts_are_an_error():
    flags = pay(terms(1400), shift("2026-06-02", "09:00", "13:00"), shift("2026-06-02", "12:00", "14:00")).flags
    assert any(f.level == "error" and "overlap" in f.message for f in flags)


def test_rate_on_picks_the_latest_started():
    assert rate_on(WAGE_FLOORS.national_living_wage, dt.date(2026, 4, 1)).pence == 1271
    assert rate_on(WAGE_FLOORS.national_living_wage, dt.date(2026, 3, 31)).pence == 1221
    assert rate_on(WAGE_FLOORS.national_living_wage, dt.date(2025, 3, 31)) is None


@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=200),
       st.lists(st.integers(min_value=0, max_value=364), min_size=1, max_size=10, unique=True))
def test_gross_is_the_sum_of_shifts_and_bank_holidays_never_pay_less(rate, years, increment, days):
    base = dt.date(2026, 1, 1)
    shifts = [Shift(base + dt.timedelta(days=d), dt.time(9), dt.time(17)) for d in days]
    ordinary = calculate_pay(terms=PayTerms(rate, Decimal("1.5"), years, increment, False), shifts=shifts, bank_holidays=set(), floors=WAGE_FLOORS)
    holiday = calculate_pay(terms=PayTerms(rate, Decimal("1.5"), years, increment, False), shifts=shifts, bank_holidays=BANK_HOLIDAYS_2026, floors=WAGE_FLOORS)
    assert ordinary.gross_pence == sum(s.pay_pence for s in ordinary.shifts)
    assert holiday.gross_pence >= ordinary.gross_pence


def test_a_live_in_shift_from_eight_to_eight_is_24_hours():
    assert pay(terms(1400), shift("2026-06-02", "08:00", "08:00")).shifts[0].hours == Decimal("24.00")


# --- Issue 13: the minimum wage by age band, night shifts into a bank holiday, holiday pay -------------

def _terms(rate, **kw):
    from decimal import Decimal

    from carecommons.rules.pa_pay import PayTerms

    return PayTerms(rate, Decimal("1.5"), 0, 0, False, **kw)


@pytest.mark.parametrize(("age", "apprentice", "rate", "error"), [
    (30, False, 1_270, True),  # below the 2026 NLW of £12.71
    (30, False, 1_271, False),
    (20, False, 1_085, False),  # 18-20: £10.85 from April 2026
    (20, False, 1_084, True),
    (17, False, 800, False),  # under 18: £8.00
    (17, False, 799, True),
    (25, True, 800, False),  # an apprentice in their first year: £8.00 whatever their age
    (None, False, 1_100, True),  # age unknown: checked against the 21-and-over rate
])
def test_the_minimum_wage_follows_the_workers_age_band(age, apprentice, rate, error):
    from carecommons.rules.pa_pay import Shift, calculate_pay
    from carecommons.rules.rates import WAGE_FLOORS

    result = calculate_pay(terms=_terms(rate, worker_age=age, apprentice_first_year=apprentice),
                           shifts=[Shift(dt.date(2026, 6, 3), dt.time(9), dt.time(12))], bank_holidays=[], floors=WAGE_FLOORS)
    assert any(f.level == "error" for f in result.flags) is error


def test_the_band_follows_a_birthday_between_shifts():
    from carecommons.rules.pa_pay import Shift, calculate_pay
    from carecommons.rules.rates import WAGE_FLOORS

    born = dt.date(2005, 7, 1)  # 20 until 1 July 2026, then 21
    result = calculate_pay(terms=_terms(1_100, worker_born=born), bank_holidays=[], floors=WAGE_FLOORS,
                           shifts=[Shift(dt.date(2026, 6, 30), dt.time(9), dt.time(12)),
                                   Shift(dt.date(2026, 7, 2), dt.time(9), dt.time(12))])
    errors = [f.message for f in result.flags if f.level == "error"]
    assert len(errors) == 1 and "National Living Wage" in errors[0]


def test_a_night_shift_into_a_bank_holiday_pays_the_holiday_rate_for_the_hours_inside_it():
    from carecommons.rules.pa_pay import Shift, calculate_pay
    from carecommons.rules.rates import WAGE_FLOORS

    christmas = dt.date(2026, 12, 25)
    into = calculate_pay(terms=_terms(1_400), shifts=[Shift(dt.date(2026, 12, 24), dt.time(22), dt.time(6))],
                         bank_holidays=[christmas], floors=WAGE_FLOORS)
    assert into.gross_pence == 2 * 1_400 + 6 * 2_100  # 2 hours on Christmas Eve, 6 on Christmas Day at time and a half
    out_of = calculate_pay(terms=_terms(1_400), shifts=[Shift(christmas, dt.time(22), dt.time(6))],
                           bank_holidays=[christmas], floors=WAGE_FLOORS)
    assert out_of.gross_pence == 2 * 2_100 + 6 * 1_400


def test_holiday_pay_accrues_only_for_irregular_hours():
    from carecommons.rules.pa_pay import Shift, calculate_pay
    from carecommons.rules.rates import WAGE_FLOORS

    shift = [Shift(dt.date(2026, 6, 3), dt.time(9), dt.time(17))]
    assert calculate_pay(terms=_terms(1_400), shifts=shift, bank_holidays=[], floors=WAGE_FLOORS).holiday_pay_accrued_pence == 1_352
    regular = calculate_pay(terms=_terms(1_400, irregular_hours=False), shifts=shift, bank_holidays=[], floors=WAGE_FLOORS)
    assert regular.holiday_pay_accrued_pence == 0
