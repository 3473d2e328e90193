"""Making Safeguarding Personal on the public outcomes page: asked what they wanted, and got it, with the counts
each comes from, in plain English, suppressed like every other measure, and in the downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client

from carecommons.outcomes import publishing
from carecommons.outcomes.engine.results import MeasureResult
from carecommons.outcomes.models import OutcomesRelease
from carecommons.outcomes.own_measures import making_safeguarding_personal
from carecommons.outcomes.services import release_publish
from carecommons.outcomes.tests.test_pages import main_text
from carecommons.safeguarding.tests.test_sac_return import closed_enquiry

pytestmark = [pytest.mark.django_db]

YEAR = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def msp(asked: int, concluded: int, achieved: int, expressed: int) -> list[MeasureResult]:
    return [MeasureResult("msp_asked", asked, concluded, round(100 * asked / concluded, 1) if concluded else None),
            MeasureResult("msp_achieved", achieved, expressed,
                          round(100 * achieved / expressed, 1) if expressed else None)]


def publish(own: list[MeasureResult]) -> OutcomesRelease:
    periods = publishing.quarter_periods(*YEAR)
    figures = publishing.release_figures(periods, [{} for _ in periods], own, population_given=False)
    return release_publish(period_start=YEAR[0], period_end=YEAR[1], figures=figures, population_source="",
                           fictional=True)


def _headline(release: OutcomesRelease, key: str) -> dict:  # type: ignore[type-arg]
    return next(m for m in release.figures["own_measures"] if m["key"] == key)["headline"]


def test_the_page_says_what_each_means_with_its_counts(client: Client) -> None:
    publish(msp(asked=24, concluded=30, achieved=12, expressed=18))
    text = main_text(client.get("/outcomes/"))
    assert "Safeguarding: listening to the person" in text
    assert "did we ask them (or someone speaking for them) what they wanted to happen?" in text
    assert "24 of 30 people who had a safeguarding enquiry that finished were asked what they wanted to happen." in text
    assert "80.0%" in text and "That is 80 in every 100." in text
    assert "12 of 18 people who told us what they wanted got all or some of what they wanted." in text
    assert "66.7%" in text
    page = main_text(client.get("/outcomes/msp_achieved/"))
    assert "Of the people who told us what they wanted to happen, how many got it" in page


def test_the_downloads_have_both_with_numerator_and_denominator(client: Client) -> None:
    publish(msp(asked=24, concluded=30, achieved=12, expressed=18))
    rows = list(csv.DictReader(io.StringIO(client.get("/outcomes/outcomes.csv").content.decode())))
    asked = next(r for r in rows if r["measure"] == "msp_asked" and r["part"] == "headline")
    assert (asked["numerator"], asked["denominator"], asked["value"]) == ("24", "30", "80.0")
    body = json.loads(client.get("/outcomes/outcomes.json").content)
    achieved = next(m for m in body["own_measures"] if m["key"] == "msp_achieved")
    assert achieved["headline"]["numerator"]["value"] == 12 and achieved["headline"]["denominator"]["value"] == 18


def test_small_numbers_are_suppressed_the_same_way(client: Client) -> None:
    release = publish(msp(asked=3, concluded=4, achieved=2, expressed=3))
    asked = _headline(release, "msp_asked")
    assert asked["numerator"]["label"] == "fewer than 5" and asked["value"] is None
    text = main_text(client.get("/outcomes/"))
    assert "Fewer than 5 of fewer than 5 people who had a safeguarding enquiry that finished were asked" in text
    assert "75%" not in text and "66.7%" not in text


def test_a_few_not_asked_hides_how_many_were_asked(client: Client) -> None:
    release = publish(msp(asked=28, concluded=30, achieved=20, expressed=25))
    asked = _headline(release, "msp_asked")
    assert asked["numerator"] == {"value": None, "label": "not shown"} and asked["denominator"]["value"] == 30


def test_asked_but_did_not_say_is_not_given_away_between_the_two() -> None:
    # 10 asked of 10, 8 said what they wanted: shown side by side, 10 - 8 would give away the 2 who did not say.
    release = publish(msp(asked=10, concluded=10, achieved=5, expressed=8))
    assert _headline(release, "msp_asked")["numerator"]["value"] == 10
    achieved = _headline(release, "msp_achieved")
    assert achieved["denominator"] == {"value": None, "label": "not shown"} and achieved["value"] is None
    assert achieved["numerator"]["value"] is None
    # with enough between them, both are shown
    release = publish(msp(asked=20, concluded=20, achieved=5, expressed=10))
    assert _headline(release, "msp_achieved")["denominator"]["value"] == 10


def test_the_measures_come_from_the_enquiries_concluded_in_the_period() -> None:
    for n in range(6):
        closed_enquiry(n)  # asked, said what they wanted, partially achieved
    closed_enquiry(6, outcomes_achieved="not")
    closed_enquiry(7, outcomes_asked="no", desired_outcomes="", outcomes_achieved="",
                   not_asked_why="He was too unwell to talk about it then.")
    closed_enquiry(8, closed=dt.date(2026, 4, 2))  # next year
    asked, achieved = making_safeguarding_personal(*YEAR)
    assert (asked.key, asked.numerator, asked.denominator, asked.value) == ("msp_asked", 7, 8, 87.5)
    assert (achieved.key, achieved.numerator, achieved.denominator) == ("msp_achieved", 6, 7)


def test_a_few_not_asked_is_not_given_away_by_how_many_said() -> None:
    # 9 of 10 asked: hidden, and its note says those not asked are fewer than 5; 9 said what they wanted would pin
    # it to 9, so the second measure's counts are hidden too.
    release = publish(msp(asked=9, concluded=10, achieved=3, expressed=9))
    assert _headline(release, "msp_asked")["numerator"] == {"value": None, "label": "not shown"}
    achieved = _headline(release, "msp_achieved")
    assert achieved["denominator"] == {"value": None, "label": "not shown"}
