"""The council's figures for the funding comparison: estimated groups of people and the council tax base.

Commissioners and administrators enter them (the pages table in `rules/access.py`); each entry is kept with who made
it and when, and the public page `/funding/` shows each figure with its source and date.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.budgets import services_funding as sf
from carecommons.budgets.forms_funding import CouncilTaxForm, EstimateForm
from carecommons.budgets.models_funding import CouncilTaxBase, FundingEstimate
from carecommons.people.roles import require_page
from carecommons.rules.council_tax import CouncilTaxError


@login_required
@require_http_methods(["GET", "POST"])
def funding_figures(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "budgets:funding-figures")
    today = timezone.localdate()
    market = sf.market_figures()
    action = request.POST.get("action", "")
    estimate_form = EstimateForm(request.POST if action == "estimate" else None, prefix="estimate", market=market, today=today)
    tax_form = CouncilTaxForm(request.POST if action == "council_tax" else None, prefix="tax")
    if action == "estimate" and estimate_form.is_valid():
        cd = estimate_form.cleaned_data
        try:
            sf.funding_estimate_add(kind=cd["kind"], setting=cd["setting"], age_group=cd["age_group"], people=cd["people"],
                                    weekly_fee=cd["weekly_fee"], fee_note=cd["fee_note"], people_note=cd["people_note"], capital=cd["capital"],
                                    weekly_income=cd["weekly_income"], source=cd["source"], estimated_on=cd["estimated_on"],
                                    user=request.user)
        except sf.FundingFigureError as error:
            estimate_form.add_error(error.field if error.field in estimate_form.fields else None, str(error))
        else:
            messages.success(request, "Estimate added. The funding comparison now uses it.")
            return redirect("budgets:funding-figures")
    if action == "council_tax" and tax_form.is_valid():
        cd = tax_form.cleaned_data
        try:
            sf.council_tax_base_add(dwellings=tax_form.dwellings(), dwellings_source=cd["dwellings_source"],
                                    dwellings_on=cd["dwellings_on"], band_d_extra=cd["band_d_extra"],
                                    band_d_reason=cd["band_d_reason"], user=request.user)
        except (sf.FundingFigureError, CouncilTaxError) as error:
            tax_form.add_error(error.field if error.field in tax_form.fields else None, str(error))
        else:
            messages.success(request, "Council tax figures added. The funding comparison now uses them.")
            return redirect("budgets:funding-figures")
    status = 400 if action in ("estimate", "council_tax") else 200
    return render(request, "budgets/funding_figures.html", {
        "estimate_form": estimate_form, "tax_form": tax_form, "market": market, "in_use": sf.estimates_in_use(),
        "estimates": FundingEstimate.objects.select_related("entered_by")[:50],
        "tax_rows": CouncilTaxBase.objects.select_related("entered_by")[:20],
    }, status=status)
