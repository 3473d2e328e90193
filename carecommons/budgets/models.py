"""Support plans, personal budgets, their ledger, pooled budgets and personal assistants' timesheets.

**The ledger is append-only.** `LedgerTransaction` and `LedgerEntry` rows are never updated or
deleted (the models refuse, and a database trigger refuses UPDATE); a mistake is corrected by a
reversal. **Every transaction's entries sum to zero**, in integer pence. Only
`carecommons.budgets.services` writes to these tables.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from carecommons.rules.direct_payments import (
    NECESSITY_WORDS,
    RECOVERY_WORDS,
    RELATIONSHIP_WORDS,
    ROUTE_WORDS,
)
from carecommons.rules.management import WAYS


class SupportPlan(models.Model):
    """How the person's outcomes will be met, and what it costs. The plan is the person's."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being written"
        SUBMITTED = "submitted", "Waiting for agreement"
        SIGN_OFF = "sign_off", "Waiting for sign-off"
        AGREED = "agreed", "Agreed"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="support_plans")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.PROTECT, related_name="support_plans")
    kind = models.CharField(max_length=10, help_text="adult or carer, from the assessment")
    unmet_count = models.PositiveSmallIntegerField(help_text="How many outcomes the determination found hard to achieve")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_with = models.ForeignKey("hubs.HostOrganisation", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", help_text="The community organisation that helped, if any")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    management = models.CharField(max_length=30, choices=[(k, v[0]) for k, v in WAYS.items()], blank=True)
    isf_provider = models.CharField(max_length=200, blank=True, help_text="Who holds an individual service fund")
    indicative_weekly = models.PositiveIntegerField(default=0)
    indicative_low = models.PositiveIntegerField(default=0)
    indicative_high = models.PositiveIntegerField(default=0)
    indicative_reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_weekly = models.PositiveIntegerField(null=True, blank=True)
    agreement_notes = models.TextField(blank=True)
    agreement_reasons = models.JSONField(default=list, blank=True)
    sign_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    help_text="The named colleague who signs off a budget above the agreer's limit")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_reasons = models.TextField(blank=True)
    direct_payment_facts = models.JSONField(default=dict, blank=True)
    direct_payment_reasons = models.JSONField(default=list, blank=True)
    direct_payment_exception = models.BooleanField(default=False, help_text="The council decided paying close family is necessary")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "kind", "unmet_count"]),
            # Plans waiting for someone's sign-off: a ground on every list of people (budgets/access.py). Most plans
            # have nobody signing off, so the plain index on sign_off_by looked useless to SQLite's planner.
            models.Index(fields=["sign_off_by"], name="plans_to_sign_off", condition=models.Q(status="sign_off")),
        ]

    def __str__(self) -> str:
        return f"Support plan for {self.person}"

    @property
    def decided_at(self) -> Any:
        return self.signed_off_at if self.sign_off_by_id else self.agreed_at

    @property
    def days_to_decision(self) -> int | None:
        if self.status != self.Status.AGREED or not self.submitted_at or not self.decided_at:
            return None
        return (self.decided_at - self.submitted_at).days


