"""Shared Lives carers, Homeshare householders and personal assistants; the people looking for them;
matching rounds and their proposals; introductions through to arrangements; and visits, for continuity.

Profiles keep their choices as lists of words (what people see) and as bit masks over the
vocabularies in `carecommons.rules.matching` (what the matcher reads): `services.profile_save`
keeps both in step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    SHARED_LIVES = "shared_lives", "Shared Lives"
    HOMESHARE = "homeshare", "Homeshare"
    PA = "personal_assistant", "Personal assistant"


class Carer(models.Model):
    """A Shared Lives carer (and household), a Homeshare householder, or a personal assistant."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=150)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    max_km = models.FloatField(default=10, help_text="How far they will travel, or have someone come from")
    offers = models.JSONField(default=list, help_text="live_in, short_breaks, day_support, hours")
    can_meet = models.JSONField(default=list, help_text="Needs they can meet (rules.matching.NEEDS)")
    household = models.JSONField(default=list, help_text="Facts about the household (rules.matching.TRAITS)")
    household_will_not_accept = models.JSONField(default=list, help_text="Facts about a person everyone in the household must accept")
    interests = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    faith = models.CharField(max_length=20, blank=True)
    about = models.TextField(blank=True, help_text="In their own words")
    capacity = models.PositiveSmallIntegerField(default=1, help_text="How many people they can support at once")
    approved_until = models.DateField(help_text="Scheme approval, or for a PA their registration, until")
    checks_until = models.DateField(help_text="DBS and other checks current until")
    active = models.BooleanField(default=True)
    needs_mask = models.BigIntegerField(default=0)
    traits_mask = models.BigIntegerField(default=0)
    excludes_mask = models.BigIntegerField(default=0)
    interests_mask = models.BigIntegerField(default=0)
    languages_mask = models.BigIntegerField(default=0)
    faith_index = models.SmallIntegerField(default=-1)
    valid_until_ordinal = models.IntegerField(default=0, help_text="The earlier of approval and checks, as a day number")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "active"])]

    def __str__(self) -> str:
        return self.name


class Seeker(models.Model):
    """A person looking for a Shared Lives carer, a Homeshare householder or a personal assistant."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="seeking")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    postcode = models.CharField(max_length=10, blank=True, help_text="Where they live, or want to; latitude and longitude come from it")
    latitude = models.FloatField()
    longitude = models.FloatField()
    max_km = models.FloatField(default=10)
    wants = models.JSONField(default=list, help_text="live_in, short_breaks, day_support, hours")
    needs = models.JSONField(default=list)
    about_me = models.JSONField(default=list, help_text="Facts a household would need to accept (rules.matching.TRAITS)")
    never = models.JSONField(default=list, help_text="Household facts the person will not have (rules.matching.TRAITS)")
    interests = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    faith = models.CharField(max_length=20, blank=True)
    faith_matters = models.BooleanField(default=False)
    what_matters = models.TextField(blank=True)
    routines = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    needs_mask = models.BigIntegerField(default=0)
    traits_mask = models.BigIntegerField(default=0)
    excludes_mask = models.BigIntegerField(default=0)
    interests_mask = models.BigIntegerField(default=0)
    languages_mask = models.BigIntegerField(default=0)
    faith_index = models.SmallIntegerField(default=-1)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["kind", "active"])]


class MatchRound(models.Model):
    kind = models.CharField(max_length=20, choices=Kind.choices)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField()
    people = models.PositiveIntegerField(default=0)
    carers = models.PositiveIntegerField(default=0)
    candidates = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    total_fit = models.FloatField(default=0)
    greedy_fit = models.FloatField(default=0)
    pinned = models.JSONField(default=dict, blank=True, help_text="seeker id -> carer id")
    excluded = models.JSONField(default=list, blank=True, help_text="[seeker id, carer id] pairs")
    rerun_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-run_at"]


class Proposal(models.Model):
    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="proposals")
    seeker = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="proposals")
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, null=True, blank=True, related_name="proposals")
    fit = models.FloatField(default=0)
    headline = models.CharField(max_length=200, blank=True)
    reasons = models.JSONField(default=list)
    talk_about = models.JSONField(default=list)
    alternatives = models.PositiveSmallIntegerField(default=0, help_text="How many carers were acceptable for this person")

    class Meta:
        ordering = ["-fit", "pk"]


class Arrangement(models.Model):
    """From introduction to an arrangement, and its end. Nothing starts without both agreeing."""

    class Stage(models.TextChoices):
        INTRODUCED = "introduced", "Introduced"
        MET = "met", "Met"
        TRIAL = "trial", "Trial stay or trial sessions"
        AGREED = "agreed", "Both agreed"
        ACTIVE = "active", "Started"
        ENDED = "ended", "Ended"

    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="arrangements")
    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="arrangements")
    proposal = models.ForeignKey(Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.INTRODUCED)
    person_agrees = models.BooleanField(default=False)
    carer_agrees = models.BooleanField(default=False)
    started_on = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, blank=True)
    end_notes = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["seeker", "carer"], condition=~models.Q(stage="ended"), name="one_live_arrangement_per_pair")]


class ArrangementEvent(models.Model):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="events")
    what = models.CharField(max_length=30)
    on = models.DateField()
    notes = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["on", "pk"]


class Visit(models.Model):
    """A home care visit or a PA's shift: who came, when. Continuity is worked out from these."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="visits")
    worker = models.CharField(max_length=100, help_text="The worker's name or the provider's reference for them")
    provider = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=30)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["person", "-starts_at"]), models.Index(fields=["provider", "-starts_at"])]
