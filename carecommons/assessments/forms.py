"""Forms for assessments: one question a page, and the practitioner's determination."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukForm
from carecommons.rules.assessment_questions import Question, check_answer
from carecommons.rules.eligibility import (
    ADULT_OUTCOME_WORDS,
    CARER_OUTCOME_WORDS,
    UNABLE_WORDS,
    AdultOutcome,
    CarerOutcome,
    Unable,
)


class KindForm(GovukForm):
    kind = forms.ChoiceField(
        label="Who is this assessment about?", widget=forms.RadioSelect,
        choices=[("adult", "My own needs: the help I need in my own life"),
                 ("carer", "As a carer: the help I give to someone else, and what I need")],
        error_messages={"required": "Select who the assessment is about"},
    )
    cares_for_name = forms.CharField(label="If you are a carer, who do you look after? (optional)", max_length=100, required=False,
                                     help_text="Their first name is enough")

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["kind"].choices = [("adult", "An adult's assessment: their own needs"),
                                           ("carer", "A carer's assessment: the care they give, and what they need")]
            self.fields["kind"].label = "Which assessment?"
            self.fields["cares_for_name"].label = "For a carer's assessment, who do they look after? (optional)"
            self.fields["cares_for_name"].help_text = ("Their full name. If they are someone you work with, the two "
                                                       "assessments are linked.")


class QuestionForm(GovukForm):
    answer = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    words = forms.CharField(label="Tell us more, in your own words (optional)", required=False, max_length=3000,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, question: Question, easy: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        field: forms.Field
        choices = [(c.value, c.easy if easy else c.text) for c in question.choices]
        if question.multiple:
            field = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=choices)
        else:
            field = forms.ChoiceField(widget=forms.RadioSelect, choices=choices)
        field.label = question.easy_title if easy else question.title
        field.help_text = question.easy_hint if easy else question.hint
        field.error_messages["required"] = "Select all that apply" if question.multiple else "Select one answer"
        field.error_messages["invalid_choice"] = "Select one of the answers shown"
        self.fields["answer"] = field
        if easy:
            self.fields["words"].label = "Tell us more (you do not have to)"

    def clean_answer(self) -> list[str]:
        value = self.cleaned_data["answer"]
        chosen = list(value) if isinstance(value, list) else [value]
        error = check_answer(self.question, chosen)
        if error:
            raise forms.ValidationError(error)
        return chosen


class AboutForm(GovukForm):
    what_matters = forms.CharField(label="What matters to you", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000,
                                   error_messages={"required": "Tell us what matters to you"})
    strengths = forms.CharField(label="What is going well, and who helps (optional)", required=False,
                                widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    outcomes_wanted = forms.CharField(label="What would you like to be different (optional)", required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    fluctuating = forms.CharField(label="Do things change from day to day? (optional)", required=False,
                                  help_text="Tell us about good days and bad days, so we see the whole picture",
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


YES_NO = [("yes", "Yes"), ("no", "No")]


class DeterminationForm(GovukForm):
    """The facts as the law reads them, pre-filled with what was assessed; changes need reasons."""

    reasons = forms.CharField(label="Your reasons (needed if you change anything)", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        conditions = (
            [("needs_from_providing_necessary_care", "Do the needs arise from providing necessary care to an adult?"),
             ("health_at_risk", "Is the carer's physical or mental health deteriorating, or at risk of it?"),
             ("significant_impact_on_wellbeing", "Is there, or is there likely to be, a significant impact on their well-being?")]
            if kind == "carer" else
            [("needs_from_impairment_or_illness", "Do the needs arise from, or relate to, a physical or mental impairment or illness?"),
             ("significant_impact_on_wellbeing", "Is there, or is there likely to be, a significant impact on their well-being?")]
        )
        fields: dict[str, forms.Field] = {}
        for key, label in conditions:
            fields[key] = forms.ChoiceField(label=label, widget=forms.RadioSelect, choices=YES_NO,
                                            error_messages={"required": "Select yes or no"})
        if kind == "carer":
            fields["carer_unable"] = forms.MultipleChoiceField(
                label="Which outcomes can the carer not achieve?", help_text="Select all that apply, or none",
                widget=forms.CheckboxSelectMultiple, required=False,
                choices=[(o.value, CARER_OUTCOME_WORDS[o].capitalize()) for o in CarerOutcome])
        else:
            for o in AdultOutcome:
                fields[f"outcome_{o.value}"] = forms.MultipleChoiceField(
                    label=ADULT_OUTCOME_WORDS[o].capitalize(), help_text="Select each way they are unable to achieve it, or none",
                    widget=forms.CheckboxSelectMultiple, required=False,
                    choices=[(u.value, UNABLE_WORDS[u].capitalize()) for u in Unable])
        reasons = self.fields.pop("reasons")
        self.fields.update(fields)
        self.fields["reasons"] = reasons

    @staticmethod
    def initial_from(kind: str, facts: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {k: {True: "yes", False: "no"}.get(v) for k, v in facts.items() if k != "outcomes"}
        outcomes = facts.get("outcomes", {})
        if kind == "carer":
            initial["carer_unable"] = [k for k, v in outcomes.items() if v.get("unable")]
        else:
            for key, v in outcomes.items():
                initial[f"outcome_{key}"] = list(v.get("because", []))
        return initial

    def facts(self, assessed: dict[str, Any]) -> dict[str, Any]:
        """The determined facts. Outcomes the assessment did not cover stay out unless ticked."""
        cd = self.cleaned_data
        if self.kind == "carer":
            unable = set(cd.get("carer_unable", []))
            known = set(assessed.get("outcomes", {})) | unable
            return {
                "needs_from_providing_necessary_care": cd["needs_from_providing_necessary_care"] == "yes",
                "health_at_risk": cd["health_at_risk"] == "yes",
                "significant_impact_on_wellbeing": cd["significant_impact_on_wellbeing"] == "yes",
                "outcomes": {o.value: {"unable": o.value in unable} for o in CarerOutcome if o.value in known},
            }
        outcomes: dict[str, Any] = {}
        for o in AdultOutcome:
            because = [u.value for u in Unable if u.value in cd.get(f"outcome_{o.value}", [])]
            if because or o.value in assessed.get("outcomes", {}):
                outcomes[o.value] = {"unable": bool(because), "because": because}
        return {
            "needs_from_impairment_or_illness": cd["needs_from_impairment_or_illness"] == "yes",
            "significant_impact_on_wellbeing": cd["significant_impact_on_wellbeing"] == "yes",
            "outcomes": outcomes,
        }


ABLE = "able"  # the practitioner's "none of these": they can achieve the outcome


def outcome_field(kind: str, key: str) -> str:
    """The DeterminationForm field that holds the practitioner's view of one outcome."""
    return "carer_unable" if kind == "carer" else f"outcome_{key}"


