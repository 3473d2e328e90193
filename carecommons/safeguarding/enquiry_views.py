"""The safeguarding team's enquiry pages: naming people in an enquiry (and removing a naming), the alleged source of
risk, withholding a concern from the person (and lifting it), and reviewing or changing an agreed plan.

Each opens the concern through the gate (`access.access_concern`) for a change or a decision, which only the
safeguarding team holds: someone named sees a concern but changes nothing; commissioners, hosts and the alleged
source of risk are refused. Nothing typed is lost on an error."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.people.roles import TEAM_ROLES, require_role
from carecommons.rules.access import Purpose
from carecommons.rules.safeguarding import SOURCES_OF_RISK, State, check_plan_review
from carecommons.safeguarding import enquiry_forms as ef
from carecommons.safeguarding import enquiry_services as es
from carecommons.safeguarding.access import access_concern, on_safeguarding_team
from carecommons.safeguarding.models import Concern, ConcernEvent, Involvement, SafeguardingPlan
from carecommons.safeguarding.services import EnquiryInvalid


def _open(request: HttpRequest, concern_id: int, purpose: Purpose, what: str) -> Concern:
    require_role(request.user, TEAM_ROLES, what="safeguarding concerns")
    return access_concern(user=request.user, id=concern_id, purpose=purpose, what=what)


def _errors(form: Any, exc: EnquiryInvalid) -> None:
    for field, message in exc.problems.items():
        form.add_error(field if field in form.fields else None, message)


def _latest(concern: Concern, action: str) -> ConcernEvent | None:
    return concern.events.filter(action=action).order_by("-at", "-id").first()


def enquiry_context(request: HttpRequest, concern: Concern) -> dict[str, Any]:
    """What the concern page shows of this module's work: plans in force with their history and reviews (to everyone
    who may see the concern); who is named, the alleged source, withholding and the changes (to the team only)."""
    context: dict[str, Any] = {"plans": es.current_plans(concern)}
    if on_safeguarding_team(request.user) and concern.alleged_source_id != request.user.pk:
        context.update(
            team_view=True, named=list(concern.involvements.select_related("user").order_by("named_at", "id")),
            alleged_source=concern.alleged_source, withheld_event=_latest(concern, ConcernEvent.Action.WITHHELD),
            changes=list(concern.events.exclude(action__in=[ConcernEvent.Action.VIEWED, ConcernEvent.Action.REFUSED])
                         .order_by("-at", "-id")[:50]))
    return context


# --- Naming people in an enquiry ------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def named(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Who is named in this concern (they see it, read-only), and naming someone else, with why."""
    found = _open(request, concern_id, Purpose.CHANGE, "naming people in an enquiry")
    form = ef.NameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            involvement = es.name_in_enquiry(concern=found, user=request.user, who=form.cleaned_data["who"],
                                             why=form.cleaned_data["why"])
        except EnquiryInvalid as exc:
            _errors(form, exc)
        else:
            messages.success(request, f"{involvement.user.get_full_name() or involvement.user.get_username()} is "
                                      f"named in {found.reference}. They can now see it, but not change it.")
            return redirect("safeguarding:named", concern_id=found.pk)
    return render(request, "safeguarding/named.html", {
        "concern": found, "form": form,
        "named": list(found.involvements.select_related("user", "user__staff", "user__staff__team")
                      .order_by("named_at", "id"))})


@login_required
@require_http_methods(["GET", "POST"])
def unname(request: HttpRequest, concern_id: int, involvement_id: int) -> HttpResponse:
    """Remove someone's naming, with why: they no longer see the concern."""
    found = _open(request, concern_id, Purpose.CHANGE, "removing someone named in an enquiry")
    involvement = Involvement.objects.select_related("user").filter(pk=involvement_id, concern=found).first()
    if involvement is None:
        raise Http404("No such naming")
    form = ef.UnnameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            es.unname(concern=found, user=request.user, involvement=involvement, why=form.cleaned_data["why"])
        except EnquiryInvalid as exc:
            _errors(form, exc)
        else:
            messages.success(request, f"{involvement.user.get_full_name() or involvement.user.get_username()} is no "
                                      "longer named. They cannot see this concern now.")
            return redirect("safeguarding:named", concern_id=found.pk)
    return render(request, "safeguarding/unname.html", {"concern": found, "involvement": involvement, "form": form})


# --- The alleged source of risk -------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def source(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Who the risk is from, and their sign-in if they have one: they then never see the concern."""
    found = _open(request, concern_id, Purpose.CHANGE, "recording the alleged source of risk")
    alleged = found.alleged_source
    initial = {"source_of_risk": found.source_of_risk, "has_account": "yes" if alleged else "",
               "who": (alleged.email or alleged.get_username()) if alleged else ""}
    form = ef.SourceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            es.record_source(concern=found, user=request.user, source_of_risk=data["source_of_risk"],
                             has_account=data["has_account"], who=data.get("who", ""))
        except EnquiryInvalid as exc:
            _errors(form, exc)
        else:
            messages.success(request, "Who the risk is from has been recorded.")
            return redirect("safeguarding:concern", concern_id=found.pk)
    return render(request, "safeguarding/source.html", {
        "concern": found, "form": form, "alleged": alleged,
        "source_words": SOURCES_OF_RISK.get(found.source_of_risk, "")})


