"""Assessments: by the person online, by a community organisation with them, or by a practitioner."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from carecommons.assessments import services
from carecommons.assessments.access import access_assessment, may_edit
from carecommons.assessments.forms import AboutForm, KindForm, QuestionForm
from carecommons.assessments.models import Assessment
from carecommons.conversations.access import access_conversation
from carecommons.conversations.models import Booking, Conversation
from carecommons.core.easy_read import EASY_READ
from carecommons.core.forms import GovukForm
from carecommons.core.inputs import local_path
from carecommons.people.access import open_record, reach_condition
from carecommons.people.roles import TEAM_ROLES, require_page, require_role, role_of
from carecommons.people.selectors import find_people
from carecommons.rules import easy_read as easy_words
from carecommons.rules.access import Kind, Purpose, Role
from carecommons.rules.assessment_next import after_sending
from carecommons.rules.assessment_questions import questions_for
from carecommons.rules.eligibility import ADULT_OUTCOME_WORDS, CARER_OUTCOME_WORDS, AdultOutcome, CarerOutcome

DETERMINE_ROLES = TEAM_ROLES  # practitioners and managers make determinations


def _easy(request: HttpRequest) -> bool:
    return bool(request.session.get(EASY_READ))


def _assessment(request: HttpRequest, assessment_id: int, *, what: str, purpose: Purpose = Purpose.VIEW) -> Assessment:
    return access_assessment(user=request.user, id=assessment_id, purpose=purpose, what=what)


def _may_edit(request: HttpRequest, assessment: Assessment) -> bool:
    return may_edit(request.user, assessment)


def _start(request: HttpRequest, *, person: Any, completed_by_kind: str, organisation: Any = None,
           conversation: Conversation | None = None, title: str, caption: str) -> HttpResponse:
    form = KindForm(request.POST if request.method == "POST" else None, staff=role_of(request.user) is not Role.PERSON)
    if request.method == "POST" and form.is_valid():
        cares_for = None
        if form.cleaned_data["kind"] == "carer" and form.cleaned_data["cares_for_name"] and role_of(request.user) in DETERMINE_ROLES:
            matches = list(find_people(request.user, form.cleaned_data["cares_for_name"])[:2])
            cares_for = matches[0] if len(matches) == 1 else None
        assessment = services.assessment_start(
            person=person, kind=form.cleaned_data["kind"], completed_by_kind=completed_by_kind, user=request.user,
            organisation=organisation, conversation=conversation, cares_for_name=form.cleaned_data["cares_for_name"],
            cares_for=cares_for,
        )
        if cares_for is not None:
            messages.success(request, f"Linked to {cares_for.full_name}, the person they care for. The carer's assessment "
                             "stands on its own, whether or not they have eligible needs.")
        return redirect("assessments:overview", assessment_id=assessment.pk)
    easy = _easy(request)
    return render(request, "assessments/start.html", {"form": form, "title": title, "caption": caption,
                  "conversation": conversation, "person": person, "easy": easy, "easy_lines": easy_words.START if easy else ()})


@login_required
@require_http_methods(["GET", "POST"])
def start_own(request: HttpRequest) -> HttpResponse:
    """(a) The person assesses their own needs online."""
    require_role(request.user, {Role.PERSON}, what="this page: it is for people assessing their own needs")
    me = open_record(user=request.user, person_id=request.user.person.pk, kind=Kind.ASSESSMENT, purpose=Purpose.CHANGE,
                     what="starting their assessment")
    return _start(request, person=me, completed_by_kind=Assessment.CompletedBy.PERSON,
                  title="Tell us about your life and what would help", caption="Your assessment")


@login_required
@require_http_methods(["GET", "POST"])
def start_with_booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    """(b) A community or user-led organisation assesses with someone booked at its hub."""
    require_role(request.user, {Role.HOST}, what="this page")
    booking = Booking.objects.select_related("slot__hub", "request").filter(
        pk=booking_id, slot__hub__host_id=request.user.staff.host_id).first()
    if booking is None:
        raise Http404("No such booking at your hubs")
    person = open_record(user=request.user, person_id=booking.request.person_id, kind=Kind.ASSESSMENT,
                         purpose=Purpose.CHANGE, what="assessing with them")
    return _start(request, person=person, completed_by_kind=Assessment.CompletedBy.ORGANISATION,
                  organisation=request.user.staff.host, title=f"Assess with {person.known_as}", caption=booking.slot.hub.name)


@login_required
@require_http_methods(["GET", "POST"])
def start_from_conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """(c) A practitioner starts from the conversation already recorded: nothing typed twice."""
    require_role(request.user, DETERMINE_ROLES, what="this page")
    conversation = access_conversation(user=request.user, id=conversation_id, purpose=Purpose.CHANGE,
                                       what="starting an assessment")
    person = conversation.person
    return _start(request, person=person, completed_by_kind=Assessment.CompletedBy.PRACTITIONER, conversation=conversation,
                  title=f"Start a Care Act assessment with {person.full_name}", caption=f"From the conversation on {conversation.held_on:%-d %B %Y}")


def _tasks(assessment: Assessment, easy: bool) -> list[dict[str, Any]]:
    return [
        {"key": q.key, "title": (q.easy_title if easy else q.title).split(":")[0], "done": q.key in assessment.answers,
         "icon": easy_words.TOPICS[q.key].icon,
         "href": reverse("assessments:question", args=[assessment.pk, q.key])}
        for q in questions_for(assessment.kind)
    ]


@login_required
def overview(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """A draft's task list; once sent, what was decided, the reasons, and how to challenge it."""
    assessment = _assessment(request, assessment_id, what="an assessment")
    easy = _easy(request)
    determination = getattr(assessment, "determination", None)
    context: dict[str, Any] = {
        "assessment": assessment, "easy": easy, "may_edit": _may_edit(request, assessment),
        "tasks": _tasks(assessment, easy), "determination": determination,
        "is_person": role_of(request.user) is Role.PERSON,
        "may_determine": role_of(request.user) in DETERMINE_ROLES and assessment.status == Assessment.Status.SUBMITTED,
        "unmet_words": _unmet_words(assessment.kind, determination.unmet_outcomes) if determination else [],
        "provisional": _provisional(assessment),
        "plan": assessment.support_plans.order_by("-created_at").first() if determination else None,
        "may_plan": role_of(request.user) in {Role.PERSON, *TEAM_ROLES},
        "next_steps": _after_sending(request, assessment) if assessment.status == Assessment.Status.SUBMITTED else (),
    }
    context["done_count"] = sum(t["done"] for t in context["tasks"])
    context["easy_lines"] = _overview_lines(assessment, determination, context) if easy else ()
    return render(request, "assessments/overview.html", context)


