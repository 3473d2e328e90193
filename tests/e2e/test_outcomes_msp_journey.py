"""A member of the public reads the safeguarding measures on /outcomes/ (Making Safeguarding Personal), in real
Chromium with axe on every page, without JavaScript and at 320 px wide: what each means, its figure and the counts
it comes from, and a small count hidden."""

from __future__ import annotations

import datetime as dt

import pytest

from carecommons.outcomes import publishing
from carecommons.outcomes.engine.results import MeasureResult
from carecommons.outcomes.services import release_publish

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _release() -> None:
    start, end = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
    periods = publishing.quarter_periods(start, end)
    own = [MeasureResult("own_days_to_conversation", 64, None, 6.0),
           MeasureResult("msp_asked", 24, 30, 80.0), MeasureResult("msp_achieved", 3, 18, 16.7)]
    figures = publishing.release_figures(periods, [{} for _ in periods], own, population_given=False)
    release_publish(period_start=start, period_end=end, figures=figures, population_source="", fictional=True)


def test_a_member_of_the_public_reads_whether_people_were_asked_and_got_what_they_wanted(visit) -> None:  # type: ignore[no-untyped-def]
    _release()
    public = visit("public-msp", javascript=False)
    public.goto("/outcomes/")
    text = public.text()
    assert "Safeguarding: listening to the person" in text
    assert "did we ask them (or someone speaking for them) what they wanted to happen?" in text
    assert "24 of 30 people who had a safeguarding enquiry that finished were asked what they wanted to happen." in text
    assert "80.0%" in text
    assert "Fewer than 5 of 18 people who told us what they wanted got all or some of what they wanted." in text
    assert "16.7%" not in text
    public.click_link("Safeguarding: asked what they wanted")
    assert public.heading() == "Safeguarding: asked what they wanted"
    assert "80.0%" in public.text()
    phone = visit("public-msp-320", javascript=False, width=320)
    phone.goto("/outcomes/")
    assert phone.overflowing() == []
    phone.screenshot("outcomes-msp-320")
