"""The form an administrator fills in to enter six months' deferred payment interest rates, or to correct them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm


def parse_percent(text: str, what: str) -> int:
    """'4.65', '4.65%' -> 465 basis points; a plain error naming `what` otherwise."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise forms.ValidationError(f"Enter {what} as a percentage a year, like 4.65") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2 or abs(amount) >= 10**9:  # type: ignore[operator]
        raise forms.ValidationError(f"Enter {what} as a percentage a year with up to two decimal places, like 4.65")
    if amount < 0:
        raise forms.ValidationError(f"{what[0].upper()}{what[1:]} cannot be less than 0%")
    return int(amount * 100)


class DeferredRatesForm(GovukForm):
    starts = GovukDateField(label="First day of the six months", what="first day of the six months",
                            help_text="1 January or 1 July, like 1 7 2026")
    max_rate = forms.CharField(label="Maximum interest rate", max_length=10,
                               help_text="The market gilt rate + 0.15%, as a percentage a year, like 4.65",
                               error_messages={"required": "Enter the maximum interest rate, like 4.65"})
    max_rate_source = forms.CharField(
        label="Source of the maximum interest rate", max_length=500,
        help_text="Where the Department of Health and Social Care published it, with the date",
        error_messages={"required": "Give the source of the maximum interest rate, like the page the Department of "
                                    "Health and Social Care published it on"})
    council_rate = forms.CharField(label="The council's interest rate (optional)", required=False, max_length=10,
                                   help_text="For new and existing agreements, as a percentage a year. It cannot be "
                                             "more than the maximum.")
    council_rate_source = forms.CharField(label="Source of the council's interest rate (optional)", required=False,
                                          max_length=500,
                                          help_text="The council's decision, like 'Cabinet decision 12 March 2026, "
                                                    "item 7'")
    reason = forms.CharField(label="If you are correcting rates already entered, why? (optional)", required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("max_rate", "council_rate"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def clean_max_rate(self) -> int:
        return parse_percent(self.cleaned_data["max_rate"], "the maximum interest rate")

    def clean_council_rate(self) -> int | None:
        text = (self.cleaned_data.get("council_rate") or "").strip()
        return parse_percent(text, "the council's interest rate") if text else None

    def add_problems(self, problems: dict[str, str]) -> None:
        """Put the service's problems on the fields they are about."""
        for key, message in problems.items():
            self.add_error(key if key in self.fields else None, message)
