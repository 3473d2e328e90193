"""Matching for scheme workers, arrangements from introduction to ending, and continuity for everyone concerned."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.core.inputs import ascii_int
from carecommons.people.access import access_person, open_record
from carecommons.people.roles import TEAM_ROLES, require_page, require_role, role_of
from carecommons.relationships import services
from carecommons.relationships.access import access_arrangement, access_seeker, named_people
from carecommons.relationships.forms import CarerForm, place_initial
from carecommons.relationships.models import Arrangement, Carer, Kind, MatchRound, Proposal, Seeker
from carecommons.rules.access import Kind as RecordKind
from carecommons.rules.access import Purpose, Role


class RunForm(GovukForm):
    kind = forms.ChoiceField(label="Who are you matching?", widget=forms.RadioSelect, choices=Kind.choices,
                             error_messages={"required": "Select who you are matching"})


class RecordForm(GovukForm):
    what = forms.ChoiceField(label="What happened?", widget=forms.RadioSelect, error_messages={"required": "Select what happened"})
    on = GovukDateField(label="When?", what="date", help_text="For example, 27 3 2026")
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                            help_text="What each of them said, in their words where you can")
    person_agrees = forms.BooleanField(label="The person says yes", required=False)
    carer_agrees = forms.BooleanField(label="The carer says yes", required=False)
    end_reason = forms.ChoiceField(label="If it ended, why? (optional)", required=False,
                                   choices=[("", "Choose a reason"), *services.END_REASONS.items()])

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = choices


@login_required
@require_http_methods(["GET", "POST"])
def matching_home(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "relationships:home")
    form = RunForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        round_ = services.run_round(kind=form.cleaned_data["kind"], user=request.user)
        return redirect("relationships:round", round_.pk)
    rounds = Paginator(MatchRound.objects.select_related("run_by"), 20).get_page(request.GET.get("page"))
    arrangements = list(Arrangement.objects.exclude(stage=Arrangement.Stage.ENDED).select_related("seeker__person", "carer")[:50])
    named = named_people(request.user, [a.seeker.person_id for a in arrangements], kind=RecordKind.ARRANGEMENT)
    for a in arrangements:
        a.named = a.seeker.person_id in named
    return render(request, "relationships/home.html", {"form": form, "page": rounds, "arrangements": arrangements,
                                                       "endings": services.endings()})


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    require_page(request.user, "relationships:home")
    round_ = get_object_or_404(MatchRound, pk=round_id)
    if request.method == "POST":
        pinned = {int(k): v for k, v in round_.pinned.items()}
        excluded = [tuple(pair) for pair in round_.excluded]
        asked_for = request.POST.get("proposal", "")
        proposal = get_object_or_404(Proposal.objects.select_related("seeker"), pk=ascii_int(asked_for, 0),
                                     round=round_)
        # Pinning, ruling out and introducing all change the person's matching.
        open_record(user=request.user, person_id=proposal.seeker.person_id, kind=RecordKind.MATCHING,
                    purpose=Purpose.CHANGE, what="their matching, from a matching round")
        action = request.POST.get("action")
        if action == "pin" and proposal.carer_id:
            pinned[proposal.seeker_id] = proposal.carer_id
        elif action == "exclude" and proposal.carer_id:
            excluded.append((proposal.seeker_id, proposal.carer_id))
            pinned.pop(proposal.seeker_id, None)
        elif action == "introduce":
            try:
                arrangement = services.introduce(proposal=proposal, user=request.user)
            except services.RelationshipError as error:
                messages.error(request, str(error))
                return redirect("relationships:round", round_.pk)
            messages.success(request, "Introduction arranged. Record each step as it happens.")
            return redirect("relationships:arrangement", arrangement.pk)
        new = services.run_round(kind=round_.kind, user=request.user, pinned=pinned, excluded=excluded, rerun_of=round_)
        messages.success(request, "Run again with your change.")
        return redirect("relationships:round", new.pk)
    page = Paginator(round_.proposals.select_related("seeker__person", "carer").order_by("-fit", "pk"), 25).get_page(
        request.GET.get("page"))
    named = named_people(request.user, [p.seeker.person_id for p in page.object_list])
    for p in page.object_list:
        p.named = p.seeker.person_id in named
    return render(request, "relationships/round.html", {"round": round_, "page": page, "shape": _shape(round_),
                                                        "pinned": {int(k) for k in round_.pinned}})


def _shape(round_: MatchRound) -> list[dict[str, Any]]:
    """How the round came out, as bars: matched, and not matched with why (nobody suitable, or the suitable went to others)."""
    counts = round_.proposals.aggregate(
        matched=Count("pk", filter=Q(carer__isnull=False)),
        nobody=Count("pk", filter=Q(carer__isnull=True, alternatives=0)),
        taken=Count("pk", filter=Q(carer__isnull=True, alternatives__gt=0)))
    rows = [("Matched", counts["matched"]), ("Not matched: nobody offering met every need within reach", counts["nobody"]),
            ("Not matched: the carers who would suit them suited someone else better", counts["taken"])]
    whole = max(sum(n for _, n in rows), 1)
    return [{"label": label, "count": n, "width": round(520 * n / whole), "y": 52 * i} for i, (label, n) in enumerate(rows)]


STEP_CHOICES = [(k, v[2]) for k, v in services.STEPS.items()]


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_detail(request: HttpRequest, arrangement_id: int) -> HttpResponse:
    require_page(request.user, "relationships:home")
    arrangement = access_arrangement(user=request.user, id=arrangement_id,
                                     purpose=Purpose.CHANGE if request.method == "POST" else Purpose.VIEW)
    possible = [(k, words) for k, words in STEP_CHOICES if arrangement.stage in services.STEPS[k][0]]
    form = RecordForm(request.POST if request.method == "POST" else None, choices=possible, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.record(arrangement=arrangement, what=cd["what"], on=cd["on"], notes=cd["notes"], user=request.user,
                            person_agrees=cd["person_agrees"], carer_agrees=cd["carer_agrees"], end_reason=cd["end_reason"])
        except services.RelationshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Recorded.")
            return redirect("relationships:arrangement", arrangement.pk)
    return render(request, "relationships/arrangement.html", {"a": arrangement, "form": form, "events": arrangement.events.select_related("by"),
                                                              "end_reason": services.END_REASONS.get(arrangement.end_reason, "")})


@login_required
def my_continuity(request: HttpRequest) -> HttpResponse:
    """The person's own view: who has supported them in the last four weeks."""
    if role_of(request.user) is not Role.PERSON:
        raise PermissionDenied("This page is for the person's own record.")
    person = access_person(user=request.user, person_id=request.user.person.pk, what="who has supported them",
                           kind=RecordKind.CONTINUITY)
    return _continuity_page(request, person, own=True)


