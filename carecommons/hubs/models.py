"""Community hubs: the places where conversations happen, their weekly sessions and bookable slots."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class HostOrganisation(models.Model):
    """A community organisation (library service, café, surgery, fire service) that hosts a hub."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Hub(models.Model):
    class Kind(models.TextChoices):
        LIBRARY = "library", "Library"
        CAFE = "cafe", "Community café"
        GP_SURGERY = "gp_surgery", "GP surgery"
        FIRE_STATION = "fire_station", "Fire station"
        COMMUNITY_CENTRE = "community_centre", "Community centre"
        CHURCH_ROOM = "church_room", "Church room"
        TOWN_HALL = "town_hall", "Town hall"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    host = models.ForeignKey(HostOrganisation, on_delete=models.PROTECT, related_name="hubs")
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="hubs")
    address = models.TextField()
    postcode = models.CharField(max_length=8)
    getting_there = models.TextField(blank=True, help_text="Access, parking, buses, step-free entry")
    is_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WeeklySession(models.Model):
    """A regular weekly drop-in or appointment session at a hub; slots are made from it."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="weekly_sessions")
    weekday = models.PositiveSmallIntegerField(help_text="0 is Monday, 6 is Sunday")
    starts = models.TimeField()
    ends = models.TimeField()
    slot_minutes = models.PositiveSmallIntegerField(default=45)
    places_per_slot = models.PositiveSmallIntegerField(default=1, help_text="Practitioners on hand")

    class Meta:
        ordering = ["hub", "weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="weekly_session_weekday_valid"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="weekly_session_ends_after_start"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=10), name="weekly_session_slot_length"),
            models.CheckConstraint(condition=Q(places_per_slot__gte=1), name="weekly_session_has_places"),
        ]


class Slot(models.Model):
    """One bookable time at a hub. `capacity` places; each booking holds one numbered place."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="slots")
    weekly_session = models.ForeignKey(WeeklySession, null=True, blank=True, on_delete=models.SET_NULL)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "starts_at"], name="one_slot_per_hub_and_time"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_has_capacity"),
        ]
        indexes = [models.Index(fields=["hub", "starts_at"]), models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.hub} at {self.starts_at:%Y-%m-%d %H:%M}"
