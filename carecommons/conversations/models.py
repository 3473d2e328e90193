"""Asking for a conversation, booking it, recording it in proportion, and following it up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecommons.rules.booking import ATTENDANCE_WORDS, Attendance
from carecommons.rules.recording import agreement_labels


class ConversationRequest(models.Model):
    """Someone asked for a conversation. First contact starts the headline clock."""

    class AskedBy(models.TextChoices):
        SELF = "self", "The person themselves"
        ON_BEHALF = "on_behalf", "Someone on their behalf"
        PRACTITIONER = "practitioner", "A practitioner (phone call or walk-in)"

    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PHONE = "phone", "Phone call"
        WALK_IN = "walk_in", "Walk-in"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a time"
        BOOKED = "booked", "Booked"
        HELD = "held", "Conversation held"
        WITHDRAWN = "withdrawn", "No longer wanted"

    reference = models.CharField(max_length=12, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="requests")
    asked_by = models.CharField(max_length=20, choices=AskedBy.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    requester_name = models.CharField(max_length=100, blank=True)
    requester_relationship = models.CharField(max_length=100, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_their_mind = models.TextField()
    access_needs = models.TextField(blank=True)
    preferred_hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    preferred_times = models.JSONField(default=list, blank=True)
    first_contact_at = models.DateTimeField()
    # The local date of first contact, kept so the headline measure can be counted in the database.
    first_contact_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # Asking twice, found by staff: this request was joined into another of the same person's and closed
    # (`services.request_merge`); who, when and why are kept here, and the request itself is never deleted.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    merged_at = models.DateTimeField(null=True, blank=True)
    merged_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["first_contact_at", "id"]
        # The waiting list's own order, id included, so PostgreSQL reads it in order and stops after a page.
        indexes = [models.Index(fields=["status", "first_contact_at", "id"], name="waiting_in_order")]
        constraints = [
            models.CheckConstraint(condition=Q(merged_into__isnull=True, merged_at__isnull=True, merged_by__isnull=True)
                                   | Q(merged_into__isnull=False, merged_at__isnull=False, merged_by__isnull=False,
                                       status="withdrawn"),
                                   name="request_merged_is_closed_with_who_and_when"),
        ]

    def __str__(self) -> str:
        return self.reference


class Booking(models.Model):
    """A request's place in a slot. A place can never be held by two live bookings at once."""

    request = models.ForeignKey(ConversationRequest, on_delete=models.CASCADE, related_name="bookings")
    slot = models.ForeignKey("hubs.Slot", on_delete=models.PROTECT, related_name="bookings")
    seat = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Marked on the hub's day: who came. "Did not attend" also cancels the booking (the request goes back on
    # the waiting list); an undo on the same day clears all three.
    attendance = models.CharField(max_length=20, blank=True, default="", db_default="",
                                  choices=[(a.value, ATTENDANCE_WORDS[a]) for a in Attendance])
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance_at = models.DateTimeField(null=True, blank=True)
    short_link = ""  # not stored: the short link made when it was confirmed (`notifications.booking_confirmed`)

    class Meta:
        ordering = ["slot__starts_at", "seat"]
        constraints = [
            models.CheckConstraint(condition=Q(attendance="") | Q(attendance_at__isnull=False),
                                   name="booking_attendance_has_a_time"),
            models.CheckConstraint(condition=~Q(attendance="did_not_attend") | Q(cancelled_at__isnull=False),
                                   name="booking_did_not_attend_is_cancelled"),
            models.UniqueConstraint(
                fields=["slot", "seat"], condition=Q(cancelled_at__isnull=True), name="one_live_booking_per_place"
            ),
            models.UniqueConstraint(
                fields=["request"], condition=Q(cancelled_at__isnull=True), name="one_live_booking_per_request"
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="booking_seat_positive"),
        ]
        indexes = [models.Index(fields=["slot", "cancelled_at"])]


