"""Profiles of carers, householders and personal assistants, and of the people looking for them."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.relationships.models import Kind
from carecommons.rules import matching

OFFERS = [("live_in", "Living together"), ("short_breaks", "Short breaks"), ("day_support", "Day support"), ("hours", "Hours of help")]


def _words(vocabulary: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, "BSL" if v == "bsl" else v.replace("_", " ").capitalize()) for v in vocabulary]


def _many(label: str, vocabulary: tuple[str, ...] | list[tuple[str, str]], help_text: str = "") -> forms.MultipleChoiceField:
    choices = vocabulary if isinstance(vocabulary, list) else _words(vocabulary)
    return forms.MultipleChoiceField(label=label, required=False, widget=forms.CheckboxSelectMultiple, choices=choices, help_text=help_text)


class PlaceForm(GovukForm):
    latitude = forms.FloatField(label="Latitude", min_value=49, max_value=61, help_text="Where they live, for distances. For example, 52.61",
                                error_messages={"required": "Enter the latitude", "invalid": "Enter the latitude as a number, like 52.61",
                                                "min_value": "That latitude is not in the UK", "max_value": "That latitude is not in the UK"})
    longitude = forms.FloatField(label="Longitude", min_value=-9, max_value=2, help_text="For example, -1.18",
                                 error_messages={"required": "Enter the longitude", "invalid": "Enter the longitude as a number, like -1.18",
                                                 "min_value": "That longitude is not in the UK", "max_value": "That longitude is not in the UK"})
    max_km = forms.FloatField(label="How far, at most, in kilometres", min_value=1, max_value=100, initial=10,
                              error_messages={"required": "Enter how far, like 10", "invalid": "Enter how far as a number, like 10"})


class CarerForm(PlaceForm):
    kind = forms.ChoiceField(label="What do they offer?", widget=forms.RadioSelect, choices=Kind.choices,
                             error_messages={"required": "Select what they offer"})
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter their name"})
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)
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


class SeekerForm(PlaceForm):
    kind = forms.ChoiceField(label="What are they looking for?", widget=forms.RadioSelect, choices=Kind.choices,
                             error_messages={"required": "Select what they are looking for"})
    wants = _many("What kind of help", OFFERS)
    needs = _many("What they need", matching.NEEDS)
    about_me = _many("About them, that a household would need to be happy with", matching.TRAITS)
    never = _many("Their 'never' list: a household they would not live with or near", matching.TRAITS)
    interests = _many("Interests", matching.INTERESTS)
    languages = _many("Languages", matching.LANGUAGES)
    faith = forms.ChoiceField(label="Faith (optional)", required=False, choices=[("", "Not said"), *_words(matching.FAITHS)])
    faith_matters = forms.BooleanField(label="They would like someone who shares their faith", required=False)
    what_matters = forms.CharField(label="What matters to them (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   max_length=4000)
    routines = forms.CharField(label="Places and routines that matter (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=4000)

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        clash = set(cd.get("about_me", [])) & set(cd.get("never", []))
        if clash:
            self.add_error("never", "Something cannot be both about them and on their 'never' list")
        return cd
