"""Support plans: written by the person (or with a community organisation), agreed without panels."""

from __future__ import annotations

import statistics
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from carecommons.assessments.models import Assessment
from carecommons.budgets import services
from carecommons.budgets.access import access_plan
from carecommons.budgets.forms import AgreeForm, ManagementForm, PlanItemForm, SignOffForm
from carecommons.budgets.models import PlanItem, SupportPlan
from carecommons.core import easy_read
from carecommons.directory.models import Service as DirectoryService
from carecommons.people.access import open_record, reach_condition
from carecommons.people.roles import TEAM_ROLES, display_name, require_role, role_of
from carecommons.rules import easy_read as easy_words
from carecommons.rules.access import Kind, Purpose, Role
from carecommons.rules.allocation import agreement
from carecommons.rules.eligibility import ADULT_OUTCOME_WORDS, CARER_OUTCOME_WORDS, AdultOutcome, CarerOutcome
from carecommons.rules.management import WAYS
from carecommons.rules.money import pounds

OTHER = "Something else that matters"


def outcome_words(kind: str, key: str) -> str:
    try:
        words = CARER_OUTCOME_WORDS[CarerOutcome(key)] if kind == "carer" else ADULT_OUTCOME_WORDS[AdultOutcome(key)]
    except ValueError:
        return OTHER
    return words[0].upper() + words[1:]


def _plan(request: HttpRequest, plan_id: int, *, what: str, purpose: Purpose = Purpose.VIEW) -> SupportPlan:
    """Pages for changing a plan open it to change, whether the form is being shown or sent."""
    return access_plan(user=request.user, id=plan_id, purpose=purpose, what=what, editing=purpose is Purpose.CHANGE)


def _may_edit(request: HttpRequest, plan: SupportPlan) -> bool:
    return plan.status == SupportPlan.Status.DRAFT and role_of(request.user) in {Role.PERSON, *TEAM_ROLES}


@login_required
@require_POST
def plan_start(request: HttpRequest, assessment_id: int) -> HttpResponse:
    role = role_of(request.user)
    if role not in {Role.PERSON, *TEAM_ROLES}:
        raise PermissionDenied("Your role cannot start support plans.")
    assessment = Assessment.objects.select_related("determination").filter(pk=assessment_id).first()
    if assessment is None:
        raise Http404("No such assessment")
    open_record(user=request.user, person_id=assessment.person_id, kind=Kind.SUPPORT_PLAN, purpose=Purpose.CHANGE,
                what="starting a support plan from their assessment")
    organisation = None
    try:
        plan = services.plan_start(assessment=assessment, user=request.user, organisation=organisation)
    except services.BudgetError as error:
        messages.error(request, str(error))
        return redirect("assessments:overview", assessment_id)
    return redirect("budgets:plan", plan.pk)