class PlanItem(models.Model):
    """One way one outcome will be met."""

    class MetBy(models.TextChoices):
        SELF = "self", "Myself"
        FAMILY = "family", "Family and friends"
        COMMUNITY = "community", "A community group"
        PAID = "paid", "Paid support"

    class PaidKind(models.TextChoices):
        PROVIDER = "provider", "A care provider"
        PA = "personal_assistant", "A personal assistant"
        EQUIPMENT = "equipment", "Equipment"
        ACTIVITY = "activity", "An activity"

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="items")
    outcome = models.CharField(max_length=40, help_text="The outcome key from the eligibility rules, or 'other'")
    met_by = models.CharField(max_length=10, choices=MetBy.choices)
    description = models.TextField()
    community_group = models.ForeignKey("directory.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                        help_text="A service from the community directory")
    paid_kind = models.CharField(max_length=20, choices=PaidKind.choices, blank=True)
    supplier = models.CharField(max_length=200, blank=True, help_text="Who provides it, if paid")
    weekly_cost = models.PositiveIntegerField(default=0, help_text="Pence a week, if paid")
    managed_as = models.CharField(max_length=30, blank=True, help_text="For a mix: how this part is managed")

    class Meta:
        ordering = ["pk"]

    @property
    def managed_as_words(self) -> str:
        return WAYS[self.managed_as][0] if self.managed_as in WAYS else ""


CONTRIBUTION_NOT_WORKED_OUT = "The contribution could not be worked out yet"  # how services.contribution_for says so


class PersonalBudget(models.Model):
    """The money agreed for a support plan, for one period, and how it is managed."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="budgets")
    plan = models.OneToOneField(SupportPlan, on_delete=models.PROTECT, related_name="budget")
    management = models.CharField(max_length=30, choices=[(k, v[0]) for k, v in WAYS.items()])
    weekly = models.PositiveIntegerField(help_text="Pence a week")
    weekly_contribution = models.PositiveIntegerField(default=0, help_text="The person's assessed charge, pence a week")
    contribution_reasons = models.JSONField(default=list, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    created_at = models.DateTimeField()
    claims_employment_allowance = models.BooleanField(
        default=False, help_text="The employer claims the Employment Allowance against employer's National Insurance "
                                 "(NICA 2014 s1; care and support workers may be claimed for, s2(3A))")

    class Meta:
        ordering = ["-period_start"]

    def __str__(self) -> str:
        return f"Personal budget for {self.person}"

    def account(self, name: str) -> str:
        return f"budget:{self.pk}:{name}"

    @property
    def contribution_not_worked_out(self) -> bool:
        """Whether the contribution was refused for want of a rate (so the page says where rates are entered)."""
        return any(str(r).startswith(CONTRIBUTION_NOT_WORKED_OUT) for r in self.contribution_reasons)


class BudgetReview(models.Model):
    budget = models.ForeignKey(PersonalBudget, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_on"]


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The ledger is append-only: post a reversal instead of changing an entry.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The ledger is append-only: post a reversal instead of deleting an entry.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("The ledger is append-only: post a reversal instead of changing an entry.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("The ledger is append-only: post a reversal instead of deleting an entry.")


class LedgerTransaction(AppendOnly):
    class Kind(models.TextChoices):
        ALLOCATION = "allocation", "Budget paid in"
        CONTRIBUTION = "contribution", "Your contribution"
        PAYMENT = "payment", "Payment"
        PA_PAY = "pa_pay", "Personal assistant's pay"
        EMPLOYER_NI = "employer_ni", "Employer's National Insurance"
        EMPLOYER_PENSION = "employer_pension", "Employer's pension contribution"
        POOLED = "pooled", "Shared activity"
        CONTINGENCY = "contingency", "Set aside for emergencies"
        REVERSAL = "reversal", "Correction"
        RECOVERY = "recovery", "Paid back to the council"

    on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=300)
    payee = models.CharField(max_length=200, blank=True)
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    posted_at = models.DateTimeField()

    class Meta:
        ordering = ["on", "pk"]


class LedgerEntry(AppendOnly):
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries")
    budget = models.ForeignKey(PersonalBudget, on_delete=models.PROTECT, related_name="entries")
    account = models.CharField(max_length=100)
    pence = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["budget", "account"])]


class Pool(models.Model):
    """A shared activity that several people pay for from their budgets together."""

    name = models.CharField(max_length=200)
    description = models.TextField()
    supplier = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoolMembership(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="memberships")
    budget = models.ForeignKey(PersonalBudget, on_delete=models.PROTECT, related_name="pool_memberships")
    share = models.PositiveSmallIntegerField(default=1, help_text="Shares of each cost, for example hours taken part")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["pool", "budget"], condition=models.Q(left_on__isnull=True),
                                               name="one_live_membership_per_budget")]


class PersonalAssistant(models.Model):
    """A personal assistant employed with a direct payment, and their terms."""

    budget = models.ForeignKey(PersonalBudget, on_delete=models.PROTECT, related_name="assistants")
    name = models.CharField(max_length=100)
    hourly_rate = models.PositiveIntegerField(help_text="Pence an hour")
    years_of_service = models.PositiveSmallIntegerField(default=0)
    increment = models.PositiveIntegerField(default=0, help_text="Pence an hour more for each year worked")
    bank_holiday_multiplier = models.DecimalField(max_digits=3, decimal_places=2, default=1.5)
    london = models.BooleanField(default=False)
    date_of_birth = models.DateField(null=True, blank=True, help_text="For the National Minimum Wage band")
    apprentice_first_year = models.BooleanField(default=False, help_text="An apprentice under 19 or in their first year")
    irregular_hours = models.BooleanField(default=True, help_text="Irregular hours or part-year: holiday pay accrues at 12.07%")
    # Who may be paid (SI 2014/2871 regulation 3). Assistants recorded before this was asked are blank ("not
    # recorded"), and their pay is not approved until it is; the add form always asks (ADR 0017).
    relationship = models.CharField(max_length=30, blank=True, default="not_related",
                                    choices=[(k.value, v) for k, v in RELATIONSHIP_WORDS.items()],
                                    help_text="Their relationship to the person")
    same_household = models.BooleanField(default=False, help_text="They live in the same household as the person")
    necessity_basis = models.CharField(max_length=20, blank=True, choices=[(k.value, v) for k, v in NECESSITY_WORDS.items()],
                                       help_text="Why the council decided paying them is necessary (regulation 3(2))")
    necessity_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="+")
    necessity_decided_on = models.DateField(null=True, blank=True)
    necessity_reasons = models.TextField(blank=True)
    payee_reasons = models.JSONField(default=list, blank=True, help_text="Why they may be paid, from the rules")

    class PensionStatus(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled in a workplace pension"
        OPTED_OUT = "opted_out", "Opted out of the workplace pension"
        NOT_ELIGIBLE = "not_eligible", "Not enrolled: not eligible for automatic enrolment"

    pension_status = models.CharField(max_length=20, choices=PensionStatus.choices, default=PensionStatus.NOT_ELIGIBLE,
                                      help_text="Whether the employer pays pension contributions for them")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Timesheet(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for approval"
        APPROVED = "approved", "Approved and paid"

    assistant = models.ForeignKey(PersonalAssistant, on_delete=models.PROTECT, related_name="timesheets")
    shifts = models.JSONField(help_text="[{date, start, end}]")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    gross = models.PositiveIntegerField(default=0)
    holiday_pay_accrued = models.PositiveIntegerField(default=0)
    flags = models.JSONField(default=list, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    payment = models.OneToOneField(LedgerTransaction, on_delete=models.PROTECT, null=True, blank=True, related_name="timesheet")
    # The employer's costs, worked out on approval (rules.employer_costs). None: not worked out (a figure not entered).
    employer_ni = models.PositiveIntegerField(null=True, blank=True, help_text="Employer's National Insurance, pence")
    employment_allowance_claimed = models.PositiveIntegerField(default=0, help_text="Set against the National Insurance")
    employer_pension = models.PositiveIntegerField(null=True, blank=True, help_text="Employer's pension contribution, pence")
    employer_cost_reasons = models.JSONField(default=list, blank=True)
    employer_cost_flags = models.JSONField(default=list, blank=True, help_text="[{level, message}]")
    ni_payment = models.OneToOneField(LedgerTransaction, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="timesheet_ni")
    pension_payment = models.OneToOneField(LedgerTransaction, on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="timesheet_pension")

    class Meta:
        ordering = ["-entered_at"]


class FinancialAssessment(models.Model):
    """The facts of a person's financial assessment (SI 2014/2672). The charge follows from the rules."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="financial_assessments")
    assessed_on = models.DateField()
    setting = models.CharField(max_length=10, choices=[("home", "At home"), ("care_home", "In a care home")])
    capital = models.PositiveBigIntegerField(default=0, help_text="Pence; unused when the assessment is itemised")
    weekly_income = models.PositiveIntegerField(default=0, help_text="Pence a week; unused when the assessment is itemised")
    mig_category = models.CharField(max_length=40, blank=True)
    premiums = models.JSONField(default=list, blank=True)
    disability_related_expenditure = models.PositiveIntegerField(default=0, help_text="Pence a week")
    dementia = models.BooleanField(default=False, help_text="For simulating funding policies")
    end_of_life = models.BooleanField(default=False, help_text="For simulating funding policies")
    paid_towards_cap = models.PositiveBigIntegerField(default=0, help_text="A care account meter, for simulating a cap")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField()
    # The full assessment (SI 2014/2672): income and capital listed item by item, and the facts below.
    itemised = models.BooleanField(default=False, help_text="Income and capital are listed item by item")
    age_band = models.CharField(max_length=20, blank=True)
    partner = models.CharField(max_length=20, default="none")
    weekly_care_cost = models.PositiveIntegerField(null=True, blank=True, help_text="Pence a week: the cost of care or the fee")
    resident = models.CharField(max_length=10, default="permanent",
                                choices=[("permanent", "Permanent"), ("temporary", "Temporary")])
    weeks_in_care_home = models.PositiveIntegerField(default=0)
    property_occupied_by = models.CharField(max_length=40, blank=True)
    weeks_since_occupant_left = models.PositiveIntegerField(null=True, blank=True)
    discretionary_disregard = models.TextField(blank=True)
    free_service = models.CharField(max_length=30, blank=True)
    adaptation_cost = models.PositiveIntegerField(default=0, help_text="Pence")
    week_of_service = models.PositiveIntegerField(default=0)
    dependent_children = models.PositiveSmallIntegerField(default=0)
    housing_costs = models.PositiveIntegerField(default=0, help_text="Pence a week")
    dre_flat_rate = models.PositiveIntegerField(null=True, blank=True, help_text="The council's flat rate, pence a week")
    dre_flat_rate_source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]


