"""A person's page for practitioners, break glass, finding people, and the person's own record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from carecommons.conversations.models import ConversationRequest
from carecommons.conversations.selectors import conversations_for_person
from carecommons.core.inputs import is_ascii_digits
from carecommons.people import merging, selectors, services
from carecommons.people.access import (
    AccessRefused,
    BreakGlassInvalid,
    access_person,
    break_glass_open,
    other_refusals,
)
from carecommons.people.forms import BreakGlassForm, FindForm, FindSomeoneElseForm, ReviewForm, StatementForm
from carecommons.people.models import Person
from carecommons.people.roles import TEAM_ROLES, require_page, require_role, role_of
from carecommons.rules.access import BREAK_GLASS_ROLES, Purpose, Role


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    kept, has_joins = merging.joins_of(person_id)
    if kept is not None and role_of(request.user) in TEAM_ROLES | {Role.ADMIN}:
        # A record joined into another: its links go to the kept one, whose gate decides.
        messages.info(request, f"Record {person_id} was joined into this record, so you have been brought here.")
        return redirect("people:person", person_id=kept)
    someone = access_person(user=request.user, person_id=person_id, what="their record")
    conversations = list(conversations_for_person(someone.pk)[:50])
    requests = list(
        ConversationRequest.objects.filter(person=someone).exclude(status=ConversationRequest.Status.HELD)
        .select_related("preferred_hub", "merged_into", "merged_by").prefetch_related("bookings__slot__hub").order_by("-first_contact_at")[:20]
    )
    statements = list(someone.statements.select_related("corrects")[:20])
    assessments = list(someone.assessments.select_related("determination")[:20])
    plans = list(someone.support_plans.select_related("budget")[:20])
    joined = list(merging.merges_into(someone)[:20]) if has_joins else []
    return render(request, "people/person.html", {"person": someone, "conversations": conversations, "joined": joined,
                  "requests": requests, "statements": statements, "assessments": assessments, "plans": plans,
                  "works_with": role_of(request.user) in TEAM_ROLES, "has_sign_in": someone.user_id is not None})


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest, person_id: int) -> HttpResponse:
    role = require_role(request.user, BREAK_GLASS_ROLES)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            glass = break_glass_open(user=request.user, person_id=person_id, purpose=form.cleaned_data["purpose"],
                                     explanation=form.cleaned_data["explanation"])
        except BreakGlassInvalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field, message)
        except AccessRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            return redirect(next_url or "people:person", **({} if next_url else {"person_id": glass.person_id}))
    return render(request, "people/break_glass.html", {"form": form, "next": next_url, "person_id": person_id, "role": role},
                  status=400 if form.errors else 200)


@login_required
def find(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "people:find")
    form = FindForm(request.GET if "q" in request.GET else None)
    page = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        page = Paginator(selectors.find_people(request.user, form.cleaned_data["q"]), 20).get_page(request.GET.get("page"))
    other = FindSomeoneElseForm(request.GET if "name" in request.GET else None, prefix=None)
    found = None
    if other.is_bound and other.is_valid():
        found = selectors.find_exactly(name=other.cleaned_data["name"], born=other.cleaned_data["born"])
    return render(request, "people/find.html", {"form": form, "page": page, "q": request.GET.get("q", ""),
                                                "other": other, "found": found})


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_review(request: HttpRequest) -> HttpResponse:
    """A manager reviews every break-glass opening and refused attempt by their team (and by staff in no team)."""
    require_page(request.user, "people:break-glass-review")
    if request.method == "POST":
        entry = request.POST.get("entry", "")
        form = ReviewForm(request.POST)
        if is_ascii_digits(entry) and form.is_valid():
            try:
                services.review_mark(reviewer=request.user, what=request.POST.get("what", ""), entry_id=int(entry),
                                     note=form.cleaned_data["note"])
            except ValueError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Marked as reviewed.")
        else:
            messages.error(request, "Choose an entry to mark as reviewed.")
        return redirect("people:break-glass-review")
    glass, refused = selectors.for_review(request.user)
    return render(request, "people/review.html", {
        "glass": Paginator(glass, 25).get_page(request.GET.get("page")),
        "refused": Paginator(refused, 25).get_page(request.GET.get("refusals")), "form": ReviewForm(),
        "others": other_refusals(request.user),
    })


# --- The person's own record ----------------------------------------------------------------

def _me(request: HttpRequest, what: str, change: bool = False):  # type: ignore[no-untyped-def]
    if role_of(request.user) is not Role.PERSON:
        raise PermissionDenied("This page is for people to see their own record.")
    return access_person(user=request.user, person_id=request.user.person.pk, what=what,
                         purpose=Purpose.CHANGE if change else Purpose.VIEW)


def record_context(person: Person) -> dict[str, Any]:
    """What the person's own record page shows (also shown, read-only, to someone they share it with)."""
    return {
        "person": person,
        "conversations": list(conversations_for_person(person.pk)),
        "statements": list(person.statements.select_related("corrects")),
        "upcoming": list(ConversationRequest.objects.filter(person=person, status__in=["waiting", "booked"])
                         .prefetch_related("bookings__slot__hub")),
        "assessments": list(person.assessments.select_related("determination")),
        "plans": list(person.support_plans.select_related("budget")),
    }


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    me = _me(request, "their own record")
    recent = list(selectors.staff_access_events(me)[:5])
    return render(request, "people/my_record.html", {**record_context(me), "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def my_statement(request: HttpRequest) -> HttpResponse:
    me = _me(request, "adding to what matters", change=request.method == "POST")
    conversations = list(conversations_for_person(me.pk))
    initial = {"corrects": request.GET.get("corrects", "")}
    form = StatementForm(request.POST if request.method == "POST" else None, conversations=conversations, initial=initial)
    if request.method == "POST" and form.is_valid():
        corrects = form.cleaned_data.get("corrects")
        services.statement_add(person=me, text=form.cleaned_data["text"], corrects_id=int(corrects) if corrects else None)
        messages.success(request, "Thank you. What you wrote is now on your record, in your own words.")
        return redirect("people:my-record")
    return render(request, "people/my_statement.html", {"form": form, "person": me})


@login_required
def my_access_log(request: HttpRequest) -> HttpResponse:
    me = _me(request, "who has looked at their record")
    page = Paginator(selectors.staff_access_events(me), 25).get_page(request.GET.get("page"))
    return render(request, "people/my_access_log.html", {"page": page, "person": me})
