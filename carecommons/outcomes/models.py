"""What the outcomes app keeps: each published release of the outcomes, its figures already suppressed."""

from __future__ import annotations

from django.db import models


class OutcomesRelease(models.Model):
    """One publication of the outcomes for a period, made by `publish_outcomes` from Care Commons' own records.

    `figures` holds only what may be published: every count of 1 to 4 already replaced by "fewer than 5", and the
    counts hidden beside them by "not shown" (`rules.suppression`). The raw counts are never stored here, so the
    page, the CSV and the JSON cannot show more than was decided. Never changed: a new release supersedes it."""

    period_start = models.DateField()
    period_end = models.DateField()
    made_at = models.DateTimeField()
    figures = models.JSONField()
    population_source = models.CharField(max_length=300, blank=True,
                                         help_text="Where the population figures for 2B and 2C came from; blank if none")
    fictional = models.BooleanField(default=False, help_text="Made from a fictional area's records")

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(period_start__lte=models.F("period_end")),
                                              name="outcomes_release_period_in_order")]

    def __str__(self) -> str:
        return f"Outcomes {self.period_start}–{self.period_end}, published {self.made_at:%Y-%m-%d %H:%M}"