def _overview_lines(assessment: Assessment, determination: Any, context: dict[str, Any]) -> tuple[easy_words.Line, ...]:
    """Easy read on the overview: the task list, that it was sent, or the decision said to the person."""
    if determination is not None:
        if not context["is_person"]:
            return ()
        return easy_words.decision_lines(
            kind=assessment.kind, eligible=determination.eligible, unmet=determination.unmet_outcomes,
            decided_by=determination.decided_by_name or determination.decided_by.get_full_name() or "A practitioner",
            decided_on=f"{determination.decided_at:%-d %B %Y}")
    if assessment.status == Assessment.Status.SUBMITTED:
        return easy_words.sent_lines(sent_on=f"{assessment.submitted_at:%-d %B %Y}") if context["is_person"] else ()
    return easy_words.task_list_lines(len(context["tasks"]))


def _after_sending(request: HttpRequest, assessment: Assessment) -> tuple[str, ...]:
    """What happens next, for whoever is looking: the person, an organisation, a practitioner."""
    team = assessment.person.team.name if assessment.person.team_id else ""
    return after_sending(viewer=role_of(request.user), person_name=assessment.person.known_as, team=team)


def _provisional(assessment: Assessment) -> Any:
    """What the law says on the facts as assessed, or None when they cannot be decided on yet."""
    try:
        return services.decide(assessment.kind, assessment.facts) if assessment.facts else None
    except services.AssessmentError:
        return None


def _unmet_words(kind: str, keys: list[str]) -> list[str]:
    if kind == "carer":
        return [CARER_OUTCOME_WORDS[CarerOutcome(k)] for k in keys]
    return [ADULT_OUTCOME_WORDS[AdultOutcome(k)] for k in keys]