# --- Withholding it from the person ---------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def withhold(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Decide that the person seeing this concern would put them or others at risk (with reasons), or lift that
    decision (with reasons). The decision names who made it."""
    found = _open(request, concern_id, Purpose.DECIDE, "deciding whether the person sees a concern")
    form = ef.WithholdForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if found.withheld_from_person:
                es.lift_withholding(concern=found, user=request.user, why=form.cleaned_data["why"])
                messages.success(request, "It is no longer withheld. They can see it on their own record.")
            else:
                es.withhold(concern=found, user=request.user, why=form.cleaned_data["why"])
                messages.success(request, "It is now withheld from them. They will not see it, or who opened it.")
        except EnquiryInvalid as exc:
            _errors(form, exc)
        else:
            return redirect("safeguarding:concern", concern_id=found.pk)
    return render(request, "safeguarding/withhold.html", {
        "concern": found, "form": form, "decision": _latest(found, ConcernEvent.Action.WITHHELD)})


# --- Reviewing and changing an agreed plan --------------------------------------------------------------------------

def _plan(found: Concern, plan_id: int) -> SafeguardingPlan:
    plan = SafeguardingPlan.objects.filter(pk=plan_id, concern=found).first()
    if plan is None:
        raise Http404("No such plan")
    plan.concern = found
    return plan


def _newer(request: HttpRequest, found: Concern, plan: SafeguardingPlan) -> HttpResponse | None:
    """A plan no longer in force, or an enquiry no longer open: back to the concern, saying why."""
    if found.state != State.ENQUIRY_OPEN.value:
        messages.error(request, "Plans are reviewed and changed while the enquiry is open.")
        return redirect("safeguarding:concern", concern_id=found.pk)
    if request.method == "GET" and not es.is_current(plan):
        messages.error(request, "That plan has been changed since. The plan in force is shown below.")
        return redirect("safeguarding:concern", concern_id=found.pk)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, concern_id: int, plan_id: int) -> HttpResponse:
    """Review the plan in force on a date: what changed, whether they still agree, the next review date."""
    found = _open(request, concern_id, Purpose.CHANGE, "reviewing a plan")
    plan = _plan(found, plan_id)
    back = _newer(request, found, plan)
    if back is not None:
        return back
    form = ef.PlanReviewForm(request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = es.plan_review(plan=plan, user=request.user, reviewed_on=data["reviewed_on"],
                                    what_changed=data["what_changed"],
                                    still_agrees={"yes": True, "no": False}.get(data["still_agrees"]),
                                    next_review_on=data["next_review_on"])
        except EnquiryInvalid as exc:
            _errors(form, exc)
        except es.PlanConflict as exc:
            conflict = exc.newer
        else:
            messages.success(request, "The review has been recorded." if review.still_agrees else
                             "The review has been recorded. They no longer agree: change the plan with them.")
            return redirect("safeguarding:concern", concern_id=found.pk)
    elif request.method == "POST":  # every problem at once: the dates are checked even when something is missing
        data = form.cleaned_data
        more = check_plan_review(reviewed_on=data.get("reviewed_on"), today=timezone.localdate(),
                                 plan_agreed_on=timezone.localtime(plan.recorded_at).date(),
                                 what_changed=data.get("what_changed", "") or "-", still_agrees=False,
                                 next_review_on=data.get("next_review_on"))
        for field, message in more.items():
            if field not in form.errors:
                form.add_error(field, message)
    return render(request, "safeguarding/plan_review.html", {"concern": found, "plan": plan, "form": form,
                                                              "conflict": conflict},
                  status=409 if conflict is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def plan_change(request: HttpRequest, concern_id: int, plan_id: int) -> HttpResponse:
    """Agree a changed plan: a new version; the old one is kept and shown as history."""
    found = _open(request, concern_id, Purpose.CHANGE, "changing a plan")
    plan = _plan(found, plan_id)
    back = _newer(request, found, plan)
    if back is not None:
        return back
    initial = {"kind": plan.kind, "risks_chosen": plan.risks_chosen, "support": plan.support,
               "who_does_what": plan.who_does_what}
    form = ef.PlanChangeForm(request.POST if request.method == "POST" else None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            es.plan_change(plan=plan, user=request.user, kind=data["kind"], risks_chosen=data.get("risks_chosen", ""),
                           support=data["support"], who_does_what=data["who_does_what"],
                           review_on=data["review_on"], person_agrees=bool(data.get("person_agrees")),
                           change_why=data["change_why"])
        except EnquiryInvalid as exc:
            _errors(form, exc)
        except es.PlanConflict as exc:
            conflict = exc.newer
        else:
            messages.success(request, "The changed plan has been recorded. The earlier version is kept.")
            return redirect("safeguarding:concern", concern_id=found.pk)
    return render(request, "safeguarding/plan_change.html", {"concern": found, "plan": plan, "form": form,
                                                              "conflict": conflict},
                  status=409 if conflict is not None else 200)
