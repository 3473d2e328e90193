"""Profiles of carers, householders and personal assistants, and of the people looking for them."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core import postcodes
from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.relationships.models import Carer, Kind, Seeker
from carecommons.rules import matching, places

OFFERS = [("live_in", "Living together"), ("short_breaks", "Short breaks"), ("day_support", "Day support"), ("hours", "Hours of help")]


def _words(vocabulary: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, "BSL" if v == "bsl" else v.replace("_", " ").capitalize()) for v in vocabulary]


def _many(label: str, vocabulary: tuple[str, ...] | list[tuple[str, str]], help_text: str = "") -> forms.MultipleChoiceField:
    choices = vocabulary if isinstance(vocabulary, list) else _words(vocabulary)
    return forms.MultipleChoiceField(label=label, required=False, widget=forms.CheckboxSelectMultiple, choices=choices, help_text=help_text)


def _postcode_field(help_text: str) -> forms.CharField:
    return forms.CharField(label="Postcode", max_length=20, help_text=help_text,
                           error_messages={"required": "Enter a postcode, like AV1 1AA"})


def _miles_field() -> forms.FloatField:
    return forms.FloatField(label="How far from there, at most, in miles", min_value=0.5, max_value=60, initial=6,
                            help_text="For example, 6 (about 20 minutes in a car)",
                            error_messages={"required": "Enter how far, in miles, like 6", "invalid": "Enter how far as a number of miles, like 6",
                                            "min_value": "Enter at least half a mile", "max_value": "Enter 60 miles or fewer"})


def _place_of(postcode_raw: str) -> tuple[str, float, float]:
    postcode, where = postcodes.place_of(postcode_raw)
    if not postcode:
        raise forms.ValidationError(postcodes.POSTCODE_NOT_A_POSTCODE)
    if where is None:
        raise forms.ValidationError(postcodes.postcode_unknown(postcode))
    return postcode, where[0], where[1]


def place_initial(profile: Carer | Seeker) -> dict[str, Any]:
    """A saved profile's place as the questions ask it: its postcode, and how far in miles."""
    return {"postcode": profile.postcode, "max_miles": round(profile.max_km / places.KM_PER_MILE, 1)}


class PlaceForm(GovukForm):
    """Where: a postcode (turned into latitude and longitude from the postcodes loaded by `import_postcodes`) and how far."""

    postcode = _postcode_field("Where they live. Used to work out distances, never shown to anyone else")
    max_miles = _miles_field()

    def clean_postcode(self) -> str:
        postcode, self._lat, self._lon = _place_of(self.cleaned_data.get("postcode", ""))
        return postcode

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if "postcode" in cd:
            cd["latitude"], cd["longitude"] = self._lat, self._lon
        miles = cd.pop("max_miles", None)
        if miles is not None:
            cd["max_km"] = round(miles * places.KM_PER_MILE, 3)
        return cd


class CarerForm(PlaceForm):
    kind = forms.ChoiceField(label="What do they offer?", widget=forms.RadioSelect, choices=Kind.choices,
                             error_messages={"required": "Select what they offer"})
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter their name"})
    offers = _many("How they can help", OFFERS)
    can_meet = _many("Needs they can meet", matching.NEEDS, "Step free means no steps or stairs to the bedroom and bathroom")
    household = _many("About the household", matching.TRAITS)
    household_will_not_accept = _many("What everyone in the household will not accept in the person", matching.TRAITS)
    interests = _many("Interests", matching.INTERESTS)
    languages = _many("Languages", matching.LANGUAGES)
    faith = forms.ChoiceField(label="Faith (optional)", required=False, choices=[("", "Not said"), *_words(matching.FAITHS)])
    about = forms.CharField(label="About them, in their own words (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=4000)
    capacity = forms.IntegerField(label="How many people can they support at once?", min_value=1, max_value=6, initial=1,
                                  error_messages={"required": "Enter how many, usually 1"})
    approved_until = GovukDateField(label="Approved until", what="approval date", help_text="For example, 27 3 2027")
    checks_until = GovukDateField(label="Checks (DBS and references) current until", what="checks date", help_text="For example, 27 3 2027")


# --- What a person is looking for: one topic a page ---------------------------------------------

class WhatMattersStep(GovukForm):
    what_matters = forms.CharField(label="What matters to them?", widget=forms.Textarea(attrs={"rows": 6}), max_length=4000,
                                   help_text="In their own words where you can: the people, places, routines and things that make a good day",
                                   error_messages={"required": "Enter what matters to them, in their words where you can"})


class KindStep(GovukForm):
    kind = forms.ChoiceField(label="What are they looking for?", widget=forms.RadioSelect, choices=Kind.choices,
                             error_messages={"required": "Select what they are looking for"})


class WhereStep(GovukForm):
    postcode = _postcode_field("Where they live now, or where they want to live. Used to work out how far away people are")
    max_miles = _miles_field()

    def clean_postcode(self) -> str:
        postcode, self.latitude, self.longitude = _place_of(self.cleaned_data.get("postcode", ""))
        return postcode


class SupportStep(GovukForm):
    wants = _many("What kind of help are they looking for?", OFFERS, "Select all that apply")
    needs = _many("What do they need?", matching.NEEDS, "Step free means no steps or stairs to the bedroom and bathroom")


class HouseholdStep(GovukForm):
    about_me = _many("About them, that a household would need to be happy with", matching.TRAITS, "Select all that apply")
    never = _many("Their 'never' list: a household they would not live with or near", matching.TRAITS, "Select all that apply")

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        clash = set(cd.get("about_me", [])) & set(cd.get("never", []))
        if clash:
            self.add_error("never", "Something cannot be both about them and on their 'never' list: untick it in one of the two")
        return cd


class InterestsStep(GovukForm):
    interests = _many("What do they enjoy?", matching.INTERESTS, "Select all that apply")


class LanguagesStep(GovukForm):
    languages = _many("What languages do they speak?", matching.LANGUAGES, "Select all that apply")


class FaithStep(GovukForm):
    faith = forms.ChoiceField(label="Their faith (optional)", required=False, choices=[("", "Not said"), *_words(matching.FAITHS)])
    faith_matters = forms.BooleanField(label="They would like someone who shares their faith", required=False)


class AnythingElseStep(GovukForm):
    routines = forms.CharField(label="Places and routines that matter to them (optional)", required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="For example, the day centre on Tuesdays, or church on Sunday mornings")
