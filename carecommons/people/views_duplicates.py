"""Possible duplicate people: the list, joining two records after saying exactly what will happen, and "not the
same person". For practitioners and managers (the pages table); every record is opened through the gate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from carecommons.conversations.selectors import asked_more_than_once
from carecommons.people import merging
from carecommons.people.access import open_record
from carecommons.people.forms import MergeForm
from carecommons.people.models import Person
from carecommons.people.roles import require_page
from carecommons.rules.access import Kind, Purpose
from carecommons.rules.duplicates import DuplicateMatch, pair_problems, what_is_same

PAGE = "people:duplicates"


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    require_page(request.user, PAGE)
    page = Paginator(merging.possible_duplicate_people(request.user), 20).get_page(request.GET.get("page"))
    asked_twice = Paginator(asked_more_than_once(request.user), 20).get_page(request.GET.get("asked"))
    return render(request, "people/duplicates.html", {"page": page, "asked_twice": asked_twice})


def _open_pair(request: HttpRequest, person_id: int, other_id: int, what: str) -> tuple[Person, Person]:
    """Both records, each opened to change through the gate (the kept one first); never the same one twice."""
    require_page(request.user, PAGE)
    if person_id == other_id:
        raise Http404("A record cannot be joined with itself")
    kept = open_record(user=request.user, person_id=person_id, kind=Kind.PERSON, purpose=Purpose.CHANGE, what=what)
    other = open_record(user=request.user, person_id=other_id, kind=Kind.PERSON, purpose=Purpose.CHANGE, what=what)
    return kept, other


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, person_id: int, other_id: int) -> HttpResponse:
    """Join `other_id` into `person_id`: what will happen, a reason, then one transaction."""
    kept, other = _open_pair(request, person_id, other_id, "joining two records of one person")
    if kept.merged_into_id or other.merged_into_id:
        messages.info(request, "These records have already been joined.")
        return redirect("people:person", person_id=kept.merged_into_id or kept.pk)
    form = MergeForm(request.POST if request.method == "POST" else None)
    problems: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        try:
            merging.person_merge(kept=kept, other=other, reason=form.cleaned_data["reason"], by=request.user)
        except merging.MergeRefused as exc:
            problems = exc.problems
            if exc.reason_problem:
                form.add_error("reason", exc.reason_problem)
        else:
            messages.success(request, f"The two records of {kept.full_name} are now one. The other record is kept, "
                                      "marked as joined, and its links come here.")
            return redirect("people:person", person_id=kept.pk)
    if not problems:
        problems = pair_problems(kept=merging.facts(kept), other=merging.facts(other))
    match = what_is_same(merging.facts(kept), merging.facts(other))
    return render(request, "people/merge.html", {
        "kept": kept, "other": other, "form": form, "problems": problems,
        "why": DuplicateMatch(min(kept.pk, other.pk), max(kept.pk, other.pk), match).reason if match else "",
        "moves": merging.what_moves(other), "fills": merging.what_fills(kept, other),
        "kept_moves": merging.what_moves(kept),
    }, status=400 if form.errors or (problems and request.method == "POST") else 200)


@login_required
@require_POST
def not_duplicate(request: HttpRequest, person_id: int, other_id: int) -> HttpResponse:
    first, second = _open_pair(request, person_id, other_id, "saying two records are not the same person")
    merging.duplicate_dismiss(first=first, second=second, by=request.user)
    messages.success(request, f"We will not show {first.full_name} (record {first.pk}) and record {second.pk} as "
                              "possible duplicates again.")
    return redirect("people:duplicates")
