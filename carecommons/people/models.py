"""People who use support, the staff who work with them, and the log of who opened whose record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecommons.rules.access import Role


class Team(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    """A signed-in user's role. A resident signing in to see their own record has role `person`."""

    class RoleChoice(models.TextChoices):
        PERSON = Role.PERSON.value, "Person using Care Commons"
        PRACTITIONER = Role.PRACTITIONER.value, "Practitioner"
        MANAGER = Role.MANAGER.value, "Team manager"
        HOST = Role.HOST.value, "Hub host"
        COMMISSIONER = Role.COMMISSIONER.value, "Commissioner"
        ADMIN = Role.ADMIN.value, "Administrator"
        WARD = Role.WARD.value, "Hospital ward staff"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=20, choices=RoleChoice.choices)
    job_title = models.CharField(max_length=120, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    host = models.ForeignKey(
        "hubs.HostOrganisation", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    budget_limit = models.PositiveIntegerField(
        default=0, help_text="Delegated limit: the weekly budget, in pence, this person may agree on their own"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.HOST.value) | Q(host__isnull=False), name="host_has_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class Person(models.Model):
    """Someone who has asked for, or receives, support. Their record is theirs."""

    class Contact(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    full_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    contact_by = models.CharField(max_length=10, choices=Contact.choices, blank=True)
    access_needs = models.TextField(blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    created_at = models.DateTimeField()
    # A tombstone: this record was joined into another (a duplicate merged away). Everything it held moved there;
    # its own details are kept, and links to it go to the kept record (`people.merging`).
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "people"
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["team", "full_name"])]
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="person_not_merged_into_itself"),
            models.CheckConstraint(condition=Q(merged_into__isnull=True, merged_at__isnull=True)
                                   | Q(merged_into__isnull=False, merged_at__isnull=False),
                                   name="person_merged_with_a_time"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.full_name


class Allocation(models.Model):
    """A practitioner allocated to work with a person, from a date until ended."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="allocations")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["practitioner", "person"])]


class WhatMattersStatement(models.Model):
    """Something the person added to, or corrected in, "what matters", in their own words."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="statements")
    text = models.TextField()
    corrects = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]


class BreakGlass(models.Model):
    """A reason a staff member gave to open a record outside need-to-know. Time-limited; a manager reviews it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, blank=True, default="")  # one of rules.access.BREAK_GLASS_PURPOSES
    reason = models.TextField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "person", "expires_at"]), models.Index(fields=["reviewed_at"])]


class RecordShare(models.Model):
    """The person shares their record with someone they choose, for a period they choose."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shares")
    shared_with = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_records")
    relationship = models.CharField(max_length=100, blank=True)  # "my daughter", "my advocate"
    starts_on = models.DateField()
    ends_on = models.DateField()
    ended_at = models.DateTimeField(null=True, blank=True)  # ended early by the person
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["shared_with", "person"])]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="share_ends_after_start")]


class AccessEvent(models.Model):
    """One time someone opened or changed a person's record. Written only by `people.access`."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Opened the record"
        CHANGED = "changed", "Opened the record to change it"
        REFUSED = "refused", "Was refused"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20)
    action = models.CharField(max_length=10, choices=Action.choices)
    what = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=30, blank=True, default="")  # rules.access.Kind
    purpose = models.CharField(max_length=20, blank=True, default="")  # rules.access.Purpose
    grounds = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()
    # Refusals are reviewed by a manager, like break-glass openings.
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at", "-id"]), models.Index(fields=["action", "reviewed_at"])]


class SignInInvitation(models.Model):
    """A one-time link to make a sign-in: for a person (from their record or their booking), or for someone a
    person shared their record with who had no sign-in. Only a hash of the link's token is kept."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    # For someone a person shared their record with: the account made for them, waiting for a username and password.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    share = models.ForeignKey(RecordShare, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)  # sha256 of the token in the link
    sent_to = models.CharField(max_length=254)  # the email address or mobile number
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # empty when sent with a booking confirmation
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(person__isnull=False) | Q(user__isnull=False),
                                              name="invitation_for_a_person_or_an_account")]


class StaffAccountEvent(models.Model):
    """The audit trail of staff accounts: added, deactivated, reactivated, role or team changed (from what, to
    what); by whom, when and why. Never changed."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"
        ROLE_CHANGED = "role_changed", "Role or team changed"

    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="account_events")
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.TextField(blank=True)
    changed_from = models.CharField(max_length=300, blank=True, help_text="The role and team (or host) before, as then named")
    changed_to = models.CharField(max_length=300, blank=True, help_text="The role and team (or host) after, as then named")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.staff} {self.action} at {self.at:%Y-%m-%d %H:%M}"


class PersonMerge(models.Model):
    """Two records of one person joined: who did it, when, why, and the ids of everything that moved.

    Never changed. The record merged away stays as a tombstone (`Person.merged_into`), so nothing is lost and old
    links reach the kept record.
    """

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="merge_away")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField()
    why_matched = models.CharField(max_length=200)  # "Same name and date of birth", as the page said
    moved = models.JSONField(default=dict)  # {"conversations.Conversation.person": [ids], ...}
    filled = models.JSONField(default=dict)  # the kept record's empty details taken from the other: {field: value}

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Person {self.merged_id} joined into {self.kept_id} at {self.at:%Y-%m-%d %H:%M}"


class DuplicateDismissal(models.Model):
    """Staff said two records are not the same person: the pair is not shown as a possible duplicate again."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")  # the lower id
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_dismissal_per_pair"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="dismissal_pair_in_order"),
        ]
