"""What the conversations app holds about a person, for `people.subject_access`: requests, bookings, conversations."""

from __future__ import annotations

from typing import Any

from carecommons.conversations.models import Conversation, ConversationRequest, FollowUp
from carecommons.people.models import Person
from carecommons.people.roles import display_name
from carecommons.people.subject_access import register_subject_access_part


def _requests(person: Person) -> list[dict[str, Any]]:
    requests = (ConversationRequest.objects.filter(person=person).select_related("preferred_hub", "taken_by")
                .prefetch_related("bookings__slot__hub", "bookings__attendance_by").order_by("first_contact_at", "pk"))
    return [{
        "reference": r.reference, "asked_by": r.get_asked_by_display(), "channel": r.get_channel_display(),
        "requester_name": r.requester_name, "requester_relationship": r.requester_relationship,
        "taken_by": display_name(r.taken_by) if r.taken_by else "", "on_their_mind": r.on_their_mind,
        "access_needs": r.access_needs, "preferred_hub": r.preferred_hub.name if r.preferred_hub else "",
        "preferred_times": r.preferred_times, "first_contact_at": r.first_contact_at, "status": r.get_status_display(),
        "bookings": [{"starts_at": b.slot.starts_at, "hub": b.slot.hub.name, "booked_at": b.created_at,
                      "cancelled_at": b.cancelled_at, "attendance": b.get_attendance_display() if b.attendance else "",
                      "attendance_by": display_name(b.attendance_by) if b.attendance_by else "",
                      "attendance_at": b.attendance_at} for b in sorted(r.bookings.all(), key=lambda b: b.created_at)],
    } for r in requests]


def _conversations(person: Person) -> list[dict[str, Any]]:
    conversations = (Conversation.objects.filter(person=person).select_related("hub", "practitioner", "updated_by")
                     .prefetch_related("revisions__saved_by").order_by("held_on", "pk"))
    return [{
        "held_on": c.held_on, "hub": c.hub.name if c.hub else "", "practitioner": display_name(c.practitioner),
        "what_matters": c.what_matters, "strengths_own": c.strengths_own,
        "strengths_family_friends": c.strengths_family_friends, "strengths_community": c.strengths_community,
        "outcomes": c.outcomes, "agreed": c.agreed_labels(), "agreed_details": c.agreed_details,
        "who_was_there": c.who_was_there, "version": c.version, "created_at": c.created_at, "updated_at": c.updated_at,
        "versions": [{"version": v.version, "saved_by": display_name(v.saved_by), "saved_at": v.saved_at, "record": v.data}
                     for v in sorted(c.revisions.all(), key=lambda v: v.version)],
    } for c in conversations]


def _follow_ups(person: Person) -> list[dict[str, Any]]:
    follow_ups = FollowUp.objects.filter(conversation__person=person).select_related("conversation").order_by("created_at")
    return [{"conversation_on": f.conversation.held_on, "sent_at": f.created_at, "answered_at": f.answered_at,
             "useful": f.get_useful_display() if f.useful else "", "difference": f.get_difference_display() if f.difference else "",
             "anything_else": f.anything_else} for f in follow_ups]


def register() -> None:
    register_subject_access_part("conversation_requests", _requests, title="Your requests for a conversation, and bookings",
                                 order=30, keys={
        "reference": "Reference", "asked_by": "Who asked", "channel": "How they asked",
        "requester_name": "The name of who asked for you", "requester_relationship": "Who they are to you",
        "taken_by": "Who took the request", "on_their_mind": "What you wanted to talk about",
        "access_needs": "What would help at the conversation", "preferred_hub": "Where you wanted to meet",
        "preferred_times": "Times that suit you", "first_contact_at": "When you asked", "status": "Where it is up to",
        "bookings": "Times booked", "bookings.starts_at": "Time", "bookings.hub": "Where", "bookings.booked_at": "Booked",
        "bookings.cancelled_at": "Cancelled or moved", "bookings.attendance": "Did you come",
        "bookings.attendance_by": "Who marked it", "bookings.attendance_at": "When it was marked",
    })
    register_subject_access_part("conversations", _conversations, title="Your conversations", order=40, keys={
        "held_on": "Date", "hub": "Where", "practitioner": "Who you talked with", "what_matters": "What matters to you",
        "strengths_own": "Your own strengths", "strengths_family_friends": "Strengths from family and friends",
        "strengths_community": "Strengths in your community", "outcomes": "What you want to change",
        "agreed": "What you agreed", "agreed_details": "Details of what was agreed", "who_was_there": "Who was there",
        "version": "How many times the record was saved", "created_at": "First written", "updated_at": "Last changed",
        "versions": "Every saved version", "versions.version": "Version", "versions.saved_by": "Saved by",
        "versions.saved_at": "Saved", "versions.record": "What it said",
    })
    register_subject_access_part("follow_ups", _follow_ups, title="Did the conversation help? Your answers", order=45,
                                 keys={
        "conversation_on": "The conversation on", "sent_at": "When we asked", "answered_at": "When you answered",
        "useful": "Was it useful", "difference": "Did it make a difference", "anything_else": "Anything else you said",
    })
