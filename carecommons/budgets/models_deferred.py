"""Deferred payment interest rates as rows: one six-month period each, with their sources (ADR 0019 addendum).

For each six months (1 January to 30 June, 1 July to 31 December) an administrator enters the maximum interest
rate for deferred payment agreements (the market gilt rate + 0.15%, as the Department of Health and Social Care
publishes it; SI 2014/2671) with its source, and the council's own rate with the council's decision as its source.
**A row is never changed or deleted**: a correction is a new row for the same period that supersedes the one in
force, with a reason. Who entered each row and when is kept on it. Only `carecommons.budgets.deferred_rates` writes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

NEVER_CHANGED = "A deferred payment interest rate is never changed or deleted: enter a correction, which supersedes it."


class DeferredPaymentRateQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError(NEVER_CHANGED)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_CHANGED)


class DeferredPaymentRate(models.Model):
    """The interest rates for deferred payments for one six-month period, in basis points (465 is 4.65% a year)."""

    starts = models.DateField(help_text="1 January or 1 July")
    ends = models.DateField(help_text="30 June or 31 December, the last day these rates cover")
    max_rate = models.PositiveIntegerField(help_text="Basis points: the market gilt rate + 0.15%")
    max_rate_source = models.TextField(help_text="Where the Department of Health and Social Care published it")
    council_rate = models.PositiveIntegerField(null=True, blank=True,
                                               help_text="Basis points, for new and existing agreements")
    council_rate_source = models.TextField(blank=True, help_text="The council's decision")
    reason = models.TextField(blank=True, help_text="For a correction: why the figures are changed")
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()

    objects = DeferredPaymentRateQuerySet.as_manager()

    class Meta:
        ordering = ["-starts", "-entered_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(starts__day=1) & Q(starts__month__in=[1, 7]),
                                   name="deferred_rate_starts_1_january_or_1_july"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="deferred_rate_ends_after_start"),
            models.CheckConstraint(condition=Q(max_rate__gt=0), name="deferred_rate_max_more_than_nothing"),
            models.CheckConstraint(condition=~Q(max_rate_source=""), name="deferred_rate_max_has_a_source"),
            models.CheckConstraint(condition=Q(council_rate__isnull=True) | Q(council_rate__lte=F("max_rate")),
                                   name="deferred_rate_council_not_above_max"),
            models.CheckConstraint(condition=Q(council_rate__isnull=True) | ~Q(council_rate_source=""),
                                   name="deferred_rate_council_has_a_source"),
            models.CheckConstraint(condition=Q(supersedes__isnull=True) | ~Q(reason=""),
                                   name="deferred_rate_correction_has_a_reason"),
            models.UniqueConstraint(fields=["starts"], condition=Q(supersedes__isnull=True),
                                    name="deferred_rate_one_first_entry_per_period"),
        ]

    def __str__(self) -> str:
        return f"Deferred payment interest from {self.starts:%d %B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError(NEVER_CHANGED)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(NEVER_CHANGED)

    @property
    def max_rate_percent(self) -> str:
        return f"{self.max_rate / 100:.2f}%"

    @property
    def council_rate_percent(self) -> str:
        return "" if self.council_rate is None else f"{self.council_rate / 100:.2f}%"