@login_required
@require_http_methods(["GET", "POST"])
def about(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = access_assessment(user=request.user, id=assessment_id, what="an assessment", purpose=Purpose.CHANGE,
                                   editing=True)
    form = AboutForm(request.POST if request.method == "POST" else None, initial={
        "what_matters": assessment.what_matters, "strengths": assessment.strengths,
        "outcomes_wanted": assessment.outcomes_wanted, "fluctuating": assessment.fluctuating})
    if request.method == "POST" and form.is_valid():
        services.assessment_about(assessment=assessment, **form.cleaned_data)
        return redirect("assessments:overview", assessment_id=assessment.pk)
    easy = _easy(request)
    return render(request, "assessments/about.html", {"form": form, "assessment": assessment, "easy": easy,
                  "easy_lines": easy_words.ABOUT if easy else ()})


@login_required
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, assessment_id: int, key: str) -> HttpResponse:
    assessment = access_assessment(user=request.user, id=assessment_id, what="an assessment", purpose=Purpose.CHANGE,
                                   editing=True)
    questions = questions_for(assessment.kind)
    index = next((i for i, q in enumerate(questions) if q.key == key), None)
    if index is None:
        raise Http404("No such question")
    q = questions[index]
    saved = assessment.answers.get(key, {})
    initial = {"answer": saved.get("chosen", []) if q.multiple else (saved.get("chosen") or [None])[0], "words": saved.get("words", "")}
    form = QuestionForm(request.POST if request.method == "POST" else None, question=q, easy=_easy(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_answer(assessment=assessment, key=key, chosen=form.cleaned_data["answer"], words=form.cleaned_data["words"])
        except services.AssessmentError as exc:
            form.add_error("answer", str(exc))
        else:
            if "save_and_leave" in request.POST or index + 1 == len(questions):
                if "save_and_leave" in request.POST:
                    messages.success(request, "Your answers are saved. You can come back to them at any time.")
                return redirect("assessments:overview", assessment_id=assessment.pk)
            return redirect("assessments:question", assessment_id=assessment.pk, key=questions[index + 1].key)
    return render(request, "assessments/question.html", {
        "form": form, "assessment": assessment, "number": index + 1, "total": len(questions), "easy": _easy(request),
        "easy_lines": easy_words.question_lines(q.key) if _easy(request) else (),
        "back": reverse("assessments:question", args=[assessment.pk, questions[index - 1].key]) if index else reverse("assessments:overview", args=[assessment.pk]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = access_assessment(user=request.user, id=assessment_id, what="an assessment", purpose=Purpose.CHANGE,
                                   editing=True)
    error = ""
    if request.method == "POST":
        try:
            services.assessment_submit(assessment=assessment)
        except services.AssessmentError as exc:
            error = str(exc)
        else:
            sent = "Your assessment has been sent." if role_of(request.user) is Role.PERSON else \
                "The assessment has been sent."
            messages.success(request, " ".join((sent, *_after_sending(request, assessment))))
            return redirect("assessments:overview", assessment_id=assessment.pk)
    easy = _easy(request)
    rows = []
    for q in questions_for(assessment.kind):
        answer = assessment.answers.get(q.key, {})
        words = {c.value: (c.easy if easy else c.text) for c in q.choices}
        rows.append({"title": q.easy_title if easy else q.title, "icon": easy_words.TOPICS[q.key].icon, "answer": [words.get(v, v) for v in answer.get("chosen", [])],
                     "words": answer.get("words", ""), "href": reverse("assessments:question", args=[assessment.pk, q.key])})
    return render(request, "assessments/check.html", {"assessment": assessment, "rows": rows, "error": error,
                  "missing": services.unanswered(assessment), "easy": easy, "easy_lines": easy_words.CHECK if easy else ()},
                  status=400 if error else 200)


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """Assessments sent and waiting for a determination, oldest first."""
    require_page(request.user, "assessments:waiting")
    reach = reach_condition(request.user, kind=Kind.ASSESSMENT, purpose=Purpose.DECIDE, via="person__")
    waiting_all = Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
    qs = (waiting_all.filter(reach) if reach is not None else waiting_all.none()).select_related("person").order_by("submitted_at", "id")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    others = waiting_all.count() - page.paginator.count  # not NOT IN a subquery: see conversations.views.waiting_list
    return render(request, "assessments/waiting.html", {"page": page, "others": others})


def easy_read(request: HttpRequest) -> HttpResponse:
    """Switch easy read on or off; it stays on for this visit."""
    request.session[EASY_READ] = request.GET.get("on") == "1"
    next_url = local_path(request.GET.get("next"))
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return HttpResponseRedirect(next_url)


@login_required
def signed_copy(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The person downloads their own signed copy, to take to another council."""
    from django.utils import timezone

    from carecommons.assessments.portable import PortableError, export_envelope

    require_role(request.user, {Role.PERSON}, what="this page: people download their own signed copy")
    assessment = _assessment(request, assessment_id, what="downloading their signed assessment", purpose=Purpose.EXPORT)
    if assessment.status == Assessment.Status.DRAFT:
        raise Http404("Send the assessment before downloading a signed copy")
    try:
        data = export_envelope(assessment=assessment, now=timezone.now())
    except PortableError as exc:
        return render(request, "core/error.html", {"title": "A signed copy is not available yet", "message": str(exc)}, status=503)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.pk}-signed.json"'
    return response


@login_required
def readable_copy(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The decided assessment as a page to read, keep and print; the signed file is offered "for another council"."""
    assessment = _assessment(request, assessment_id, what="a copy of an assessment")
    determination = getattr(assessment, "determination", None)
    if determination is None:
        return render(request, "core/error.html", {"title": "There is no decision to copy yet",
                      "message": "A copy can be kept once a practitioner has decided on the assessment."}, status=404)
    return render(request, "assessments/readable_copy.html", {
        "assessment": assessment, "determination": determination, "is_person": role_of(request.user) is Role.PERSON,
        "unmet_words": _unmet_words(assessment.kind, determination.unmet_outcomes),
        "council": settings.CARECOMMONS["COUNCIL_NAME"]})


class ImportForm(GovukForm):
    file = forms.FileField(label="Upload the signed assessment file", help_text="The .json file the person or their previous council gave you",
                           error_messages={"required": "Choose the signed assessment file to upload"})


def _import_form_with_error(message: str) -> ImportForm:
    form = ImportForm(data={}, files={})
    form.is_valid()
    form.errors["file"] = form.error_class([message])
    return form


MAX_UPLOAD = 1024 * 1024
IMPORT_SESSION_KEY = "assessment_import"


@login_required
@require_http_methods(["GET", "POST"])
def import_assessment(request: HttpRequest) -> HttpResponse:
    """Check a signed assessment from another council, show what it holds, then import it."""
    import base64

    from django.utils import timezone

    from carecommons.assessments.portable import PortableError, import_envelope, person_for, read_envelope

    require_role(request.user, DETERMINE_ROLES, what="this page")
    now = timezone.now()
    if request.method == "POST" and "confirm" in request.POST:
        data = base64.b64decode(request.session.get(IMPORT_SESSION_KEY, ""))
        if not data:
            form = _import_form_with_error("This file has already been imported, or the check has expired. "
                                           "Upload the file again.")
            return render(request, "assessments/import.html", {"form": form}, status=400)

        def gate(person_id: int) -> None:
            open_record(user=request.user, person_id=person_id, kind=Kind.ASSESSMENT, purpose=Purpose.CHANGE,
                        what="importing an assessment from another council")

        try:
            known = person_for(read_envelope(data=data, now=now))
            if known is not None:
                gate(known.pk)  # outside the import's transaction, so a refusal is kept in the log
            assessment = import_envelope(data=data, user=request.user, now=now)
            if known is None:
                gate(assessment.person_id)  # the new person: logged as the importer's change
        except PortableError as exc:
            return render(request, "assessments/import.html", {"form": _import_form_with_error(str(exc))}, status=400)
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(request, f"Imported. Needs will be met on {assessment.imported_from}'s basis until your own assessment.")
        return redirect("assessments:overview", assessment_id=assessment.pk)
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "The file must be smaller than 1 MB")
        else:
            data = upload.read()
            try:
                envelope = read_envelope(data=data, now=now)
            except PortableError as exc:
                form.add_error("file", str(exc))
            else:
                request.session[IMPORT_SESSION_KEY] = base64.b64encode(data).decode()
                return render(request, "assessments/import_check.html", {"envelope": envelope, "a": envelope["assessment"],
                              "unmet": _unmet_words(envelope["assessment"]["kind"], (envelope["assessment"]["determination"] or {}).get("unmet_outcomes", []))})
    return render(request, "assessments/import.html", {"form": form}, status=400 if form.errors else 200)
