"""The administrator's forms for staff accounts."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukForm
from carecommons.people.models import StaffMember, Team
from carecommons.rules.staff_accounts import STAFF_ACCOUNT_ROLES


class StaffAccountForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=150, error_messages={"required": "Enter their first name"})
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter their last name"})
    email = forms.EmailField(
        label="Work email address", max_length=254, help_text="We will email them a link to choose a password",
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={"required": "Enter their work email address",
                        "invalid": "Enter an email address in the right format, like name@example.com"},
    )
    username = forms.RegexField(
        label="Username", max_length=150, regex=r"^[\w.@+-]+$",
        help_text="What they type to sign in, for example priya.shah. Letters, numbers and . @ + - _ only",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"}),
        error_messages={"required": "Enter a username",
                        "invalid": "A username can only have letters, numbers and . @ + - _"},
    )
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect, error_messages={"required": "Select a role"})
    team = forms.ModelChoiceField(
        label="Team (for practitioners and team managers)", queryset=Team.objects.none(), required=False,
        empty_label="No team",
    )
    host = forms.ModelChoiceField(
        label="Host organisation (for hub hosts)", queryset=Team.objects.none(), required=False, empty_label="None",
    )

    def __init__(self, *args: Any, hosts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(StaffMember.RoleChoice.choices)
        self.fields["role"].choices = [(r.value, labels[r.value]) for r in STAFF_ACCOUNT_ROLES]  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]


class StaffRoleForm(GovukForm):
    """Another role, team or host organisation for an account (the same choices as adding one)."""

    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect, error_messages={"required": "Select a role"})
    team = forms.ModelChoiceField(
        label="Team (for practitioners and team managers)", queryset=Team.objects.none(), required=False,
        empty_label="No team",
    )
    host = forms.ModelChoiceField(
        label="Host organisation (for hub hosts)", queryset=Team.objects.none(), required=False, empty_label="None",
    )

    def __init__(self, *args: Any, hosts: Any, staff: StaffMember, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"role": staff.role, "team": staff.team_id, "host": staff.host_id})
        super().__init__(*args, **kwargs)
        labels = dict(StaffMember.RoleChoice.choices)
        self.fields["role"].choices = [(r.value, labels[r.value]) for r in STAFF_ACCOUNT_ROLES]  # type: ignore[attr-defined]
        self.fields["role"].error_messages["invalid_choice"] = "Select a role"
        self.fields["team"].queryset = Team.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["team"].error_messages["invalid_choice"] = "Select a team from the list"
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]
        self.fields["host"].error_messages["invalid_choice"] = "Select a host organisation from the list"


class StaffStatusForm(GovukForm):
    reason = forms.CharField(
        label="Why?", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the record of changes to this account, for example: left the council on 30 November",
        error_messages={"required": "Say why"},
    )
