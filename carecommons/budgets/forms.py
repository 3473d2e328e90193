"""The personal assistants' pay calculator, as a form anyone can use."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from carecommons.core.forms import GovukForm
from carecommons.rules.pa_pay import Shift

_LINE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2})[:.](\d{2})\s*(?:-|to|–)\s*(\d{1,2})[:.](\d{2})\s*$", re.I)


def _pounds_to_pence(value: str, what: str) -> int:
    text = value.strip().lstrip("£").replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(f"Enter {what} in pounds and pence, like 13.45") from None
    if amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise forms.ValidationError(f"Enter {what} in pounds and pence, like 13.45")
    return int(amount * 100)


class PayForm(GovukForm):
    hourly_rate = forms.CharField(label="Hourly rate", help_text="In pounds, like 13.45", max_length=10,
                                  error_messages={"required": "Enter the hourly rate, like 13.45"})
    years_of_service = forms.IntegerField(label="Years worked for this person", min_value=0, max_value=60, initial=0,
                                          error_messages={"required": "Enter the years worked, or 0",
                                                          "invalid": "Enter the years worked as a whole number, like 2",
                                                          "min_value": "Years worked cannot be negative",
                                                          "max_value": "Years worked must be 60 or fewer"})
    increment = forms.CharField(label="Rise for each year worked (optional)", help_text="In pounds an hour, like 0.20",
                                required=False, max_length=10)
    bank_holiday_multiplier = forms.ChoiceField(label="Pay on bank holidays", widget=forms.RadioSelect, initial="1.5",
                                                choices=[("1", "The usual rate"), ("1.5", "Time and a half"), ("2", "Double time")],
                                                error_messages={"required": "Select the pay on bank holidays"})
    london = forms.ChoiceField(label="Do they work in London?", widget=forms.RadioSelect, choices=[("no", "No"), ("yes", "Yes")],
                               error_messages={"required": "Select whether they work in London"})
    shifts = forms.CharField(label="Shifts", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
                             help_text="One shift a line: the date, then the start and end times. For example, 25/05/2026 09:00-13:00",
                             error_messages={"required": "Enter at least one shift, like 25/05/2026 09:00-13:00"})

    def clean_hourly_rate(self) -> int:
        return _pounds_to_pence(self.cleaned_data["hourly_rate"], "the hourly rate")

    def clean_increment(self) -> int:
        value = self.cleaned_data.get("increment", "")
        return _pounds_to_pence(value, "the yearly rise") if value.strip() else 0

    def clean_shifts(self) -> list[Shift]:
        shifts: list[Shift] = []
        lines = [line for line in self.cleaned_data["shifts"].splitlines() if line.strip()]
        if len(lines) > 200:
            raise forms.ValidationError("Enter 200 shifts or fewer")
        for number, line in enumerate(lines, start=1):
            m = _LINE.match(line)
            if not m:
                raise forms.ValidationError(f"Line {number} must be a date and times, like 25/05/2026 09:00-13:00")
            day, month, year, sh, sm, eh, em = (int(g) for g in m.groups())
            try:
                shifts.append(Shift(dt.date(year, month, day), dt.time(sh, sm), dt.time(eh, em)))
            except ValueError:
                raise forms.ValidationError(f"Line {number} must be a real date and real times, like 25/05/2026 09:00-13:00") from None
        return shifts

    def as_terms(self) -> dict[str, Any]:
        cd = self.cleaned_data
        return {"hourly_rate_pence": cd["hourly_rate"], "bank_holiday_multiplier": Decimal(cd["bank_holiday_multiplier"]),
                "years_of_service": cd["years_of_service"], "service_increment_pence_per_year": cd["increment"],
                "london": cd["london"] == "yes"}
