"""The practitioner's determination: a summary of what the person said for each outcome, one outcome a page to change.

The summary page is the whole DeterminationForm: the outcomes travel in it as hidden fields (what the summary
shows is what is recorded), the conditions and reasons are asked on it, and "Record the decision" posts it all, so
the decision is worked out exactly as before. Each "Change" is a button in that form: it keeps everything on the
page in a draft in the session, then opens the one outcome's page, which puts its answer in the draft and comes
back (ADR 0032).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carecommons.assessments import services
from carecommons.assessments.access import access_assessment
from carecommons.assessments.forms import ABLE, DeterminationForm, OutcomeForm, outcome_field
from carecommons.assessments.models import Assessment
from carecommons.assessments.views import DETERMINE_ROLES, _provisional
from carecommons.people.roles import require_role
from carecommons.rules.access import Purpose
from carecommons.rules.assessment_questions import ADULT_QUESTIONS, CARER_QUESTIONS, NOT_APPLICABLE, Question
from carecommons.rules.eligibility import (
    ADULT_OUTCOME_WORDS,
    CARER_OUTCOME_WORDS,
    UNABLE_WORDS,
    AdultOutcome,
    CarerOutcome,
    Unable,
)

Draft = dict[str, list[str]]


def _waiting(request: HttpRequest, assessment_id: int, what: str) -> Assessment | None:
    """The assessment, through the same gates as ever; None when it is not waiting for a determination."""
    require_role(request.user, DETERMINE_ROLES, what="this page: only practitioners make determinations")
    assessment = access_assessment(user=request.user, id=assessment_id, purpose=Purpose.DECIDE, what=what)
    if assessment.status != Assessment.Status.SUBMITTED:
        messages.info(request, "This assessment is not waiting for a determination.")
        return None
    return assessment


def _outcomes(kind: str) -> list[tuple[str, str, Question]]:
    """Each outcome of reg 2(2) or 3(2)(b) in the regulations' order: its key, the law's words and the person's question."""
    if kind == "carer":
        return [(q.outcome, CARER_OUTCOME_WORDS[CarerOutcome(q.outcome)], q)
                for o in CarerOutcome for q in CARER_QUESTIONS if q.outcome == o.value]
    return [(q.outcome, ADULT_OUTCOME_WORDS[AdultOutcome(q.outcome)], q)
            for o in AdultOutcome for q in ADULT_QUESTIONS if q.outcome == o.value]


def _field_names(kind: str) -> list[str]:
    return list(DeterminationForm(kind=kind).fields)


def _as_draft(values: dict[str, Any]) -> Draft:
    """Form values (initial, or posted) as lists of strings, the one shape the draft keeps."""
    def listed(v: Any) -> list[str]:
        if v is None or v == "":
            return []
        return [str(x) for x in v] if isinstance(v, list | tuple) else [str(v)]
    return {k: listed(v) for k, v in values.items()}


def _clean(kind: str, draft: Draft) -> Draft:
    """Only the answers the form offers: a draft built from what was posted keeps nothing else."""
    form = DeterminationForm(kind=kind)
    clean: Draft = {}
    for name, field in form.fields.items():
        values = draft.get(name, [])
        if name == "reasons":
            clean[name] = [v[:5000] for v in values[:1]]
        else:
            offered = {str(v) for v, _ in getattr(field, "choices", [])}
            clean[name] = [v for v in values if v in offered]
    return clean


def _draft_key(assessment: Assessment) -> str:
    return f"determination_draft_{assessment.pk}"


def _draft(request: HttpRequest, assessment: Assessment) -> Draft:
    """What the practitioner has decided so far, or the facts as assessed when they have not started."""
    saved = request.session.get(_draft_key(assessment))
    if isinstance(saved, dict):
        return _clean(assessment.kind, saved)
    return _as_draft(DeterminationForm.initial_from(assessment.kind, assessment.facts))


def _keep(request: HttpRequest, assessment: Assessment, draft: Draft) -> None:
    request.session[_draft_key(assessment)] = draft


def _view_words(kind: str, key: str, current: list[str], assessed: dict[str, Any], said: list[str]) -> str:
    if kind == "carer":
        unable = key in current
        known = key in assessed.get("outcomes", {})
        if unable:
            return "Cannot achieve it"
    else:
        unable = bool(current)
        known = key in assessed.get("outcomes", {})
        if unable:
            return "Cannot achieve it: " + "; or ".join(UNABLE_WORDS[u] for u in Unable if u.value in current)
    if known:
        return "Can achieve it"
    return "Not counted: they said it does not apply" if NOT_APPLICABLE in said else "Not counted: not answered"


