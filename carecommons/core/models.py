"""Core holds the page template, sign-in, health and shared helpers; its one table is the heartbeat."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """One row, rewritten by `/healthz` to prove the database accepts a write (`core.health`)."""

    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"heartbeat at {self.beat_at:%Y-%m-%d %H:%M:%S}"
