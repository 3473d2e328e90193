"""The only code that writes requests, bookings, conversation records and follow-ups."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from carecommons.conversations import notifications, tallies
from carecommons.conversations.models import (
    Booking,
    ConfirmationResend,
    Conversation,
    ConversationRequest,
    ConversationRevision,
    FollowUp,
)
from carecommons.hubs.models import Hub, Slot
from carecommons.people.models import Person
from carecommons.rules.booking import (
    Attendance,
    can_change_booking,
    can_mark_attendance,
    can_resend_confirmation,
    can_undo_attendance,
    first_free_seat,
)
from carecommons.rules.duplicates import (
    BookingOutcome,
    PersonFacts,
    RequestFacts,
    RequestMergePlan,
    is_same_person_asking,
    plan_request_merge,
    reason_problem,
)
from carecommons.rules.measures import days_waited
from carecommons.rules.recording import Agreement, check_agreements, three_way_merge

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read out on the phone


class BookingError(Exception):
    """A booking could not be made or changed; the message says why, in plain English."""


class SlotFull(BookingError):
    pass


def new_reference() -> str:
    return "CC-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


def new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class RequestDetails:
    full_name: str
    asked_by: str
    channel: str
    on_their_mind: str
    phone: str = ""
    email: str = ""
    postcode: str = ""
    contact_by: str = ""
    access_needs: str = ""
    requester_name: str = ""
    requester_relationship: str = ""
    preferred_hub_id: int | None = None
    preferred_times: list[str] = field(default_factory=list)


@transaction.atomic
def possible_duplicate(*, full_name: str, phone: str, email: str) -> ConversationRequest | None:
    """An open request (waiting or booked) from someone with the same name and the same phone number or email:
    asking twice should change that one, not hold a second place. The comparison is `rules.duplicates` (phone
    numbers however they were written, names and emails whatever their capitals), the one staff see too."""
    name = " ".join(full_name.split())
    if not name or (not phone.strip() and not email.strip()):
        return None
    open_requests = (ConversationRequest.objects.filter(person__full_name__iexact=name, person__merged_into__isnull=True,
                                                        status__in=[ConversationRequest.Status.WAITING,
                                                                    ConversationRequest.Status.BOOKED])
                     .select_related("person").order_by("-first_contact_at", "-id")[:50])
    for earlier in open_requests:
        person = earlier.person
        if is_same_person_asking(full_name=name, phone=phone, email=email, earlier=PersonFacts(
                id=person.pk, full_name=person.full_name, phone=person.phone, email=person.email)):
            return earlier
    return None


@dataclass(frozen=True)
class Resent:
    sent: bool
    held_back: str = ""  # why it was not sent again, in words, when a limit held it back


@transaction.atomic
def resend_confirmation(conversation_request: ConversationRequest) -> Resent:
    """Send the booking's confirmation (with its change link) again, to the contact details given before; at most
    `RESENDS_A_DAY` times in 24 hours (rules.booking.can_resend_confirmation), each time kept."""
    conversation_request = ConversationRequest.objects.select_for_update().get(pk=conversation_request.pk)
    booking = conversation_request.bookings.filter(cancelled_at__isnull=True).select_related("slot__hub", "request__person").first()
    if booking is None or not notifications.confirmation_channel(conversation_request.person):
        return Resent(False)
    now = timezone.now()
    recent = conversation_request.resends.filter(sent=True, at__gt=now - dt.timedelta(days=1)).count()
    decision = can_resend_confirmation(resent_in_last_day=recent)
    ConfirmationResend.objects.create(request=conversation_request, at=now, sent=decision.allowed)
    if not decision.allowed:
        return Resent(False, held_back=" ".join(decision.reasons))
    notifications.booking_confirmed(booking)
    return Resent(True)


def request_create(*, details: RequestDetails, person: Person | None = None, taken_by: Any = None) -> ConversationRequest:
    """Record that someone asked for a conversation. Makes a Person when there is none yet."""
    now = timezone.now()
    hub = Hub.objects.filter(pk=details.preferred_hub_id).select_related("team").first() if details.preferred_hub_id else None
    if person is None:
        person = Person.objects.create(
            full_name=details.full_name,
            phone=details.phone,
            email=details.email,
            postcode=details.postcode,
            contact_by=details.contact_by,
            access_needs=details.access_needs,
            team=hub.team if hub else None,
            created_at=now,
        )
    for _ in range(5):
        try:
            with transaction.atomic():
                return ConversationRequest.objects.create(
                    reference=new_reference(),
                    person=person,
                    asked_by=details.asked_by,
                    channel=details.channel,
                    requester_name=details.requester_name,
                    requester_relationship=details.requester_relationship,
                    taken_by=taken_by if getattr(taken_by, "is_authenticated", False) else None,
                    on_their_mind=details.on_their_mind,
                    access_needs=details.access_needs,
                    preferred_hub=hub,
                    preferred_times=list(details.preferred_times),
                    first_contact_at=now,
                    first_contact_on=timezone.localdate(now),
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not make a unique reference")


def _take_a_place(*, request: ConversationRequest, slot_id: int, now: dt.datetime) -> Booking:
    """Insert a booking into the first free place of a slot.

    The database's partial unique index on (slot, seat) for live bookings is what makes double
    booking impossible: if another request takes the same place at the same moment, our insert
    fails and we try the next place, until the slot is full.
    """
    slot = Slot.objects.select_related("hub").filter(pk=slot_id).first()
    if slot is None:
        raise BookingError("That time is no longer available. Choose another time.")
    if slot.starts_at <= now:
        raise BookingError("That time has already passed. Choose another time.")
    if not slot.hub.is_open:
        raise BookingError(f"{slot.hub.name} is not taking bookings at the moment. Choose another hub.")
    tried: set[int] = set()
    while True:
        taken = set(Booking.objects.filter(slot=slot, cancelled_at__isnull=True).values_list("seat", flat=True))
        seat = first_free_seat(capacity=slot.capacity, taken=taken | tried)
        if seat is None:
            raise SlotFull("Sorry, that time has just been booked by someone else. Choose another time.")
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    request=request, slot=slot, seat=seat, token=new_token(), created_at=now
                )
        except IntegrityError:
            tried.add(seat)


@transaction.atomic
def booking_create(*, request: ConversationRequest, slot_id: int) -> Booking:
    """Book a place in a slot for a request that is waiting."""
    now = timezone.now()
    request = ConversationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ConversationRequest.Status.WAITING:
        raise BookingError("This request already has a booking. Use the link in your confirmation to change it.")
    booking = _take_a_place(request=request, slot_id=slot_id, now=now)
    request.status = ConversationRequest.Status.BOOKED
    request.save(update_fields=["status"])
    if request.person.team_id is None:  # the hub's team supports them from now on
        Person.objects.filter(pk=request.person_id, team__isnull=True).update(team_id=booking.slot.hub.team_id)
    booking.short_link = notifications.booking_confirmed(booking)
    return booking


def _live_booking_for_change(token: str, now: dt.datetime) -> Booking:
    booking = (
        Booking.objects.select_for_update().select_related("slot", "request").filter(token=token).first()
    )
    if booking is None:
        raise BookingError("We cannot find that booking. The link may be wrong or out of date.")
    decision = can_change_booking(starts_at=booking.slot.starts_at, cancelled=booking.cancelled_at is not None, now=now)
    if not decision.allowed:
        raise BookingError(decision.reasons[0])
    return booking


@transaction.atomic
def booking_cancel(*, token: str) -> ConversationRequest:
    """Cancel a booking. The request goes back on the waiting list until a new time is booked."""
    now = timezone.now()
    booking = _live_booking_for_change(token, now)
    booking.cancelled_at = now
    booking.save(update_fields=["cancelled_at"])
    request = booking.request
    request.status = ConversationRequest.Status.WAITING
    request.save(update_fields=["status"])
    return request


@transaction.atomic
def booking_move(*, token: str, slot_id: int) -> Booking:
    """Move a booking to another slot. Nothing changes unless the new place is secured."""
    now = timezone.now()
    booking = _live_booking_for_change(token, now)
    if booking.slot_id == slot_id:
        raise BookingError("That is the time you already have. Choose a different time.")
    booking.cancelled_at = now
    booking.save(update_fields=["cancelled_at"])
    moved = _take_a_place(request=booking.request, slot_id=slot_id, now=now)
    moved.short_link = notifications.booking_confirmed(moved)
    return moved


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("slot", "request").get(pk=booking.pk)


@transaction.atomic
def booking_mark_attendance(*, booking: Booking, attendance: Attendance, by: Any) -> Booking:
    """Mark on the hub's day that the person arrived, or did not attend.

    "Did not attend" cancels the booking and puts the request back on the waiting list, as a cancellation
    does, so someone follows it up. The booking keeps who marked it and when; the opening that allowed it
    is kept as an access event by the gate.
    """
    now = timezone.now()
    booking = _locked(booking)
    decision = can_mark_attendance(slot_day=timezone.localdate(booking.slot.starts_at), today=timezone.localdate(now),
                                   cancelled=booking.cancelled_at is not None, marked=booking.attendance,
                                   held=booking.request.status == ConversationRequest.Status.HELD)
    if not decision.allowed:
        raise BookingError(decision.reasons[0])
    booking.attendance, booking.attendance_by, booking.attendance_at = attendance.value, by, now
    fields = ["attendance", "attendance_by", "attendance_at"]
    if attendance is Attendance.DID_NOT_ATTEND:
        booking.cancelled_at = now
        fields.append("cancelled_at")
    booking.save(update_fields=fields)
    if attendance is Attendance.DID_NOT_ATTEND and booking.request.status == ConversationRequest.Status.BOOKED:
        booking.request.status = ConversationRequest.Status.WAITING
        booking.request.save(update_fields=["status"])
    return booking


@transaction.atomic
def booking_undo_attendance(*, booking: Booking) -> Booking:
    """Undo a mark made today (a mistaken click). Undoing "did not attend" gives the place back, unless the
    request has been booked again or closed since."""
    now = timezone.now()
    booking = _locked(booking)
    marked_on = timezone.localdate(booking.attendance_at) if booking.attendance_at else None
    decision = can_undo_attendance(marked=booking.attendance, marked_on=marked_on, today=timezone.localdate(now))
    if not decision.allowed:
        raise BookingError(decision.reasons[0])
    fields = ["attendance", "attendance_by", "attendance_at"]
    if booking.attendance == Attendance.DID_NOT_ATTEND:
        request = ConversationRequest.objects.select_for_update().get(pk=booking.request_id)
        if request.status != ConversationRequest.Status.WAITING:
            raise BookingError("Their request has been booked again or closed since, so this cannot be undone.")
        booking.cancelled_at = None
        fields.append("cancelled_at")
        request.status = ConversationRequest.Status.BOOKED
        request.save(update_fields=["status"])
    booking.attendance, booking.attendance_by, booking.attendance_at = "", None, None
    try:
        with transaction.atomic():
            booking.save(update_fields=fields)
    except IntegrityError:
        raise BookingError("That place has been taken since, so this cannot be undone.") from None
    return booking


@transaction.atomic
def request_withdraw(*, request: ConversationRequest) -> None:
    for booking in request.bookings.filter(cancelled_at__isnull=True):
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["cancelled_at"])
    request.status = ConversationRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])


class RequestMergeRefused(ValueError):
    def __init__(self, problems: tuple[str, ...], reason_problem: str = "") -> None:
        self.problems = problems
        self.reason_problem = reason_problem
        super().__init__(" ".join((*problems, reason_problem)).strip())


def request_facts(request: ConversationRequest) -> RequestFacts:
    return RequestFacts(id=request.pk, person_id=request.person_id, status=request.status,
                        has_live_booking=request.bookings.filter(cancelled_at__isnull=True).exists(),
                        merged=request.merged_into_id is not None)


@transaction.atomic
def request_merge(*, kept: ConversationRequest, other: ConversationRequest, reason: str, by: Any) -> RequestMergePlan:
    """Someone asked twice: keep one request, close the other (kept, pointing to the kept one), and hold at most one
    place: the other's place moves to the kept request when it has none, and is freed when both have one."""
    locked = {r.pk: r for r in ConversationRequest.objects.select_for_update().filter(pk__in=[kept.pk, other.pk]).order_by("pk")}
    if len(locked) != 2:
        raise RequestMergeRefused(("A request cannot be joined with itself.",))
    kept, other = locked[kept.pk], locked[other.pk]
    plan = plan_request_merge(kept=request_facts(kept), other=request_facts(other))
    text = " ".join(reason.split())
    problem = reason_problem(text, why="these requests are the same")
    if not plan.ok or problem:
        raise RequestMergeRefused(plan.problems, problem)
    now = timezone.now()
    live = other.bookings.select_for_update().filter(cancelled_at__isnull=True)
    if plan.booking is BookingOutcome.FREED:
        live.update(cancelled_at=now)
    elif plan.booking is BookingOutcome.MOVES:
        live.update(request=kept)
        kept.status = ConversationRequest.Status.BOOKED
        kept.save(update_fields=["status"])
    ConversationRequest.objects.filter(merged_into=other).update(merged_into=kept)
    other.status = ConversationRequest.Status.WITHDRAWN
    other.merged_into, other.merged_by, other.merged_at, other.merged_reason = kept, by, now, text
    other.save(update_fields=["status", "merged_into", "merged_by", "merged_at", "merged_reason"])
    return plan


