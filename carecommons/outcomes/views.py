"""The public outcomes pages: what was published, in plain English, with charts, tables and downloads.

No account is needed. Everything shown comes from the latest `OutcomesRelease`, whose figures were suppressed
before they were saved; these views add no count of their own."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from carecommons.outcomes import presentation
from carecommons.outcomes.descriptions import BAND_SUFFIXES
from carecommons.outcomes.selectors import latest_release


def _context(release) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "release": release,
        "period": presentation.period_text(release.figures["period_start"], release.figures["period_end"]),
        "population_given": release.figures.get("population_given", False),
    }


@require_safe
def outcomes(request: HttpRequest) -> HttpResponse:
    """Every measure's headline, what it means, and a link to its own page."""
    release = latest_release()
    if release is None:
        return render(request, "outcomes/outcomes.html", {"release": None})
    # a wait for one age band is reached from its measure's own page, so this page stays short
    measures = [presentation.measure_view(m, charts=False) for m in release.figures.get("measures", [])
                if not any(m["key"].endswith(suffix) for suffix in BAND_SUFFIXES)]
    own = [presentation.measure_view(m, charts=False) for m in release.figures.get("own_measures", [])]
    # Making Safeguarding Personal has its own heading (issue 17)
    msp = [m for m in own if m["key"].startswith("msp_")]
    own = [m for m in own if not m["key"].startswith("msp_")]
    percent_rows = [(m["title"], m["headline"]["value"], m["figure"]) for m in measures
                    if m["unit"] == "percent" and m["has_figure"]]
    summary_bars = presentation.bars(percent_rows, "percent")
    return render(request, "outcomes/outcomes.html", {
        **_context(release), "measures": measures, "own": own, "msp": msp, "summary_bars": summary_bars,
        "summary_height": presentation.chart_height(summary_bars),
    })


@require_safe
def measure(request: HttpRequest, key: str) -> HttpResponse:
    """One measure: its figure, the trend by quarter and the breakdowns, each as a chart and a table."""
    release = latest_release()
    if release is None:
        raise Http404("Nothing has been published yet")
    found = [m for m in release.figures.get("measures", []) + release.figures.get("own_measures", []) if m["key"] == key]
    if not found:
        raise Http404("No such measure")
    bands = [presentation.measure_view(m, charts=False) for m in release.figures.get("measures", [])
             if m["key"] in {key + suffix for suffix in BAND_SUFFIXES}]
    return render(request, "outcomes/measure.html", {
        **_context(release), "measure": presentation.measure_view(found[0], charts=True), "bands": bands})


def _file_name(release, suffix: str) -> str:  # type: ignore[no-untyped-def]
    if release is None:
        return f"outcomes-none-published.{suffix}"
    return f"outcomes-{release.period_start}-to-{release.period_end}.{suffix}"


@require_safe
def outcomes_csv(request: HttpRequest) -> HttpResponse:
    """Every published figure, one a line; only the header line when nothing is published yet."""
    release = latest_release()
    response = HttpResponse(presentation.figures_csv(release.figures if release else {}),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(release, "csv")}"'
    return response


@require_safe
def outcomes_json(request: HttpRequest) -> HttpResponse:
    """The release as published (the same suppressed figures), or an empty one when nothing is published yet."""
    release = latest_release()
    if release is None:
        body: dict[str, Any] = {"published_at": None, "measures": [], "own_measures": []}
    else:
        body = {"published_at": release.made_at.isoformat(), "fictional": release.fictional,
                "population_source": release.population_source, **release.figures}
    response = HttpResponse(json.dumps(body, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(release, "json")}"'
    return response
