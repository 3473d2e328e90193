"""Turning a release's stored figures into what the page, the charts and the CSV show.

Reads only the suppressed figures a release keeps; it never sees a raw count."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from carecommons.core.inputs import csv_row
from carecommons.outcomes.descriptions import DAYS, PER_100K, PERCENT
from carecommons.rules.suppression import NOT_SHOWN

BAR_SPACE = 300  # the widest bar in the chart's 420-wide view box, leaving room for its figure


def count_text(cell: dict[str, Any] | None) -> str:
    """A published count as words: "1,234", "fewer than 5" or "not shown"."""
    if cell is None:
        return ""
    if cell.get("value") is None:
        return str(cell.get("label") or "not shown")
    return f"{cell['value']:,}"


def csv_count(cell: dict[str, Any] | None) -> int | str:
    """A published count for the CSV: the number itself, or the words that replace it."""
    if cell is None:
        return ""
    if cell.get("value") is None:
        return str(cell.get("label") or "not shown")
    return int(cell["value"])


def value_text(value: float | None, unit: str, label: str = "") -> str:
    if value is None:
        return label or "nothing to count"  # hidden figures carry their label; otherwise there was nobody
    if unit == PERCENT:
        return f"{value:.1f}%"
    if unit == PER_100K:
        return f"{value:,.1f} per 100,000"
    if unit == DAYS:
        days = f"{value:.1f}".removesuffix(".0")
        return f"{days} day" if days == "1" else f"{days} days"
    return f"{value:,.1f}".removesuffix(".0")


def period_text(start: str, end: str) -> str:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return f"{first:%-d %B %Y} to {last:%-d %B %Y}"


def quarter_label(end: str) -> str:
    return f"12 months to {dt.date.fromisoformat(end):%B %Y}"


def headline_sentence(measure: dict[str, Any]) -> str:
    """The headline in one plain sentence, with the counts it comes from."""
    headline = measure["headline"]
    if headline is None:
        return ""
    top = count_text(headline["numerator"])
    bottom = count_text(headline["denominator"])
    if measure["unit"] == PERCENT:
        if headline["numerator"].get("label") == NOT_SHOWN:
            return (f"Of {bottom} people who {measure['denominator_words']}, we do not show how many "
                    f"{measure['numerator_words']}, so that nobody can be identified.")
        top = top[0].upper() + top[1:]
        return f"{top} of {bottom} people who {measure['denominator_words']} {measure['numerator_words']}."
    if measure["unit"] == PER_100K:
        top = top[0].upper() + top[1:]
        return f"{top} people {measure['numerator_words']}. There are {bottom} {measure['denominator_words']}."
    if measure["unit"] == DAYS:
        return f"Worked out from {top} {measure['numerator_words']}."
    return f"{top[0].upper() + top[1:]} {measure['numerator_words']}."


def bars(rows: Sequence[tuple[str, float | None, str]], unit: str) -> list[dict[str, Any]]:
    """A horizontal bar chart: each row's label above its bar, the figure after it. Percentages are drawn on
    a scale to 100; other figures on a scale to the largest. A hidden figure draws no bar."""
    largest = 100.0 if unit == PERCENT else max((v for _, v, _ in rows if v is not None), default=0.0) or 1.0
    out = []
    for i, (label, value, text) in enumerate(rows):
        width = round(BAR_SPACE * value / largest) if value is not None else 0
        short = text.removesuffix(" per 100,000")  # the chart's title says "per 100,000"; its description has all
        out.append({"label": label, "text": text, "short": short, "width": width, "y": 56 * i, "text_x": width + 8})
    return out


def chart_height(bar_rows: Sequence[dict[str, Any]]) -> int:
    return 56 * len(bar_rows) + 8


def group_label(group: str) -> str:
    """An age band as words: "18-64" reads "18 to 64", "85+" reads "85 and over"."""
    if group.endswith("+") and group[:-1].isdigit():
        return f"{group[:-1]} and over"
    low, dash, high = group.partition("-")
    if dash and low.isdigit() and high.isdigit():
        return f"{low} to {high}"
    return group


def trend_rows(measure: dict[str, Any]) -> list[dict[str, Any]]:
    unit = measure["unit"]
    rows = []
    for point in measure["trend"]:
        rows.append({
            "label": quarter_label(point["period_end"]), "period": period_text(point["period_start"], point["period_end"]),
            "numerator": count_text(point["numerator"]), "denominator": count_text(point["denominator"]),
            "value": point["value"], "text": value_text(point["value"], unit, point.get("value_label", "")),
        })
    return rows


def breakdown_rows(measure: dict[str, Any], breakdown: dict[str, Any]) -> list[dict[str, Any]]:
    unit = measure["unit"]
    rows = []
    for group in breakdown["groups"]:
        if unit == PERCENT:
            text = value_text(group["value"], unit, group.get("value_label", ""))
            value = group["value"]
        else:  # a count per group: the bar is the count
            text = count_text(group["numerator"])
            value = group["numerator"]["value"]
        rows.append({"label": group_label(group["group"]), "numerator": count_text(group["numerator"]),
                     "denominator": count_text(group["denominator"]), "value": value, "text": text})
    return rows


def _in_every_100(measure: dict[str, Any]) -> str:
    """A percentage said another way, for anyone to whom "%" means little."""
    headline = measure["headline"]
    if measure["unit"] != PERCENT or not headline or headline["value"] is None:
        return ""
    about = int(Decimal(str(headline["value"])).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    exact = float(about) == float(headline["value"])
    return f"That is {'' if exact else 'about '}{about} in every 100."


def measure_view(measure: dict[str, Any], *, charts: bool) -> dict[str, Any]:
    """A measure with everything its page shows worked out."""
    headline = measure["headline"]
    view: dict[str, Any] = {
        **measure,
        "figure": value_text(headline["value"], measure["unit"], headline.get("value_label", "")) if headline else "",
        "has_figure": bool(headline and headline["value"] is not None),
        # a headline is shown when it has a figure, or when its figure is hidden to protect people; a measure
        # that could not be worked out shows only why
        "show_headline": bool(headline and (headline["value"] is not None or headline.get("value_label"))),
        "said_why": bool(headline and headline["numerator"] and headline["numerator"].get("label") == NOT_SHOWN),
        "sentence": headline_sentence(measure),
        "in_every_100": _in_every_100(measure),
        "notes": headline.get("notes", []) if headline else [],
        "period": period_text(measure["period_start"], measure["period_end"]),
        "slug": measure["key"],
    }
    if charts:
        trend = trend_rows(measure)
        view["trend_rows"] = trend
        view["trend_bars"] = bars([(r["label"], r["value"], r["text"]) for r in trend], measure["unit"])
        view["trend_height"] = chart_height(view["trend_bars"])
        view["breakdown_views"] = []
        for breakdown in measure["breakdowns"]:
            rows = breakdown_rows(measure, breakdown)
            chart = bars([(r["label"], r["value"], r["text"]) for r in rows], measure["unit"] if measure["unit"] == PERCENT else "count")
            view["breakdown_views"].append({"title": breakdown["title"], "dimension": breakdown["dimension"],
                                            "rows": rows, "bars": chart, "height": chart_height(chart)})
    return view


CSV_COLUMNS = ("measure", "title", "period_start", "period_end", "part", "breakdown", "group", "numerator",
               "denominator", "value", "unit", "note")


def _csv_lines(figures: dict[str, Any]) -> Iterator[list[Any]]:
    for measure in figures.get("measures", []) + figures.get("own_measures", []):
        unit, key, title = measure["unit"], measure["key"], measure["title"]
        headline = measure["headline"]
        if headline is None:
            yield [key, title, measure["period_start"], measure["period_end"], "headline", "", "", "", "", "", unit,
                   measure["reason"]]
            continue
        yield [key, title, measure["period_start"], measure["period_end"], "headline", "", "",
               csv_count(headline["numerator"]), csv_count(headline["denominator"]),
               "" if headline["value"] is None else headline["value"], unit,
               measure["reason"] or headline.get("value_label", "")]
        for point in measure["trend"]:
            yield [key, title, point["period_start"], point["period_end"], "trend", "", "",
                   csv_count(point["numerator"]), csv_count(point["denominator"]),
                   "" if point["value"] is None else point["value"], unit, point.get("value_label", "")]
        for breakdown in measure["breakdowns"]:
            for group in breakdown["groups"]:
                yield [key, title, measure["period_start"], measure["period_end"], "breakdown", breakdown["title"],
                       group["group"], csv_count(group["numerator"]), csv_count(group["denominator"]),
                       "" if group["value"] is None else group["value"], unit, group.get("value_label", "")]
        for withheld in measure["withheld"]:
            yield [key, title, measure["period_start"], measure["period_end"], "breakdown", withheld["title"], "",
                   "", "", "", unit, withheld["reason"]]


def figures_csv(figures: dict[str, Any]) -> str:
    """Every published figure, one a line; hidden counts read "fewer than 5" or "not shown"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in _csv_lines(figures):
        writer.writerow(csv_row(line))
    return out.getvalue()
