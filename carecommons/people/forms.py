from __future__ import annotations

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.rules.access import BREAK_GLASS_PURPOSES, check_break_glass_reason


class FindForm(GovukForm):
    q = forms.CharField(label="Name, phone number or postcode", max_length=100, required=False)


class FindSomeoneElseForm(GovukForm):
    name = forms.CharField(label="Their full name", max_length=100,
                           error_messages={"required": "Enter their full name"})
    born = GovukDateField(label="Their date of birth", what="date of birth", help_text="For example, 27 3 1950")


class BreakGlassForm(GovukForm):
    purpose = forms.ChoiceField(
        label="Why do you need to open this record?", widget=forms.RadioSelect,
        choices=list(BREAK_GLASS_PURPOSES.items()),
        error_messages={"required": "Choose why you need to open this record"},
    )
    explanation = forms.CharField(
        label="What has happened?",
        help_text="Say in a sentence what has happened and why you need the record now. The person will see your name, "
                  "your role, when you looked and this reason, and a manager will review it.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what has happened and why you need this record now"},
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        check = check_break_glass_reason(purpose=str(cleaned.get("purpose") or ""),
                                         explanation=str(cleaned.get("explanation") or ""))
        for field, message in check.problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class ReviewForm(GovukForm):
    note = forms.CharField(label="Your note (optional)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="For example, what you checked or who you spoke to")


class StatementForm(GovukForm):
    text = forms.CharField(
        label="What matters to you",
        help_text="Write it in your own words. It will be shown as your words, next to what we wrote.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write what matters to you", "max_length": "Keep this to 5,000 characters or fewer"},
    )
    corrects = forms.ChoiceField(label="Is this about one of your conversations?", widget=forms.RadioSelect, required=False)

    def __init__(self, *args: object, conversations: list[object], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["corrects"].choices = [("", "No, it is something new")] + [
            (str(c.pk), f"Yes, it corrects the conversation on {c.held_on:%-d %B %Y}") for c in conversations  # type: ignore[attr-defined]
        ]
