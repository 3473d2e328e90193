"""The form an administrator fills in to enter a year's charging rates, or to correct them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from carecommons.core.forms import GovukForm
from carecommons.rules.charging_figures import FIGURES, NATIONAL, OWN, Figure, words

GROUPS = (
    ("Capital", ("upper_capital_limit", "lower_capital_limit", "tariff_step")),
    ("In a care home", ("personal_expenses_allowance",)),
    ("Minimum Income Guarantee (care at home)", tuple(k for k in NATIONAL if k.startswith("mig:")) + ("dependent_child",)),
    ("Premiums added to the Minimum Income Guarantee", tuple(k for k in NATIONAL if k.startswith("premium:"))),
    ("Council's own figures (more generous than the law's, for care outside a care home)", tuple(OWN)),
)


def field_name(key: str) -> str:
    """'council:mig:single_18_24' -> 'council_mig_single_18_24' (safe in ids and links)."""
    return key.replace(":", "_")


def parse_pounds(text: str, what: str) -> int:
    """'30.65', '£23,250' -> pence; a plain error naming `what` otherwise. Must be more than £0."""
    cleaned = text.strip().lstrip("£").replace(",", "").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise forms.ValidationError(f"Enter {what} in pounds and pence, like 30.65") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2 or abs(amount) >= 10**9:  # type: ignore[operator]
        raise forms.ValidationError(f"Enter {what} in pounds and pence, like 30.65")
    if amount <= 0:
        raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must be more than £0")
    return int(amount * 100)


class ChargingRatesForm(GovukForm):
    """One amount and one source per figure; a blank amount means the figure is not entered."""

    def __init__(self, *args: Any, correction_of: str = "", lower: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correction_of = correction_of
        if not correction_of:
            self.fields["year"] = forms.CharField(
                label="Financial year", max_length=7, help_text="Like 2026-27. The rates cover 1 April to 31 March.",
                error_messages={"required": "Enter the financial year, like 2026-27"})
        else:
            self.fields["reason"] = forms.CharField(
                label="Why are these figures being corrected?", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                error_messages={"required": "Say in a sentence why these figures are being corrected"})
        for key, label in FIGURES.items():
            name = field_name(key)
            self.fields[name] = forms.CharField(label=f"{label} (optional)" if key in OWN else label, required=False,
                                                max_length=20, help_text="In pounds and pence, like 30.65")
            self.fields[name].widget.attrs["inputmode"] = "decimal"
            self.fields[f"{name}_source"] = forms.CharField(
                label=f"Source of {words(key).removeprefix('the ')}", required=False, max_length=500,
                help_text=("The council's decision, like 'Cabinet decision 12 March 2026, item 7'" if key in OWN else
                           "The regulation and paragraph, or the circular, like 'SI 2026/123 reg 3(2)'"))
        if lower:
            self.fields["lower_is_right"] = forms.BooleanField(
                label="I have checked the figures lower than last year's and they are right", required=False)

    def groups(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        return [(title, [(self[field_name(k)], self[f"{field_name(k)}_source"]) for k in keys]) for title, keys in GROUPS]

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        figures: dict[str, Figure] = {}
        for key in FIGURES:
            name = field_name(key)
            amount_text, source = (cd.get(name) or "").strip(), (cd.get(f"{name}_source") or "").strip()
            if not amount_text and not source:
                continue
            if not amount_text:
                self.add_error(name, f"Enter the amount of {words(key).removeprefix('the ')}, or clear its source")
                continue
            try:
                pence = parse_pounds(amount_text, words(key))
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            if not source:
                self.add_error(f"{name}_source", f"Give the source of {words(key)}: the regulation, circular or "
                                                 "council decision")
                continue
            figures[key] = Figure(pence, source)
        cd["figures"] = figures
        return cd

    def add_problems(self, problems: dict[str, str]) -> None:
        """Put the service's problems on the fields they are about."""
        for key, message in problems.items():
            if key in FIGURES:
                self.add_error(field_name(key), message)
            elif key in self.fields:
                self.add_error(key, message)
            else:
                self.add_error(None, message)
