"""Care Commons' own measures from the records: the wait for a conversation, "did it help?", continuity of care."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from carecommons.outcomes.export import own_measures
from carecommons.relationships.models import Visit
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _by_key() -> dict[str, object]:
    return {r.key: r for r in own_measures(START, END)}


def test_an_empty_area_says_there_is_nothing_to_measure() -> None:
    results = _by_key()
    assert set(results) == {"own_days_to_conversation", "own_follow_up_useful", "own_follow_up_difference",
                            "own_continuity"}
    assert all(r.value is None for r in results.values())
    assert "nothing to measure" in results["own_days_to_conversation"].reason
    assert "Nobody was visited" in results["own_continuity"].reason


def test_days_from_first_contact_to_conversation_in_the_period() -> None:
    for first, held in ((dt.date(2025, 5, 1), dt.date(2025, 5, 3)), (dt.date(2025, 6, 1), dt.date(2025, 6, 11)),
                        (dt.date(2025, 7, 1), dt.date(2025, 7, 5)),
                        (dt.date(2025, 3, 1), dt.date(2025, 3, 30))):  # held before the period: not counted
        request = f.RequestFactory(first_contact_at=_at(first), status="held")
        f.ConversationFactory(person=request.person, request=request, held_on=held)
    result = _by_key()["own_days_to_conversation"]
    assert (result.numerator, result.value) == (3, 4.0)  # waits 2, 4 and 10 days: the median is 4
    assert "Half of people waited 4 days or less" in result.reason


def test_did_it_help_from_the_follow_up_answers() -> None:
    answers = [("yes", "yes"), ("yes", "partly"), ("partly", "no"), ("no", "too_soon")]
    for useful, difference in answers:
        f.FollowUpFactory(created_at=_at(dt.date(2025, 9, 1)), answered_at=_at(dt.date(2025, 9, 3)), useful=useful,
                          difference=difference)
    f.FollowUpFactory(created_at=_at(dt.date(2025, 9, 1)))  # asked, not answered
    f.FollowUpFactory(created_at=_at(dt.date(2024, 9, 1)), answered_at=_at(dt.date(2024, 9, 3)), useful="no",
                      difference="no")  # before the period
    results = _by_key()
    useful, difference = results["own_follow_up_useful"], results["own_follow_up_difference"]
    assert (useful.numerator, useful.denominator, useful.value) == (2, 4, 50.0)
    assert (difference.numerator, difference.denominator, difference.value) == (1, 4, 25.0)
    assert "4 of 5 people answered the follow-up." in useful.reason


def test_continuity_of_care_by_the_councils_thresholds() -> None:
    familiar, strangers = f.PersonFactory(), f.PersonFactory()
    day = dt.date(2025, 10, 1)
    for i in range(10):
        Visit.objects.create(person=familiar, worker=("Ann", "Bob")[i % 2], provider="Kind Hands Care (fictional)",
                             starts_at=_at(day + dt.timedelta(days=i)))
        Visit.objects.create(person=strangers, worker=f"Worker {i}", provider="Kind Hands Care (fictional)",
                             starts_at=_at(day + dt.timedelta(days=i)))
    Visit.objects.create(person=f.PersonFactory(), worker="Cy", starts_at=_at(dt.date(2026, 4, 2)))  # after the period
    result = _by_key()["own_continuity"]
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)
    assert result.reason.startswith("1 of 2 people visited")
