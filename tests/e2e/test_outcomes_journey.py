"""A member of the public reads how well care is working, in real Chromium, with an axe-core scan of every page.

No account: they open /outcomes/, read what a measure means and its figure, open the measure to read its chart
and the table beside it, and download the figures as a CSV, which holds the same suppressed figures. The page is
read without JavaScript and at 320 px wide, as on a small phone."""

from __future__ import annotations

import csv
import io

import pytest

from carecommons.outcomes import publishing
from carecommons.outcomes.engine.results import Breakdown, MeasureResult
from carecommons.outcomes.services import release_publish
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _release() -> None:
    """A release made as `publish_outcomes` makes one: engine results in the engine's shape, suppressed."""
    import datetime as dt

    start, end = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
    periods = publishing.quarter_periods(start, end)
    results = []
    for i, _ in enumerate(periods):
        n, d = 118 + 4 * i, 210 + 10 * i
        results.append({
            "2A": MeasureResult("2A", n, d, round(100 * n / d, 1), breakdowns=(
                Breakdown("age_band", "18-64", 40, 60), Breakdown("age_band", "65-74", 30, 50),
                Breakdown("age_band", "75-84", n - 73, d - 140), Breakdown("age_band", "85+", 3, 30),
                Breakdown("sex", "Female", n - 50, d - 100), Breakdown("sex", "Male", 50, 100),
                Breakdown("primary_support_reason", "Physical Support: Personal Care Support", n - 2, d - 10),
                Breakdown("primary_support_reason", "Support with Memory and Cognition", 2, 10),
            )),
            "2B": MeasureResult("2B", 11, 48_000, 22.9),
            "3D_2b": MeasureResult("3D_2b", 2, 40, 5.0),
        })
    own = [MeasureResult("own_days_to_conversation", 64, None, 6.0)]
    figures = publishing.release_figures(periods, results, own, population_given=True)
    release_publish(period_start=start, period_end=end, figures=figures,
                    population_source="ashby-vale-population-fictional.csv", fictional=True)


def test_a_member_of_the_public_reads_a_measure_its_chart_and_table_and_downloads_the_csv(visit) -> None:
    empty = visit("public-before", javascript=False)
    empty.goto("/outcomes/")
    assert empty.heading() == "How well care is working"
    assert "Nothing has been published yet." in empty.text()

    _release()
    public = visit("public-outcomes", javascript=False)
    public.goto("/outcomes/")
    text = public.text()
    assert "from 1 April 2025 to 31 March 2026" in text
    assert "Of the people who had short-term help to get back on their feet, how many needed no more help afterwards?" in text
    assert "130 of 240 people who had short-term help needed no more help afterwards." in text
    assert "Fewer than 5 of 40 people who are carers getting support for themselves get a direct payment." in text
    assert "5.0%" not in text  # the carers' percentage would give the 2 back
    public.screenshot("outcomes-desktop")

    public.click_link("Short-term help to get back on their feet")
    assert public.heading() == "Short-term help to get back on their feet"
    assert "54.2%" in public.text()
    chart = public.page.get_by_role("img", name="How it changed")
    assert chart.count() == 1 and chart.is_visible()
    description = public.page.locator("#trend-desc").text_content() or ""
    assert "12 months to June 2025: 56.2%" in description and "12 months to March 2026: 54.2%" in description
    table = public.page.get_by_role("table", name="How it changed, as a table")
    last = table.get_by_role("row", name="1 April 2025 to 31 March 2026")
    assert last.get_by_role("cell").all_inner_texts() == ["240", "130", "54.2%"]
    ages = public.page.get_by_role("table", name="By age, as a table")
    oldest = ages.get_by_role("row", name="85 and over").get_by_role("cell").all_inner_texts()
    assert oldest == ["30", "fewer than 5", "not shown"]
    reasons = public.page.get_by_role("table", name="By main reason for support, as a table")
    memory = reasons.get_by_role("row", name="Support with Memory and Cognition").get_by_role("cell").all_inner_texts()
    assert memory[1] == "fewer than 5"
    public.screenshot("outcomes-measure-desktop")

    with public.page.expect_download() as download:
        public.page.get_by_role("link", name="Download every measure as a spreadsheet (CSV)").click()
    assert download.value.suggested_filename == "outcomes-2025-04-01-to-2026-03-31.csv"
    ARTIFACTS.mkdir(exist_ok=True)
    saved = ARTIFACTS / "outcomes.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    headline = next(r for r in rows if r["measure"] == "2A" and r["part"] == "headline")
    assert (headline["numerator"], headline["denominator"], headline["value"]) == ("130", "240", "54.2")
    assert next(r for r in rows if r["group"] == "85+")["numerator"] == "fewer than 5"
    carers = next(r for r in rows if r["measure"] == "3D_2b" and r["part"] == "headline")
    assert (carers["numerator"], carers["value"]) == ("fewer than 5", "")
    assert {"LA_Person_Unique_Identifier", "NHS_Number", "Date_of_Birth"}.isdisjoint(rows[0])

    phone = visit("public-outcomes-320", javascript=False, width=320)
    phone.goto("/outcomes/")
    assert phone.overflowing() == []
    phone.screenshot("outcomes-320")
    phone.click_link("Short-term help to get back on their feet")
    assert phone.overflowing() == []
    phone.screenshot("outcomes-measure-320")
    phone.page.get_by_role("img", name="How it changed").screenshot(path=str(ARTIFACTS / "outcomes-chart-320.png"))
    phone.page.get_by_role("img", name="By age").screenshot(path=str(ARTIFACTS / "outcomes-ages-320.png"))