@login_required
def plan_overview(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, what="their support plan")
    items = list(plan.items.select_related("community_group"))
    keys = list(plan.assessment.determination.unmet_outcomes)
    groups = [{"key": k, "words": outcome_words(plan.kind, k), "items": [i for i in items if i.outcome == k]} for k in keys]
    others = [i for i in items if i.outcome not in keys]
    if others:
        groups.append({"key": "other", "words": OTHER, "items": others})
    total = sum(i.weekly_cost for i in items if i.met_by == PlanItem.MetBy.PAID)
    role = role_of(request.user)
    is_person = role is Role.PERSON
    easy = easy_read.is_on(request) and is_person
    if easy:  # each need in the person's own words, as on their assessment
        for g in groups:
            words = easy_words.OTHER.words if g["key"] == "other" else easy_words.topic_for(plan.kind, g["key"]).words
            g["words"] = words[0].upper() + words[1:]
    return render(request, "budgets/plan.html", {
        "easy": easy, "easy_lines": easy_words.plan_lines(
            kind=plan.kind, status=plan.status, indicative=plan.indicative_weekly, paid_weekly=total,
            agreed_weekly=plan.agreed_weekly or 0, groups=[(g["key"], len(g["items"])) for g in groups]) if easy else (),
        "plan": plan, "groups": groups, "total": total, "problems": services.plan_problems(plan),
        "may_edit": _may_edit(request, plan), "is_person": is_person,
        "way": WAYS.get(plan.management), "may_agree": plan.status == SupportPlan.Status.SUBMITTED and role in TEAM_ROLES,
        "may_sign_off": plan.status == SupportPlan.Status.SIGN_OFF and plan.sign_off_by_id == request.user.pk,
        "budget": getattr(plan, "budget", None) if plan.status == SupportPlan.Status.AGREED else None,
        "mixed_items": [i for i in items if i.managed_as], "ways": WAYS,
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, what="their support plan", purpose=Purpose.CHANGE)
    if request.method == "GET":  # one question a page (ADR 0032): this starts the journey
        from carecommons.budgets import views_plan_item
        return views_plan_item.start(request, plan)
    outcomes = [(k, outcome_words(plan.kind, k)) for k in plan.assessment.determination.unmet_outcomes]
    groups = [(str(d.pk), d.name) for d in DirectoryService.objects.filter(status="active").order_by("name")[:500]]
    form = PlanItemForm(request.POST, outcomes=outcomes, groups=groups)
    if form.is_valid():  # the one-page form, still accepted when sent
        from carecommons.budgets.views_plan_item import add_item
        try:
            add_item(plan, form.cleaned_data)
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Added to the plan.")
            return redirect("budgets:plan", plan.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "Add to the plan", "caption": plan.person.full_name, "submit": "Add to the plan",
        "back": reverse("budgets:plan", args=[plan.pk]),
        "intro": ["Say how one thing will be met. You can add as many as you like: most plans mix what people do "
                  "themselves, help from family, friends and community groups, and paid support."],
    })


@login_required
@require_POST
def plan_item_remove(request: HttpRequest, plan_id: int, item_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, what="their support plan", purpose=Purpose.CHANGE)
    try:
        services.plan_item_remove(plan=plan, item_id=item_id)
    except services.BudgetError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Taken out of the plan.")
    return redirect("budgets:plan", plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_management(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, what="their support plan", purpose=Purpose.CHANGE)
    paid = list(plan.items.filter(met_by=PlanItem.MetBy.PAID))
    initial: dict[str, Any] = {"way": plan.management, "isf_provider": plan.isf_provider}
    initial.update({f"item_{i.pk}": i.managed_as for i in paid})
    form = ManagementForm(request.POST if request.method == "POST" else None, paid_items=paid, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.plan_choose_management(plan=plan, way=cd["way"], isf_provider=cd.get("isf_provider", ""),
                                            item_ways={i.pk: cd.get(f"item_{i.pk}", "") for i in paid})
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your choice is saved.")
            return redirect("budgets:plan", plan.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "How your budget is managed", "caption": plan.person.full_name, "submit": "Save my choice",
        "back": reverse("budgets:plan", args=[plan.pk]),
        "intro": ["There are four ways. Each works well for some people. It is your choice, and you can change it later.",
                  "Whichever you choose, the money is the same, you see every payment, and help is available."],
    })


@login_required
@require_POST
def plan_submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, what="their support plan", purpose=Purpose.CHANGE)
    try:
        services.plan_submit(plan=plan)
    except services.BudgetError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your plan has been sent. A practitioner will agree the budget, usually within a few days.")
    return redirect("budgets:plan", plan.pk)


def _colleagues(user: Any, total: int) -> list[tuple[str, str]]:
    users = (get_user_model().objects.filter(staff__role__in=[r.value for r in TEAM_ROLES], staff__budget_limit__gte=total,
                                             is_active=True).exclude(pk=user.pk).select_related("staff").order_by("first_name", "last_name"))
    return [(str(u.pk), f"{display_name(u)}, {u.staff.get_role_display().lower()} (limit {pounds(u.staff.budget_limit)} a week)")
            for u in users]


