"""Figures for the funding comparison that Care Commons does not hold one by one, entered by the council with their
source: estimated groups of people (self-funders, people supported but not recorded here) and the council tax base
for a local option to pay more tax. Rows are never changed: a new entry replaces the last for the same group, and
every entry is kept with who made it and when (the audit)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from carecommons.rules.funding import AGE_GROUPS, ESTIMATE_KINDS, SETTINGS


class FundingEstimate(models.Model):
    """How many people of a kind, in a setting and age group, the council estimates, with a typical person's money."""

    kind = models.CharField(max_length=20, choices=list(ESTIMATE_KINDS.items()))
    setting = models.CharField(max_length=10, choices=[(k, v.capitalize()) for k, v in SETTINGS.items()])
    age_group = models.CharField(max_length=12, choices=[(k, v[0]) for k, v in AGE_GROUPS.items()])
    people = models.PositiveIntegerField(help_text="0 takes the group out of the comparison")
    people_note = models.CharField(max_length=300, blank=True, help_text="How the number was worked out from the care market's places")
    weekly_fee = models.PositiveIntegerField(help_text="Typical cost of their care, pence a week")
    fee_note = models.CharField(max_length=300, blank=True, help_text="Where the fee comes from when taken from the care market")
    capital = models.PositiveBigIntegerField(help_text="Typical capital, pence")
    weekly_income = models.PositiveIntegerField(help_text="Typical income, pence a week")
    source = models.CharField(max_length=300)
    estimated_on = models.DateField(help_text="The date the estimate is for")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["-entered_at", "-pk"]


class CouncilTaxBase(models.Model):
    """Dwellings in each council tax band and an extra precept at Band D the council puts forward, with sources."""

    dwellings = models.JSONField(help_text="{band: number of dwellings}, bands A to H")
    dwellings_source = models.CharField(max_length=300)
    dwellings_on = models.DateField(help_text="The date the numbers of dwellings are for")
    band_d_extra = models.PositiveIntegerField(help_text="An extra precept at Band D, pence a year")
    band_d_reason = models.CharField(max_length=300, help_text="Who puts the amount forward, and why")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["-entered_at", "-pk"]
