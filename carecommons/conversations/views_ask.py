"""Asking for a conversation: one question a page, answers kept in the session until sent."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from carecommons.conversations import forms as f
from carecommons.conversations import services
from carecommons.conversations.models import Booking, ConversationRequest
from carecommons.conversations.notifications import confirmation_channel
from carecommons.core import easy_read
from carecommons.core.inputs import is_ascii_digits
from carecommons.core.shortlinks import shown
from carecommons.core.templatetags.govuk import govuk_time
from carecommons.hubs.models import Hub
from carecommons.hubs.selectors import soonest_times
from carecommons.people.roles import STAFF_ROLES, role_of
from carecommons.rules import easy_read as rules_easy_read
from carecommons.rules.access import Role
from carecommons.rules.easy_read import Line

SESSION_KEY = "ask"
STEPS = ["who", "requester", "name", "contact", "on-mind", "access", "hub", "time", "check"]


def _answers(request: HttpRequest) -> dict[str, Any]:
    answers: dict[str, Any] = request.session.get(SESSION_KEY, {})
    return answers


def _save(request: HttpRequest, **values: Any) -> None:
    answers = _answers(request)
    answers.update(values)
    request.session[SESSION_KEY] = answers


def _is_staff(request: HttpRequest) -> bool:
    return role_of(request.user) in STAFF_ROLES


def _signed_in_person(request: HttpRequest) -> Any:
    return request.user.person if role_of(request.user) is Role.PERSON else None


def _for_self(answers: dict[str, Any]) -> bool:
    return answers.get("who") == f.WHO_SELF


def _steps_for(request: HttpRequest, answers: dict[str, Any]) -> list[str]:
    steps = ["who"]
    if answers.get("who") == f.WHO_ON_BEHALF and not _is_staff(request):
        steps.append("requester")
    if not (_for_self(answers) and _signed_in_person(request)):
        steps += ["name", "contact"]
    return steps + ["on-mind", "access", "hub", "time", "check"]


def _next(request: HttpRequest, current: str) -> HttpResponse:
    answers = _answers(request)
    steps = _steps_for(request, answers)
    if answers.get("checking") and current != "hub" and "slot" in answers:
        return redirect("conversations:ask", step="check")
    index = steps.index(current)
    return redirect("conversations:ask", step=steps[index + 1])


def _back(request: HttpRequest, current: str) -> str:
    steps = _steps_for(request, _answers(request))
    if current in steps and steps.index(current) > 0:
        return reverse("conversations:ask", kwargs={"step": steps[steps.index(current) - 1]})
    return reverse("conversations:ask-start")


def _missing_step(request: HttpRequest, current: str) -> str | None:
    """The first earlier step still unanswered, so nobody can jump ahead and send half a request."""
    answers = _answers(request)
    needed = {"who": "who", "name": "full_name", "contact": "contact_by", "on-mind": "on_their_mind",
              "hub": "hub", "time": "slot", "requester": "requester_name"}
    steps = _steps_for(request, answers)
    if current not in steps:
        return steps[0]
    for step in steps[: steps.index(current)]:
        key = needed.get(step)
        if key and key not in answers:
            return step
    return None


def ask_start(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    staff = _is_staff(request)
    easy = easy_read.is_on(request) and not staff
    return render(request, "conversations/ask_start.html", {"easy": easy, "staff": staff, "easy_lines": EASY_START if easy else ()})


EASY_START = (
    Line("talk", "You can talk with someone about your life: what is going well, and what is hard.", "talk"),
    Line("place", "You meet at a place near you, like a library or a café.", "near you"),
    Line("people", "You can bring someone with you.", "bring someone"),
    Line("clock", "Asking takes about 3 minutes. We ask a few short questions.", "3 minutes"),
    Line("list", "If no time is good for you, we put you on our list and get in touch.", "list"),
    Line("danger", "If someone is in danger now, call 999.", "call 999"),
)


def _hubs() -> list[Hub]:
    return list(Hub.objects.filter(is_open=True).order_by("name"))


def _context(request: HttpRequest, step: str, form: Any, **extra: Any) -> dict[str, Any]:
    answers = _answers(request)
    easy = easy_read.is_on(request) and not _is_staff(request)
    return {"form": form, "step": step, "back": _back(request, step), "for_self": _for_self(answers),
            "staff": _is_staff(request), "answers": answers, "easy": easy, "easy_lines": EASY_LINES.get(step, ()) if easy else (),
            **extra}


# Easy read: short sentences, one idea each, with a picture beside each (`core/easy/_lines.html`).
EASY_LINES: dict[str, tuple[Line, ...]] = {
    "who": (Line("people", "You can ask for yourself.", "yourself"),
            Line("helper", "Or you can ask for someone else. Ask them first.", "someone else")),
    "requester": (Line("helper", "Tell us your name too.", "your name"), Line("people", "And how you know the person.", "how you know")),
    "name": (Line("person", "Tell us your name.", "name"), Line("helper", "We will use the name you like to be called.", "like to be called")),
    "contact": (Line("phone", "How should we get in touch with you?", "get in touch"),
                Line("letter", "Choose one way. Then tell us your number or email.", "one way")),
    "on-mind": (Line("talk", "What would you like to talk about?", "talk about"),
                Line("pencil", "Write a few words. You can say more when we meet.", "a few words")),
    "access": (Line("helper", "Do you need anything to help you at the meeting?", "help you"),
               Line("people", "For example: a ramp, a quiet room, someone to sign, or a friend with you.", "For example")),
    "hub": (Line("place", "Where would you like to meet?", "Where"),
            Line("place", "Choose a place near you, like a library or a café.", "near you")),
    "time": (Line("clock", "Choose a time.", "time"),
             Line("list", "If no time is good for you, we will put you on our list and call you.", "list")),
    "check": (Line("tick", "Check your answers.", "Check"), Line("pencil", "You can change an answer before you send it.", "change")),
}


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEPS:
        return render(request, "core/error.html", {"title": "Page not found", "message": "That page does not exist."}, status=404)
    missing = _missing_step(request, step)
    if missing and missing != step:
        return redirect("conversations:ask", step=missing)
    answers = _answers(request)
    data = request.POST if request.method == "POST" else None
    handler = _HANDLERS[step]
    return handler(request, data, answers)


def _who(request: HttpRequest, data: Any, answers: dict[str, Any]) -> HttpResponse:
    form = f.WhoForm(data, staff=_is_staff(request), initial={"who": answers.get("who")})
    if data is not None and form.is_valid():
        _save(request, who=form.cleaned_data["who"])
        return _next(request, "who")
    return render(request, "conversations/ask_question.html", _context(request, "who", form, title="Who is the conversation for?"))


def _requester(request: HttpRequest, data: Any, answers: dict[str, Any]) -> HttpResponse:
    form = f.RequesterForm(data, initial=answers)
    if data is not None and form.is_valid():
        _save(request, **form.cleaned_data)
        return _next(request, "requester")
    return render(request, "conversations/ask_requester.html", _context(request, "requester", form, title="About you"))


def _name(request: HttpRequest, data: Any, answers: dict[str, Any]) -> HttpResponse:
    form = f.NameForm(data, for_self=answers.get("who") == f.WHO_SELF, initial=answers)
    if data is not None and form.is_valid():
        _save(request, full_name=form.cleaned_data["full_name"])
        return _next(request, "name")
    return render(request, "conversations/ask_question.html", _context(request, "name", form, title=form.fields["full_name"].label))


def _contact(request: HttpRequest, data: Any, answers: dict[str, Any]) -> HttpResponse:
    form = f.ContactForm(data, initial={**answers, "mobile": answers.get("phone", "")} if answers.get("contact_by") == "text" else answers)
    if data is not None and form.is_valid():
        cd = form.cleaned_data
        _save(request, contact_by=cd["contact_by"], phone=cd.get("phone", ""), email=cd.get("email", ""), postcode=cd.get("postcode", ""))
        return _next(request, "contact")
    return render(request, "conversations/ask_contact.html", _context(request, "contact", form, title="How should we get in touch?"))


def _on_mind(request: HttpRequest, data: Any, answers: dict[str, Any]) -> HttpResponse:
    form = f.OnMindForm(data, initial=answers)
    if not _for_self(answers):
        form.fields["on_their_mind"].label = "What would they like to talk about?"
    if data is not None and form.is_valid():
        _save(request, on_their_mind=form.cleaned_data["on_their_mind"].strip())
        return _next(request, "on-mind")
    return render(request, "conversations/ask_question.html", _context(request, "on-mind", form, title=form.fields["on_their_mind"].label))


def _access(request: HttpRequest, data: Any, answers: dict[str, Any]) -> HttpResponse:
    form = f.AccessNeedsForm(data, initial=answers)
    if data is not None and form.is_valid():
        _save(request, access_needs=form.cleaned_data["access_needs"].strip())
        return _next(request, "access")
    return render(request, "conversations/ask_question.html", _context(request, "access", form, title="Anything that would help"))


def _hub(request: HttpRequest, data: Any, answers: dict[str, Any]) -> HttpResponse:
    hubs = _hubs()
    form = f.HubForm(data, hubs=hubs, initial={"hub": answers.get("hub"), "times": answers.get("times", [])})
    if data is not None and form.is_valid():
        _save(request, hub=form.cleaned_data["hub"], times=form.cleaned_data["times"])
        answers = _answers(request)
        answers.pop("slot", None)
        request.session[SESSION_KEY] = answers
        return redirect("conversations:ask", step="time")
    return render(request, "conversations/ask_hub.html", _context(request, "hub", form, title="Where and when"))


def _time_options(answers: dict[str, Any]) -> list[tuple[Hub, list[Any]]]:
    options = soonest_times(
        now=timezone.now(), horizon_days=settings.CARECOMMONS["BOOKING_HORIZON_DAYS"], per_hub=4,
        preferred_times=answers.get("times") or [],
    )
    preferred = answers.get("hub")
    if preferred and preferred != "any":
        options.sort(key=lambda pair: str(pair[0].pk) != preferred)
    return options


def _time(request: HttpRequest, data: Any, answers: dict[str, Any]) -> HttpResponse:
    form = f.ChooseTimeForm(data, initial={"slot": answers.get("slot")})
    if data is not None and form.is_valid():
        _save(request, slot=form.cleaned_data["slot"])
        return redirect("conversations:ask", step="check")
    return render(request, "conversations/ask_time.html", _context(request, "time", form, title="Choose a time", options=_time_options(answers)))


def _check(request: HttpRequest, data: Any, answers: dict[str, Any]) -> HttpResponse:
    from carecommons.hubs.selectors import slot_with_count

    slot = slot_with_count(int(answers["slot"])) if is_ascii_digits(answers.get("slot", "wait")) else None
    _save(request, checking=True)
    hub = Hub.objects.filter(pk=answers["hub"]).first() if is_ascii_digits(str(answers.get("hub", ""))) else None
    context = _context(request, "check", None, title="Check your answers", slot=slot, preferred_hub=hub)
    if data is None:
        return render(request, "conversations/ask_check.html", context)
    if data.get("anyway") != "yes" and not _signed_in_person(request):
        earlier = services.possible_duplicate(full_name=answers.get("full_name", ""), phone=answers.get("phone", ""),
                                              email=answers.get("email", ""))
        if earlier is not None:  # asking twice: offer the earlier request, never hold a second place without asking
            resent = services.resend_confirmation(earlier) if not _is_staff(request) else services.Resent(False)
            return render(request, "conversations/ask_already.html", {
                **context, "earlier": earlier if _is_staff(request) else None, "resent": resent.sent,
                "held_back": resent.held_back,
                "booked": earlier.status == ConversationRequest.Status.BOOKED})
    try:
        conversation_request, booking = _send(request, answers, slot)
    except services.BookingError as exc:
        answers.pop("slot", None)
        request.session[SESSION_KEY] = answers
        form = f.ChooseTimeForm({})
        form.errors.clear()
        form.add_error("slot", str(exc))
        return render(request, "conversations/ask_time.html", _context(request, "time", form, title="Choose a time", options=_time_options(answers)), status=409)
    request.session.pop(SESSION_KEY, None)
    request.session["asked"] = {"reference": conversation_request.reference, "token": booking.token if booking else "",
                                "short": booking.short_link if booking else ""}
    return redirect("conversations:ask-done", reference=conversation_request.reference)


@transaction.atomic
def _send(request: HttpRequest, answers: dict[str, Any], slot: Any) -> tuple[ConversationRequest, Booking | None]:
    """Make the request and, when a time was chosen, the booking: both or neither."""
    who = answers["who"]
    staff = _is_staff(request)
    asked_by = {f.WHO_SELF: "self", f.WHO_ON_BEHALF: "on_behalf"}.get(who, "practitioner")
    if staff:
        asked_by = "practitioner" if who in (f.WHO_PHONE, f.WHO_WALK_IN) else "on_behalf"
    channel = {f.WHO_PHONE: "phone", f.WHO_WALK_IN: "walk_in"}.get(who, "phone" if staff else "online")
    hub_id = int(answers["hub"]) if is_ascii_digits(str(answers.get("hub", ""))) else (slot.hub_id if slot else None)
    person = _signed_in_person(request) if who == f.WHO_SELF else None
    details = services.RequestDetails(
        full_name=answers.get("full_name", person.full_name if person else ""),
        asked_by=asked_by,
        channel=channel,
        on_their_mind=answers["on_their_mind"],
        phone=answers.get("phone", ""),
        email=answers.get("email", ""),
        postcode=answers.get("postcode", ""),
        contact_by=answers.get("contact_by", ""),
        access_needs=answers.get("access_needs", ""),
        requester_name=answers.get("requester_name", "") if not staff else (request.user.get_full_name() or request.user.get_username()),
        requester_relationship=answers.get("requester_relationship", "") if not staff else "Practitioner",
        preferred_hub_id=hub_id,
        preferred_times=answers.get("times", []),
    )
    conversation_request = services.request_create(details=details, person=person, taken_by=request.user if staff else None)
    booking = services.booking_create(request=conversation_request, slot_id=slot.pk) if slot else None
    return conversation_request, booking


def ask_done(request: HttpRequest, reference: str) -> HttpResponse:
    asked = request.session.get("asked") or {}
    if asked.get("reference") != reference:
        return render(request, "core/error.html", {"title": "This confirmation is no longer available",
                      "message": "For privacy, a confirmation can only be seen straight after asking. Use the link we gave you to see or change your booking."}, status=404)
    booking = Booking.objects.select_related("slot__hub", "request").filter(token=asked["token"]).first() if asked.get("token") else None
    conversation_request = ConversationRequest.objects.get(reference=reference)
    sent_by = confirmation_channel(conversation_request.person) if booking else ""
    short = asked.get("short", "")
    staff = _is_staff(request)
    easy = easy_read.is_on(request) and not staff
    return render(request, "conversations/ask_done.html", {
        "booking": booking, "conversation_request": conversation_request, "sent_by": sent_by,
        "short_link": urlsplit(short).path if short else "", "short_link_shown": shown(short) if short else "",
        "easy": easy, "staff": staff, "easy_lines": _done_lines(booking, conversation_request, sent_by) if easy else ()})


def _done_lines(booking: Booking | None, conversation_request: ConversationRequest, sent_by: str) -> tuple[Line, ...]:
    """The confirmation in easy read (`rules.easy_read.booked_lines`), with the time written as on the standard page."""
    if booking is None:
        return rules_easy_read.WAITING
    hub = booking.slot.hub
    starts = timezone.localtime(booking.slot.starts_at)
    address = ", ".join(part.strip() for part in [*hub.address.splitlines(), hub.postcode] if part.strip())
    return rules_easy_read.booked_lines(team=hub.team.name, hub=hub.name, address=address,
                                        when=f"{date_format(starts, 'l j F Y')} at {govuk_time(starts)}",
                                        reference=conversation_request.reference, sent_by=sent_by)


_HANDLERS = {
    "who": _who, "requester": _requester, "name": _name, "contact": _contact, "on-mind": _on_mind,
    "access": _access, "hub": _hub, "time": _time, "check": _check,
}