@login_required
def person_continuity(request: HttpRequest, person_id: int) -> HttpResponse:
    require_role(request.user, TEAM_ROLES, what="continuity of care")
    person = access_person(user=request.user, person_id=person_id, what="their continuity of care",
                           kind=RecordKind.CONTINUITY)
    return _continuity_page(request, person, own=False)


def _continuity_page(request: HttpRequest, person: Any, *, own: bool) -> HttpResponse:
    now = timezone.now()
    result = services.continuity_for(person.pk, now=now)
    since = now - dt.timedelta(days=services.continuity_config()["WINDOW_DAYS"])
    workers: dict[str, int] = {}
    for worker in person.visits.filter(starts_at__gte=since, starts_at__lt=now).values_list("worker", flat=True):
        workers[worker] = workers.get(worker, 0) + 1
    return render(request, "relationships/continuity.html", {"person": person, "c": result, "own": own,
                                                             "workers": sorted(workers.items(), key=lambda kv: (-kv[1], kv[0]))})


@login_required
def provider_continuity(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "market:overview")
    return render(request, "relationships/providers.html", {"rows": services.continuity_by_provider(),
                                                            "config": services.continuity_config()})


@login_required
def profiles(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "relationships:home")
    carers = Paginator(Carer.objects.order_by("kind", "name"), 50).get_page(request.GET.get("page"))
    return render(request, "relationships/profiles.html", {"page": carers, "today": timezone.localdate()})


@login_required
@require_http_methods(["GET", "POST"])
def carer_edit(request: HttpRequest, carer_id: int | None = None) -> HttpResponse:
    require_page(request.user, "relationships:home")
    carer = get_object_or_404(Carer, pk=carer_id) if carer_id else Carer()
    initial = {**{name: getattr(carer, name) for name in CarerForm.base_fields if hasattr(carer, name)},
               **place_initial(carer)} if carer_id else {}
    form = CarerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_save(carer, form.cleaned_data)
        messages.success(request, "Saved. They will be considered in the next matching round.")
        return redirect("relationships:profiles")
    return render(request, "core/form.html", {"form": form, "title": "Edit a profile" if carer_id else "Add a carer, householder or PA",
                                                       "back": reverse("relationships:profiles"), "submit": "Save"})


@login_required
def seeker_shortlist(request: HttpRequest, seeker_id: int) -> HttpResponse:
    require_page(request.user, "relationships:home")
    seeker = access_seeker(user=request.user, id=seeker_id, purpose=Purpose.VIEW, what="their shortlist of carers")
    person = seeker.person
    entries = services.shortlist(kind=seeker.kind, seeker_id=seeker.pk)
    names = dict(Carer.objects.filter(pk__in=[e.other_id for e in entries]).values_list("pk", "name"))
    return render(request, "relationships/shortlist.html", {"title": f"Shortlist for {person.full_name}", "entries": entries, "names": names,
                                                            "kind": seeker.get_kind_display(), "back": reverse("people:person", args=[person.pk])})


@login_required
def carer_shortlist(request: HttpRequest, carer_id: int) -> HttpResponse:
    require_page(request.user, "relationships:home")
    carer = get_object_or_404(Carer, pk=carer_id)
    entries = services.shortlist(kind=carer.kind, carer_id=carer.pk)
    rows = list(Seeker.objects.filter(pk__in=[e.other_id for e in entries]).values_list("pk", "person_id", "person__full_name"))
    named = named_people(request.user, [person_id for _, person_id, _ in rows])
    names = {pk: name if person_id in named else "Someone another team supports" for pk, person_id, name in rows}
    return render(request, "relationships/shortlist.html", {"title": f"People who might suit {carer.name}", "entries": entries,
                                                            "names": names, "kind": carer.get_kind_display(),
                                                            "back": reverse("relationships:profiles")})
