"""Forms for a full financial assessment: the facts, then income, capital and disability-related spending, one at a time."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm, pounds_to_pence
from carecommons.rules.charging import FREE_SERVICES, PREMIUMS
from carecommons.rules.financial_assessment import AGE_BANDS, CAPITAL_KINDS, INCOME_KINDS, PARTNERS

OCCUPIERS = [
    ("nobody", "Nobody else lives there"),
    ("partner", "Their husband, wife, civil partner or partner"),
    ("lone_parent_estranged_partner", "Their estranged or divorced partner, who is a lone parent"),
    ("estranged_partner", "Their estranged or divorced partner, who is not a lone parent"),
    ("relative_60_plus", "A relative aged 60 or over"),
    ("relative_incapacitated", "A relative who is incapacitated"),
    ("child_under_18", "Their own child under 18"),
]
FREE = [("none", "None of these"), *[(k, v.split(" (")[0]) for k, v in FREE_SERVICES.items()]]
WHOSE_CAPITAL = [("person", "Theirs alone"), ("joint", "Owned jointly with someone"), ("partner", "Their partner's alone")]
WHOSE_INCOME = [("person", "Their own income"), ("joint", "Income they share with someone"),
                ("partner", "Their partner's own income")]


def _money(label: str, what: str, *, required: bool = True, hint: str = "In pounds, like 120.50") -> forms.CharField:
    return forms.CharField(label=label, help_text=hint, max_length=14, required=required,
                           error_messages={"required": f"Enter {what}, like 120.50"})


def _count(label: str, what: str, *, hint: str = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, help_text=hint, min_value=0, max_value=5_000, required=False,
                              error_messages={"invalid": f"Enter {what} as a whole number, like 3",
                                              "min_value": f"{what.capitalize()} cannot be negative",
                                              "max_value": f"{what.capitalize()} must be 5,000 or fewer"})


def _pence(form: forms.Form, name: str, what: str) -> int:
    value = form.cleaned_data.get(name) or ""
    return pounds_to_pence(value, what) if value.strip() else 0


class FactsForm(GovukForm):
    assessed_on = GovukDateField(what="date the charge is worked out from", label="Date the charge is worked out from",
                                 help_text="The rates of the financial year this date falls in are used. For a past year, "
                                           "give a date in that year. For example, 1 10 2025")
    setting = forms.ChoiceField(label="Where is the person's care?", widget=forms.RadioSelect,
                                choices=[("home", "At home, or in the community"), ("care_home", "In a care home")],
                                error_messages={"required": "Select where the person's care is"})
    weekly_care_cost = _money("Cost of care a week", "the cost of care a week",
                              hint="In pounds. In a care home, the home's weekly fee. Like 850.00")
    age_band = forms.ChoiceField(label="How old is the person?", widget=forms.RadioSelect,
                                 choices=list(AGE_BANDS.items()), error_messages={"required": "Select the person's age"})
    partner = forms.ChoiceField(label="Do they have a partner?", widget=forms.RadioSelect, choices=list(PARTNERS.items()),
                                help_text="A husband, wife or civil partner, or someone they live with as a couple. Each "
                                          "partner is assessed on their own money.",
                                error_messages={"required": "Select whether they have a partner"})
    resident = forms.ChoiceField(label="In a care home, is the stay permanent or temporary?", widget=forms.RadioSelect,
                                 initial="permanent",
                                 choices=[("permanent", "Permanent"), ("temporary", "Temporary (they mean to go home)")],
                                 error_messages={"required": "Select whether the stay is permanent or temporary"})
    weeks_in_care_home = _count("Weeks since the permanent stay began (optional)", "the weeks",
                                hint="0 in the first week")
    property_occupied_by = forms.ChoiceField(label="Who else lives in their home?", widget=forms.RadioSelect,
                                             choices=OCCUPIERS, initial="nobody",
                                             error_messages={"required": "Select who else lives in their home"})
    weeks_since_occupant_left = _count("If that person left unexpectedly, weeks since they left (optional)", "the weeks")
    discretionary_disregard = forms.CharField(label="If the council decides not to count the home anyway, why? (optional)",
                                              widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False)
    free_service = forms.ChoiceField(label="Is the care one of these?", widget=forms.RadioSelect, choices=FREE,
                                     initial="none", help_text="Some care and support is free by law",
                                     error_messages={"required": "Select whether the care is one of these"})
    adaptation_cost = _money("Cost of the adaptation (optional)", "the cost of the adaptation", required=False)
    week_of_service = _count("Which week of reablement or intermediate care is this? (optional)", "the week",
                             hint="1 for the first week")
    premiums = forms.MultipleChoiceField(label="Premiums they qualify for (optional)", widget=forms.CheckboxSelectMultiple,
                                         choices=[(k, v.capitalize()) for k, v in PREMIUMS.items()], required=False)
    dependent_children = _count("Dependent children living with them (optional)", "the number of children")
    housing_costs = _money("Housing costs a week (optional)", "the housing costs", required=False,
                           hint="Rent, mortgage, council tax and service charges for their home, in pounds. "
                                "At home, or for a temporary stay in a care home")
    dre_flat_rate = _money("The council's flat rate for disability-related spending, a week (optional)",
                           "the flat rate", required=False, hint="Leave empty to list the spending item by item")
    dre_flat_rate_source = forms.CharField(label="Where the flat rate comes from (optional)", max_length=300,
                                           required=False, help_text="For example, the council's charging policy and "
                                                                     "its paragraph")

    def clean_weekly_care_cost(self) -> int:
        return _pence(self, "weekly_care_cost", "the cost of care a week")

    def clean_adaptation_cost(self) -> int:
        return _pence(self, "adaptation_cost", "the cost of the adaptation")

    def clean_housing_costs(self) -> int:
        return _pence(self, "housing_costs", "the housing costs")

    def clean_dre_flat_rate(self) -> int | None:
        value = self.cleaned_data.get("dre_flat_rate") or ""
        return pounds_to_pence(value, "the flat rate") if value.strip() else None

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("dre_flat_rate") is not None and not (cd.get("dre_flat_rate_source") or "").strip():
            self.add_error("dre_flat_rate_source", "Say where the flat rate comes from")
        if cd.get("free_service") in ("reablement", "intermediate_care") and not cd.get("week_of_service"):
            self.add_error("week_of_service", "Enter which week of the service this is, 1 for the first week")
        if cd.get("free_service") == "minor_adaptation" and not cd.get("adaptation_cost"):
            self.add_error("adaptation_cost", "Enter the cost of the adaptation, like 800.00")
        return cd


class IncomeForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of income", choices=[("", "Choose the kind of income"),
                                                            *[(k, v.words) for k, v in INCOME_KINDS.items()]],
                             error_messages={"required": "Choose the kind of income"})
    weekly = _money("Income a week", "the income a week", hint="In pounds, like 230.25")
    whose = forms.ChoiceField(label="Whose income is it?", widget=forms.RadioSelect, choices=WHOSE_INCOME, initial="person",
                              error_messages={"required": "Select whose income it is"})
    owners = _count("If it is joint, how many people share it? (optional)", "the number of people", hint="2 if left empty")
    half_to_spouse = forms.BooleanField(label="They pass at least half of this pension to their husband, wife or civil "
                                              "partner, who lives at home", required=False)

    def clean_weekly(self) -> int:
        return _pence(self, "weekly", "the income a week")

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("whose") == "joint" and cd.get("owners") == 1:
            self.add_error("owners", "Something shared jointly has at least 2 people")
        return cd


class CapitalForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of savings or capital", choices=[("", "Choose the kind of savings or capital"),
                                                            *[(k, v.words) for k, v in CAPITAL_KINDS.items()]],
                             error_messages={"required": "Choose the kind of savings or capital"})
    value = _money("How much is it worth?", "how much it is worth", hint="In pounds, like 15000")
    whose = forms.ChoiceField(label="Whose is it?", widget=forms.RadioSelect, choices=WHOSE_CAPITAL, initial="person",
                              error_messages={"required": "Select whose it is"})
    owners = _count("If it is joint, how many people own it? (optional)", "the number of owners", hint="2 if left empty")
    secured_debt = _money("For a property, debts secured on it (optional)", "the debts", required=False,
                          hint="A mortgage or a secured loan, in pounds")
    reason = forms.CharField(label="For notional capital, the council's reasons (optional)", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def clean_value(self) -> int:
        return _pence(self, "value", "how much it is worth")

    def clean_secured_debt(self) -> int:
        return _pence(self, "secured_debt", "the debts")

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("kind") == "notional" and len((cd.get("reason") or "").strip()) < 10:
            self.add_error("reason", "Give the council's reasons for treating them as still having this money")
        if cd.get("whose") == "joint" and cd.get("owners") == 1:
            self.add_error("owners", "Something owned jointly has at least 2 owners")
        return cd


class ExpenseForm(GovukForm):
    what = forms.CharField(label="What is the extra cost?", max_length=200,
                           help_text="Because of disability: for example, extra laundry, a special diet, a community alarm",
                           error_messages={"required": "Enter what the extra cost is"})
    weekly = _money("Extra cost a week", "the extra cost a week", hint="In pounds, like 5.50")

    def clean_weekly(self) -> int:
        return _pence(self, "weekly", "the extra cost a week")
