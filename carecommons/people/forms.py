from __future__ import annotations

from django import forms

from carecommons.core.forms import GovukForm


class FindForm(GovukForm):
    q = forms.CharField(label="Name, phone number or postcode", max_length=100, required=False)


class BreakGlassForm(GovukForm):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        help_text="The person will see your name, your role, when you looked and this reason.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason you need to open this record"},
    )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < 10:
            raise forms.ValidationError("Give the reason in a sentence, at least 10 characters")
        return reason


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
