"""The forms for the reablement service's figures: how many people it can support at once, and its weekly cost per
person, each with where the figure comes from and the day it takes effect."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm, pounds_to_pence

MAX_PEOPLE = 100_000
MAX_WEEKLY_PENCE = 10_000_000  # £100,000 a week for one person: anything more is a mistyped figure


class _FigureForm(GovukForm):
    labels: tuple[str, str] = ("Where does this figure come from?", "From which day?")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].label, self.fields["effective_from"].label = self.labels  # each form's own words

    source = forms.CharField(label="Where does this figure come from?", max_length=300,
                             help_text="For example: the reablement contract with Ashby Vale Care, schedule 2; or the "
                                       "2026 to 2027 budget, line 4.1.",
                             error_messages={"required": "Say where the figure comes from, for example a contract "
                                                         "or a budget line"})
    effective_from = GovukDateField(label="From which day?", what="day it takes effect",
                                    help_text="For example, 1 4 2026")


class CapacityForm(_FigureForm):
    people = forms.CharField(label="How many people can the reablement service support at once?", max_length=7,
                             error_messages={"required": "Enter how many people the service can support at once"})
    field_order = ["people", "source", "effective_from"]
    labels = ("Where does this capacity come from?", "From which day does this capacity apply?")

    def clean_people(self) -> int:
        text = self.cleaned_data["people"].strip().replace(",", "")
        if not (text.isascii() and text.isdigit()):
            raise forms.ValidationError("Enter the number of people as a whole number, like 40")
        value = int(text)
        if value > MAX_PEOPLE:
            raise forms.ValidationError(f"Enter a number of people no more than {MAX_PEOPLE:,}")
        return value

    def figure(self) -> tuple[str, int]:
        return "capacity", int(self.cleaned_data["people"])


class CostForm(_FigureForm):
    weekly = forms.CharField(label="What does a week of reablement cost for one person?", max_length=20,
                             help_text="In pounds, like 412.50",
                             error_messages={"required": "Enter the weekly cost for one person"})
    field_order = ["weekly", "source", "effective_from"]
    labels = ("Where does this cost come from?", "From which day does this cost apply?")

    def clean_weekly(self) -> int:
        pence = pounds_to_pence(self.cleaned_data["weekly"], "the weekly cost")
        if pence <= 0:
            raise forms.ValidationError("Enter a weekly cost above £0")
        if pence > MAX_WEEKLY_PENCE:
            raise forms.ValidationError("Enter a weekly cost no more than £100,000")
        return pence

    def figure(self) -> tuple[str, int]:
        return "weekly_cost", int(self.cleaned_data["weekly"])


def bound(kind: str, data: Any | None) -> tuple[CapacityForm, CostForm]:
    """Both forms, the one sent bound to what was typed (nothing typed is lost on error)."""
    capacity = CapacityForm(data if kind == "capacity" else None, prefix="capacity")
    cost = CostForm(data if kind == "weekly_cost" else None, prefix="cost")
    return capacity, cost
