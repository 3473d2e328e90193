"""Adding to a support plan, one question a page (ADR 0032).

Which need it is for (skipped when the plan's page already named it), who or what will help (the community group
asked under its choice), what will happen, then, only for paid support, the kind, cost and who provides it; a check
page shows the answers with Change links and "Add to the plan" validates the whole draft with the one-page
PlanItemForm and calls the same service, so the item saved is exactly what that form saved. The answers are kept as
typed in the session, one draft a plan, so nothing is lost between pages or on an error. Every page opens the plan
to change it, as the one-page form did.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from carecommons.budgets import forms as f
from carecommons.budgets import services
from carecommons.budgets.models import PlanItem, SupportPlan
from carecommons.budgets.views_plans import _plan, outcome_words
from carecommons.core.forms import GovukForm
from carecommons.directory.models import Service as DirectoryService
from carecommons.rules.access import Purpose

FROM_CHECK = "check"
# Each page's slug, the draft's answers it asks, and its heading when it asks more than one question.
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "need": (("outcome",), ""),
    "who-helps": (("met_by", "community_group"), ""),
    "what-happens": (("description",), ""),
    "paid-support": (("paid_kind", "weekly_cost", "supplier"), "About the paid support"),
}
FIELDS = tuple(name for names, _ in STEPS.values() for name in names)


def _open(request: HttpRequest, plan_id: int) -> SupportPlan:
    return _plan(request, plan_id, what="their support plan", purpose=Purpose.CHANGE)


def _key(plan: SupportPlan) -> str:
    return f"plan_item_draft_{plan.pk}"


def _draft(request: HttpRequest, plan: SupportPlan) -> dict[str, str]:
    saved = request.session.get(_key(plan))
    if not isinstance(saved, dict):
        return {}
    return {k: str(v)[:2000] for k, v in saved.items() if k in (*FIELDS, "named") and isinstance(v, str)}


def _keep(request: HttpRequest, plan: SupportPlan, draft: dict[str, str]) -> None:
    request.session[_key(plan)] = draft


def _outcomes(plan: SupportPlan) -> list[tuple[str, str]]:
    return [(k, outcome_words(plan.kind, k)) for k in plan.assessment.determination.unmet_outcomes]


def _groups() -> list[tuple[str, str]]:
    return [(str(d.pk), d.name) for d in DirectoryService.objects.filter(status="active").order_by("name")[:500]]


def _form(step: str, plan: SupportPlan, data: Any = None, initial: dict[str, str] | None = None) -> GovukForm:
    if step == "need":
        return f.PlanItemNeedStep(data, initial=initial, outcomes=_outcomes(plan))
    if step == "who-helps":
        return f.PlanItemHowStep(data, initial=initial, groups=_groups())
    if step == "what-happens":
        return f.PlanItemWhatStep(data, initial=initial)
    return f.PlanItemPaidStep(data, initial=initial)


def _answered(step: str, plan: SupportPlan, draft: dict[str, str]) -> bool:
    return _form(step, plan, data={k: draft.get(k, "") for k in STEPS[step][0]}).is_valid()


def _path(draft: dict[str, str]) -> list[str]:
    """The pages this draft goes through: paid support's page only for paid support."""
    return [s for s in STEPS if s != "paid-support" or draft.get("met_by") == PlanItem.MetBy.PAID]


def _next(plan: SupportPlan, draft: dict[str, str], after: str | None = None) -> str:
    """The first page not yet answered after `after` (or from the start), else the check page."""
    path = _path(draft)
    start = path.index(after) + 1 if after in path else 0
    for step in path[start:]:
        if not _answered(step, plan, draft):
            return reverse("budgets:plan-item-step", args=[plan.pk, step])
    return reverse("budgets:plan-item-check", args=[plan.pk])


def _data(draft: dict[str, str]) -> dict[str, str]:
    """The draft as the one-page form would have been sent: only the answers that apply to who will help."""
    data = {k: draft.get(k, "") for k in ("outcome", "met_by", "description")}
    if draft.get("met_by") == PlanItem.MetBy.COMMUNITY:
        data["community_group"] = draft.get("community_group", "")
    if draft.get("met_by") == PlanItem.MetBy.PAID:
        data.update({k: draft.get(k, "") for k in ("paid_kind", "weekly_cost", "supplier")})
    return data


def add_item(plan: SupportPlan, cd: dict[str, Any]) -> PlanItem:
    """What the one-page form and the check page both do with PlanItemForm's cleaned data."""
    group = DirectoryService.objects.filter(pk=cd["community_group"]).first() if cd.get("community_group") else None
    return services.plan_item_add(plan=plan, outcome=cd["outcome"], met_by=cd["met_by"], description=cd["description"],
                                  community_group=group, paid_kind=cd.get("paid_kind", ""), supplier=cd.get("supplier", ""),
                                  weekly_cost=cd["weekly_cost"])