class EditConflictError(Exception):
    """Someone else saved the record since this editor opened it."""

    def __init__(self, current: Conversation, they_changed: tuple[str, ...], both_changed: tuple[str, ...], merged: dict[str, Any]):
        super().__init__("Someone else changed this record while you were editing it.")
        self.current = current
        self.they_changed = they_changed
        self.both_changed = both_changed
        self.merged = merged


def _clean_record(data: dict[str, Any]) -> dict[str, Any]:
    agreed = sorted({Agreement(a) for a in data.get("agreed", [])})
    check = check_agreements(set(agreed))
    if not check.ok:
        raise ValueError(check.reasons[0])
    record = {name: data.get(name, "") for name in Conversation.RECORD_FIELDS}
    record["agreed"] = [a.value for a in agreed]
    return record


def _save_revision(conversation: Conversation, user: Any, now: dt.datetime) -> None:
    ConversationRevision.objects.create(
        conversation=conversation, version=conversation.version, data=conversation.snapshot(), saved_by=user, saved_at=now
    )


@transaction.atomic
def conversation_record(
    *, person: Person, practitioner: Any, data: dict[str, Any], request: ConversationRequest | None = None, hub: Hub | None = None
) -> Conversation:
    """Record a conversation with a person, keep revision 1, and make their follow-up link."""
    record = _clean_record(data)
    now = timezone.now()
    if request is not None:
        request = ConversationRequest.objects.select_for_update().get(pk=request.pk)
        if hasattr(request, "conversation"):
            raise ValueError("A conversation has already been recorded for this request.")
        live = request.bookings.filter(cancelled_at__isnull=True).select_related("slot__hub").first()
        hub = hub or (live.slot.hub if live else request.preferred_hub)
        request.status = ConversationRequest.Status.HELD
        request.save(update_fields=["status"])
    conversation = Conversation.objects.create(
        person=person, request=request, hub=hub, practitioner=practitioner, created_at=now, updated_at=now,
        updated_by=practitioner, days_waited=_days_waited(request, record["held_on"]), **record,
    )
    _save_revision(conversation, practitioner, now)
    follow_up = FollowUp.objects.create(
        conversation=conversation,
        token=new_token(),
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.CARECOMMONS["FOLLOW_UP_LINK_DAYS"]),
    )
    notifications.follow_up_ready(follow_up)
    return conversation


