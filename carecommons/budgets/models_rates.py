"""Charging rates as rows: each figure for each financial year, with its source (ADR: charging rates as rows).

A figure is entered as part of a `ChargingRateEntry` (one administrator, one year, one time), checked,
and applies only when the entry is confirmed. **A `ChargingRate` row is never changed or deleted**: a
correction is a new entry whose figures supersede the old ones, with their own source and a reason.
Every step is written down as a `ChargingRateEvent`. Only `carecommons.budgets.rates_services` writes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecommons.rules.charging_figures import FIGURES


class ChargingRateEntry(models.Model):
    """Figures for one financial year entered together: waiting to be checked, applied, or not applied."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be checked"
        APPLIED = "applied", "Applied"
        NOT_APPLIED = "not_applied", "Not applied"

    year = models.CharField(max_length=7, help_text="The financial year, like 2026-27")
    starts = models.DateField(help_text="1 April")
    ends = models.DateField(help_text="31 March, the last day these rates cover")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    reason = models.TextField(blank=True, help_text="For a correction: why the figures are changed")
    lower_confirmed = models.BooleanField(default=False, help_text="Figures lower than last year's were confirmed")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="Empty for the figures first put in from rules/rates.py")
    entered_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-entered_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="charging_entry_ends_after_start"),
            models.CheckConstraint(condition=~Q(status="applied") | Q(confirmed_at__isnull=False),
                                   name="charging_entry_applied_is_confirmed"),
        ]

    def __str__(self) -> str:
        return f"Charging rates {self.year} ({self.get_status_display()})"


class ChargingRateQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("A charging rate is never changed: enter a correction, which supersedes it.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("A charging rate is never deleted: enter a correction, which supersedes it.")


class ChargingRate(models.Model):
    """One figure of one year's charging rates, in pence, with its source. Never changed: a correction supersedes it."""

    entry = models.ForeignKey(ChargingRateEntry, on_delete=models.PROTECT, related_name="figures")
    figure = models.CharField(max_length=60, choices=list(FIGURES.items()))
    pence = models.PositiveIntegerField()
    source = models.TextField(help_text="The regulation and paragraph, the circular, or the council's decision")
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by")

    objects = ChargingRateQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(pence__gt=0), name="charging_rate_more_than_nothing"),
            models.CheckConstraint(condition=~Q(source=""), name="charging_rate_has_a_source"),
            models.UniqueConstraint(fields=["entry", "figure"], name="charging_rate_once_per_entry"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("A charging rate is never changed: enter a correction, which supersedes it.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("A charging rate is never deleted: enter a correction, which supersedes it.")


class ChargingRateEvent(models.Model):
    """The audit trail of charging rates: entered, applied, not applied; who and when, with what."""

    entry = models.ForeignKey(ChargingRateEntry, on_delete=models.PROTECT, related_name="events")
    what = models.CharField(max_length=20)
    detail = models.JSONField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
