"""The public outcomes pages and downloads, read as a member of the public reads them.

Releases are made the way `publish_outcomes` makes them: engine results (written out here by hand, as the
engine's output shape) through `publishing.release_figures` and `services.release_publish`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.test import Client
from django.utils.html import strip_tags

from carecommons.outcomes import publishing
from carecommons.outcomes.engine.results import Breakdown, MeasureResult
from carecommons.outcomes.models import OutcomesRelease
from carecommons.outcomes.services import release_publish

pytestmark = [pytest.mark.django_db]

YEAR = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def main_text(response) -> str:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    return re.sub(r"\s+", " ", strip_tags(main)).replace("&#x27;", "'").replace("&amp;", "&")


def reablement(numerator: int, denominator: int) -> MeasureResult:
    return MeasureResult("2A", numerator, denominator, round(100 * numerator / denominator, 1), breakdowns=(
        Breakdown("age_band", "18-64", 30, 50), Breakdown("age_band", "65-74", 40, 60),
        Breakdown("age_band", "75-84", 57, 100), Breakdown("age_band", "85+", 3, 30),
        Breakdown("sex", "Female", 80, 140), Breakdown("sex", "Male", 50, 100),
    ))


def publish(*, population: bool = True) -> OutcomesRelease:
    periods = publishing.quarter_periods(*YEAR)
    results = []
    for i, _ in enumerate(periods):
        by_key = {"2A": reablement(100 + 10 * i, 210 + 10 * i)}
        by_key["2B"] = (MeasureResult("2B", 12, 60_000, 20.0, breakdowns=(
            Breakdown("sex", "Female", 9, None), Breakdown("sex", "Male", 3, None))) if population
            else MeasureResult("2B", 12, None, None, reason="No population was given, so the rate per 100,000 "
                                                           "people cannot be worked out."))
        by_key["3D_1b"] = MeasureResult("3D_1b", 3, 20, 15.0)
        results.append(by_key)
    own = [MeasureResult("own_days_to_conversation", 42, None, 6.5),
           MeasureResult("own_follow_up_useful", 0, 0, None, reason="2 of 3 people asked have not answered yet.")]
    figures = publishing.release_figures(periods, results, own, population_given=population)
    return release_publish(period_start=YEAR[0], period_end=YEAR[1], figures=figures,
                           population_source="ashby-vale-population-fictional.csv" if population else "", fictional=True)


def test_a_numerator_hidden_because_those_left_out_are_few_reads_as_a_sentence(client: Client) -> None:
    periods = publishing.quarter_periods(*YEAR)
    results = [{"2E_18_64": MeasureResult("2E_18_64", 47, 50, 94.0)} for _ in periods]
    release_publish(period_start=YEAR[0], period_end=YEAR[1], figures=publishing.release_figures(
        periods, results, [], population_given=False), population_source="", fictional=False)
    text = main_text(client.get("/outcomes/"))
    assert ("Of 50 people who get long-term support, we do not show how many live in their own home or with family, "
            "so that nobody can be identified.") in text
    assert "94.0%" not in text and "47" not in text


def test_before_anything_is_published_the_page_says_so_and_the_downloads_are_empty(client: Client) -> None:
    text = main_text(client.get("/outcomes/"))
    assert "Nothing has been published yet." in text
    assert client.get("/outcomes/2A/").status_code == 404
    lines = client.get("/outcomes/outcomes.csv").content.decode().splitlines()
    assert lines == ["measure,title,period_start,period_end,part,breakdown,group,numerator,denominator,value,unit,note"]
    assert json.loads(client.get("/outcomes/outcomes.json").content)["measures"] == []


def test_the_page_says_what_each_measure_means_its_figure_and_when(client: Client) -> None:
    publish()
    text = main_text(client.get("/outcomes/"))
    assert "from 1 April 2025 to 31 March 2026" in text
    assert "Of the people who had short-term help to get back on their feet, how many needed no more help afterwards?" in text
    assert "54.2%" in text  # the year: 130 of 240
    assert "130 of 240 people who had short-term help needed no more help afterwards. That is about 54 in every 100." in text
    assert "These numbers are made up." in text
    assert "Nobody can be identified from these numbers." in text
    assert "Download the numbers as a spreadsheet (CSV)" in text
    # 3 of 20 carers: the count and the percentage it would give back are both hidden
    assert ("Fewer than 5 of 20 people who are carers getting support for themselves decide how their support is "
            "arranged.") in text
    assert "15.0%" not in text and "We do not show the percentage, so that nobody can be identified." in text
    assert "Days from asking for help to a conversation" in text and "6.5 days" in text
    # a reason written with counts in it is never published: it would slip past suppression
    assert "Did the conversation help?" in text and "This could not be worked out for this period." in text
    assert "2 of 3" not in text


def test_a_measure_page_shows_the_trend_and_the_breakdowns_with_small_numbers_hidden(client: Client) -> None:
    publish()
    response = client.get("/outcomes/2A/")
    text = main_text(response)
    html = response.content.decode()
    assert "Short-term help to get back on their feet" in text
    assert "How it changed" in text
    for quarter in ("1 July 2024 to 30 June 2025", "1 October 2024 to 30 September 2025",
                    "1 January 2025 to 31 December 2025", "1 April 2025 to 31 March 2026"):
        assert quarter in text
    assert "By age" in text and "By sex" in text
    # the 85+ group: 3 of 30 is fewer than 5; the smallest other numerator is hidden too
    row = re.search(r"85 and over</th>(.*?)</tr>", html, re.S)
    assert row and "fewer than 5" in row.group(1) and "30" in row.group(1)
    assert "not shown" in text
    # every chart is described in words, with the same figures in a table
    assert html.count('role="img"') == 3
    assert "<desc id=\"age_band-desc\">18 to 64: not shown; 65 to 74: 66.7%; 75 to 84: 57.0%; 85 and over: not shown." in html


def test_without_a_population_the_care_home_measures_say_why(client: Client) -> None:
    publish(population=False)
    text = main_text(client.get("/outcomes/"))
    assert "No population was given, so the rate per 100,000 people cannot be worked out." in text
    assert "We did not have the number of people living in the area" in text


def test_the_csv_has_the_same_suppressed_figures_and_nothing_about_a_person(client: Client) -> None:
    release = publish()
    response = client.get("/outcomes/outcomes.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="outcomes-2025-04-01-to-2026-03-31.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    headline = next(r for r in rows if r["measure"] == "2A" and r["part"] == "headline")
    assert (headline["numerator"], headline["denominator"], headline["value"]) == ("130", "240", "54.2")
    old = next(r for r in rows if r["measure"] == "2A" and r["group"] == "85+")
    assert old["numerator"] == "fewer than 5" and old["value"] == ""
    carers = next(r for r in rows if r["measure"] == "3D_1b" and r["part"] == "headline")
    assert carers["numerator"] == "fewer than 5" and carers["value"] == ""
    for row in rows:
        for column in ("numerator", "denominator"):
            assert row[column] in ("", "fewer than 5", "not shown") or int(row[column]) >= 5 or int(row[column]) == 0
    assert {r["part"] for r in rows} == {"headline", "trend", "breakdown"}
    published = json.loads(client.get("/outcomes/outcomes.json").content)
    assert published["measures"] == release.figures["measures"]


def test_a_release_with_a_small_count_left_in_is_refused() -> None:
    figures = {"measures": [{"headline": {"numerator": {"value": 3, "label": ""}}}]}
    with pytest.raises(ValueError, match="a count of 3 would be published"):
        release_publish(period_start=YEAR[0], period_end=YEAR[1], figures=figures, population_source="", fictional=True)
    hidden = {"measures": [{"headline": {"numerator": {"value": 30, "label": "not shown"}}}]}
    with pytest.raises(ValueError, match="still has its number"):
        release_publish(period_start=YEAR[0], period_end=YEAR[1], figures=hidden, population_source="", fictional=True)


def test_the_quarters_are_the_rolling_12_months_ending_each_quarter() -> None:
    assert publishing.quarter_periods(*YEAR) == [
        (dt.date(2024, 7, 1), dt.date(2025, 6, 30)), (dt.date(2024, 10, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)), (dt.date(2025, 4, 1), dt.date(2026, 3, 31))]


def test_an_unknown_measure_page_is_not_found(client: Client) -> None:
    publish()
    assert client.get("/outcomes/9Z/").status_code == 404


def test_a_wait_for_one_age_band_is_hidden_where_the_breakdown_hides_its_count() -> None:
    periods = publishing.quarter_periods(*YEAR)
    by_key = {
        "wait_request_to_service": MeasureResult("wait_request_to_service", 20, None, 30.0, breakdowns=(
            Breakdown("age_band", "25 to 64", 3, None), Breakdown("age_band", "65 and above", 17, None))),
        "wait_request_to_service_25_64": MeasureResult("wait_request_to_service_25_64", 3, None, 12.0),
        "wait_request_to_service_65_plus": MeasureResult("wait_request_to_service_65_plus", 17, None, 35.0),
        "2D": MeasureResult("2D", 40, 44, 90.9),
        "2D_part2": MeasureResult("2D_part2", 44, 46, 95.7),
    }
    figures = publishing.release_figures(periods, [by_key] * len(periods), [], population_given=False)
    published = {m["key"]: m for m in figures["measures"]}
    assert published["wait_request_to_service"]["headline"]["value"] == 30.0
    for band in ("wait_request_to_service_25_64", "wait_request_to_service_65_plus"):
        headline = published[band]["headline"]
        assert headline["value"] is None and headline["numerator"]["value"] is None and not published[band]["trend"]
    assert published["wait_request_to_service_25_64"]["title"] == "Days from asking for support to getting it, aged 25 to 64"
    # 2 of 46 discharged did not go into reablement: 2D part 2 shows neither count (44 is 2D's denominator)
    part2 = published["2D_part2"]["headline"]
    assert part2["numerator"]["value"] is None and part2["denominator"]["value"] is None


def test_a_wait_for_each_age_group_is_reached_from_its_measures_page(client: Client) -> None:
    periods = publishing.quarter_periods(*YEAR)
    by_key = {
        "wait_request_to_service": MeasureResult("wait_request_to_service", 40, None, 30.0, breakdowns=(
            Breakdown("age_band", "25 to 64", 15, None), Breakdown("age_band", "65 and above", 25, None))),
        "wait_request_to_service_25_64": MeasureResult("wait_request_to_service_25_64", 15, None, 12.0),
        "wait_request_to_service_65_plus": MeasureResult("wait_request_to_service_65_plus", 25, None, 35.5),
    }
    release_publish(period_start=YEAR[0], period_end=YEAR[1], figures=publishing.release_figures(
        periods, [by_key] * len(periods), [], population_given=False), population_source="", fictional=False)
    summary = main_text(client.get("/outcomes/"))
    assert "Days from asking for support to getting it" in summary and "aged 25 to 64" not in summary
    page = main_text(client.get("/outcomes/wait_request_to_service/"))
    assert "30 days" in page
    assert "Days from asking for support to getting it, aged 25 to 64: 12 days" in page
    assert "Days from asking for support to getting it, aged 65 and over: 35.5 days" in page
