"""The administrator's forms for the hospital's partners, and ward staff's form to withdraw a request."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukForm
from carecommons.people.models import Team
from carecommons.rules.discharge import WITHDRAWAL_REASON_WORDS, WITHDRAWAL_WORDS_MAX
from carecommons.rules.ward_admin import CODE_MAX, HOSPITAL_MAX, KEY_NAME_MAX, WARD_NAME_MAX


class WardForm(GovukForm):
    hospital = forms.CharField(label="Hospital", max_length=HOSPITAL_MAX,
                               help_text="For example, Ashby Vale General Hospital",
                               error_messages={"required": "Enter the hospital's name",
                                               "max_length": f"The hospital's name must be {HOSPITAL_MAX} characters "
                                                             "or fewer"})
    name = forms.CharField(label="Ward name", max_length=WARD_NAME_MAX, help_text="For example, Ward 7 or Elm Ward",
                           error_messages={"required": "Enter the ward's name",
                                           "max_length": f"The ward's name must be {WARD_NAME_MAX} characters or "
                                                         "fewer"})
    code = forms.CharField(label="Ward code", max_length=CODE_MAX,
                           help_text="The code the hospital's systems use for this ward (often the hospital's ODS site "
                                     "code and the ward, like RXX01-W7). Their requests name the ward by this code.",
                           widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"}),
                           error_messages={"required": "Enter the ward's code, as the hospital's systems name it",
                                           "max_length": f"The ward's code must be {CODE_MAX} characters or fewer"})
    treatment_function = forms.CharField(
        label="Main specialty (optional)", max_length=3, required=False,
        help_text="The three numbers of the ward's treatment function code, as the hospital records it. Without it, "
                  "people who leave from this ward are not counted in ASCOF 2D (still at home after reablement).",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"max_length": "The main specialty must be the three numbers of its treatment function code, "
                                      "or left empty"})


class NewWardStaffForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=150, error_messages={"required": "Enter their first name"})
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter their last name"})
    email = forms.EmailField(
        label="Work email address", max_length=254, help_text="We will email them a link to choose a password",
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={"required": "Enter their work email address",
                        "invalid": "Enter an email address in the right format, like name@example.com"})
    username = forms.RegexField(
        label="Username", max_length=150, regex=r"^[\w.@+-]+$",
        help_text="What they type to sign in, for example nia.ward7. Letters, numbers and . @ + - _ only",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"}),
        error_messages={"required": "Enter a username",
                        "invalid": "A username can only have letters, numbers and . @ + - _"})


class ExistingWardStaffForm(GovukForm):
    username = forms.CharField(label="Their username", max_length=150,
                               help_text="The username they sign in with",
                               widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"}),
                               error_messages={"required": "Enter the username of their account"})


class KeyForm(GovukForm):
    name = forms.CharField(label="Which system will use this key?", max_length=KEY_NAME_MAX,
                           help_text="For example, Ward 7 electronic patient record. This is kept with the key so you "
                                     "know which one to revoke.",
                           error_messages={"required": "Say which system will use the key, for example 'Ward 7 "
                                                       "electronic patient record'",
                                           "max_length": f"The system's name must be {KEY_NAME_MAX} characters or "
                                                         "fewer"})


class ConfirmForm(GovukForm):
    """A confirmation with nothing to fill in (the button is the answer)."""


class TeamForm(GovukForm):
    team = forms.ModelChoiceField(label="Which team is the council's hospital team?", queryset=Team.objects.none(),
                                  widget=forms.RadioSelect, empty_label=None,
                                  error_messages={"required": "Choose the team that is the council's hospital team",
                                                  "invalid_choice": "Choose one of the teams listed"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")  # type: ignore[attr-defined]


REASONS = [(r.value, w) for r, w in WITHDRAWAL_REASON_WORDS.items()]


class WithdrawForm(GovukForm):
    reason = forms.ChoiceField(label="Why are you withdrawing this request?", widget=forms.RadioSelect,
                               choices=REASONS,
                               error_messages={"required": "Choose why you are withdrawing this request",
                                               "invalid_choice": "Choose why you are withdrawing this request"})
    words = forms.CharField(label="What happened?", max_length=WITHDRAWAL_WORDS_MAX,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="A few words for the hospital team, for example 'She recovered well and went "
                                      "home with her daughter'.",
                            error_messages={"required": "Say what happened in at least 3 words, for the hospital team",
                                            "max_length": f"Say what happened in {WITHDRAWAL_WORDS_MAX} characters or "
                                                          "fewer"})
