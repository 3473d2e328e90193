"""Making bookable slots from hubs' weekly sessions."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from carecommons.hubs.models import Slot, WeeklySession
from carecommons.hubs.services import slots_generate
from carecommons.testing import factories as f

LONDON = ZoneInfo("Europe/London")
TUESDAY = dt.date(2026, 3, 3)  # a Tuesday in GMT


def _session(hub, *, weekday=1, starts="10:00", ends="13:00", minutes=45, places=2) -> WeeklySession:
    return WeeklySession.objects.create(
        hub=hub, weekday=weekday, starts=dt.time.fromisoformat(starts), ends=dt.time.fromisoformat(ends),
        slot_minutes=minutes, places_per_slot=places,
    )


def _local_starts(hub) -> list[tuple[dt.date, str]]:
    return [(s.starts_at.astimezone(LONDON).date(), s.starts_at.astimezone(LONDON).strftime("%H:%M"))
            for s in Slot.objects.filter(hub=hub).order_by("starts_at")]


@pytest.mark.django_db
def test_makes_slots_of_the_session_length_with_its_places() -> None:
    hub = f.HubFactory()
    session = _session(hub)
    made = slots_generate(hub=hub, start=TUESDAY, days=7)
    assert made == 4
    slots = list(Slot.objects.filter(hub=hub).order_by("starts_at"))
    assert [s.starts_at.astimezone(LONDON).strftime("%H:%M") for s in slots] == ["10:00", "10:45", "11:30", "12:15"]
    assert all(s.ends_at - s.starts_at == dt.timedelta(minutes=45) for s in slots)
    assert all(s.capacity == 2 and s.weekly_session == session for s in slots)
    # The last slot ends at 13:00: none would run past the end of the session.
    assert slots[-1].ends_at.astimezone(LONDON).time() == dt.time(13, 0)


@pytest.mark.django_db
def test_only_the_session_weekday_and_only_the_dates_asked_for() -> None:
    hub = f.HubFactory()
    _session(hub, weekday=1, starts="10:00", ends="10:45")
    _session(hub, weekday=4, starts="14:00", ends="14:45")
    made = slots_generate(hub=hub, start=TUESDAY, days=14)  # Tue 3 to Mon 16 March
    assert made == 4
    assert _local_starts(hub) == [
        (dt.date(2026, 3, 3), "10:00"), (dt.date(2026, 3, 6), "14:00"),
        (dt.date(2026, 3, 10), "10:00"), (dt.date(2026, 3, 13), "14:00"),
    ]
    assert slots_generate(hub=hub, start=dt.date(2026, 3, 4), days=1) == 0  # a Wednesday: no session
    assert slots_generate(hub=hub, start=TUESDAY, days=0) == 0


@pytest.mark.django_db
def test_running_again_makes_nothing_new() -> None:
    hub = f.HubFactory()
    _session(hub)
    assert slots_generate(hub=hub, start=TUESDAY, days=28) == 16
    assert slots_generate(hub=hub, start=TUESDAY, days=28) == 0
    assert slots_generate(hub=hub, start=TUESDAY, days=35) == 4  # only the new week
    assert Slot.objects.filter(hub=hub).count() == 20


@pytest.mark.django_db
def test_leaves_a_slot_that_was_made_by_hand_alone() -> None:
    hub = f.HubFactory()
    _session(hub, places=2)
    starts = dt.datetime(2026, 3, 3, 10, 45, tzinfo=LONDON)
    Slot.objects.create(hub=hub, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), capacity=1)
    assert slots_generate(hub=hub, start=TUESDAY, days=1) == 3
    kept = Slot.objects.get(hub=hub, starts_at=starts)
    assert kept.capacity == 1 and kept.weekly_session is None


@pytest.mark.django_db
def test_local_times_stay_the_same_across_the_clocks_changing() -> None:
    """British Summer Time ends on Sunday 25 October 2026 and starts on Sunday 29 March 2026."""
    hub = f.HubFactory()
    _session(hub, starts="10:00", ends="10:45")
    slots_generate(hub=hub, start=dt.date(2026, 10, 20), days=14)
    slots_generate(hub=hub, start=dt.date(2026, 3, 24), days=14)
    utc = [s.starts_at.astimezone(dt.UTC) for s in Slot.objects.filter(hub=hub).order_by("starts_at")]
    assert utc == [
        dt.datetime(2026, 3, 24, 10, 0, tzinfo=dt.UTC),  # GMT
        dt.datetime(2026, 3, 31, 9, 0, tzinfo=dt.UTC),  # BST
        dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.UTC),  # BST
        dt.datetime(2026, 10, 27, 10, 0, tzinfo=dt.UTC),  # GMT
    ]
    assert {t for _, t in _local_starts(hub)} == {"10:00"}


@pytest.mark.django_db
def test_without_a_hub_every_open_hub_gets_slots() -> None:
    open_hub, closed_hub = f.HubFactory(), f.HubFactory(is_open=False)
    _session(open_hub, starts="10:00", ends="10:45")
    _session(closed_hub, starts="10:00", ends="10:45")
    assert slots_generate(start=TUESDAY, days=7) == 1
    assert Slot.objects.filter(hub=open_hub).count() == 1
    assert not Slot.objects.filter(hub=closed_hub).exists()
    # Asked for by name, a closed hub still gets its slots (ready for when it reopens).
    assert slots_generate(hub=closed_hub, start=TUESDAY, days=7) == 1


@pytest.mark.django_db
def test_make_slots_command() -> None:
    hub = f.HubFactory()
    _session(hub, weekday=TUESDAY.weekday(), starts="10:00", ends="11:30")
    out = StringIO()
    call_command("make_slots", "--days", "14", "--start", TUESDAY.isoformat(), stdout=out)
    assert "Made 4 new slots from 3 March 2026 to 16 March 2026." in out.getvalue()
    out = StringIO()
    call_command("make_slots", "--days", "14", "--start", TUESDAY.isoformat(), "--hub", str(hub.pk), stdout=out)
    assert "Made 0 new slots" in out.getvalue()
