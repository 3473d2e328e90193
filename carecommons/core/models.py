"""Core holds the page template, sign-in, health and shared helpers; its tables are the heartbeat and the password
reset emails asked for (to limit them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Heartbeat(models.Model):
    """One row, rewritten by `/healthz` to prove the database accepts a write (`core.health`)."""

    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"heartbeat at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class PasswordResetEmail(models.Model):
    """Each password reset email asked for an account: sent, or held back by a limit (`rules.password_resets`);
    the client address it was asked from (`core.client_address`). Counted to apply the limits; never changed."""

    class Held(models.TextChoices):
        SENT = "", "Sent"
        ACCOUNT = "account", "Not sent: too many for this account"
        ADDRESS = "address", "Not sent: too many from this address"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_address = models.CharField(max_length=45, blank=True)
    at = models.DateTimeField()
    held_by = models.CharField(max_length=10, choices=Held.choices, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["client_address", "at"])]

    def __str__(self) -> str:
        return f"password reset for user {self.user_id} at {self.at:%Y-%m-%d %H:%M}: {self.get_held_by_display()}"


class Postcode(models.Model):
    """Where a postcode is: its latitude and longitude (WGS84), from the ONS Postcode Directory or Code-Point Open,
    loaded by `manage.py import_postcodes` (`core.postcodes`). Reference data about places, not people: any app
    that turns a postcode into a place reads it through `core.postcodes.place_of`."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Upper case, one space before the last three characters")
    latitude = models.FloatField()
    longitude = models.FloatField()
    source = models.CharField(max_length=12, help_text="onspd or codepoint: the file it last came from")
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.postcode