class IncomeItem(models.Model):
    """One kind of income, as the person would list it (pence a week)."""

    assessment = models.ForeignKey(FinancialAssessment, on_delete=models.CASCADE, related_name="income_items")
    kind = models.CharField(max_length=40)
    weekly = models.PositiveIntegerField(help_text="Pence a week")
    whose = models.CharField(max_length=10, default="person")
    owners = models.PositiveSmallIntegerField(default=2)
    half_to_spouse = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]


class CapitalItem(models.Model):
    """One kind of capital, as the person would list it (pence)."""

    assessment = models.ForeignKey(FinancialAssessment, on_delete=models.CASCADE, related_name="capital_items")
    kind = models.CharField(max_length=40)
    value = models.PositiveBigIntegerField(help_text="Pence")
    whose = models.CharField(max_length=10, default="person")
    owners = models.PositiveSmallIntegerField(default=2)
    secured_debt = models.PositiveBigIntegerField(default=0, help_text="Pence")
    reason = models.TextField(blank=True, help_text="Notional capital: the council's reasons")

    class Meta:
        ordering = ["pk"]


class DisabilityExpense(models.Model):
    """One item of disability-related expenditure (pence a week)."""

    assessment = models.ForeignKey(FinancialAssessment, on_delete=models.CASCADE, related_name="expenses")
    what = models.CharField(max_length=200)
    weekly = models.PositiveIntegerField(help_text="Pence a week")

    class Meta:
        ordering = ["pk"]


