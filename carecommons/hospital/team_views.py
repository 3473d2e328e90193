"""The hospital team's pages: the list of discharge requests (oldest ready to leave first) and the checks due, a
request, linking it to a person's record, and planning with the person and family."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.hospital import team_forms as tf
from carecommons.hospital import team_services as ts
from carecommons.hospital.access import access_discharge_request, on_hospital_team, requests_in_reach
from carecommons.hospital.flow import may_see_flow
from carecommons.hospital.models import (
    OPEN,
    DischargePlan,
    DischargeRequest,
    ReablementEpisode,
    StillAtHomeCheck,
)
from carecommons.people.models import Person
from carecommons.people.roles import TEAM_ROLES, require_page, require_role
from carecommons.rules.access import Purpose
from carecommons.rules.discharge import (
    ASCOF_2D_MINIMUM_AGE,
    DELAY_REASON_WORDS,
    PATHWAY_WORDS,
    SHORT_TERM_SUPPORT_PATHWAYS,
    DelayReason,
    Pathway,
    RequestStatus,
    days_waiting,
    still_at_home_check_on,
)

PLAN_FIELD = {"reasons": "delay_reasons", "other": "delay_other"}


def _age_on(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


CHECKS_SHOWN = 25


def checks_due(today: dt.date, *, shown: int = CHECKS_SHOWN) -> tuple[list[tuple[DischargeRequest, dt.date]], int]:
    """People 65 or over who left hospital into reablement, whose 91-day check is due and not yet recorded: the
    `shown` who left longest ago, and how many in all.

    Found from the episodes, which start on the day the person left (`team_services.reablement_start`), on the index
    of their start days, leaving out those with a check (one look-up of the checks' own index), with the dates of
    birth of the few left. A year of episodes (`manage.py hospital_bench`) is quick to go through this way."""
    latest_left = today - dt.timedelta(days=91)
    # Born at least 65 years before today (a superset: the exact age on the day they left is checked below).
    born_by = dt.date(today.year - ASCOF_2D_MINIMUM_AGE, 12, 31)
    outstanding = (ReablementEpisode.objects.filter(started_on__lte=latest_left, request__date_of_birth__lte=born_by)
                   .exclude(request_id__in=StillAtHomeCheck.objects.values("request_id"))
                   .order_by("started_on", "request_id").values_list("request_id", "started_on", "request__date_of_birth"))
    due = [pk for pk, left_on, born in outstanding
           if (age := _age_on(born, left_on)) is not None and age >= ASCOF_2D_MINIMUM_AGE]
    chosen = DischargeRequest.objects.filter(pk__in=due[:shown]).select_related("plan").order_by("plan__left_on", "id")
    return [(r, still_at_home_check_on(left_hospital_on=r.plan.left_on)) for r in chosen], len(due)


def _notices_due(today: dt.date) -> tuple[list[dict[str, Any]], int]:
    from carecommons.hospital.reablement_views import notices_due

    return notices_due(today, shown=CHECKS_SHOWN)


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """Requests not yet closed, the oldest "ready to leave" first, with the days each has waited; and checks due."""
    require_page(request.user, "hospital:team")
    today = timezone.localdate()
    on_team = on_hospital_team(request.user)
    listed = requests_in_reach(request.user).filter(status__in=OPEN).select_related("ward", "plan") \
        .order_by("ready_on", "id")
    page = Paginator(listed, 25).get_page(request.GET.get("page"))
    withdrawn = list(requests_in_reach(request.user).filter(
        status=RequestStatus.WITHDRAWN.value, withdrawn_at__gte=timezone.now() - dt.timedelta(days=14))
        .select_related("ward").order_by("-withdrawn_at", "-id")[:20])
    rows = []
    for r in page.object_list:
        plan = getattr(r, "plan", None)
        agreed = plan.agreed_pathway if plan is not None else None
        rows.append((r, days_waiting(ready_on=r.ready_on, left_on=None, today=today) if r.ready_on <= today else None,
                     PATHWAY_WORDS[Pathway(agreed if agreed is not None else r.proposed_pathway)], agreed is not None))
    checks, checks_count = checks_due(today) if on_team else ([], 0)
    notices, notices_count = _notices_due(today) if on_team else ([], 0)
    return render(request, "hospital/team.html", {"page": page, "rows": rows, "today": today, "checks": checks,
                                                  "checks_count": checks_count,
                                                  "notices": notices, "notices_count": notices_count,
                                                  "on_team": on_team, "withdrawn": withdrawn,
                                                  "may_see_flow": may_see_flow(request.user)})


def _request_context(found: DischargeRequest) -> dict[str, Any]:
    today = timezone.localdate()
    plan = DischargePlan.objects.filter(request=found).first()
    left_on = plan.left_on if plan is not None else None
    context: dict[str, Any] = {
        "r": found, "plan": plan, "proposed": PATHWAY_WORDS[Pathway(found.proposed_pathway)],
        "agreed": PATHWAY_WORDS[Pathway(plan.agreed_pathway)] if plan and plan.agreed_pathway is not None else "",
        "days": days_waiting(ready_on=found.ready_on, left_on=left_on, today=today),
        "waiting": found.ready_on <= today, "delays": [], "episode": None, "check": None,
        "check_on": still_at_home_check_on(left_hospital_on=left_on) if left_on else None,
        "is_open": found.status in OPEN,
    }
    if plan is not None:
        context["delays"] = [DELAY_REASON_WORDS[DelayReason(d)] for d in plan.delay_reasons if d in set(DelayReason)]
        context["may_start_reablement"] = (
            left_on is not None and plan.agreed_pathway is not None and found.person_id is not None
            and Pathway(plan.agreed_pathway) in SHORT_TERM_SUPPORT_PATHWAYS)
    episode = ReablementEpisode.objects.filter(request=found).first()
    if episode is not None:
        from carecommons.hospital.reablement_views import episode_context

        context.update(episode_context(episode, today))
    context["check"] = getattr(found, "still_at_home", None) if hasattr(found, "still_at_home") else None
    return context


@login_required
def request_page(request: HttpRequest, request_id: int) -> HttpResponse:
    require_role(request.user, TEAM_ROLES, what="requests to leave hospital")
    found = access_discharge_request(user=request.user, id=request_id, purpose=Purpose.VIEW)
    return render(request, "hospital/request.html", _request_context(found))


@login_required
@require_http_methods(["GET", "POST"])
def link_person(request: HttpRequest, request_id: int) -> HttpResponse:
    """Whose record is this request about? Only exact matches on the name and date of birth the ward gave are
    shown (nothing else of anyone's record); or a new record from what the ward sent."""
    require_role(request.user, TEAM_ROLES, what="requests to leave hospital")
    found = access_discharge_request(user=request.user, id=request_id, purpose=Purpose.CHANGE,
                                     what="saying whose request it is")
    conflict = False
    if request.method == "POST" and found.person_id is None:
        form = tf.LinkForm(request.POST)
        if form.is_valid():
            chosen = form.cleaned_data.get("person")
            person = None
            if chosen:
                person = _matches(found).filter(pk=chosen).first()
            if chosen and person is None:
                messages.error(request, "That record is not one of the matches. Choose again.")
            else:
                try:
                    linked = ts.request_link_person(request=found, user=request.user, person=person)
                except ts.Conflict:
                    conflict = True
                else:
                    messages.success(request, f"This request is now linked to {linked.person.full_name}'s record."
                                     if person else "A new record has been made and this request is linked to it.")
                    return redirect("hospital:request", request_id=found.pk)
    matches = list(_matches(found)[:20]) if found.person_id is None else []
    return render(request, "hospital/link_person.html", {"r": found, "matches": matches, "conflict": conflict},
                  status=409 if conflict else 200)


def _matches(found: DischargeRequest) -> Any:
    people = Person.objects.filter(merged_into__isnull=True, full_name__iexact=found.name)
    if found.date_of_birth is not None:
        people = people.filter(date_of_birth=found.date_of_birth)
    else:
        people = people.none()
    return people.order_by("full_name", "id")


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, request_id: int) -> HttpResponse:
    """Plan with the person and family: what matters in their words, who took part, the pathway agreed (or changed,
    with reasons), and once they have left, the day and the reasons for any delay. Two at once: the first wins, the
    other is told who and keeps what they typed."""
    require_role(request.user, TEAM_ROLES, what="requests to leave hospital")
    found = access_discharge_request(user=request.user, id=request_id, purpose=Purpose.DECIDE,
                                     what="planning with the person and their family")
    current = DischargePlan.objects.filter(request=found).first()
    if found.status not in OPEN:
        return redirect("hospital:request", request_id=found.pk)
    conflict = None
    if request.method == "POST":
        form = tf.PlanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            base = data.get("version")
            try:
                ts.plan_save(request=found, user=request.user,
                             base_version=base if base is not None else (current.version if current else 0),
                             person_words=data["person_words"], took_part=data["took_part"], pathway=data["pathway"],
                             reasons=data["pathway_reasons"], left_on=data["left_on"],
                             delay_reasons=data["delay_reasons"], delay_other=data["delay_other"])
            except ts.Invalid as exc:
                for field, message in exc.problems.items():
                    form.add_error(PLAN_FIELD.get(field, field), message)
            except ts.Conflict as exc:
                conflict = exc.who or "Someone else"
            else:
                messages.success(request, "The plan has been saved.")
                return redirect("hospital:request", request_id=found.pk)
    else:
        initial: dict[str, Any] = {"version": current.version if current else 0,
                                   "person_words": found.what_matters if current is None else current.person_words}
        if current is not None:
            initial.update(took_part=current.took_part, pathway=str(current.agreed_pathway),
                           pathway_reasons=current.pathway_reasons, left_on=current.left_on,
                           delay_reasons=current.delay_reasons, delay_other=current.delay_other)
        else:
            initial["pathway"] = str(found.proposed_pathway)
        form = tf.PlanForm(initial=initial)
    context = _request_context(found)
    context.update(form=form, conflict=conflict, left_status=RequestStatus.LEFT_HOSPITAL.value)
    return render(request, "hospital/plan.html", context, status=409 if conflict else 200)