def _rows(assessment: Assessment, draft: Draft) -> list[dict[str, Any]]:
    kind, assessed = assessment.kind, assessment.facts
    initial = _as_draft(DeterminationForm.initial_from(kind, assessed))
    rows = []
    for key, law, q in _outcomes(kind):
        answer = assessment.answers.get(q.key, {})
        said = list(answer.get("chosen", []))
        words = {c.value: c.text for c in q.choices}
        field = outcome_field(kind, key)
        if kind == "carer":
            current = [key] if key in draft.get(field, []) else []
            was = [key] if key in initial.get(field, []) else []
        else:
            current, was = draft.get(field, []), initial.get(field, [])
        rows.append({
            "key": key, "title": q.title.split(":")[0], "law": law,
            "said": [words.get(v, v) for v in said], "words": answer.get("words", ""),
            "view": _view_words(kind, key, current, assessed, said), "changed": sorted(current) != sorted(was),
        })
    return rows


def _is_outcome(name: str) -> bool:
    """A DeterminationForm field about the outcomes (changed on their own pages) rather than a condition or the reasons."""
    return name == "carer_unable" or name.startswith("outcome_")


def _hidden(kind: str, draft: Draft) -> list[tuple[str, str]]:
    """The outcomes as hidden fields of the summary's form: (name, value)."""
    names = ["carer_unable"] if kind == "carer" else [outcome_field(kind, o.value) for o in AdultOutcome]
    return [(name, value) for name in names for value in draft.get(name, [])]


@login_required
@require_http_methods(["GET", "POST"])
def determine(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The summary: what the person said and the practitioner's view of each outcome, the conditions, the reasons."""
    assessment = _waiting(request, assessment_id, "determining eligibility")
    if assessment is None:
        return redirect("assessments:overview", assessment_id=assessment_id)
    names = _field_names(assessment.kind)
    if request.method == "POST":
        draft = _clean(assessment.kind, {name: request.POST.getlist(name) for name in names})
        _keep(request, assessment, draft)
        change = request.POST.get("change", "")
        if change:
            if change not in {key for key, _, _ in _outcomes(assessment.kind)}:
                raise Http404("No such outcome")
            return redirect("assessments:determine-outcome", assessment_id=assessment.pk, key=change)
        form = DeterminationForm(request.POST, kind=assessment.kind,
                                 initial=DeterminationForm.initial_from(assessment.kind, assessment.facts))
        if form.is_valid():
            try:
                services.determination_make(assessment=assessment, practitioner=request.user,
                                            facts=form.facts(assessment.facts), reasons=form.cleaned_data["reasons"])
            except services.AssessmentError as exc:
                form.add_error("reasons", str(exc))
            else:
                request.session.pop(_draft_key(assessment), None)
                messages.success(request, "The determination is made. The person can see it, with the reasons and how to "
                                 "challenge it.")
                return redirect("assessments:overview", assessment_id=assessment.pk)
    else:
        draft = _draft(request, assessment)
        initial: dict[str, Any] = {name: values if _is_outcome(name) else values[0] if values else None
                                   for name, values in draft.items()}
        form = DeterminationForm(kind=assessment.kind, initial=initial)
    questions = [form[name] for name in names if name != "reasons" and not _is_outcome(name)]
    rows = _rows(assessment, draft)
    return render(request, "assessments/determine.html", {
        "form": form, "assessment": assessment, "provisional": _provisional(assessment), "rows": rows,
        "changed": any(r["changed"] for r in rows), "hidden": _hidden(assessment.kind, draft),
        "questions": questions}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def determine_outcome(request: HttpRequest, assessment_id: int, key: str) -> HttpResponse:
    """One outcome: what the person said, and the practitioner's view of it; then back to the summary."""
    assessment = _waiting(request, assessment_id, "determining eligibility")
    if assessment is None:
        return redirect("assessments:overview", assessment_id=assessment_id)
    found = next(((law, q) for k, law, q in _outcomes(assessment.kind) if k == key), None)
    if found is None:
        raise Http404("No such outcome")
    law, q = found
    draft = _draft(request, assessment)
    form = OutcomeForm(request.POST if request.method == "POST" else None, kind=assessment.kind,
                       initial={"view": OutcomeForm.initial_from(assessment.kind, key, draft, assessment.facts)})
    if request.method == "POST" and form.is_valid():
        _keep(request, assessment, form.apply(key, draft))
        return redirect("assessments:determine", assessment_id=assessment.pk)
    answer = assessment.answers.get(q.key, {})
    words = {c.value: c.text for c in q.choices}
    return render(request, "assessments/determine_outcome.html", {
        "form": form, "assessment": assessment, "title": q.title.split(":")[0], "law": law[0].upper() + law[1:],
        "said": [words.get(v, v) for v in answer.get("chosen", [])], "words": answer.get("words", ""),
        "able": ABLE}, status=400 if form.errors else 200)