class Conversation(models.Model):
    """The record of a "what matters" conversation, in proportion: at most three required fields.

    Required: when it was held, what matters to the person, and what was agreed.
    Every save keeps a revision; `version` lets a second editor be told, not overwritten.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="conversations")
    request = models.OneToOneField(
        ConversationRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversation"
    )
    hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    what_matters = models.TextField()
    strengths_own = models.TextField(blank=True)
    strengths_family_friends = models.TextField(blank=True)
    strengths_community = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    agreed = models.JSONField(default=list)
    agreed_details = models.TextField(blank=True)
    who_was_there = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Days from the request's first contact to held_on (rules.measures.days_waited), kept by the services whenever
    # either changes, so the team's headline measure is a count over an index, not a join (ADR 0028).
    # None without a request, or when held before first contact.
    days_waited = models.PositiveIntegerField(null=True, blank=True, editable=False)

    RECORD_FIELDS = (
        "held_on",
        "what_matters",
        "strengths_own",
        "strengths_family_friends",
        "strengths_community",
        "outcomes",
        "agreed",
        "agreed_details",
        "who_was_there",
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["person", "-held_on"]),
            # held_on leads, so it also serves every filter by date; days_waited makes the measure index-only.
            models.Index(fields=["held_on", "days_waited"], name="conversation_held_waited"),
            # The "met" ground (people a practitioner has had a conversation with), read without the table.
            models.Index(fields=["practitioner", "person"], name="met_by_practitioner"),
        ]

    def agreed_labels(self) -> list[str]:
        return agreement_labels(self.agreed)

    def snapshot(self) -> dict[str, object]:
        data: dict[str, object] = {}
        for name in self.RECORD_FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if name == "held_on" else value
        return data


class ConversationRevision(models.Model):
    """Each saved version of a conversation record. History is never overwritten."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "version"], name="one_revision_per_version"),
        ]


class ConfirmationResend(models.Model):
    """A booking's details sent again because someone asked twice (`services.resend_confirmation`); counted so they
    are sent again at most `rules.booking.RESENDS_A_DAY` times in 24 hours. Held back ones are kept too."""

    request = models.ForeignKey(ConversationRequest, on_delete=models.CASCADE, related_name="resends")
    at = models.DateTimeField()
    sent = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self) -> str:
        return f"details of {self.request_id} {'sent again' if self.sent else 'held back'} at {self.at:%Y-%m-%d %H:%M}"


class FollowUp(models.Model):
    """A short "did it help?" the person answers from a link, without an account."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    class Difference(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "A little"
        NO = "no", "No"
        TOO_SOON = "too_soon", "It is too soon to say"

    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE, related_name="follow_up")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    useful = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    difference = models.CharField(max_length=10, choices=Difference.choices, blank=True)
    anything_else = models.TextField(blank=True)

    class Meta:
        # Covers the team's follow-up results: a range on created_at, counted by answer without reading the table.
        indexes = [
            models.Index(fields=["created_at", "answered_at", "useful", "difference"], name="follow_up_results"),
            # The team's view shows the latest few comments: only answers with one, newest first, without a scan.
            models.Index(fields=["answered_at"], name="follow_up_comments", condition=~models.Q(anything_else="")),
        ]


class DayTally(models.Model):
    """A measure counted for one day that has ended, kept so the team's view reads a few hundred small rows rather
    than every conversation and follow-up of the last 90 days (conversations/tallies.py).

    `measure` "waits": `key` is the days waited, `n` the conversations held that day that waited so long.
    `measure` "follow_ups": `key` is "asked", or "answered:<useful>:<difference>"; `n` how many follow-ups made that day.
    """

    measure = models.CharField(max_length=20)
    day = models.DateField()
    key = models.CharField(max_length=60)
    n = models.PositiveIntegerField()

    class Meta:
        # Also the index the team's view reads by: one measure, a range of days.
        constraints = [models.UniqueConstraint(fields=["measure", "day", "key"], name="one_count_a_key_a_day")]


class TalliedDay(models.Model):
    """That a day's tally of a measure has been made (a day with nothing to count has no DayTally rows). Removed
    with its tallies when a record of that day changes, so the next view counts the day again."""

    measure = models.CharField(max_length=20)
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["measure", "day"], name="one_tally_a_day")]
