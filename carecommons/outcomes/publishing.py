"""Making a release: the measures worked out from Care Commons' own records, suppressed, and saved.

`release_figures` turns the engine's results into what may be published (every count through
`rules.suppression`; nothing else is kept). `publish_from_records` runs the whole chain: the records written as a
Client Level Data file into a temporary folder (`export.export_to_file`), the national measures worked out from it
by DHSC's method (`engine.measures.compute`) for the year and for the rolling 12 months ending each quarter, Care
Commons' own measures (`export.own_measures`), then suppression, then one `OutcomesRelease`.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from carecommons.outcomes.descriptions import BAND_SUFFIXES, DIMENSIONS, PERCENT, Description, describe
from carecommons.outcomes.engine.results import MeasureResult
from carecommons.rules.suppression import Cell, Published, Why, nested, suppress

FIGURES_VERSION = 1
HISTORY_YEARS = 2  # how far before the year the export reaches: DHSC's measures look back (long-term support before)


def quarter_periods(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The rolling 12 months ending each quarter of the year from `start` to `end` (the last is the year)."""
    periods = []
    for months in (3, 6, 9, 12):
        year, month = start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1
        quarter_end = dt.date(year, month, 1) - dt.timedelta(days=1)
        if quarter_end > end:
            break
        # 12 months ending on quarter_end: from the day after the same date a year before
        rolling_start = _add_day(_year_before(quarter_end))
        periods.append((rolling_start, quarter_end))
    if not periods or periods[-1][1] != end:
        periods.append((start, end))
    return periods


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _add_day(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)


