"""The full financial assessment: a practitioner lists the facts, then income, capital and spending one at a time;
the result explains every line. The person reads their own result from their record.

Adding items works without JavaScript: the items page has three small forms (income, savings and capital,
disability-related spending); each adds one item and comes back to the same page (POST-redirect-GET).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from carecommons.budgets import financial
from carecommons.budgets.access import access_financial_assessment, access_person_finances
from carecommons.budgets.deferred_rates import interest_on
from carecommons.budgets.forms_finances import CapitalForm, ExpenseForm, FactsForm, IncomeForm
from carecommons.budgets.models import FinancialAssessment
from carecommons.people.roles import TEAM_ROLES, role_of
from carecommons.rules.access import Purpose, Role
from carecommons.rules.financial_assessment import CAPITAL_KINDS, INCOME_KINDS, WHOSE


def _fa(request: HttpRequest, fa_id: int, *, what: str, purpose: Purpose = Purpose.VIEW) -> FinancialAssessment:
    return access_financial_assessment(user=request.user, id=fa_id, purpose=purpose, what=what)


@login_required
def fa_list(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_finances(user=request.user, person_id=person_id, purpose=Purpose.VIEW)
    own = person.user_id == request.user.pk
    return render(request, "budgets/fa_list.html", {
        "person": person, "own": own, "is_team": role_of(request.user) in TEAM_ROLES,
        "assessments": list(person.financial_assessments.select_related("assessed_by")),
    })


def _facts_initial(fa: FinancialAssessment) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(fa, name) for name in financial.FACT_FIELDS}
    for name in ("weekly_care_cost", "adaptation_cost", "housing_costs", "dre_flat_rate"):
        pence = initial.get(name)
        initial[name] = f"{pence / 100:.2f}" if pence else ""
    initial["property_occupied_by"] = fa.property_occupied_by or "nobody"
    initial["free_service"] = fa.free_service or "none"
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def fa_start(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_finances(user=request.user, person_id=person_id, purpose=Purpose.CHANGE,
                                    what="their financial assessment, to start one")
    form = FactsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fa = financial.financial_assessment_start(person=person, user=request.user, facts=form.cleaned_data)
        messages.success(request, "The financial assessment has been started. Now list their income and savings.")
        return redirect("budgets:fa-items", fa_id=fa.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "Start a financial assessment", "caption": person.full_name,
        "intro": ["First, the facts about where they live and who with. Then you list their income and savings, one "
                  "at a time."],
        "submit": "Save and list their income and savings", "back": reverse("budgets:fa-list", args=[person.pk]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def fa_facts(request: HttpRequest, fa_id: int) -> HttpResponse:
    fa = _fa(request, fa_id, what="their financial assessment, to change the facts", purpose=Purpose.CHANGE)
    form = FactsForm(request.POST if request.method == "POST" else None, initial=_facts_initial(fa))
    if request.method == "POST" and form.is_valid():
        financial.financial_assessment_update(fa=fa, facts=form.cleaned_data)
        messages.success(request, "The facts have been saved.")
        return redirect("budgets:fa-items", fa_id=fa.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "Change the facts", "caption": fa.person.full_name, "submit": "Save the facts",
        "back": reverse("budgets:fa-items", args=[fa.pk]),
    })


FORMS = {"income": IncomeForm, "capital": CapitalForm, "expense": ExpenseForm}


@login_required
@require_http_methods(["GET", "POST"])
def fa_items(request: HttpRequest, fa_id: int) -> HttpResponse:
    fa = _fa(request, fa_id, what="their financial assessment, to list income and savings", purpose=Purpose.CHANGE)
    sent = request.POST.get("add", "") if request.method == "POST" else ""
    forms = {name: cls(request.POST if sent == name else None, prefix=name) for name, cls in FORMS.items()}
    if sent in forms and forms[sent].is_valid():
        cd = forms[sent].cleaned_data
        if sent == "income":
            financial.income_item_add(fa=fa, kind=cd["kind"], weekly=cd["weekly"], whose=cd["whose"], owners=cd["owners"],
                                      half_to_spouse=cd["half_to_spouse"])
        elif sent == "capital":
            financial.capital_item_add(fa=fa, kind=cd["kind"], value=cd["value"], whose=cd["whose"], owners=cd["owners"],
                                       secured_debt=cd["secured_debt"], reason=cd["reason"])
        else:
            financial.expense_add(fa=fa, what=cd["what"], weekly=cd["weekly"])
        messages.success(request, "Added.")
        return redirect(f"{reverse('budgets:fa-items', args=[fa.pk])}#{sent}")
    return render(request, "budgets/fa_items.html", {
        "fa": fa, "person": fa.person, "forms": forms, "sent": sent, "error_form": forms.get(sent),
        "income": [(i, INCOME_KINDS[i.kind].words, WHOSE[i.whose]) for i in fa.income_items.all()],
        "capital": [(c, CAPITAL_KINDS[c.kind].words, WHOSE[c.whose]) for c in fa.capital_items.all()],
        "expenses": list(fa.expenses.all()),
    })


@login_required
@require_POST
def fa_item_remove(request: HttpRequest, fa_id: int, section: str, item_id: int) -> HttpResponse:
    fa = _fa(request, fa_id, what="their financial assessment, to remove an item", purpose=Purpose.CHANGE)
    if not financial.item_remove(fa=fa, section=section, item_id=item_id):
        raise Http404("No such item")
    messages.success(request, "Removed.")
    return redirect("budgets:fa-items", fa_id=fa.pk)


@login_required
def fa_result(request: HttpRequest, fa_id: int) -> HttpResponse:
    fa = _fa(request, fa_id, what="their financial assessment")
    role = role_of(request.user)
    outcome = financial.outcome_of(fa)
    interest, cap = interest_on(fa.assessed_on)  # the six months covering the day the charge is worked out from
    return render(request, "budgets/fa_result.html", {
        "fa": fa, "person": fa.person, "outcome": outcome,
        "deferred": financial.deferred_payment_of(fa, outcome, interest=interest, cap=cap),
        "own": fa.person.user_id == request.user.pk,
        "is_team": role in TEAM_ROLES, "is_person": role is Role.PERSON,
    })