def start(request: HttpRequest, plan: SupportPlan) -> HttpResponse:
    """A new draft; the need is already answered when the plan's page named it (?outcome=...)."""
    draft: dict[str, str] = {}
    outcome = request.GET.get("outcome", "")
    if outcome and outcome in {k for k, _ in _outcomes(plan)} | {"other"}:
        draft = {"outcome": outcome, "named": "yes"}
    _keep(request, plan, draft)
    return redirect(_next(plan, draft))


@login_required
@require_http_methods(["GET", "POST"])
def step_page(request: HttpRequest, plan_id: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such question")
    plan = _open(request, plan_id)
    draft = _draft(request, plan)
    from_check = request.GET.get("from") == FROM_CHECK
    if step == "paid-support" and draft.get("met_by") != PlanItem.MetBy.PAID:
        return redirect(_next(plan, draft))
    names, title = STEPS[step]
    form = _form(step, plan, request.POST if request.method == "POST" else None,
                 initial={k: draft[k] for k in names if k in draft})
    path = _path(draft)
    if request.method == "POST" and form.is_valid():
        draft.update({k: str(request.POST.get(k, "")).strip()[:2000] for k in names})
        _keep(request, plan, draft)
        if from_check:  # back to the check page, unless the change needs a new answer (paid support's page)
            target = _next(plan, draft, after=step)
            if target != reverse("budgets:plan-item-check", args=[plan.pk]):
                return redirect(f"{target}?from={FROM_CHECK}")
            return redirect(target)
        return redirect(_next(plan, draft, after=step))
    index = path.index(step)
    if from_check:
        back = reverse("budgets:plan-item-check", args=[plan.pk])
    elif index == 0 or (index == 1 and draft.get("named")):
        back = reverse("budgets:plan", args=[plan.pk])
    else:
        back = reverse("budgets:plan-item-step", args=[plan.pk, path[index - 1]])
    return render(request, "budgets/plan_item_step.html", {
        "form": form, "title": title or str(form.fields[names[0]].label), "one_question": not title,
        "caption": f"Add to the plan for {plan.person.full_name}", "back": back,
    })


def _rows(plan: SupportPlan, draft: dict[str, str]) -> list[dict[str, str]]:
    outcomes = dict([*_outcomes(plan), ("other", "Something else that matters to me")])
    who = dict(f.PlanItemForm.base_fields["met_by"].choices)  # type: ignore[attr-defined]
    kinds = dict(f.PlanItemForm.base_fields["paid_kind"].choices)  # type: ignore[attr-defined]
    rows = [
        ("need", "What it is for", outcomes.get(draft.get("outcome", ""), "")),
        ("who-helps", "Who or what will help", who.get(draft.get("met_by", ""), "")),
    ]
    if draft.get("met_by") == PlanItem.MetBy.COMMUNITY:
        rows.append(("who-helps", "Community group or service", dict(_groups()).get(draft.get("community_group", ""), "")))
    rows.append(("what-happens", "What will happen", draft.get("description", "")))
    if draft.get("met_by") == PlanItem.MetBy.PAID:
        cost = draft.get("weekly_cost", "")
        rows += [("paid-support", "Kind of paid support", kinds.get(draft.get("paid_kind", ""), "")),
                 ("paid-support", "Cost each week", f"£{cost.lstrip('£')}" if cost else ""),
                 ("paid-support", "Who provides it", draft.get("supplier", "") or "Not given")]
    return [{"slug": s, "key": k, "value": v} for s, k, v in rows]


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _open(request, plan_id)
    draft = _draft(request, plan)
    first = _next(plan, draft)
    if first != reverse("budgets:plan-item-check", args=[plan.pk]):
        return redirect(first)  # a question is not answered yet: go and answer it
    form = f.PlanItemForm(_data(draft), outcomes=_outcomes(plan), groups=_groups())
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                add_item(plan, form.cleaned_data)
            except services.BudgetError as error:
                errors.append(str(error))
            else:
                request.session.pop(_key(plan), None)
                messages.success(request, "Added to the plan.")
                return redirect("budgets:plan", plan.pk)
        else:
            errors += [str(e) for es in form.errors.values() for e in es]
    path = _path(draft)
    return render(request, "budgets/plan_item_check.html", {
        "plan": plan, "rows": _rows(plan, draft), "errors": errors, "from_check": FROM_CHECK,
        "back": reverse("budgets:plan-item-step", args=[plan.pk, path[-1]]),
    })