@login_required
@require_http_methods(["GET", "POST"])
def plan_agree(request: HttpRequest, plan_id: int) -> HttpResponse:
    require_role(request.user, TEAM_ROLES, what="budget decisions")
    plan = _plan(request, plan_id, what="their support plan, to agree the budget",
                 purpose=Purpose.DECIDE)
    if plan.status != SupportPlan.Status.SUBMITTED:
        messages.error(request, "This plan is not waiting for agreement.")
        return redirect("budgets:plan", plan.pk)
    total = services.weekly_total(plan)
    decision = agreement(weekly_total=total, agreer_limit=request.user.staff.budget_limit)  # type: ignore[union-attr]
    dp = services.involves_direct_payment(plan)
    form = AgreeForm(request.POST if request.method == "POST" else None, direct_payment=dp,
                     colleagues=_colleagues(request.user, total) if decision.needs_sign_off else None)
    if request.method == "POST" and form.is_valid():
        signer = None
        if decision.needs_sign_off:
            signer = get_user_model().objects.filter(pk=form.cleaned_data["sign_off_by"]).select_related("staff").first()
        try:
            plan = services.plan_agree(plan=plan, practitioner=request.user, notes=form.cleaned_data["notes"],
                                       sign_off_by=signer, direct_payment=form.dp_facts())
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            if plan.status == SupportPlan.Status.SIGN_OFF:
                messages.success(request, f"Agreed. {display_name(plan.sign_off_by)} has been asked to sign it off.")
            else:
                messages.success(request, "The budget is agreed and set up.")
            return redirect("budgets:plan", plan.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "Agree the budget", "caption": plan.person.full_name,
        "submit": "Agree and ask for sign-off" if decision.needs_sign_off else "Agree the budget",
        "back": reverse("budgets:plan", args=[plan.pk]),
        "rows": [("The plan costs", f"{pounds(total)} a week"),
                 ("Indicative budget", f"{pounds(plan.indicative_weekly)} a week"),
                 ("How it is managed", WAYS[plan.management][0] if plan.management else "Not chosen")],
        "intro": list(decision.reasons) + (["The person chose a direct payment for at least part of the plan: answer the "
                                            "questions the law asks. Every answer and reason is recorded and shown to them."] if dp else []),
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_sign_off(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, id=plan_id, what="their support plan, to sign off the budget",
                       purpose=Purpose.DECIDE, signing_off=True)
    form = SignOffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_sign_off(plan=plan, signer=request.user, reasons=form.cleaned_data["reasons"])
        except services.BudgetError as error:
            form.add_error("reasons", str(error))
        else:
            messages.success(request, "Signed off. The budget is set up.")
            return redirect("budgets:plan", plan.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "Sign off the budget", "caption": plan.person.full_name, "submit": "Sign it off",
        "back": reverse("budgets:plan", args=[plan.pk]),
        "rows": [("The plan costs", f"{pounds(plan.agreed_weekly or 0)} a week"),
                 ("Agreed by", display_name(plan.agreed_by)), ("Their notes", plan.agreement_notes or "None")],
        "intro": list(plan.agreement_reasons),
    })


@login_required
def plans_waiting(request: HttpRequest) -> HttpResponse:
    """Plans waiting for a decision, the ones waiting for this user's sign-off, and how long decisions take."""
    require_role(request.user, TEAM_ROLES, what="plans waiting for a decision")
    mine = list(SupportPlan.objects.filter(status=SupportPlan.Status.SIGN_OFF, sign_off_by=request.user)
                .select_related("person").order_by("agreed_at"))
    reach = reach_condition(request.user, kind=Kind.SUPPORT_PLAN, purpose=Purpose.DECIDE, via="person__")
    submitted = SupportPlan.objects.filter(status=SupportPlan.Status.SUBMITTED)
    waiting = (submitted.filter(reach) if reach is not None else submitted.none()).select_related("person").order_by("submitted_at")
    decided = list(SupportPlan.objects.filter(status=SupportPlan.Status.AGREED, submitted_at__isnull=False)
                   .order_by("-agreed_at")[:200])
    days = [p.days_to_decision for p in decided if p.days_to_decision is not None]
    page = Paginator(waiting, 25).get_page(request.GET.get("page"))
    return render(request, "budgets/plans_waiting.html", {
        "page": page, "mine": mine, "median_days": statistics.median(days) if days else None, "decided": len(days),
        "longest": max(days) if days else None,
    })
