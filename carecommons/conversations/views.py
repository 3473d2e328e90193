"""Booking management, the waiting list, recording conversations and the follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from carecommons.conversations import forms as f
from carecommons.conversations import selectors, services
from carecommons.conversations.access import access_conversation, access_request
from carecommons.conversations.calendar import booking_ics
from carecommons.conversations.models import Booking, Conversation, ConversationRequest, FollowUp
from carecommons.core.inputs import is_ascii_digits
from carecommons.core.links import site_url
from carecommons.core.paging import CountedUpTo
from carecommons.core.templatetags.govuk import govuk_time
from carecommons.hubs.selectors import soonest_times
from carecommons.people.access import open_record, people_in_reach, reach_condition
from carecommons.people.roles import require_page, role_of
from carecommons.rules.access import Kind, Purpose, may_open_page
from carecommons.rules.booking import booking_link_open, can_change_booking
from carecommons.rules.duplicates import plan_request_merge
from carecommons.rules.recording import agreement_labels

# --- Managing a booking from the link in the confirmation -----------------------------------

def _booking_or_gone(request: HttpRequest, token: str) -> Booking | HttpResponse:
    booking = Booking.objects.select_related("slot__hub", "request").filter(token=token).first()
    if booking is None:
        return render(request, "core/error.html", {"title": "We cannot find that booking",
                      "message": "The link may be wrong, or the booking may have been moved to a new time (moving a booking gives it a new link)."}, status=404)
    months = settings.CARECOMMONS["BOOKING_LINK_MONTHS"]
    if not booking_link_open(starts_at=booking.slot.starts_at, months=months, now=timezone.now()):
        return render(request, "conversations/booking_link_expired.html", {"booking": booking, "months": months}, status=410)
    return booking


def booking_manage(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_gone(request, token)
    if isinstance(booking, HttpResponse):
        return booking
    decision = can_change_booking(starts_at=booking.slot.starts_at, cancelled=booking.cancelled_at is not None, now=timezone.now())
    return render(request, "conversations/booking.html", {"booking": booking, "decision": decision})


def booking_calendar(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_gone(request, token)
    if isinstance(booking, HttpResponse):
        return booking
    manage_url = site_url(reverse("conversations:booking", args=[token]))
    response = HttpResponse(booking_ics(booking, manage_url=manage_url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="conversation-{booking.request.reference}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_gone(request, token)
    if isinstance(booking, HttpResponse):
        return booking
    if request.method == "POST":
        try:
            services.booking_cancel(token=token)
        except services.BookingError as exc:
            return render(request, "conversations/booking.html", {"booking": booking, "error": str(exc),
                          "decision": can_change_booking(starts_at=booking.slot.starts_at, cancelled=booking.cancelled_at is not None, now=timezone.now())}, status=409)
        return render(request, "conversations/booking_cancelled.html", {"booking": booking})
    return render(request, "conversations/booking_cancel.html", {"booking": booking})


@require_http_methods(["GET", "POST"])
def booking_rebook(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_gone(request, token)
    if isinstance(booking, HttpResponse):
        return booking
    decision = can_change_booking(starts_at=booking.slot.starts_at, cancelled=booking.cancelled_at is not None, now=timezone.now())
    if not decision.allowed:
        return render(request, "conversations/booking.html", {"booking": booking, "decision": decision, "error": decision.reasons[0]}, status=409)
    form = f.ChooseTimeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["slot"] == "wait":
            form.add_error("slot", "Choose a new time. To give up your time, cancel the booking instead.")
        else:
            try:
                new = services.booking_move(token=token, slot_id=int(form.cleaned_data["slot"]))
            except services.BookingError as exc:
                form.add_error("slot", str(exc))
            else:
                messages.success(request, "Your conversation has been moved to the new time. This page has a new web address: keep it to change your booking again.")
                return redirect("conversations:booking", token=new.token)
    options = soonest_times(now=timezone.now(), horizon_days=settings.CARECOMMONS["BOOKING_HORIZON_DAYS"], per_hub=4)
    return render(request, "conversations/booking_rebook.html", {"booking": booking, "form": form, "options": options},
                  status=409 if form.errors else 200)


# --- The team: waiting list, booking someone in, recording a conversation -------------------

@login_required
def waiting_list(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "conversations:waiting-list")
    reach = reach_condition(request.user, kind=Kind.BOOKING, purpose=Purpose.VIEW, via="person__")
    waiting = selectors.waiting_list()
    page = CountedUpTo(waiting.filter(reach) if reach is not None else waiting.none(), 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(r, (today - timezone.localtime(r.first_contact_at).date()).days) for r in page.object_list]
    # Their record is a link only for those who may open it (on duty, you may book a newcomer, not read them).
    openable = set(people_in_reach(request.user, kind=Kind.PERSON, purpose=Purpose.VIEW)
                   .filter(pk__in=[r.person_id for r, _ in rows]).values_list("pk", flat=True))
    for r, _ in rows:
        r.openable = r.person_id in openable
    # Everyone waiting less those in reach: one indexed count. (`exclude(person__in=reach)` is NOT IN a subquery, which
    # PostgreSQL cannot turn into an anti-join: at a million people it ran for minutes.) Not known when more than
    # the cap are in reach (core/paging.py).
    others = None if page.paginator.capped else waiting.count() - page.paginator.count
    return render(request, "conversations/waiting_list.html", {
        "page": page, "rows": rows, "others": others,
        "show_duplicates": may_open_page(role=role_of(request.user), page="people:duplicates")})


@login_required
@require_http_methods(["GET", "POST"])
def request_book(request: HttpRequest, request_id: int) -> HttpResponse:
    """A practitioner books a time for someone on the waiting list."""
    conversation_request = access_request(user=request.user, id=request_id, what="booking a conversation",
                                          purpose=Purpose.CHANGE)
    person = conversation_request.person
    form = f.ChooseTimeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["slot"] == "wait":
            return redirect("conversations:waiting-list")
        try:
            booking = services.booking_create(request=conversation_request, slot_id=int(form.cleaned_data["slot"]))
        except services.BookingError as exc:
            form.add_error("slot", str(exc))
        else:
            messages.success(request, f"{person.full_name} is booked in at {booking.slot.hub.name}, {timezone.localtime(booking.slot.starts_at):%A %-d %B} at {govuk_time(booking.slot.starts_at)}.")
            return redirect("people:person", person_id=person.pk)
    options = soonest_times(now=timezone.now(), horizon_days=settings.CARECOMMONS["BOOKING_HORIZON_DAYS"], per_hub=4,
                            preferred_times=conversation_request.preferred_times)
    return render(request, "conversations/request_book.html", {"conversation_request": conversation_request, "person": person, "form": form, "options": options},
                  status=409 if form.errors else 200)


def _form_initial_from(conversation: Conversation) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(conversation, name) for name in Conversation.RECORD_FIELDS}
    initial["version"] = conversation.version
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def conversation_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = open_record(user=request.user, person_id=person_id, kind=Kind.CONVERSATION, what="recording a conversation",
                         purpose=Purpose.CHANGE)
    conversation_request = None
    asked_for = request.GET.get("request") or request.POST.get("request") or ""
    if asked_for:
        if not is_ascii_digits(asked_for):
            raise Http404("No such request")
        conversation_request = get_object_or_404(ConversationRequest, pk=int(asked_for), person=person)
        if hasattr(conversation_request, "conversation"):
            messages.info(request, "A conversation has already been recorded for this request. You can change it here.")
            return redirect("conversations:edit", conversation_id=conversation_request.conversation.pk)
    form = f.ConversationForm(request.POST if request.method == "POST" else None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_record(person=person, practitioner=request.user, data=form.cleaned_data, request=conversation_request)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The conversation has been recorded.")
            discharge = request.GET.get("discharge", "")
            if discharge and is_ascii_digits(discharge):  # recorded while planning to leave hospital: back to it
                return redirect("hospital:request", request_id=int(discharge))
            return redirect("conversations:detail", conversation_id=conversation.pk)
    return render(request, "conversations/record.html", {"form": form, "person": person, "conversation_request": conversation_request, "conversation": None})


@login_required
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access_conversation(user=request.user, id=conversation_id, purpose=Purpose.VIEW)
    follow_up = FollowUp.objects.filter(conversation=conversation).first()
    follow_up_url = site_url(reverse("conversations:follow-up", args=[follow_up.token])) if follow_up else ""
    return render(request, "conversations/detail.html", {"conversation": conversation, "follow_up": follow_up, "follow_up_url": follow_up_url,
                                                         "next_steps": conversation.next_steps.select_related("service")})


@login_required
def conversation_history(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access_conversation(user=request.user, id=conversation_id, purpose=Purpose.VIEW,
                                       what="the history of a conversation record")
    revisions = [
        (rev, [(FIELD_LABELS.get(k, k), _format_value(k, v)) for k, v in rev.data.items()])
        for rev in conversation.revisions.select_related("saved_by")
    ]
    return render(request, "conversations/history.html", {"conversation": conversation, "revisions": revisions})


def _format_value(name: str, value: Any) -> str:
    if name == "agreed" and isinstance(value, list):
        return "; ".join(agreement_labels(value))
    if name == "held_on" and value:
        return f"{dt.date.fromisoformat(str(value)):%-d %B %Y}"
    return str(value) if value else "(blank)"


FIELD_LABELS = {name: str(field.label) for name, field in f.ConversationForm.base_fields.items()}


@login_required
@require_http_methods(["GET", "POST"])
def conversation_edit(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access_conversation(user=request.user, id=conversation_id, what="changing a conversation record",
                                       purpose=Purpose.CHANGE)
    conflict = None
    if request.method == "POST":
        form = f.ConversationForm(request.POST)
        if form.is_valid():
            base_version = form.cleaned_data.get("version") or conversation.version
            try:
                services.conversation_update(conversation_id=conversation.pk, editor=request.user, base_version=base_version, data=form.cleaned_data)
            except services.EditConflictError as exc:
                conflict = exc
                data = request.POST.copy()
                data["version"] = str(exc.current.version)
                form = f.ConversationForm(data)
                form.is_valid()
            else:
                messages.success(request, "Your changes have been saved.")
                return redirect("conversations:detail", conversation_id=conversation.pk)
    else:
        form = f.ConversationForm(initial=_form_initial_from(conversation))
    context = {"form": form, "person": conversation.person, "conversation": conversation, "conflict": conflict}
    if conflict:
        current = conflict.current
        context["they"] = current.updated_by
        theirs = current.snapshot()
        context["they_changed"] = [(FIELD_LABELS.get(n, n), _format_value(n, theirs[n])) for n in conflict.they_changed + conflict.both_changed]
        context["both_changed"] = [FIELD_LABELS.get(n, n) for n in conflict.both_changed]
    return render(request, "conversations/record.html", context, status=409 if conflict else 200)




# --- The follow-up, answered without an account ------------------------------------------------

@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, token: str) -> HttpResponse:
    item = FollowUp.objects.select_related("conversation__hub").filter(token=token).first()
    if item is None:
        return render(request, "core/error.html", {"title": "We cannot find that follow-up", "message": "The link may be wrong. Check you copied all of it."}, status=404)
    if item.answered_at is not None:
        return render(request, "conversations/follow_up_thanks.html", {"already": True})
    if item.expires_at <= timezone.now():
        return render(request, "core/error.html", {"title": "This link has expired",
                      "message": "Follow-up links work for 60 days. If you want to tell us something, ask at any hub."}, status=410)
    form = f.FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_answer(token=token, **form.cleaned_data)
        except services.FollowUpError as exc:
            return render(request, "core/error.html", {"title": "We could not save your answer", "message": str(exc)}, status=409)
        return render(request, "conversations/follow_up_thanks.html", {"already": False})
    return render(request, "conversations/follow_up.html", {"form": form, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def request_merge(request: HttpRequest, request_id: int, other_id: int) -> HttpResponse:
    """Someone asked twice: keep `request_id`, close `other_id` into it, after saying what happens to any places.

    The team's page (`people:duplicates`); the kept request opens the person's bookings to change through the gate,
    and the other must be the same person's, so that one opening covers both.
    """
    require_page(request.user, "people:duplicates")
    kept = access_request(user=request.user, id=request_id, purpose=Purpose.CHANGE, what="joining two requests")
    other = (ConversationRequest.objects.filter(pk=other_id, person_id=kept.person_id).exclude(pk=kept.pk)
             .select_related("preferred_hub").first())
    if other is None:
        raise Http404("No other request from this person")
    if other.merged_into_id is not None:
        messages.info(request, f"Request {other.reference} has already been joined into another.")
        return redirect("people:person", person_id=kept.person_id)
    form = f.MergeRequestsForm(request.POST if request.method == "POST" else None)
    problems: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        try:
            services.request_merge(kept=kept, other=other, reason=form.cleaned_data["reason"], by=request.user)
        except services.RequestMergeRefused as exc:
            problems = exc.problems
            if exc.reason_problem:
                form.add_error("reason", exc.reason_problem)
        else:
            messages.success(request, f"Request {other.reference} is closed and joined into {kept.reference}.")
            return redirect("people:person", person_id=kept.person_id)
    plan = plan_request_merge(kept=services.request_facts(kept), other=services.request_facts(other))
    return render(request, "conversations/request_merge.html", {
        "kept": kept, "other": other, "form": form, "problems": problems or plan.problems, "outcome": plan.booking.value,
        "kept_booking": kept.bookings.filter(cancelled_at__isnull=True).select_related("slot__hub").first(),
        "other_booking": other.bookings.filter(cancelled_at__isnull=True).select_related("slot__hub").first(),
    }, status=400 if form.errors or problems else 200)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    conversation_request = access_request(user=request.user, id=request_id, purpose=Purpose.CHANGE, what="closing a request")
    services.request_withdraw(request=conversation_request)
    messages.success(request, f"Request {conversation_request.reference} has been closed.")
    return redirect("conversations:waiting-list")