@transaction.atomic
def conversation_update(*, conversation_id: int, editor: Any, base_version: int, data: dict[str, Any]) -> Conversation:
    """Save an edit made from `base_version`. If someone saved since, raise EditConflictError.

    The update is conditional on the version in the database still being `base_version`, so
    two editors saving at the same moment cannot both win: the second is told.
    """
    record = _clean_record(data)
    now = timezone.now()
    request = ConversationRequest.objects.filter(conversation__pk=conversation_id).only("first_contact_on").first()
    held_before = Conversation.objects.filter(pk=conversation_id).values_list("held_on", flat=True).first()
    updated = Conversation.objects.filter(pk=conversation_id, version=base_version).update(
        **record, version=base_version + 1, updated_at=now, updated_by=editor,
        days_waited=_days_waited(request, record["held_on"]),
    )
    current = Conversation.objects.get(pk=conversation_id)
    if not updated:
        base_rev = current.revisions.filter(version=base_version).first()
        base = base_rev.data if base_rev else {}
        merge = three_way_merge(base=base, theirs=current.snapshot(), mine=_jsonable(record))
        raise EditConflictError(current, merge.fields_they_changed, merge.fields_both_changed, dict(merge.merged))
    tallies.forget(tallies.WAITS, [held_before, current.held_on])  # `.update()` sends no signal
    _save_revision(current, editor, now)
    return current


def _days_waited(request: ConversationRequest | None, held_on: dt.date | str) -> int | None:
    if request is None:
        return None
    held = held_on if isinstance(held_on, dt.date) else dt.date.fromisoformat(held_on)
    return days_waited(first_contact_on=request.first_contact_on, held_on=held)


def _jsonable(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    if isinstance(out.get("held_on"), dt.date):
        out["held_on"] = out["held_on"].isoformat()
    return out


class FollowUpError(Exception):
    pass


@transaction.atomic
def follow_up_answer(*, token: str, useful: str, difference: str, anything_else: str) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().filter(token=token).first()
    now = timezone.now()
    if follow_up is None:
        raise FollowUpError("We cannot find that follow-up. The link may be wrong.")
    if follow_up.answered_at is not None:
        raise FollowUpError("You have already answered this follow-up. Thank you.")
    if follow_up.expires_at <= now:
        raise FollowUpError("This follow-up link has expired.")
    follow_up.useful = useful
    follow_up.difference = difference
    follow_up.anything_else = anything_else
    follow_up.answered_at = now
    follow_up.save(update_fields=["useful", "difference", "anything_else", "answered_at"])
    return follow_up
