"""Core holds the page template, sign-in, health and shared helpers; its tables are the heartbeat, the password
reset emails asked for (to limit them), the messages sent (`SentMessage`, the outbox) and the short links."""

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


class SentMessage(models.Model):
    """An email or text message sent to someone who asked for it (`core.messaging`), whatever sent it: the local
    backend (the demo, the tests) or GOV.UK Notify. Written once it was sent or failed; never changed.

    The body kept here has its links taken out: a link in a message can be a key (to a booking, a sign-in), and
    whoever reads this outbox must not be able to use it."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    kind = models.CharField(max_length=40)  # core.messaging.Kind
    channel = models.CharField(max_length=5, choices=Channel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    person_id = models.PositiveBigIntegerField(null=True, blank=True)  # who it is about (people.Person), if anyone
    sent_at = models.DateTimeField()
    status = models.CharField(max_length=6, choices=Status.choices)
    sent_by = models.CharField(max_length=20)  # "local" or "notify"
    notify_id = models.CharField(max_length=64, blank=True)  # GOV.UK Notify's id for it, when Notify sent it
    problem = models.CharField(max_length=500, blank=True)  # why it failed, in the sender's words

    class Meta:
        indexes = [models.Index(fields=["-sent_at", "-id"]), models.Index(fields=["channel", "-sent_at"]),
                   models.Index(fields=["person_id", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} ({self.kind}) to {self.to}: {self.get_status_display()}"


class ShortLink(models.Model):
    """A short link (`/c/` and 8 characters) standing for a long one with a key in it (`core.shortlinks`).

    Only a keyed hash of the code is kept, and the long link is kept encrypted with a key made from the code, so
    this table alone opens nothing. It stops working when the long link does (`expires_at`)."""

    code_hash = models.CharField(max_length=64, unique=True)
    target = models.TextField()  # the path it stands for, encrypted (Fernet) with a key from the code
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"short link until {self.expires_at:%Y-%m-%d}"


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
