"""The hospital team's forms: planning with the person and family, reablement, the 91-day check."""

from __future__ import annotations

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.hospital.forms import PATHWAYS
from carecommons.hospital.models import StillAtHomeCheck
from carecommons.rules.discharge import DELAY_REASON_WORDS, HOW_TOLD, SEQUEL_ORDER, SEQUEL_WORDS

DELAYS = [(r.value, w) for r, w in DELAY_REASON_WORDS.items()]
SEQUELS = [(s.value, SEQUEL_WORDS[s]) for s in reversed(SEQUEL_ORDER)]


class PlanForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
    person_words = forms.CharField(label="What matters to them, in their own words", required=False, max_length=5000,
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text="Write what they said, as they said it.")
    took_part = forms.CharField(label="Who took part in the conversation?", max_length=200,
                                help_text="For example: the person and their daughter.",
                                error_messages={"required": "Say who took part, for example the person and their "
                                                            "daughter"})
    pathway = forms.ChoiceField(label="Which pathway was agreed?", widget=forms.RadioSelect, choices=PATHWAYS,
                                error_messages={"required": "Choose the pathway agreed with the person"})
    pathway_reasons = forms.CharField(label="If you agreed a different pathway from the ward's, why?", required=False,
                                      max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    left_on = GovukDateField(label="The day they left hospital (when they have left)", what="day they left hospital",
                             required=False, help_text="Leave this empty while they are still in hospital.")
    delay_reasons = forms.MultipleChoiceField(label="If they waited after they were ready to leave, why?",
                                              widget=forms.CheckboxSelectMultiple, choices=DELAYS, required=False)
    delay_other = forms.CharField(label="If something else, what?", required=False, max_length=500)


class LinkForm(GovukForm):
    person = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


class StartForm(GovukForm):
    goals = forms.CharField(label="Their goals, in their own words", max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="What they want to be able to do again. For example: 'make my own breakfast'.",
                            error_messages={"required": "Write their goals in their own words"})


class VisitForm(GovukForm):
    visited_on = GovukDateField(label="Day of the visit", what="day of the visit", help_text="For example, 14 3 2026.")
    note = forms.CharField(label="What happened on the visit", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Say what happened on the visit"})


class EndForm(GovukForm):
    ended_on = GovukDateField(label="Day reablement ended", what="day reablement ended",
                              help_text="For example, 14 3 2026.")
    can_now_do = forms.CharField(label="What can they do now?", required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 4}), help_text="In their words, if you can.")
    sequel = forms.ChoiceField(label="What happened next?", widget=forms.RadioSelect, choices=SEQUELS,
                               error_messages={"required": "Choose what happened next"})


class CheckForm(GovukForm):
    answer = forms.ChoiceField(label="Where are they now?", widget=forms.RadioSelect,
                               choices=StillAtHomeCheck.Answer.choices,
                               error_messages={"required": "Choose where they are now"})
    checked_on = GovukDateField(label="Day you checked", what="day you checked", help_text="For example, 14 3 2026.")
    spoke_to = forms.CharField(label="Who told you?", max_length=200, help_text="For example: the person, or her daughter.",
                               error_messages={"required": "Say who told you, for example the person or their "
                                                           "daughter"})


class ToldForm(GovukForm):
    told_on = GovukDateField(label="Day they were told", what="day they were told", help_text="For example, 14 3 2026.")
    how = forms.ChoiceField(label="How were they told?", widget=forms.RadioSelect, choices=list(HOW_TOLD.items()),
                            error_messages={"required": "Select how they were told"})
    what_said = forms.CharField(label="What were they told? (optional)", required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="For example, what the financial assessment is and when it would start, "
                                          "or the letter's reference.")
