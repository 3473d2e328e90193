from __future__ import annotations

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.rules.discharge import PATHWAY_MEANING, PATHWAY_WORDS, Pathway

PATHWAYS = [(str(p.value), PATHWAY_WORDS[p]) for p in Pathway]


class WardRequestForm(GovukForm):
    """A ward's request, sent by one of its staff: who, when they will be ready, what matters, the pathway."""

    name = forms.CharField(label="Their full name", max_length=100,
                           error_messages={"required": "Enter the person's full name"})
    nhs_number = forms.CharField(label="Their NHS number", max_length=20, help_text="10 digits, like 943 476 5919.",
                                 error_messages={"required": "Enter their NHS number"})
    date_of_birth = GovukDateField(label="Their date of birth (optional)", what="date of birth", required=False,
                                   help_text="For example, 2 5 1941.")
    ready_on = GovukDateField(label="When are they expected to be ready to leave?", what="date they are expected "
                              "to be ready to leave", help_text="For example, 14 3 2026.")
    pathway = forms.ChoiceField(label="Which pathway do you propose?", widget=forms.RadioSelect, choices=PATHWAYS,
                                error_messages={"required": "Choose the pathway proposed: 0, 1, 2 or 3"})
    what_matters = forms.CharField(label="What matters to them and their family? (optional)", required=False,
                                   max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text="In their words, if you can: what they want to get back to, who helps "
                                             "them, what worries them.")
    identifier = forms.CharField(label="Your ward's reference for this request (optional)", required=False,
                                 max_length=64, help_text="If your ward's system gave it one.")

    @staticmethod
    def meanings() -> list[tuple[str, str, str]]:
        return [(str(p.value), PATHWAY_WORDS[p], PATHWAY_MEANING[p]) for p in Pathway]
