from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.booking import (
    SlotView,
    booking_link_expires,
    booking_link_open,
    can_change_booking,
    first_free_seat,
    part_of_day,
    soonest_free_slots,
    suits_times,
)
from carecommons.rules.dated import months_after

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("capacity", "taken", "expected"), [(1, [], 1), (1, [1], None), (3, [1, 3], 2), (2, [2], 1), (0, [], None)])
def test_first_free_seat(capacity, taken, expected):
    assert first_free_seat(capacity=capacity, taken=taken) == expected


@given(st.integers(min_value=1, max_value=10), st.sets(st.integers(min_value=1, max_value=10)))
def test_a_seat_offered_is_never_taken_and_within_capacity(capacity, taken):
    seat = first_free_seat(capacity=capacity, taken=taken)
    if seat is None:
        assert set(range(1, capacity + 1)) <= taken
    else:
        assert 1 <= seat <= capacity and seat not in taken


def test_soonest_free_slots_skips_full_and_past_slots_and_limits_per_hub():
    slots = [
        SlotView(1, 10, NOW - timedelta(hours=1), 1, 0),  # past
        SlotView(2, 10, NOW + timedelta(hours=1), 1, 1),  # full
        SlotView(3, 10, NOW + timedelta(hours=3), 2, 1),
        SlotView(4, 10, NOW + timedelta(hours=2), 1, 0),
        SlotView(5, 10, NOW + timedelta(hours=4), 1, 0),
        SlotView(6, 20, NOW + timedelta(days=1), 1, 0),
    ]
    result = soonest_free_slots(slots, after=NOW, per_hub=2)
    assert [s.slot_id for s in result[10]] == [4, 3]
    assert [s.slot_id for s in result[20]] == [6]


@pytest.mark.parametrize(
    ("starts", "cancelled", "allowed"),
    [(NOW + timedelta(minutes=1), False, True), (NOW, False, False), (NOW - timedelta(days=1), False, False), (NOW + timedelta(days=1), True, False)],
)
def test_a_booking_can_be_changed_until_it_starts(starts, cancelled, allowed):
    decision = can_change_booking(starts_at=starts, cancelled=cancelled, now=NOW)
    assert decision.allowed is allowed
    assert decision.reasons


@pytest.mark.parametrize(("hour", "part"), [(9, "morning"), (11, "morning"), (12, "afternoon"), (16, "afternoon"), (17, "evening")])
def test_part_of_day(hour, part):
    assert part_of_day(NOW.replace(hour=hour)) == part


def test_no_preference_suits_any_time():
    assert suits_times(NOW.replace(hour=18), preferred=[])
    assert not suits_times(NOW.replace(hour=18), preferred=["morning"])


# --- how long a booking's link works -------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 3, 10, 14, 30), 1, datetime(2026, 4, 10, 14, 30)),
        (datetime(2026, 1, 31, 9, 0), 1, datetime(2026, 2, 28, 9, 0)),  # a shorter month: its last day
        (datetime(2028, 1, 31, 9, 0), 1, datetime(2028, 2, 29, 9, 0)),  # a leap year
        (datetime(2026, 12, 15, 9, 0), 1, datetime(2027, 1, 15, 9, 0)),  # into the next year
        (datetime(2028, 2, 29, 9, 0), 12, datetime(2029, 2, 28, 9, 0)),
        (datetime(2026, 11, 30, 9, 0), 3, datetime(2027, 2, 28, 9, 0)),
    ],
)
def test_months_after_is_the_same_day_or_the_months_last_day(moment, months, expected):
    assert months_after(moment, months) == expected


def test_a_booking_link_works_until_a_month_after_the_conversation():
    starts = datetime(2026, 3, 10, 14, 30)
    assert booking_link_expires(starts_at=starts, months=1) == datetime(2026, 4, 10, 14, 30)
    assert booking_link_open(starts_at=starts, months=1, now=datetime(2026, 4, 10, 14, 29))
    assert not booking_link_open(starts_at=starts, months=1, now=datetime(2026, 4, 10, 14, 30))
