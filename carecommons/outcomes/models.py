"""What the outcomes app keeps: each Client Level Data export made from the records (who, when, what period), and
each published release of the outcomes, its figures already suppressed."""

from __future__ import annotations

from django.db import models


class CldExport(models.Model):
    """One `cld_export` run that wrote a file: the statutory return's own audit record.

    The export reads every person's requests, assessments, budgets and reviews for the period, as the council's
    return to NHS England requires; it is not anyone reading a record, so it writes no access event per person
    (ADR: CLD export). This row says who ran it, when, for which period and council, how many rows and people the
    file held and the file's SHA-256, so a return can be matched to what was sent. Never changed."""

    run_by = models.CharField(max_length=150, help_text="The operating-system account that ran the command")
    at = models.DateTimeField()
    period_start = models.DateField()
    period_end = models.DateField()
    la_code = models.CharField(max_length=10, blank=True)
    file_name = models.CharField(max_length=300)
    file_format = models.CharField(max_length=10)
    rows = models.PositiveIntegerField()
    people = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"CLD export {self.period_start}–{self.period_end} at {self.at:%Y-%m-%d %H:%M} by {self.run_by}"


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