class DirectPaymentAgreement(models.Model):
    """The direct-payment agreement, as signed: the terms shown, who signed, when and how."""

    class How(models.TextChoices):
        ONLINE = "online", "Signed on their own record"
        PAPER = "paper", "Signed on paper, recorded by a practitioner"

    budget = models.OneToOneField(PersonalBudget, on_delete=models.PROTECT, related_name="agreement")
    route = models.CharField(max_length=20, choices=[(k.value, v) for k, v in ROUTE_WORDS.items()])
    recipient = models.CharField(max_length=200, help_text="Who the money is paid to, in words")
    terms = models.JSONField(help_text="[[heading, text, source]] as shown when it was signed")
    signed_by_name = models.CharField(max_length=200)
    signed_on = models.DateField()
    how = models.CharField(max_length=10, choices=How.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()


class DirectPaymentRecovery(models.Model):
    """Money the council proposes to take back from a direct payment (Care Act s33(5)): proposed at a review,
    the person told and able to reply, then a manager's decision with reasons; only then posted to the ledger."""

    budget = models.ForeignKey(PersonalBudget, on_delete=models.PROTECT, related_name="recoveries")
    review = models.ForeignKey(BudgetReview, on_delete=models.PROTECT, null=True, blank=True, related_name="recoveries")
    kind = models.CharField(max_length=10, choices=[(k.value, v) for k, v in RECOVERY_WORDS.items()])
    proposed_pence = models.PositiveIntegerField()
    reason = models.TextField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_on = models.DateField()
    reply_due = models.DateField()
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    replied_at = models.DateTimeField(null=True, blank=True)
    decided_pence = models.PositiveIntegerField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    transaction = models.OneToOneField(LedgerTransaction, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="recovery")

    class Meta:
        ordering = ["-proposed_on", "-pk"]

    @property
    def decided(self) -> bool:
        return self.decided_at is not None

    @property
    def kind_words(self) -> str:
        return RECOVERY_WORDS.get(self.kind, self.kind)  # type: ignore[call-overload]


# Deferred payment interest rates, six months at a time (models_deferred.py).
from carecommons.budgets.models_deferred import DeferredPaymentRate  # noqa: E402, F401

# The funding comparison's figures, entered by the council (models_funding.py)
from carecommons.budgets.models_funding import CouncilTaxBase, FundingEstimate  # noqa: E402, F401

# Charging rates as rows, in their own module (models_rates.py).
from carecommons.budgets.models_rates import ChargingRate, ChargingRateEntry, ChargingRateEvent  # noqa: E402, F401