def _cell(cell: Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {"value": cell.value, "label": cell.label}


def _value(result: MeasureResult, published: Published) -> float | None:
    if not published.rate_shown or result.value is None:
        return None
    return round(float(result.value), 1)


NO_FIGURE = "This could not be worked out for this period."
_ALLOWED_NUMBERS = ("100,000", "18-64", "18 to 64", "65+", "65 and over", "12 weeks", "91 days")  # not counts


def public_reason(text: str) -> str:
    """The engine's reason for a missing figure, if it names no number: reasons written for staff can carry counts
    ("3 of 4 people..."), which would slip past suppression, so any such reason is replaced by a plain one."""
    checked = text
    for allowed in _ALLOWED_NUMBERS:
        checked = checked.replace(allowed, "")
    if not text.strip() or re.search(r"\d", checked):
        return NO_FIGURE
    return text.strip()


# Measures whose people are part of another's, over the same denominator: (outer, inner).
NESTED = {"3D_2a": "3D_1a", "3D_2b": "3D_1b"}


def _counts(result: MeasureResult, with_breakdowns: bool) -> dict[str, list[tuple[str, int, int | None]]]:
    breakdowns: dict[str, list[tuple[str, int, int | None]]] = {}
    if with_breakdowns:
        for b in result.breakdowns:
            breakdowns.setdefault(b.dimension, []).append((b.group, b.numerator, b.denominator))
    return breakdowns


def _suppressed(result: MeasureResult, breakdowns: Mapping[str, Sequence[tuple[str, int, int | None]]]) -> Published:
    per_population = result.denominator is not None and result.key in ("2B", "2C")
    return suppress(result.numerator or 0, None if per_population else result.denominator, breakdowns)


def _period_figures(result: MeasureResult, *, with_breakdowns: bool,
                    outer: MeasureResult | None = None) -> tuple[dict[str, Any], Published]:
    breakdowns = _counts(result, with_breakdowns)
    denominator = result.denominator
    per_population = denominator is not None and result.key in ("2B", "2C")
    published = _suppressed(result, breakdowns)
    if outer is not None and outer.numerator is not None and outer.denominator == denominator:
        outer_breakdowns = _counts(outer, with_breakdowns)
        published = nested(_suppressed(outer, outer_breakdowns), published,
                           (outer.numerator, outer_breakdowns), (result.numerator or 0, breakdowns))
    figures: dict[str, Any] = {
        "numerator": _cell(published.numerator),
        # 2B and 2C: the denominator is the population, public and large, so it is shown as given
        "denominator": {"value": denominator, "label": ""} if per_population else _cell(published.denominator),
        "value": _value(result, published),
        "value_label": "" if published.rate_shown else "not shown",
        "notes": [published.numerator.why.value] if not published.numerator.shown else [],
    }
    if published.denominator is not None and not published.denominator.shown:
        figures["notes"].append(published.denominator.why.value)
    return figures, published


def _breakdown_figures(published: Published, *, percent: bool) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    out = []
    for dimension, groups in published.breakdowns:
        rows = []
        for g in groups:
            value = None
            if percent and g.rate_shown and g.denominator is not None and g.denominator.value:
                value = round(100 * (g.numerator.value or 0) / g.denominator.value, 1)
            rows.append({
                "group": g.group, "numerator": _cell(g.numerator), "denominator": _cell(g.denominator), "value": value,
                "value_label": "not shown" if percent and value is None else "",
            })
        out.append({"dimension": dimension, "title": DIMENSIONS.get(dimension, dimension.replace("_", " ").capitalize()),
                    "groups": rows})
    withheld = [{"dimension": d, "title": DIMENSIONS.get(d, d), "reason": why.value} for d, why in published.withheld]
    return out, withheld


def measure_figures(description: Description, periods: Sequence[tuple[dt.date, dt.date, MeasureResult | None]],
                    outers: Sequence[MeasureResult | None] | None = None) -> dict[str, Any]:
    """One measure as published: the headline (the last period), the trend (every period) and the headline's
    breakdowns, all suppressed; `outers`, for a measure whose people are part of another's, that measure in each
    period."""
    outers = list(outers) if outers is not None else [None] * len(periods)
    start, end, result = periods[-1]
    out: dict[str, Any] = {
        "key": description.key, "title": description.title, "question": description.question,
        "official": description.official, "unit": description.unit, "better": description.better,
        "national": description.national, "numerator_words": description.numerator_words,
        "denominator_words": description.denominator_words,
        "period_start": start.isoformat(), "period_end": end.isoformat(),
        "reason": "", "headline": None, "trend": [], "breakdowns": [], "withheld": [],
    }
    if result is None or result.value is None and result.numerator is None:
        out["reason"] = description.no_figure or public_reason(result.reason if result is not None else "")
        return out
    headline, published = _period_figures(result, with_breakdowns=True, outer=outers[-1])
    if result.value is None:
        headline["value_label"] = ""
        out["reason"] = public_reason(result.reason)
    out["headline"] = headline
    out["breakdowns"], out["withheld"] = _breakdown_figures(published, percent=description.unit == PERCENT)
    for (q_start, q_end, q_result), q_outer in zip(periods, outers, strict=True):
        if q_result is None:
            continue
        q_figures, _ = _period_figures(q_result, with_breakdowns=False, outer=q_outer)
        out["trend"].append({"period_start": q_start.isoformat(), "period_end": q_end.isoformat(), **q_figures})
    return out


def release_figures(
    periods: Sequence[tuple[dt.date, dt.date]],
    results: Sequence[Mapping[str, MeasureResult]],
    own: Iterable[MeasureResult],
    *,
    population_given: bool,
) -> dict[str, Any]:
    """Everything a release publishes. `results[i]` are the national measures for `periods[i]`; the last
    period is the year published."""
    keys: list[str] = []
    for by_key in results:
        for key in by_key:
            if key not in keys:
                keys.append(key)
    measures = []
    for key in keys:
        last = results[-1].get(key)
        description = describe(key, has_denominator=bool(last and last.denominator is not None))
        outer_key = NESTED.get(key)
        measures.append(measure_figures(
            description, [(s, e, by_key.get(key)) for (s, e), by_key in zip(periods, results, strict=True)],
            [by_key.get(outer_key) for by_key in results] if outer_key else None))
    _guard_bands(measures)
    _guard_part2(measures)
    start, end = periods[-1]
    own_figures = []
    for result in own:
        description = describe(result.key, has_denominator=result.denominator is not None)
        own_figures.append(measure_figures(description, [(start, end, result)]))
    _guard_msp(own_figures, own)
    return {
        "version": FIGURES_VERSION,
        "period_start": start.isoformat(), "period_end": end.isoformat(),
        "population_given": population_given,
        "measures": measures, "own_measures": own_figures,
    }


def _hidden(figures: dict[str, Any], why: str) -> None:
    """Hide a measure's headline counts and figure, its trend and breakdowns."""
    headline = figures["headline"]
    if headline is None:
        return
    for part in ("numerator", "denominator"):
        cell = headline.get(part)
        if cell is not None and cell.get("value") is not None:
            headline[part] = {"value": None, "label": "not shown"}
    headline["value"], headline["value_label"] = None, "not shown"
    headline["notes"] = [*headline.get("notes", []), why]
    figures["trend"], figures["breakdowns"] = [], []


def _guard_bands(measures: list[dict[str, Any]]) -> None:
    """A wait for one age band repeats a count from its base measure's age breakdown, so it is published only
    where that breakdown shows the count (and without a trend, whose quarters would subtract from the base's)."""
    by_key = {m["key"]: m for m in measures}
    for m in measures:
        for suffix, band in BAND_SUFFIXES.items():
            base_key = m["key"].removesuffix(suffix)
            if base_key == m["key"] or base_key not in by_key or m["headline"] is None:
                continue
            if m["headline"]["numerator"]["value"] == 0:  # nobody: nothing to work out
                m["trend"] = []
                continue
            m["trend"] = []
            base = by_key[base_key]
            cells = [g["numerator"] for b in base["breakdowns"] if b["dimension"] == "age_band"
                     for g in b["groups"] if g["group"] == band]
            if not cells or cells[0]["value"] is None or cells[0]["value"] != m["headline"]["numerator"]["value"]:
                _hidden(m, Why.SECONDARY.value)


def _guard_part2(measures: list[dict[str, Any]]) -> None:
    """2D part 2's numerator is 2D's denominator: when its percentage is hidden, so are its counts (else the
    people left out could be worked out from 2D's denominator)."""
    for m in measures:
        if m["key"] == "2D_part2" and m["headline"] is not None and m["headline"]["value"] is None:
            _hidden(m, Why.SMALL_REST.value)


def read_population(path: Path) -> dict[str, int]:
    """The population file `ascof` reads: columns `age_band,population`, rows `18-64` and `65+`."""
    import csv

    from carecommons.core.inputs import ascii_int

    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"age_band", "population"} <= {f.strip() for f in reader.fieldnames}:
            raise ValueError(f"{path.name}: the first line must name the columns age_band and population")
        population: dict[str, int] = {}
        for line, row in enumerate(reader, start=2):
            band = (row.get("age_band") or "").strip()
            number = ascii_int((row.get("population") or "").strip().replace(",", ""))
            if band not in ("18-64", "65+"):
                raise ValueError(f"{path.name}, line {line}: the age band must be 18-64 or 65+, not {band!r}")
            if number is None or number <= 0:
                raise ValueError(f"{path.name}, line {line}: the population must be a whole number above 0")
            population[band] = number
    missing = {"18-64", "65+"} - set(population)
    if missing:
        raise ValueError(f"{path.name}: no population for {', '.join(sorted(missing))}")
    return population


