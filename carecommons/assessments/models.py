"""Care Act assessments (adults and carers), their determinations, and continuity after a move."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Assessment(models.Model):
    """An assessment of an adult's or a carer's needs. The facts are what the law's tests read.

    `facts` holds exactly what rules.eligibility takes: for an adult,
    {"needs_from_impairment_or_illness": bool|None, "significant_impact_on_wellbeing": bool|None,
     "outcomes": {KEY: {"unable": bool, "because": [REASON, ...]}}};
    for a carer, {"needs_from_providing_necessary_care": ..., "health_at_risk": ...,
     "significant_impact_on_wellbeing": ..., "outcomes": {KEY: {"unable": bool}}}.
    `answers` keeps the person's own words, question by question.
    """

    class Kind(models.TextChoices):
        ADULT = "adult", "Adult's assessment"
        CARER = "carer", "Carer's assessment"

    class CompletedBy(models.TextChoices):
        PERSON = "person", "The person themselves"
        ORGANISATION = "organisation", "A community or user-led organisation, with the person"
        PRACTITIONER = "practitioner", "A practitioner, with the person"

    class Status(models.TextChoices):
        DRAFT = "draft", "Being filled in"
        SUBMITTED = "submitted", "Waiting for a determination"
        DETERMINED = "determined", "Determined"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    cares_for = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="carer_assessments",
        help_text="For a carer's assessment: the person they care for",
    )
    cares_for_name = models.CharField(max_length=100, blank=True)
    completed_by_kind = models.CharField(max_length=20, choices=CompletedBy.choices)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "hubs.HostOrganisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )
    from_conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )
    what_matters = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    outcomes_wanted = models.TextField(blank=True)
    answers = models.JSONField(default=dict, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    fluctuating = models.TextField(blank=True, help_text="How needs change over time, if they do")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    imported_from = models.CharField(max_length=200, blank=True, help_text="The issuing council, if imported")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["person", "-updated_at"]), models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind="carer") | Q(cares_for__isnull=True), name="only_carers_care_for"),
        ]


class Determination(models.Model):
    """A practitioner's determination: the facts they agree (or changed, with reasons) and the law's answer."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="determination")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by_name = models.CharField(max_length=150, blank=True, help_text="For imported determinations: who decided, where")
    decided_at = models.DateTimeField()
    facts = models.JSONField()
    changed_facts = models.JSONField(default=list, blank=True, help_text="Which facts the practitioner changed")
    practitioner_reasons = models.TextField(blank=True)
    eligible = models.BooleanField()
    unmet_outcomes = models.JSONField(default=list)
    reasons = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(changed_facts=[]) | ~Q(practitioner_reasons=""), name="changes_need_reasons"
            ),
        ]


class ContinuityRecord(models.Model):
    """Care Act ss37–38: after a move, needs are met on the first council's basis until reassessed."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="continuity")
    issuing_council = models.CharField(max_length=200)
    issued_at = models.DateTimeField()
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    envelope_sha256 = models.CharField(max_length=64, unique=True)  # SHA-256 of the signed canonical bytes (ADR 0026)
    reassessed_at = models.DateTimeField(null=True, blank=True)


class TrustedCouncil(models.Model):
    """A council whose signed assessments this council accepts, identified by its Ed25519 public key."""

    name = models.CharField(max_length=200, unique=True)
    public_key = models.CharField(max_length=100, unique=True, help_text="Base64 of the raw 32-byte Ed25519 public key")
    added_at = models.DateTimeField()
    added_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
