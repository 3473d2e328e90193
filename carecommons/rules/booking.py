"""Booking policy: free places in hub sessions, and what can still be changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from carecommons.rules.dated import months_after


@dataclass(frozen=True)
class SlotView:
    """What the rules need to know about one bookable time at a hub."""

    slot_id: int
    hub_id: int
    starts_at: datetime
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


def first_free_seat(*, capacity: int, taken: Iterable[int]) -> int | None:
    """The lowest seat number (1..capacity) not taken, or None when the slot is full."""
    taken_set = set(taken)
    for seat in range(1, capacity + 1):
        if seat not in taken_set:
            return seat
    return None


def soonest_free_slots(
    slots: Iterable[SlotView], *, after: datetime, per_hub: int
) -> dict[int, list[SlotView]]:
    """For each hub, its `per_hub` soonest slots that start after `after` and have a free place."""
    result: dict[int, list[SlotView]] = {}
    for slot in sorted(slots, key=lambda s: (s.starts_at, s.slot_id)):
        if slot.starts_at <= after or slot.free <= 0:
            continue
        chosen = result.setdefault(slot.hub_id, [])
        if len(chosen) < per_hub:
            chosen.append(slot)
    return result


@dataclass(frozen=True)
class ChangeDecision:
    allowed: bool
    reasons: tuple[str, ...]


def can_change_booking(*, starts_at: datetime, cancelled: bool, now: datetime) -> ChangeDecision:
    """A booking can be cancelled or moved until its start time, and not once cancelled."""
    if cancelled:
        return ChangeDecision(False, ("This booking has already been cancelled.",))
    if starts_at <= now:
        return ChangeDecision(False, ("This conversation time has already passed.",))
    return ChangeDecision(True, ("The conversation has not started yet, so it can still be changed.",))


RESENDS_A_DAY = 3  # how many times a booking's details are sent again, in any 24 hours, to someone asking twice


@dataclass(frozen=True)
class ResendDecision:
    allowed: bool
    reasons: tuple[str, ...]


def can_resend_confirmation(*, resent_in_last_day: int, limit: int = RESENDS_A_DAY) -> ResendDecision:
    """Asking twice sends the booking's details again to the contact details given before, but no more than `limit`
    times in 24 hours: anyone who knows a name and a phone number could otherwise use it to pester that person."""
    if resent_in_last_day >= limit:
        return ResendDecision(False, (f"The details have already been sent again {limit} times today. We will not "
                                      "send them again until tomorrow, so nobody gets too many messages.",))
    return ResendDecision(True, (f"Sent again {resent_in_last_day} of {limit} times in the last 24 hours.",))


def booking_link_expires(*, starts_at: datetime, months: int) -> datetime:
    """A booking's link (to see, change or cancel it, or add it to a calendar) works until `months` after the time."""
    return months_after(starts_at, months)


def booking_link_open(*, starts_at: datetime, months: int, now: datetime) -> bool:
    return now < booking_link_expires(starts_at=starts_at, months=months)


PARTS_OF_DAY = ("morning", "afternoon", "evening")


def part_of_day(starts_at: datetime) -> str:
    """Morning before 12:00, afternoon before 17:00, evening after (in the time given)."""
    if starts_at.hour < 12:
        return "morning"
    if starts_at.hour < 17:
        return "afternoon"
    return "evening"


def suits_times(starts_at: datetime, *, preferred: Iterable[str]) -> bool:
    """True when the slot falls in one of the preferred parts of the day (no preference suits all)."""
    wanted = set(preferred)
    return not wanted or part_of_day(starts_at) in wanted


# --- A hub's day: who came ---------------------------------------------------------------------


class Attendance(StrEnum):
    """What happened at a booked time, as marked on the hub's day."""

    ARRIVED = "arrived"
    DID_NOT_ATTEND = "did_not_attend"


ATTENDANCE_WORDS: dict[str, str] = {Attendance.ARRIVED: "Arrived", Attendance.DID_NOT_ATTEND: "Did not attend"}


def can_mark_attendance(*, slot_day: date, today: date, cancelled: bool, marked: str,
                        held: bool = False) -> ChangeDecision:
    """A booking is marked once, from the day of its conversation, never when it was cancelled, and not once
    the conversation has been recorded (they came)."""
    if marked:
        words = ATTENDANCE_WORDS.get(marked, marked)
        return ChangeDecision(False, (f"This booking is already marked \u201c{words}\u201d. "
                                      "If that was a mistake, undo it first.",))
    if cancelled:
        return ChangeDecision(False, ("This booking was cancelled, so there is nothing to mark.",))
    if held:
        return ChangeDecision(False, ("The conversation has been recorded, so they came.",))
    if slot_day > today:
        return ChangeDecision(False, ("This conversation is on a later day. You can mark it on the day.",))
    return ChangeDecision(True, ("The day of the conversation has come, so you can say who came.",))


def can_undo_attendance(*, marked: str, marked_on: date | None, today: date) -> ChangeDecision:
    """A mark can be undone on the day it was made (a mistaken click), not later."""
    if not marked or marked_on is None:
        return ChangeDecision(False, ("Nothing has been marked for this booking, so there is nothing to undo.",))
    if marked_on != today:
        return ChangeDecision(False, ("You can only undo a mark on the day it was made. "
                                      "Ask a manager if it needs correcting.",))
    return ChangeDecision(True, ("The mark was made today, so it can be undone.",))
