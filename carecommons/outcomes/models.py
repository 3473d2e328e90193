"""What the outcomes app keeps: each Client Level Data export made from the records (who, when, what period)."""

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
