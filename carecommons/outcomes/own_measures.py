"""Care Commons' own measures, from its records: the days from first contact to a conversation, whether the
conversation helped (the follow-up answers) and continuity of care (the visits).

Each reuses the rule that already decides it — `rules.measures` for waits and follow-ups (with the same counts the
team's view reads, `conversations.tallies.count_waits` and `count_follow_ups`, straight from the records),
`rules.continuity` for visits — and gives back the engine's result shape (`MeasureResult`). Only counts leave this
module, never a person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.utils import timezone

from carecommons.conversations.tallies import ASKED, count_follow_ups, count_waits
from carecommons.outcomes.engine.results import MeasureResult
from carecommons.relationships.models import Visit
from carecommons.rules.continuity import continuity
from carecommons.rules.measures import days_to_conversation_counted, summarise_follow_up_counts

DAYS_TO_CONVERSATION = "own_days_to_conversation"
FOLLOW_UP_USEFUL = "own_follow_up_useful"
FOLLOW_UP_DIFFERENCE = "own_follow_up_difference"
CONTINUITY = "own_continuity"
MSP_ASKED = "msp_asked"
MSP_ACHIEVED = "msp_achieved"


def _percent(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def days_to_conversation(start: dt.date, end: dt.date) -> MeasureResult:
    """Median days from first contact to the conversation, over conversations held in the period."""
    counted: dict[int, int] = defaultdict(int)
    for _, waited, n in count_waits(start, end):
        counted[int(waited)] += n
    measure = days_to_conversation_counted(counted.items(), as_of=end, window_days=(end - start).days + 1)
    return MeasureResult(DAYS_TO_CONVERSATION, numerator=measure.conversations, denominator=None,
                         value=measure.median_days, reason=" ".join(measure.reasons))


def follow_ups(start: dt.date, end: dt.date) -> list[MeasureResult]:
    """Of the people who answered "did it help?" about a conversation followed up in the period: how many said it
    was useful, and how many said it made a difference (the partly answers are in the reason, not the figure)."""
    asked, answered = 0, []
    for _, key, n in count_follow_ups(start, end):
        if key == ASKED:
            asked += n
        else:
            _, useful, difference = key.split(":")
            answered.append((useful, difference, n))
    summary = summarise_follow_up_counts(asked=asked, counted=answered)
    why = " ".join(summary.reasons)
    none = "" if summary.answered else " Nobody has answered yet, so there is nothing to show."
    return [
        MeasureResult(FOLLOW_UP_USEFUL, numerator=summary.useful, denominator=summary.answered,
                      value=_percent(summary.useful, summary.answered), reason=why + none),
        MeasureResult(FOLLOW_UP_DIFFERENCE, numerator=summary.made_a_difference, denominator=summary.answered,
                      value=_percent(summary.made_a_difference, summary.answered), reason=why + none),
    ]


def continuity_of_care(start: dt.date, end: dt.date) -> MeasureResult:
    """Of the people visited at home in the period, how many had care from a small group of familiar workers: no
    "stream of strangers" alert by the council's thresholds (`rules.continuity`), over the whole period."""
    c = settings.CARECOMMONS["CONTINUITY"]
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    people = familiar = 0
    current: int | None = None
    visits: list[tuple[dt.datetime, str]] = []

    def close() -> None:
        nonlocal people, familiar
        if current is None:
            return
        result = continuity(visits, since=since, until=until, max_workers=c["MAX_WORKERS"],
                            min_familiar_share=c["MIN_FAMILIAR_SHARE"])
        people += 1
        familiar += not result.strangers_alert

    rows = (Visit.objects.filter(starts_at__gte=since, starts_at__lt=until).order_by("person_id", "starts_at")
            .values_list("person_id", "starts_at", "worker"))
    for person_id, when, worker in rows.iterator(chunk_size=5000):
        if person_id != current:
            close()
            current, visits = person_id, []
        visits.append((when, worker))
    close()
    reason = (f"{familiar} of {people} people visited from {start:%-d %B %Y} to {end:%-d %B %Y} had most visits from "
              f"a few familiar workers (no more than {c['MAX_WORKERS']} different workers, and at least "
              f"{c['MIN_FAMILIAR_SHARE']}% of visits by the three they saw most)."
              if people else "Nobody was visited in the period, so there is nothing to measure.")
    return MeasureResult(CONTINUITY, numerator=familiar, denominator=people, value=_percent(familiar, people),
                         reason=reason)


def making_safeguarding_personal(start: dt.date, end: dt.date) -> list[MeasureResult]:
    """The Making Safeguarding Personal measures from the safeguarding enquiries concluded in the period
    (`rules.sac.msp_counts`): how many people were asked what outcomes they wanted, and of those who said, how many
    had them fully or partly achieved. Only counts leave the safeguarding app."""
    from carecommons.safeguarding.sac import msp_counts

    c = msp_counts(start, end)
    return [
        MeasureResult(MSP_ASKED, numerator=c.asked, denominator=c.concluded, value=_percent(c.asked, c.concluded),
                      reason=c.reasons[0]),
        MeasureResult(MSP_ACHIEVED, numerator=c.achieved, denominator=c.expressed,
                      value=_percent(c.achieved, c.expressed), reason=c.reasons[1]),
    ]


def own_measures(start: dt.date, end: dt.date) -> list[MeasureResult]:
    """Care Commons' own measures for the period, from its records."""
    return [days_to_conversation(start, end), *follow_ups(start, end), continuity_of_care(start, end)]