class PublishError(Exception):
    """The records could not be measured: the message says why, in words for whoever ran the command."""


def measures_from_records(
    start: dt.date, end: dt.date, *, population: Mapping[str, int] | None
) -> tuple[list[tuple[dt.date, dt.date]], list[Mapping[str, MeasureResult]], list[MeasureResult]]:
    """The national measures from Care Commons' own records, for each rolling 12 months ending a quarter of the
    year, and Care Commons' own measures for the year."""
    from carecommons.outcomes import export  # helper D's export (issue 16)
    from carecommons.outcomes.engine import measures  # helper B's engine (issue 16)
    from carecommons.outcomes.engine.pipeline import CLDFileError
    from carecommons.outcomes.own_measures import making_safeguarding_personal

    periods = quarter_periods(start, end)
    history_start = start
    for _ in range(HISTORY_YEARS):
        history_start = _year_before(history_start)
    with tempfile.TemporaryDirectory(prefix="outcomes-") as folder:
        path, sus = Path(folder) / "care-commons-cld.csv", Path(folder) / "care-commons-discharges.csv"
        try:
            export.export_to_file(path, start=history_start, end=end)
            export.export_sus(sus, start=history_start, end=end)  # 2D: the records' own hospital discharges
        except (export.ExportError, OSError, ValueError) as error:
            raise PublishError(f"Care Commons' records could not be written as Client Level Data: {error}") from None
        try:
            results = [measures.compute([path], start=s, end=e, population=population, sus=sus) for s, e in periods]
        except CLDFileError as error:
            raise PublishError(f"The measures could not be worked out from the records: {error}") from None
    complete = getattr(measures, "complete", None)  # every national measure, in order, each missing one with why
    if complete is not None:
        results = [complete(by_key) for by_key in results]
    own = list(export.own_measures(start, end))
    own += making_safeguarding_personal(start, end)  # issue 17: from the safeguarding enquiries
    return periods, results, own


def _guard_msp(figures: list[dict[str, Any]], results: Iterable[MeasureResult]) -> None:
    """The Making Safeguarding Personal measures side by side: those who said what they wanted are part of those
    asked, so the two could give away a count of fewer than 5 between them (asked but did not say). Where they
    would (`rules.sac.msp_pinned`), the second is hidden; if still, the first too."""
    from carecommons.rules.sac import MspCounts, msp_pinned

    by_key = {r.key: r for r in results}
    shown = {m["key"]: m for m in figures}
    asked, achieved = by_key.get("msp_asked"), by_key.get("msp_achieved")
    if asked is None or achieved is None or "msp_asked" not in shown or "msp_achieved" not in shown:
        return
    truth = MspCounts(asked.denominator or 0, asked.numerator or 0, achieved.denominator or 0,
                      achieved.numerator or 0, ())

    def cell(measure: dict[str, Any], part: str, value: int) -> Cell:
        headline = measure["headline"]
        published = headline.get(part) if headline else None
        if published is None:  # no figure at all: nothing was published of it
            return Cell(None, "fewer than 5" if 0 < value < 5 else "not shown")
        hidden_why = Why.SMALL_REST if part == "numerator" and Why.SMALL_REST.value in headline.get("notes", []) \
            else Why.SHOWN
        return Cell(published["value"], published["label"], hidden_why if published["value"] is None else Why.SHOWN)

    def pinned() -> bool:
        a, b = shown["msp_asked"], shown["msp_achieved"]
        return msp_pinned(concluded=cell(a, "denominator", truth.concluded), asked=cell(a, "numerator", truth.asked),
                          expressed=cell(b, "denominator", truth.expressed),
                          achieved=cell(b, "numerator", truth.achieved), truth=truth)

    for key in ("msp_achieved", "msp_asked"):
        if not pinned():
            return
        _hidden(shown[key], Why.SECONDARY.value)
