"""Charging rates, for administrators: every year's figures with their sources; entering, checking and applying them.
Also the deferred payment interest rates, six months at a time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.budgets import rates_services
from carecommons.budgets.charging_rates import rates_overview
from carecommons.budgets.deferred_rates import DeferredRatesError, deferred_rates_overview, period_words
from carecommons.budgets.deferred_rates import deferred_rates_enter as deferred_rates_enter_service
from carecommons.budgets.forms_deferred import DeferredRatesForm
from carecommons.budgets.forms_rates import ChargingRatesForm
from carecommons.budgets.models_rates import ChargingRateEntry
from carecommons.people.roles import require_page
from carecommons.rules.charging_figures import year_dates

PAGE = "budgets:charging-rates"


@login_required
def charging_rates(request: HttpRequest) -> HttpResponse:
    require_page(request.user, PAGE)
    years, waiting = rates_overview()
    return render(request, "budgets/charging_rates.html", {"years": years, "waiting": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def charging_rates_enter(request: HttpRequest, year: str = "") -> HttpResponse:
    """Enter a new year's figures, or (with `year`) correct the figures of a year already applied."""
    require_page(request.user, PAGE)
    if year and year_dates(year) is None:
        raise Http404("No such year")
    data = request.POST if request.method == "POST" else None
    lower = bool(data and data.get("lower_asked"))
    form = ChargingRatesForm(data, correction_of=year, lower=lower)
    if data is not None and form.is_valid():
        cd = form.cleaned_data
        try:
            entry = rates_services.charging_rates_enter(
                year=year or cd["year"], figures=cd["figures"], user=request.user, reason=cd.get("reason", ""),
                correction=bool(year), lower_confirmed=bool(cd.get("lower_is_right")))
        except rates_services.RatesError as error:
            asks_lower = bool(rates_services.lower_than_last_year(year or cd["year"].strip(), cd["figures"])) \
                if year_dates(year or cd["year"].strip()) else False
            if asks_lower and not lower:
                form = ChargingRatesForm(data, correction_of=year, lower=True)
                form.is_valid()
            form.add_problems(error.problems)
        else:
            return redirect("budgets:charging-rates-check", entry_id=entry.pk)
    title = f"Correct the charging rates for {year}" if year else "Enter a year's charging rates"
    return render(request, "budgets/charging_rates_form.html", {"form": form, "title": title, "year": year})


@login_required
@require_http_methods(["GET", "POST"])
def charging_rates_check(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The figures beside last year's, with the change; they apply only when an administrator confirms them."""
    require_page(request.user, PAGE)
    entry = get_object_or_404(ChargingRateEntry.objects.select_related("entered_by", "confirmed_by"), pk=entry_id)
    problems: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply":
                rates_services.charging_rates_apply(entry=entry, user=request.user)
                messages.success(request, f"The charging rates for {entry.year} now apply.")
                return redirect(reverse(PAGE) + f"#year-{entry.year}")
            if action == "not_apply":
                rates_services.charging_rates_not_apply(entry=entry, user=request.user)
                messages.success(request, f"The figures for {entry.year} were not applied.")
                return redirect(PAGE)
            problems = {"action": "Choose whether to apply these rates"}
        except rates_services.RatesError as error:
            problems = error.problems
    changes = rates_services.entry_changes(entry)
    return render(request, "budgets/charging_rates_check.html", {
        "entry": entry, "changes": changes, "problems": problems, "lower": [c for c in changes if c.lower],
        "events": entry.events.select_related("by"),
    })


# --- Deferred payment interest rates (six months at a time; ADR 0019 addendum) --------------------

@login_required
def deferred_rates(request: HttpRequest) -> HttpResponse:
    """Every six months' deferred payment interest rates with their sources, and the current six months if missing."""
    require_page(request.user, PAGE)
    periods = deferred_rates_overview(timezone.localdate())
    return render(request, "budgets/deferred_rates.html", {"periods": periods})


@login_required
@require_http_methods(["GET", "POST"])
def deferred_rates_enter(request: HttpRequest) -> HttpResponse:
    """Enter six months' rates; for six months already entered, a correction with a reason."""
    require_page(request.user, PAGE)
    if request.method == "POST":
        form = DeferredRatesForm(request.POST)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                row = deferred_rates_enter_service(
                    starts=cd["starts"], max_rate=cd["max_rate"], max_rate_source=cd["max_rate_source"],
                    council_rate=cd["council_rate"], council_rate_source=cd["council_rate_source"],
                    user=request.user, reason=cd["reason"])
            except DeferredRatesError as error:
                form.add_problems(error.problems)
            else:
                messages.success(request, f"The deferred payment interest rates for {period_words(row.starts)} "
                                          "are entered.")
                return redirect(reverse("budgets:deferred-rates") + f"#period-{row.starts:%Y-%m-%d}")
    else:
        form = DeferredRatesForm()
    return render(request, "budgets/deferred_rates_form.html", {"form": form})
