"""Public pages about money: the personal assistants' pay calculator, and funding policies side by side."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from carecommons.budgets.api import bank_holidays_for
from carecommons.budgets.forms import PayForm
from carecommons.rules.employer_costs import ENROLLED, employer_costs, pay_period
from carecommons.rules.pa_pay import PayTerms, calculate_pay
from carecommons.rules.rates import EMPLOYER_NI, PENSION_THRESHOLDS, WAGE_FLOORS


@require_http_methods(["GET", "POST"])
def pa_pay(request: HttpRequest) -> HttpResponse:
    form = PayForm(request.POST if request.method == "POST" else None)
    result = costs = None
    if request.method == "POST" and form.is_valid():
        shifts = form.cleaned_data["shifts"]
        result = calculate_pay(terms=PayTerms(**form.as_terms()), shifts=shifts,
                               bank_holidays=bank_holidays_for([s.date for s in shifts]), floors=WAGE_FLOORS)
        # The employer's costs, paid on the last shift's day, for a worker enrolled in a workplace pension, before
        # any Employment Allowance.
        costs = employer_costs(gross=result.gross_pence, period=pay_period([s.date for s in shifts]),
                               paid_on=max(s.date for s in shifts), worker="The worker", worker_born=None, worker_age=None,
                               pension_status=ENROLLED, claims_employment_allowance=False, allowance_used=0,
                               ni_rates=EMPLOYER_NI, pension_thresholds=PENSION_THRESHOLDS)
    return render(request, "budgets/pa_pay.html", {"form": form, "result": result, "costs": costs})


SMALLEST_GROUP = 5  # groups smaller than this are not shown, so nobody can be picked out


def _bars(rows: list[tuple[str, int, int]]) -> dict[str, Any]:
    """Horizontal stacked bars (council, people), scaled to the largest total, for an inline SVG."""
    top = max((c + p for _, c, p in rows), default=0) or 1
    width = 440
    bars = []
    for i, (label, council, people) in enumerate(rows):
        cw = round(width * council / top)
        pw = round(width * people / top)
        bars.append({"label": label, "y": i * 44, "council_w": cw, "people_x": cw, "people_w": pw,
                     "council": council, "people": people, "text_x": cw + pw + 8})
    return {"bars": bars, "height": len(rows) * 44, "width": width}


def _few(n: int) -> str:
    """A count of people on a public page: small numbers are not shown, so nobody can be picked out."""
    return f"fewer than {SMALLEST_GROUP}" if 0 < n < SMALLEST_GROUP else f"{n:,}"


def funding(request: HttpRequest) -> HttpResponse:
    """Funding policies side by side over the financial year of `on`: the people counted one by one, the council's
    estimated groups (kept apart), capital drawn down week by week, and a local option to pay more tax. Totals only."""
    import datetime as dt

    from django.utils import timezone

    from carecommons.budgets.charging_rates import last_rates
    from carecommons.budgets.forms_funding import TryBandDForm
    from carecommons.budgets.funding import comparison
    from carecommons.people.roles import role_of
    from carecommons.rules.access import may_open_page
    from carecommons.rules.charging import ChargingError

    on_text = request.GET.get("on", "")
    try:
        on = dt.date.fromisoformat(on_text) if on_text else timezone.localdate()
    except ValueError:
        on = timezone.localdate()
    try_form = TryBandDForm(request.GET if "band_d" in request.GET else None)
    band_d = try_form.cleaned_data["band_d"] if try_form.is_bound and try_form.is_valid() else None
    try:
        comp = comparison(on, band_d=band_d)
    except ChargingError as refused:  # no rates for that year: say so, and offer the last day that has them
        last = last_rates()
        return render(request, "budgets/funding_no_rates.html", {"on": on, "message": str(refused), "last": last})
    sims, pop = comp.sims, comp.pop
    small = len(pop.people) < SMALLEST_GROUP
    counts = Counter(o.age_band for o in sims[0].people)
    hidden = sorted(band for band, n in counts.items() if n < SMALLEST_GROUP)
    by_age_rows = {s.policy.name: _bars([(band, c, p) for band, (c, p) in s.by_age.items() if band not in hidden]) for s in sims}
    need_counts = Counter(o.need for o in sims[0].people)
    hidden_need = sorted(need for need, n in need_counts.items() if n < SMALLEST_GROUP)
    by_need_rows = {s.policy.name: _bars([(need, c, p) for need, (c, p) in s.by_need.items() if need not in hidden_need])
                    for s in sims}
    together = []
    for s in sims:
        est = comp.estimated[s.policy.name]
        council, people = comp.totals(s.policy.name)
        together.append({"policy": s.policy, "counted_council": s.council_total, "counted_people": s.people_total,
                         "estimated_council": est.council_total, "estimated_people": est.people_total,
                         "council": council, "people": people})
    capital = [{"policy": s.policy, "upper": _few(s.crossed("upper")), "lower": _few(s.crossed("lower")),
                "cap": _few(s.reached_cap) if s.policy.lifetime_cap else "",
                "weeks": sorted(c.week for o in s.people for c in o.crossings if c.limit == "upper")}
               for s in sims if not s.policy.free_for or s.policy.name == "tax_funded_groups"]
    for row in capital:
        weeks = row.pop("weeks")
        row["when"] = f"weeks {weeks[0]} to {weeks[-1]}" if len(weeks) >= SMALLEST_GROUP else ""
    return render(request, "budgets/funding.html", {
        "on": on, "comp": comp, "sims": sims, "pop": pop, "small": small, "hidden": hidden, "smallest": SMALLEST_GROUP,
        "totals": _bars([(s.policy.title, s.council_total, s.people_total) for s in sims]),
        "by_age": [(s, by_age_rows[s.policy.name]) for s in sims], "hidden_need": hidden_need,
        "by_need": [(s, by_need_rows[s.policy.name]) for s in sims], "together": together, "capital": capital,
        "estimated_reasons": [(s.policy, comp.estimated[s.policy.name].groups) for s in sims],
        "try_form": try_form, "may_enter": may_open_page(role=role_of(request.user), page="budgets:funding-figures"),
    })
