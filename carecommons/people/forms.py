from __future__ import annotations

from collections.abc import Callable

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.rules.access import BREAK_GLASS_PURPOSES, check_break_glass_reason
from carecommons.rules.sharing import PERIODS


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


class InviteForm(GovukForm):
    channel = forms.ChoiceField(label="How should we send the link?", widget=forms.RadioSelect,
                                error_messages={"required": "Choose how to send the link"})

    def __init__(self, *args: object, channels: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        words = {"email": "Email to", "text": "Text message to"}
        self.fields["channel"].choices = [(c, f"{words[c]} {to}") for c, to in channels.items()]


class NewSignInForm(GovukForm):
    username = forms.CharField(label="Choose a username", max_length=150,
                               help_text="You type this to sign in. We have suggested one. You can change it.",
                               error_messages={"required": "Choose a username"},
                               widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}))
    password = forms.CharField(label="Choose a password", strip=False,
                               help_text="At least 12 characters. Not just numbers, and not like your name. Three or "
                                         "four words you will remember work well.",
                               error_messages={"required": "Choose a password"},
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(label="Type your password again", strip=False,
                                     error_messages={"required": "Type your password again"},
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: object, problems: Callable[[str, str], dict[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.problems = problems

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The two passwords are not the same. Type them again")
            return cleaned
        if "username" in cleaned and password:
            for field, message in self.problems(str(cleaned["username"]), str(password)).items():
                self.add_error(field, message)
        return cleaned


class ShareForm(GovukForm):
    name = forms.CharField(label="Their name", max_length=100, error_messages={"required": "Enter their name"})
    who = forms.CharField(label="Their email address", max_length=254,
                          help_text="Or their username, if they already have a Care Commons sign-in",
                          error_messages={"required": "Enter their email address or username"},
                          widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    relationship = forms.CharField(label="Who are they to you?", max_length=100,
                                   help_text="For example: my daughter, my advocate, or the name of a community group",
                                   error_messages={"required": "Say who they are to you, like \"my daughter\""})
    period = forms.ChoiceField(label="How long can they see your record for?", widget=forms.RadioSelect,
                               choices=list(PERIODS.items()),
                               error_messages={"required": "Choose how long to share your record for"})
    until = GovukDateField(label="If you chose a date: the last day they can see it (optional)", what="date the sharing ends",
                           required=False, help_text="For example, 27 3 2026. It can be up to a year from today.")


class MergeForm(GovukForm):
    reason = forms.CharField(
        label="Why are these the same person?",
        help_text="For example, what you checked with the person or who you spoke to. It is kept with your name.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why these records are the same person",
                        "max_length": "Keep this to 1,000 characters or fewer"},
    )
