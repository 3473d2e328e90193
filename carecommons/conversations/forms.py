"""Forms for asking for, booking, recording and following up conversations. One question a page."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.core.inputs import is_ascii_digits
from carecommons.rules import contact
from carecommons.rules.booking import PARTS_OF_DAY
from carecommons.rules.recording import AGREEMENT_LABELS, Agreement

WHO_SELF = "self"
WHO_ON_BEHALF = "on_behalf"
WHO_PHONE = "phone"
WHO_WALK_IN = "walk_in"


class WhoForm(GovukForm):
    who = forms.ChoiceField(
        label="Who is the conversation for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the conversation is for"},
    )

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(WHO_SELF, "Me"), (WHO_ON_BEHALF, "Someone else – I am asking for them")]
        if staff:
            choices = [
                (WHO_PHONE, "Someone on the phone"),
                (WHO_WALK_IN, "Someone who has walked in"),
                (WHO_ON_BEHALF, "Someone else – a referral from a family member, friend or service"),
            ]
        self.fields["who"].choices = choices


class RequesterForm(GovukForm):
    requester_name = forms.CharField(label="Your name", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}),
                                     error_messages={"required": "Enter your name"})
    requester_relationship = forms.CharField(
        label="How do you know them?", max_length=100, help_text="For example, their daughter, neighbour or GP", required=False
    )

    def clean_requester_name(self) -> str:
        checked = contact.check_name(self.cleaned_data.get("requester_name", ""), what="your name")
        if not checked.ok:
            raise forms.ValidationError(checked.error)
        return checked.value


class NameForm(GovukForm):
    full_name = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"spellcheck": "false"}))

    def __init__(self, *args: Any, for_self: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.for_self = for_self
        self.fields["full_name"].label = "What is your name?" if for_self else "What is their name?"
        self.fields["full_name"].error_messages["required"] = "Enter your name" if for_self else "Enter their name"
        if for_self:
            self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    def clean_full_name(self) -> str:
        checked = contact.check_name(self.cleaned_data.get("full_name", ""), what="your name" if self.for_self else "their name")
        if not checked.ok:
            raise forms.ValidationError(checked.error)
        return checked.value


class ContactForm(GovukForm):
    contact_by = forms.ChoiceField(
        label="How should we get in touch?",
        widget=forms.RadioSelect,
        choices=[("phone", "Phone call"), ("text", "Text message"), ("email", "Email")],
        error_messages={"required": "Select how we should get in touch"},
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=30,
                            widget=forms.TextInput(attrs={"autocomplete": "tel"}))
    mobile = forms.CharField(label="Mobile phone number", required=False, max_length=30,
                             widget=forms.TextInput(attrs={"autocomplete": "tel"}))
    email = forms.CharField(label="Email address", required=False, max_length=254,
                            widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
    REVEALED = ("phone", "mobile", "email")  # asked under their choice of "How should we get in touch?", not on their own

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_by"].reveals = {"phone": ["phone"], "text": ["mobile"], "email": ["email"]}  # type: ignore[attr-defined]
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10,
                               help_text="This helps us suggest a hub near you",
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        how = data.get("contact_by")
        # Only the way chosen is asked for (the others stay hidden under their choices) and only it is kept.
        number = "mobile" if how == "text" else "phone"
        given = {name: data.get(name, "") for name in self.REVEALED}
        data["phone"] = data["email"] = ""
        if how in ("phone", "text"):
            checked = contact.check_uk_phone(given[number])
            if checked.ok:
                data["phone"] = checked.value
            else:
                self.add_error(number, checked.error)
        if how == "email":
            checked = contact.check_email(given["email"])
            if checked.ok:
                data["email"] = checked.value
            else:
                self.add_error("email", checked.error)
        if data.get("postcode"):
            checked = contact.check_postcode(data["postcode"])
            if checked.ok:
                data["postcode"] = checked.value
            else:
                self.add_error("postcode", checked.error)
        return data


class OnMindForm(GovukForm):
    on_their_mind = forms.CharField(
        label="What would you like to talk about?",
        help_text="A few words is fine. You can say more at the conversation.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tell us a little about what you would like to talk about",
                        "max_length": "Keep this to 2,000 characters or fewer. You can say more at the conversation."},
    )


class AccessNeedsForm(GovukForm):
    access_needs = forms.CharField(
        label="Is there anything that would help at the conversation? (optional)",
        help_text="For example, step-free access, a British Sign Language interpreter, easy read, or someone with you",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HubForm(GovukForm):
    hub = forms.ChoiceField(label="Where would you like to meet?", widget=forms.RadioSelect,
                            error_messages={"required": "Select where you would like to meet, or 'Anywhere'"})
    times = forms.MultipleChoiceField(
        label="When suits you? (optional)",
        help_text="Select all that apply. Leave blank if any time suits.",
        widget=forms.CheckboxSelectMultiple,
        choices=[(p, {"morning": "Mornings", "afternoon": "Afternoons", "evening": "Evenings (after 5pm)"}[p]) for p in PARTS_OF_DAY],
        required=False,
    )

    def __init__(self, *args: Any, hubs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [(str(h.pk), h.name) for h in hubs] + [("any", "Anywhere – the soonest time")]
        self.fields["hub"].choice_hints = {str(h.pk): f"{h.get_kind_display()}, {h.postcode}" for h in hubs}  # type: ignore[attr-defined]


class ChooseTimeForm(GovukForm):
    slot = forms.CharField(error_messages={"required": "Choose a time, or ask to go on the waiting list"})

    def clean_slot(self) -> str:
        value = self.cleaned_data["slot"]
        if value != "wait" and not is_ascii_digits(value):
            raise forms.ValidationError("Choose one of the times shown")
        return value


class ConversationForm(GovukForm):
    """The whole record on one page. Required: when, what matters, what was agreed."""

    held_on = GovukDateField(label="When was the conversation?", help_text="For example, 27 3 2026", what="date of the conversation")
    what_matters = forms.CharField(
        label="What matters to them, in their words",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Write what matters to the person, in their own words"},
    )
    strengths_own = forms.CharField(label="Their own strengths (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    strengths_family_friends = forms.CharField(label="Strengths from family and friends (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    strengths_community = forms.CharField(label="Strengths in their community (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    outcomes = forms.CharField(label="What they want to be different (optional)", help_text="The outcomes they want, in their words", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    agreed = forms.MultipleChoiceField(
        label="What was agreed?",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        choices=[(a.value, AGREEMENT_LABELS[a]) for a in Agreement],
        error_messages={"required": "Select what was agreed, or 'Nothing more is needed'"},
    )
    agreed_details = forms.CharField(label="Details of what was agreed (optional)", help_text="For example, which group, what information, when to follow up", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    who_was_there = forms.CharField(label="Who was there? (optional)", help_text="For example, their son Sam, and Jo from the café", required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_agreed(self) -> list[str]:
        from carecommons.rules.recording import check_agreements

        chosen = self.cleaned_data.get("agreed", [])
        check = check_agreements({Agreement(a) for a in chosen})
        if not check.ok:
            raise forms.ValidationError(check.reasons[0])
        return chosen

    def clean_held_on(self) -> Any:
        import datetime as dt

        from django.utils import timezone

        value = self.cleaned_data.get("held_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of the conversation must be today or in the past")
        if value and value < dt.date(2000, 1, 1):
            raise forms.ValidationError("The date of the conversation must be after 1 January 2000")
        return value


class FollowUpForm(GovukForm):
    useful = forms.ChoiceField(label="Was the conversation useful?", widget=forms.RadioSelect,
                               choices=[("yes", "Yes"), ("partly", "Partly"), ("no", "No")],
                               error_messages={"required": "Select whether the conversation was useful"})
    difference = forms.ChoiceField(label="Has it made a difference to you?", widget=forms.RadioSelect,
                                   choices=[("yes", "Yes"), ("partly", "A little"), ("no", "No"), ("too_soon", "It is too soon to say")],
                                   error_messages={"required": "Select whether it has made a difference"})
    anything_else = forms.CharField(label="Is there anything else you want to tell us? (optional)", required=False,
                                    max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class MergeRequestsForm(GovukForm):
    reason = forms.CharField(
        label="Why are these the same request?",
        help_text="For example, what the person told you. It is kept with your name.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why these requests are the same",
                        "max_length": "Keep this to 1,000 characters or fewer"},
    )
