"""Forms for the safeguarding team's enquiry pages: naming people, the alleged source of risk, withholding from the
person, and reviewing or changing an agreed plan."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.rules.safeguarding import SOURCES_OF_RISK
from carecommons.safeguarding.forms import YES_NO, PlanForm, _text


class NameForm(GovukForm):
    who = _text("Who do you want to name?", required=True, max_length=254,
                help_text="Their full name, email address or sign-in name. They must have a Care Commons staff sign-in.",
                required_message="Enter the name, email address or sign-in name of who you want to name")
    why = _text("Why do they need to see it?", required=True, max_length=200,
                help_text="For example, \u201cHer social worker in the North team\u201d or \u201cManager of the care "
                          "home where it happened\u201d.",
                required_message="Say in at least 3 words why they need to see it")


class UnnameForm(GovukForm):
    why = _text("Why do they no longer need to see it?", required=True, max_length=2000, rows=3,
                required_message="Say in at least 5 words why they no longer need to see it")


class SourceForm(GovukForm):
    source_of_risk = forms.ChoiceField(label="Who is the risk from?", widget=forms.RadioSelect,
                                       choices=list(SOURCES_OF_RISK.items()),
                                       error_messages={"required": "Choose who the risk is from"})
    has_account = forms.ChoiceField(
        label="Do they have a Care Commons sign-in?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No, or we do not know")],
        help_text="For example, a member of staff, or someone the person shared their record with.",
        error_messages={"required": "Say whether they have a Care Commons sign-in"})
    who = _text("Their name, email address or sign-in name", max_length=254,
                help_text="From now on they will never see this concern, whoever they are.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["has_account"].reveals = {"yes": ["who"]}  # type: ignore[attr-defined]


class WithholdForm(GovukForm):
    why = _text("Your reasons", required=True, max_length=5000, rows=5,
                required_message="Give the reasons in at least 5 words")


class PlanReviewForm(GovukForm):
    reviewed_on = GovukDateField(label="When was the plan reviewed?", what="date of the review",
                                 help_text="For example, 27 3 2026")
    what_changed = _text("What has changed since the plan was agreed?", required=True, max_length=5000, rows=4,
                         help_text="If nothing has, say so.",
                         required_message="Say what has changed since the plan was agreed, or write that nothing has")
    still_agrees = forms.ChoiceField(label="Do they (or their representative) still agree to the plan?",
                                     widget=forms.RadioSelect, choices=YES_NO,
                                     error_messages={"required": "Say whether they still agree to the plan"})
    next_review_on = GovukDateField(label="When is the next review?", what="date of the next review",
                                    help_text="Within 6 months. For example, 27 3 2026")


class PlanChangeForm(PlanForm):
    change_why = _text("What has changed in the plan, and why?", required=True, max_length=5000, rows=4,
                       required_message="Say what changed and why, in at least 5 words")
