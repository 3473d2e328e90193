"""How leaving hospital flows, for commissioners and the hospital team's managers; and the reablement service's
capacity and weekly cost, which they record.

Counts only: these pages show no name and no row about one person, and open no person's record, so they write no
access event (`flow` explains). They work without JavaScript: the period is a plain GET form, each figure a plain
POST form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from carecommons.hospital import flow
from carecommons.hospital import flow_forms as ff
from carecommons.hospital.access import on_hospital_team
from carecommons.hospital.models import ReablementFigure
from carecommons.people.roles import role_of
from carecommons.rules.access import Role

BAR_SPACE = 300  # as outcomes' charts (outcomes/_bars.html): the widest bar in the 420-wide view box
PERIOD_WORDS = {"4": "the last 4 weeks", "13": "the last 13 weeks", "52": "the last 52 weeks"}


def _bars(rows: list[tuple[str, int, str]]) -> tuple[list[dict[str, Any]], int]:
    """Bars for `outcomes/_bars.html`, drawn the way `outcomes.presentation.bars` draws a count (the hospital app
    sits below outcomes, so it cannot import it): each label above its bar, the figure after it."""
    largest = max((v for _, v, _ in rows), default=0) or 1
    bars = [{"label": label, "text": text, "short": text, "width": round(BAR_SPACE * value / largest),
             "y": 56 * i, "text_x": round(BAR_SPACE * value / largest) + 8} for i, (label, value, text) in enumerate(rows)]
    return bars, 56 * len(bars) + 8


def _people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def _days(n: int | None) -> str:
    return "" if n is None else f"{n} day" if n == 1 else f"{n} days"


@login_required
@require_safe
def flow_page(request: HttpRequest) -> HttpResponse:
    """Waiting today by pathway and reason; waiting each day over 28 days; how long people waited; reablement;
    places free; and what reablement cost this financial year."""
    flow.require_flow(request.user)
    chosen = request.GET.get("weeks", flow.DEFAULT_PERIOD)
    if chosen not in flow.PERIODS:
        chosen = flow.DEFAULT_PERIOD
    today = timezone.localdate()
    figures = flow.flow_figures(today=today, weeks=flow.PERIODS[chosen])
    days = [(f"{day:%a %-d %b}", n, _people(n)) for day, n in figures["each_day"].items()]
    bars, height = _bars(days)
    places = figures["places"]
    return render(request, "hospital/flow.html", {
        **figures, "today": today, "chosen": chosen, "periods": PERIOD_WORDS, "period_words": PERIOD_WORDS[chosen],
        "days": [(day, n) for day, n in figures["each_day"].items()], "bars": bars, "height": height,
        "median_words": _days(figures["waits"].median), "p90_words": _days(figures["waits"].p90),
        "places": places, "may_record": _may_record(request.user),
    })


def _may_record(user: Any) -> bool:
    """Commissioners, and managers on the hospital team, record the service's figures."""
    role = role_of(user)
    return role is Role.COMMISSIONER or (role is Role.MANAGER and on_hospital_team(user, role))


@login_required
@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest) -> HttpResponse:
    """Record how many people the reablement service can support at once, or its weekly cost per person, from a
    day, with where the figure comes from. Every figure recorded is listed, newest first, with who and when."""
    flow.require_flow(request.user)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        capacity, cost = ff.bound(kind if kind in ReablementFigure.Kind.values else "", request.POST)
        form = capacity if kind == "capacity" else cost if kind == "weekly_cost" else None
        if form is None:
            messages.error(request, "Choose which figure to record.")
        elif form.is_valid():
            what, value = form.figure()
            effective_from: dt.date = form.cleaned_data["effective_from"]
            flow.record_figure(kind=what, value=value, source=form.cleaned_data["source"],
                               effective_from=effective_from, user=request.user)
            messages.success(request, f"The {'capacity' if what == 'capacity' else 'weekly cost'} from "
                                      f"{effective_from:%-d %B %Y} has been recorded.")
            return redirect("hospital:flow")
    else:
        capacity, cost = ff.bound("", None)
    history = list(ReablementFigure.objects.order_by("-entered_at", "-id")[:100])
    today = timezone.localdate()
    in_force = flow.figures_in_force(today)
    has_errors = bool(capacity.errors or cost.errors)
    return render(request, "hospital/flow_figures.html", {
        "capacity_form": capacity, "cost_form": cost, "history": history, "in_force": in_force,
        "has_errors": has_errors, "form": capacity if capacity.errors else cost if cost.errors else None,
    }, status=400 if has_errors else 200)
