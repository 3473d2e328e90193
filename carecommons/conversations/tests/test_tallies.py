"""Day tallies (conversations/tallies.py): the team's measures read from counts kept per ended day must always equal
the measures counted from the records, whatever writes the records afterwards."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations import services, tallies
from carecommons.conversations.models import DayTally, TalliedDay
from carecommons.conversations.selectors import follow_up_results, waits_by_day, waits_counted
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def _held(person, practitioner, *, held_on, waited):
    request = f.RequestFactory(person=person, status="held",
                               first_contact_at=timezone.make_aware(dt.datetime.combine(held_on - dt.timedelta(days=waited),
                                                                                        dt.time(10))))
    return f.ConversationFactory(person=person, practitioner=practitioner, request=request, held_on=held_on)


def _live(as_of, days):
    """The same figures counted straight from the records, no tallies."""
    start = as_of - dt.timedelta(days=days - 1)
    return sorted((day, int(key), n) for day, key, n in tallies.count_waits(start, as_of))


def test_ended_days_are_tallied_once_and_today_is_always_counted_live(cast):
    today = timezone.localdate()
    for back, waited in [(1, 2), (1, 2), (3, 7), (40, 1), (0, 5)]:
        _held(cast.ruth, cast.priya, held_on=today - dt.timedelta(days=back), waited=waited)
    first = sorted(waits_by_day(as_of=today, days=91))
    assert first == _live(today, 91) == sorted([(today - dt.timedelta(days=1), 2, 2),
                                                 (today - dt.timedelta(days=3), 7, 1),
                                                 (today - dt.timedelta(days=40), 1, 1), (today, 5, 1)])
    assert TalliedDay.objects.filter(measure=tallies.WAITS).count() == 90, "the 90 ended days, not today"
    assert not TalliedDay.objects.filter(day=today).exists()
    assert DayTally.objects.filter(measure=tallies.WAITS).count() == 3
    _held(cast.ruth, cast.priya, held_on=today, waited=9)  # today changes: seen at once
    assert (today, 9, 1) in waits_by_day(as_of=today, days=91)
    assert waits_counted(as_of=today, window_days=90) == [(1, 1), (2, 2), (5, 1), (7, 1), (9, 1)]


def test_a_record_written_later_for_a_tallied_day_is_counted(cast):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    _held(cast.ruth, cast.priya, held_on=yesterday, waited=3)
    waits_by_day(as_of=today, days=7)
    assert TalliedDay.objects.filter(measure=tallies.WAITS, day=yesterday).exists()
    late = _held(cast.stan, cast.priya, held_on=yesterday, waited=4)  # recorded a day late
    assert not TalliedDay.objects.filter(measure=tallies.WAITS, day=yesterday).exists()
    assert sorted(waits_by_day(as_of=today, days=7)) == _live(today, 7) == [(yesterday, 3, 1), (yesterday, 4, 1)]
    late.delete()
    assert sorted(waits_by_day(as_of=today, days=7)) == [(yesterday, 3, 1)]


def test_an_edit_that_moves_the_day_held_moves_the_count(cast):
    today = timezone.localdate()
    day_a, day_b = today - dt.timedelta(days=5), today - dt.timedelta(days=2)
    conversation = _held(cast.ruth, cast.priya, held_on=day_a, waited=1)
    assert waits_by_day(as_of=today, days=7) == [(day_a, 1, 1)]
    data = {name: getattr(conversation, name) for name in conversation.RECORD_FIELDS}
    data["held_on"] = day_b
    services.conversation_update(conversation_id=conversation.pk, editor=cast.priya, base_version=conversation.version,
                                 data=data)
    assert sorted(waits_by_day(as_of=today, days=7)) == _live(today, 7)
    assert [(day, n) for day, _, n in waits_by_day(as_of=today, days=7)] == [(day_b, 1)]


def test_follow_ups_answered_after_their_day_was_tallied_are_counted(cast):
    today = timezone.localdate()
    made = timezone.now() - dt.timedelta(days=3)
    conversation = _held(cast.ruth, cast.priya, held_on=today - dt.timedelta(days=3), waited=2)
    item = f.FollowUpFactory(conversation=conversation, created_at=made)
    f.FollowUpFactory(conversation=_held(cast.stan, cast.priya, held_on=today - dt.timedelta(days=3), waited=2),
                      created_at=made)
    before = follow_up_results(as_of=today, window_days=90)
    assert (before.asked, before.answered) == (2, 0)
    services.follow_up_answer(token=item.token, useful="yes", difference="partly", anything_else="")
    after = follow_up_results(as_of=today, window_days=90)
    assert (after.asked, after.answered, after.useful, after.made_a_difference, after.partly_made_a_difference) == (2, 1, 1, 0, 1)


def test_the_team_view_shows_a_record_written_late_for_a_day_already_shown(client, cast):
    today = timezone.localdate()
    _held(cast.ruth, cast.priya, held_on=today - dt.timedelta(days=2), waited=4)
    client.force_login(cast.priya)
    assert "median 4 days (1 conversation)" in client.get(reverse("insight:team")).content.decode()
    _held(cast.stan, cast.priya, held_on=today - dt.timedelta(days=2), waited=40)
    _held(cast.stan, cast.priya, held_on=today - dt.timedelta(days=2), waited=40)
    assert "median 40 days (3 conversations)" in client.get(reverse("insight:team")).content.decode()
