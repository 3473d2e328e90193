"""Forms for the funding comparison's figures: the council's estimates, its council tax base, and trying an amount."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from carecommons.budgets.services_funding import MarketFigures
from carecommons.core.forms import GovukDateField, GovukForm, pounds_to_pence
from carecommons.rules.council_tax import BAND_PROPORTIONS
from carecommons.rules.funding import AGE_GROUPS, ESTIMATE_KINDS


def _money(label: str, help_text: str = "In pounds", required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=15, help_text=help_text, required=required,
                           error_messages={"required": f"Enter the {label.lower().removeprefix('typical ')}"})


class EstimateForm(GovukForm):
    kind = forms.ChoiceField(label="Who are they?", choices=[(k, v.capitalize()) for k, v in ESTIMATE_KINDS.items()],
                             widget=forms.RadioSelect, error_messages={"required": "Select who they are"})
    setting = forms.ChoiceField(label="Where do they get care?", choices=[("care_home", "In a care home"), ("home", "At home")],
                                widget=forms.RadioSelect, error_messages={"required": "Select where they get care"})
    age_group = forms.ChoiceField(label="How old are they?", choices=[(k, v[0]) for k, v in AGE_GROUPS.items()],
                                  widget=forms.RadioSelect, error_messages={"required": "Select how old they are"})
    people = forms.IntegerField(label="How many people?", min_value=0, max_value=10_000_000, required=False,
                                help_text="Enter 0 to take this group out of the comparison. For care homes, you can leave "
                                          "this blank and give the share of the care market's places instead",
                                error_messages={"invalid": "Enter a whole number, like 350",
                                                "min_value": "The number of people cannot be negative",
                                                "max_value": "Enter a number of people of 10,000,000 or fewer"})
    share_of_places = forms.IntegerField(label="Share of the care market's care home places they fill (optional)",
                                         min_value=1, max_value=100, required=False, help_text="A percentage, like 45",
                                         error_messages={"invalid": "Enter the share as a whole number, like 45",
                                                         "min_value": "Enter a share of at least 1%",
                                                         "max_value": "Enter a share of 100% or less"})
    weekly_fee = _money("Typical weekly cost of their care", required=False,
                        help_text="In pounds. Leave blank to use the care market's median published fee (care homes), or "
                                  "the hours below at the market's median hourly rate (care at home)")
    hours_a_week = forms.IntegerField(label="Hours of care a week (care at home, optional)", min_value=1, max_value=168,
                                      required=False,
                                      error_messages={"invalid": "Enter the hours as a whole number, like 10",
                                                      "min_value": "Enter at least 1 hour",
                                                      "max_value": "A week has 168 hours"})
    capital = _money("Typical savings and other capital", help_text="In pounds. For care homes, include the home where it counts")
    weekly_income = _money("Typical income a week")
    source = forms.CharField(label="Where does the estimate come from?", max_length=300,
                             help_text="For example: the market sustainability plan, 2025, table 3",
                             error_messages={"required": "Say where the estimate comes from"})
    estimated_on = GovukDateField(label="Date of the estimate", what="date of the estimate",
                                  help_text="For example, 31 3 2026")

    def __init__(self, *args: Any, market: MarketFigures, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.market, self.today = market, today

    def clean_weekly_fee(self) -> int | None:
        text = self.cleaned_data["weekly_fee"].strip()
        return pounds_to_pence(text, "the weekly cost") if text else None

    def clean_capital(self) -> int:
        return pounds_to_pence(self.cleaned_data["capital"], "the capital")

    def clean_weekly_income(self) -> int:
        return pounds_to_pence(self.cleaned_data["weekly_income"], "the income a week")

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        cd["fee_note"] = cd["people_note"] = ""
        self._people(cd)
        if cd.get("weekly_fee") is not None or "weekly_fee" in self.errors or not cd.get("setting"):
            return cd
        m = self.market
        if cd["setting"] == "care_home":
            fee = m.self_funder_weekly if cd.get("kind") == "self_funder" else m.council_weekly
            if fee is None:
                self.add_error("weekly_fee", "Enter the typical weekly cost: the care market in Care Commons publishes no "
                                             "care home fees to use")
            else:
                cd["weekly_fee"] = fee
                count = m.self_funder_weekly_from if cd.get("kind") == "self_funder" else m.council_weekly_from
                who = "for people paying for themselves" if cd.get("kind") == "self_funder" else "at the council's rate"
                cd["fee_note"] = (f"the median published weekly fee {who}, from {count} care home charges in the care market "
                                  f"in Care Commons ({m.area}), {self.today:%-d %B %Y}")
        elif not cd.get("hours_a_week") or m.hourly is None:
            self.add_error("weekly_fee", "Enter the typical weekly cost, or the hours of care a week to price at the care "
                                         "market's hourly rate" + ("" if m.hourly else " (the market publishes no hourly rates)"))
        else:
            cd["weekly_fee"] = cd["hours_a_week"] * m.hourly
            cd["fee_note"] = m.hourly_note(cd["hours_a_week"], self.today)
        return cd


    def _people(self, cd: dict[str, Any]) -> None:
        """The number entered, or the share of the market's care home places: never neither, never both."""
        if "people" in self.errors or "share_of_places" in self.errors:
            return
        people, share = cd.get("people"), cd.get("share_of_places")
        if people is not None and share is not None:
            self.add_error("share_of_places", "Give either the number of people or the share of places, not both")
        elif people is None and share is None:
            self.add_error("people", "Enter how many people" + (", or the share of the care market's places they fill"
                                                                 if cd.get("setting") == "care_home" else ""))
        elif people is None and cd.get("setting") != "care_home":
            self.add_error("share_of_places", "A share of places works only for care homes: enter how many people")
        elif people is None and not self.market.places:
            self.add_error("share_of_places", "The care market in Care Commons lists no care home places: enter how many "
                                              "people")
        elif people is None and share is not None:
            cd["people"] = self.market.places * share // 100
            cd["people_note"] = self.market.places_note(share, self.today)


