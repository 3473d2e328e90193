"""The community directory, in the shape of Open Referral UK (HSDS 3.0, UK profile).

Community groups, voluntary, community and social enterprise services, and the hubs. One list
for the area, published through the ORUK API (`carecommons.directory.api`) and importable from
another ORUK feed, instead of several overlapping directories.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms", null=True, blank=True)
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="services")
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    cost = models.CharField(max_length=300, blank=True, help_text="Free, or what it costs, in words")
    taxonomy_terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    hub = models.OneToOneField("hubs.Hub", on_delete=models.SET_NULL, null=True, blank=True, related_name="directory_service")
    source = models.CharField(max_length=300, blank=True, help_text="The feed it was imported from, if any")
    last_modified = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["last_modified"])]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=300, blank=True)
    address_1 = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        # ORUK's proximity search: a bounding box on these two first (directory.api.locations_within).
        indexes = [models.Index(fields=["latitude", "longitude"], name="location_lat_lon")]


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="one_service_at_each_location")]


class Schedule(models.Model):
    """When a service runs, as an RFC 5545 recurrence rule (the ORUK way), with times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True)
    service_at_location = models.ForeignKey(ServiceAtLocation, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True)
    freq = models.CharField(max_length=10, blank=True, help_text="WEEKLY or MONTHLY")
    byday = models.CharField(max_length=40, blank=True, help_text="For example: MO,WE")
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)

    DAY_WORDS = {"MO": "Mondays", "TU": "Tuesdays", "WE": "Wednesdays", "TH": "Thursdays", "FR": "Fridays", "SA": "Saturdays", "SU": "Sundays"}

    @property
    def days_words(self) -> str:
        words = [self.DAY_WORDS.get(code.strip()[-2:], code) for code in self.byday.split(",") if code.strip()]
        return ", ".join(words) or ("Every week" if self.freq == "WEEKLY" else "")


class NextStep(models.Model):
    """A service from the directory that a practitioner and the person agreed to try, linked to their conversation."""

    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="next_steps")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="next_steps")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField()

    class Meta:
        ordering = ["linked_at"]
        constraints = [models.UniqueConstraint(fields=["conversation", "service"], name="one_link_per_service")]
