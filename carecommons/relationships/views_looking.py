"""What a person is looking for (Shared Lives, Homeshare or a personal assistant): one topic a page.

What matters to them comes first and is required; then what they are looking for, where (a postcode, turned into
a place by the postcodes `import_postcodes` loaded), the help they need, living with others, interests, languages,
faith and anything else; then a check-your-answers page saves it. The answers are kept in the session as a draft
(one per person) until saved, so nothing typed is lost between pages or on an error. Every page opens the person's
matching record to change it, through the gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from carecommons.core.forms import GovukForm
from carecommons.people.access import open_record
from carecommons.people.roles import require_page
from carecommons.relationships import forms as f
from carecommons.relationships import services
from carecommons.relationships.models import Kind, Seeker
from carecommons.rules import matching, places
from carecommons.rules.access import Kind as RecordKind
from carecommons.rules.access import Purpose


@dataclass(frozen=True)
class Step:
    slug: str
    title: str  # the page's heading when it asks more than one question; a one-question page's label is its heading
    form: type[GovukForm]
    fields: tuple[str, ...]  # what it keeps in the draft
    required: bool = False


STEPS = (
    Step("what-matters", "What matters to them", f.WhatMattersStep, ("what_matters",), required=True),
    Step("looking-for", "What they are looking for", f.KindStep, ("kind",), required=True),
    Step("where", "Where", f.WhereStep, ("postcode", "latitude", "longitude", "max_km"), required=True),
    Step("help", "The help they need", f.SupportStep, ("wants", "needs")),
    Step("living-with-others", "Living with others", f.HouseholdStep, ("about_me", "never")),
    Step("interests", "What they enjoy", f.InterestsStep, ("interests",)),
    Step("languages", "Languages", f.LanguagesStep, ("languages",)),
    Step("faith", "Faith", f.FaithStep, ("faith", "faith_matters")),
    Step("anything-else", "Anything else", f.AnythingElseStep, ("routines",)),
)
BY_SLUG = {s.slug: s for s in STEPS}
PROFILE_FIELDS = tuple(name for s in STEPS for name in s.fields)
FROM_CHECK = "check"


def _key(person_id: int) -> str:
    return f"looking-for-{person_id}"


def _draft(request: HttpRequest, person_id: int) -> dict[str, Any]:
    draft: dict[str, Any] = request.session.get(_key(person_id), {})
    return draft


def _open(request: HttpRequest, person_id: int) -> Any:
    require_page(request.user, "relationships:home")
    return open_record(user=request.user, person_id=person_id, kind=RecordKind.MATCHING, purpose=Purpose.CHANGE,
                       what="their matching profile")


def _saved(person: Any) -> Seeker | None:
    return Seeker.objects.filter(person=person, active=True).first()


@login_required
def start(request: HttpRequest, person_id: int) -> HttpResponse:
    """Begin, or change a saved profile: its answers become the draft and the check page shows them."""
    person = _open(request, person_id)
    seeker = _saved(person)
    if seeker is None:
        if not _draft(request, person.pk):
            request.session[_key(person.pk)] = {}
        return redirect("relationships:seeker-step", person.pk, STEPS[0].slug)
    request.session[_key(person.pk)] = {name: getattr(seeker, name) for name in PROFILE_FIELDS}
    return redirect("relationships:seeker-check", person.pk)


def _initial(step: Step, draft: dict[str, Any]) -> dict[str, Any]:
    initial = {name: draft[name] for name in step.fields if name in draft}
    if step.slug == "where" and draft.get("max_km"):
        initial["max_miles"] = round(draft["max_km"] / places.KM_PER_MILE, 1)
    return initial


def _kept(step: Step, form: GovukForm) -> dict[str, Any]:
    cd = form.cleaned_data
    if step.slug == "where":
        assert isinstance(form, f.WhereStep)
        return {"postcode": cd["postcode"], "latitude": form.latitude, "longitude": form.longitude,
                "max_km": round(cd["max_miles"] * places.KM_PER_MILE, 3)}
    return {name: cd[name] for name in step.fields}


@login_required
@require_http_methods(["GET", "POST"])
def step_page(request: HttpRequest, person_id: int, step: str) -> HttpResponse:
    if step not in BY_SLUG:
        raise Http404("No such question")
    this = BY_SLUG[step]
    person = _open(request, person_id)
    draft = _draft(request, person.pk)
    from_check = request.GET.get("from") == FROM_CHECK
    form = this.form(request.POST if request.method == "POST" else None, initial=_initial(this, draft))
    if request.method == "POST" and form.is_valid():
        draft.update(_kept(this, form))
        request.session[_key(person.pk)] = draft
        index = STEPS.index(this)
        if from_check or index == len(STEPS) - 1:
            return redirect("relationships:seeker-check", person.pk)
        return redirect("relationships:seeker-step", person.pk, STEPS[index + 1].slug)
    index = STEPS.index(this)
    if from_check:
        back = reverse("relationships:seeker-check", args=[person.pk])
    elif index == 0:
        back = reverse("people:person", args=[person.pk])
    else:
        back = reverse("relationships:seeker-step", args=[person.pk, STEPS[index - 1].slug])
    return render(request, "relationships/looking_for_step.html", {
        "form": form, "title": this.title, "one_question": len(form.fields) == 1, "back": back,
        "caption": f"What {person.known_as} is looking for", "number": index + 1, "of": len(STEPS),
        "skippable": not this.required,
    })


def _words(values: list[str], vocabulary: tuple[str, ...] | list[tuple[str, str]]) -> str:
    names = dict(vocabulary) if isinstance(vocabulary, list) else dict(f._words(vocabulary))
    return ", ".join(names.get(v, v) for v in values)


def _rows(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """Each topic's answer in words, with where to change it; a required topic not answered yet says so."""
    def answered(*names: str) -> bool:
        return all(name in draft for name in names)

    kinds = dict(Kind.choices)
    faiths = dict(f._words(matching.FAITHS))
    miles = round(draft["max_km"] / places.KM_PER_MILE, 1) if draft.get("max_km") else None
    rows = [
        ("what-matters", "What matters to them", draft.get("what_matters", "")),
        ("looking-for", "What they are looking for", kinds.get(draft.get("kind", ""), "")),
        ("where", "Where", f"{draft['postcode']}, up to {places.miles_words(miles or 0)} away" if answered("postcode", "max_km") and
         draft.get("postcode") else ""),
        ("help", "The help they need", "; ".join(x for x in (_words(draft.get("wants", []), f.OFFERS),
                                                             _words(draft.get("needs", []), matching.NEEDS)) if x)),
        ("living-with-others", "About them", _words(draft.get("about_me", []), matching.TRAITS)),
        ("living-with-others", "Their 'never' list", _words(draft.get("never", []), matching.TRAITS)),
        ("interests", "What they enjoy", _words(draft.get("interests", []), matching.INTERESTS)),
        ("languages", "Languages", _words(draft.get("languages", []), matching.LANGUAGES)),
        ("faith", "Faith", (faiths.get(draft.get("faith", ""), "") + (" (they would like someone who shares it)"
                                                                      if draft.get("faith_matters") else ""))),
        ("anything-else", "Places and routines", draft.get("routines", "")),
    ]
    return [{"slug": slug, "key": key, "value": value, "missing": BY_SLUG[slug].required and not value} for slug, key, value in rows]


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _open(request, person_id)
    draft = _draft(request, person.pk)
    rows = _rows(draft)
    missing = [r for r in rows if r["missing"]]
    if request.method == "POST" and not missing:
        seeker = _saved(person) or Seeker(person=person)
        services.profile_save(seeker, {name: draft.get(name, Seeker._meta.get_field(name).get_default())
                                       for name in PROFILE_FIELDS})
        request.session.pop(_key(person.pk), None)
        messages.success(request, "Saved. Here is who might suit them now; they will also be considered in the next matching round.")
        return redirect("relationships:seeker-shortlist", seeker.pk)
    errors = [{"text": f"Answer '{r['key'].lower()}' before saving", "href": reverse("relationships:seeker-step", args=[person.pk, r["slug"]])}
              for r in missing] if request.method == "POST" else []
    return render(request, "relationships/looking_for_check.html", {
        "person": person, "rows": rows, "errors": errors, "missing": missing,
        "back": reverse("relationships:seeker-step", args=[person.pk, STEPS[-1].slug]), "from_check": FROM_CHECK,
    })
