"""Pages for personal budgets. So far: the personal assistants' pay calculator, open to anyone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from carecommons.budgets.api import bank_holidays_for
from carecommons.budgets.forms import PayForm
from carecommons.rules.pa_pay import PayTerms, calculate_pay
from carecommons.rules.rates import WAGE_FLOORS


@require_http_methods(["GET", "POST"])
def pa_pay(request: HttpRequest) -> HttpResponse:
    form = PayForm(request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        shifts = form.cleaned_data["shifts"]
        result = calculate_pay(terms=PayTerms(**form.as_terms()), shifts=shifts,
                               bank_holidays=bank_holidays_for([s.date for s in shifts]), floors=WAGE_FLOORS)
    return render(request, "budgets/pa_pay.html", {"form": form, "result": result})