class CouncilTaxForm(GovukForm):
    dwellings_source = forms.CharField(label="Where do the numbers of dwellings come from?", max_length=300,
                                       help_text="For example: Valuation Office Agency, Council Tax: stock of properties, 2025, "
                                                 "table CTSOP1.0",
                                       error_messages={"required": "Say where the numbers of dwellings come from"})
    dwellings_on = GovukDateField(label="Date the numbers are for", what="date the numbers are for")
    band_d_extra = _money("Extra council tax a year at Band D", help_text="In pounds. Every other band follows from it, by law")
    band_d_reason = forms.CharField(label="Who puts this amount forward, and why?", max_length=300,
                                    help_text="For example: proposed by the cabinet for consultation, March 2026",
                                    error_messages={"required": "Say who puts the amount forward, and why"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for band in BAND_PROPORTIONS:
            self.fields[f"band_{band.lower()}"] = forms.IntegerField(
                label=f"Dwellings in band {band}", min_value=0, max_value=10_000_000,
                error_messages={"required": f"Enter the number of dwellings in band {band} (0 if none)",
                                "invalid": f"Enter the number of dwellings in band {band} as a whole number",
                                "min_value": f"The number of dwellings in band {band} cannot be negative",
                                "max_value": f"Enter 10,000,000 or fewer dwellings in band {band}"})
        self.order_fields([f"band_{band.lower()}" for band in BAND_PROPORTIONS])

    def clean_band_d_extra(self) -> int:
        return pounds_to_pence(self.cleaned_data["band_d_extra"], "the amount at Band D")

    def band_fields(self) -> list[forms.BoundField]:
        return [self[f"band_{band.lower()}"] for band in BAND_PROPORTIONS]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("dwellings_source", "dwellings_on", "band_d_extra", "band_d_reason")]

    def dwellings(self) -> dict[str, int]:
        return {band: self.cleaned_data[f"band_{band.lower()}"] for band in BAND_PROPORTIONS}


class TryBandDForm(GovukForm):
    band_d = forms.CharField(label="Try another amount a year at Band D", max_length=15, required=False, help_text="In pounds")

    def clean_band_d(self) -> int | None:
        text = self.cleaned_data["band_d"].strip()
        return pounds_to_pence(text, "the amount at Band D") if text else None