class OutcomeForm(GovukForm):
    """One outcome of the determination, on its own page: for an adult, each way they are unable to achieve it (reg
    2(3)) or none; for a carer, whether they can achieve it (reg 3(2)(b)), as the whole form has always asked."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "carer":
            self.fields["view"] = forms.ChoiceField(
                label="Can they achieve this outcome?", widget=forms.RadioSelect,
                choices=[(ABLE, "Yes, they can achieve it"), ("unable", "No, they cannot achieve it")],
                error_messages={"required": "Select whether they can achieve it",
                                "invalid_choice": "Select one of the answers shown"})
        else:
            self.fields["view"] = forms.MultipleChoiceField(
                label="Are they unable to achieve it? Select each way that applies",
                help_text="Or select 'None of these' if they can achieve it",
                widget=forms.CheckboxSelectMultiple,
                choices=[*((u.value, UNABLE_WORDS[u].capitalize()) for u in Unable),
                         (ABLE, "None of these: they can achieve it")],
                error_messages={"required": "Select each way they are unable to achieve it, or 'None of these'",
                                "invalid_choice": "Select one of the answers shown"})

    def clean_view(self) -> Any:
        value = self.cleaned_data["view"]
        if self.kind == "carer":
            return value
        chosen = set(value)
        if ABLE in chosen and len(chosen) > 1:
            raise forms.ValidationError("You cannot select 'None of these' as well as a way they are unable to achieve it")
        if Unable.WITHOUT_ASSISTANCE.value in chosen and len(chosen) > 1:
            raise forms.ValidationError("If they cannot do it without help, select only that. The other answers are for "
                                        "things they can do without help, but with difficulty (regulation 2(3))")
        return [u.value for u in Unable if u.value in chosen]

    @staticmethod
    def initial_from(kind: str, key: str, draft: dict[str, list[str]], assessed: dict[str, Any]) -> str | list[str] | None:
        """The practitioner's current view of one outcome, as this form shows it."""
        current = draft.get(outcome_field(kind, key), [])
        known = key in assessed.get("outcomes", {})
        if kind == "carer":
            return "unable" if key in current else ABLE if known else None
        return list(current) or ([ABLE] if known else [])

    def apply(self, key: str, draft: dict[str, list[str]]) -> dict[str, list[str]]:
        """The draft with this outcome's answer in place of the old one."""
        changed = dict(draft)
        view = self.cleaned_data["view"]
        if self.kind == "carer":
            others = [k for k in draft.get("carer_unable", []) if k != key]
            changed["carer_unable"] = [*others, key] if view == "unable" else others
        else:
            changed[outcome_field(self.kind, key)] = list(view)
        return changed
