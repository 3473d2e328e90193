"""The care market: providers and their registered locations (from the CQC directory), what they
publish about themselves, and the council's commissioning decisions.

Only `carecommons.market.services` and the importer in `carecommons.market.cqc` write here.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from carecommons.rules.market import LEGAL_FORMS


class Provider(models.Model):
    cqc_id = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=300)
    type_sector = models.CharField(max_length=100, blank=True)
    inspection_directorate = models.CharField(max_length=100, blank=True)
    primary_inspection_category = models.CharField(max_length=150, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    row_hash = models.CharField(max_length=64, blank=True, help_text="What the directory last said, to skip unchanged rows")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A registered location: a care home, a home care office, a Shared Lives scheme…"""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="locations")
    cqc_id = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=300)
    registered_on = models.DateField(null=True, blank=True)
    dormant = models.BooleanField(default=False)
    care_home = models.BooleanField(default=False)
    beds = models.PositiveIntegerField(null=True, blank=True)
    nursing = models.BooleanField(default=False, help_text="A care home with nursing")
    home_care = models.BooleanField(default=False, help_text="A domiciliary care service")
    shared_lives = models.BooleanField(default=False)
    type_sector = models.CharField(max_length=100, blank=True)
    inspection_directorate = models.CharField(max_length=100, blank=True)
    primary_inspection_category = models.CharField(max_length=150, blank=True)
    rating = models.CharField(max_length=40, blank=True)
    rating_published_on = models.DateField(null=True, blank=True)
    region = models.CharField(max_length=100, blank=True)
    local_authority = models.CharField(max_length=100, blank=True, db_index=True)
    postcode = models.CharField(max_length=10, blank=True)
    street_address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    area_key = models.CharField(max_length=100, blank=True, help_text="The council area in lower case, for searching")
    city_key = models.CharField(max_length=100, blank=True, help_text="The town in lower case, for searching")
    vacancies = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Free places, as the provider last said")
    vacancies_on = models.DateField(null=True, blank=True, help_text="When the provider said how many places were free")
    website = models.CharField(max_length=300, blank=True, help_text="From CQC's directory, checked to be an http(s) address")
    lowest_weekly = models.PositiveIntegerField(null=True, blank=True,
                                                help_text="The lowest published weekly fee when the council pays (kept by charges)")
    lowest_weekly_self = models.PositiveIntegerField(null=True, blank=True,
                                                     help_text="The lowest weekly fee a person paying for themselves is charged (kept by charges)")
    lowest_hourly = models.PositiveIntegerField(null=True, blank=True, help_text="The lowest published hourly rate (kept by charges)")
    service_types = models.JSONField(default=list, blank=True)
    regulated_activities = models.JSONField(default=list, blank=True)
    user_bands = models.JSONField(default=list, blank=True)
    row_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["area_key", "care_home", "nursing", "name"]), models.Index(fields=["city_key", "name"]),
                   models.Index(fields=["postcode"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


def refresh_lowest(location_ids: list[int]) -> None:
    """Keep each place's lowest published weekly fee (as the council pays it, and as a person paying for themselves
    pays it) and hourly rate, so searching by price needs no join.

    A fee marked "people who pay for themselves only" is never the council's price; where a place publishes such a
    fee, it is what a self-funder pays, even if the council's rate is lower.
    """
    from django.db.models import Min, Q

    weekly = Q(charges__kind="weekly_fee", charges__amount__gt=0)
    for pk, council, self_only, hourly in (
            Location.objects.filter(pk__in=location_ids)
            .annotate(w=Min("charges__amount", filter=weekly & Q(charges__self_funder_only=False)),
                      s=Min("charges__amount", filter=weekly & Q(charges__self_funder_only=True)),
                      h=Min("charges__amount", filter=Q(charges__kind="hourly_rate", charges__amount__gt=0)))
            .values_list("pk", "w", "s", "h")):
        Location.objects.filter(pk=pk).update(lowest_weekly=council, lowest_weekly_self=self_only if self_only is not None else council,
                                              lowest_hourly=hourly)


class ImportRun(models.Model):
    """One run of `import_cqc`: what it did, and the rows it could not use, with their line numbers."""

    file_name = models.CharField(max_length=300)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    bad_rows = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]


def _token() -> str:
    return secrets.token_urlsafe(24)


class Profile(models.Model):
    """What a provider publishes about itself, for everyone to see; the council checks it."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="profile")
    legal_form = models.CharField(max_length=20, choices=list(LEGAL_FORMS.items()), blank=True)
    ultimate_owner = models.CharField(max_length=300, blank=True)
    ownership_chain = models.TextField(blank=True, help_text="Each owner up to the ultimate owner, one a line")
    tax_residence = models.CharField(max_length=100, blank=True, help_text="The ultimate owner's country of tax residence")
    employees = models.PositiveIntegerField(null=True, blank=True)
    head_office_local = models.BooleanField(null=True, blank=True)
    lowest_hourly_pay = models.PositiveIntegerField(null=True, blank=True, help_text="Pence an hour, the lowest paid care worker")
    sick_pay_above_statutory = models.BooleanField(null=True, blank=True)
    guaranteed_hours_offered = models.BooleanField(null=True, blank=True)
    paid_training = models.BooleanField(null=True, blank=True)
    recognises_union = models.BooleanField(null=True, blank=True)
    ethical_care_charter = models.BooleanField(null=True, blank=True)
    complaints = models.TextField(blank=True, help_text="How to complain, and how complaints are handled")
    notice_terms = models.TextField(blank=True)
    social_value = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The council's social value assessment, 0-100")
    edit_token = models.CharField(max_length=64, unique=True, default=_token)
    # When the current private link was made, and by whom: it stops working a year later
    # (CARECOMMONS["MARKET"]["PROFILE_LINK_MONTHS"]), or as soon as the council replaces it.
    link_made_at = models.DateTimeField(default=timezone.now)
    link_made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField()
    updated_by_name = models.CharField(max_length=150, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)

    FIELDS = ("legal_form", "ultimate_owner", "tax_residence", "employees", "head_office_local", "lowest_hourly_pay",
              "sick_pay_above_statutory", "guaranteed_hours_offered", "paid_training", "recognises_union",
              "ethical_care_charter", "complaints", "notice_terms")

    def published(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS if getattr(self, name) not in (None, "")}


class Charge(models.Model):
    """One price or charge a location publishes. Every one is shown wherever prices are compared."""

    class Kind(models.TextChoices):
        WEEKLY_FEE = "weekly_fee", "Weekly fee"
        HOURLY_RATE = "hourly_rate", "Hourly rate"
        DEPOSIT = "deposit", "Deposit"
        TOP_UP = "top_up", "Top-up payment"
        EXTRA = "extra", "Extra charge"
        AFTER_DEATH = "after_death", "Charged after death"

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="charges")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=200, help_text="For example: single room, nursing care; or: hairdressing")
    amount = models.PositiveIntegerField(help_text="Pence")
    per = models.CharField(max_length=20, choices=[("week", "a week"), ("hour", "an hour"), ("day", "a day"), ("once", "once"),
                                                   ("month", "a month")])
    self_funder_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "amount", "pk"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        refresh_lowest([self.location_id])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        result = super().delete(*args, **kwargs)
        refresh_lowest([self.location_id])
        return result


class CommissioningWeights(models.Model):
    """The council's weights for the ethical scorecard and for tenders. One row."""

    good_employer = models.PositiveSmallIntegerField(default=25)
    transparency = models.PositiveSmallIntegerField(default=15)
    tax = models.PositiveSmallIntegerField(default=10)
    not_for_profit = models.PositiveSmallIntegerField(default=10)
    local_small = models.PositiveSmallIntegerField(default=10)
    quality = models.PositiveSmallIntegerField(default=20)
    social_value = models.PositiveSmallIntegerField(default=10)
    tender_price = models.PositiveSmallIntegerField(default=40)
    tender_quality = models.PositiveSmallIntegerField(default=40)
    tender_ethics = models.PositiveSmallIntegerField(default=20)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    SCORECARD = ("good_employer", "transparency", "tax", "not_for_profit", "local_small", "quality", "social_value")

    def scorecard_weights(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.SCORECARD}


class Tender(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Taking bids"
        EVALUATED = "evaluated", "Evaluated"
        AWARDED = "awarded", "Awarded"

    title = models.CharField(max_length=300)
    description = models.TextField()
    local_authority = models.CharField(max_length=100)
    value_estimate = models.PositiveBigIntegerField(help_text="Pence")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    price_weight = models.PositiveSmallIntegerField(default=40)
    quality_weight = models.PositiveSmallIntegerField(default=40)
    ethics_weight = models.PositiveSmallIntegerField(default=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    awarded_to = models.ForeignKey("Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    awarded_at = models.DateTimeField(null=True, blank=True)
    award_reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]


class Bid(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bids")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="bids")
    price = models.PositiveBigIntegerField(help_text="Pence, the whole contract")
    quality = models.PositiveSmallIntegerField(help_text="0-100, from the written quality evaluation")
    quality_notes = models.TextField()
    ethics = models.FloatField(null=True, blank=True, help_text="The scorecard when evaluated")
    total = models.FloatField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["tender", "provider"], name="one_bid_per_provider")]


class ChildrensSetting(models.Model):
    """A children's home or fostering agency the council places children with. Regulated by Ofsted, not CQC."""

    class Kind(models.TextChoices):
        HOME = "childrens_home", "Children's home"
        IFA = "fostering_agency", "Independent fostering agency"
        COUNCIL_FOSTERING = "council_fostering", "The council's own foster carers"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    operator = models.CharField(max_length=300)
    legal_form = models.CharField(max_length=20, choices=list(LEGAL_FORMS.items()), blank=True)
    ultimate_owner = models.CharField(max_length=300, blank=True)
    tax_residence = models.CharField(max_length=100, blank=True)
    ofsted_urn = models.CharField(max_length=20, blank=True, help_text="Ofsted's unique reference number")
    ofsted_rating = models.CharField(max_length=40, blank=True, help_text="Outstanding, Good, Requires improvement to be good, Inadequate")
    ofsted_rated_on = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    places = models.PositiveSmallIntegerField(null=True, blank=True)
    weekly_fee = models.PositiveIntegerField(null=True, blank=True, help_text="The usual weekly fee, pence")
    profit_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True,
                                         help_text="Operating profit as a share of income, as disclosed")
    profit_year = models.CharField(max_length=9, blank=True, help_text="The accounts year of the profit figure, like 2024-25")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChildPlacement(models.Model):
    """One child's placement, without the child's name: what the council pays, and how far from home it is."""

    setting = models.ForeignKey(ChildrensSetting, on_delete=models.PROTECT, related_name="placements")
    reference = models.CharField(max_length=30, help_text="The council's placement reference; never the child's name")
    home_latitude = models.FloatField(help_text="The centre of the child's home postcode district")
    home_longitude = models.FloatField()
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    weekly_fee = models.PositiveIntegerField(help_text="What the council pays, pence a week")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_on"]
        constraints = [models.UniqueConstraint(fields=["reference"], name="one_placement_per_reference")]


class Feedback(models.Model):
    """What people who use a service say about it, in their words. Published without their name, after a check."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be checked"
        PUBLISHED = "published", "Published"
        NOT_PUBLISHED = "not_published", "Not published"

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="feedback")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField()
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.WAITING)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was not published, told to the author")

    class Meta:
        ordering = ["-created_at"]
