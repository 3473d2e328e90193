from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.rules.contact import check_email, check_uk_phone
from carecommons.rules.safeguarding import (
    ABUSE_TYPES,
    ACHIEVED_WORDS,
    AGENCIES,
    CAPACITY_WORDS,
    LOCATIONS,
    OUTCOMES_ASKED_WORDS,
    PLAN_WORDS,
    RISK_WORDS,
    ROUTE_WORDS,
    SOURCES_OF_RISK,
    TEST_QUESTIONS,
    S42Test,
)
from carecommons.safeguarding.models import Concern

YES_NO_NOT_SURE = Concern.YesNoNotSure.choices
YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, *, required: bool = False, max_length: int = 300, help_text: str = "", rows: int = 0,
          required_message: str = "") -> forms.CharField:
    field = forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text,
                            widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput())
    if required_message:
        field.error_messages["required"] = required_message
    return field


class ConcernForm(GovukForm):
    """Raising a concern: one clear form, everything but what happened and the danger question optional."""

    immediate_danger = forms.ChoiceField(
        label="Is anyone in danger right now?", widget=forms.RadioSelect, choices=YES_NO_NOT_SURE,
        error_messages={"required": "Say whether anyone is in danger right now"})
    about_name = _text("Who are you worried about? (optional)", max_length=100,
                       help_text="Their name. If you do not know it, leave this empty and describe them below.")
    about_where = _text("Where do they live? (optional)", help_text="An address, a street or a place we can find them.")
    what_happened = _text("What has happened, or what are you worried might happen?", required=True, max_length=5000,
                          rows=6, help_text="Say what you saw or heard, when, and who was involved, if you know.",
                          required_message="Tell us what has happened, or what you are worried might happen")
    happened_where = _text("Where did it happen? (optional)", help_text="For example, at their home, at a care home "
                                                                       "or in the street.")
    person_knows = forms.ChoiceField(label="Do they know you are telling us? (optional)", widget=forms.RadioSelect,
                                     choices=YES_NO_NOT_SURE, required=False)
    person_wants = _text("What do they want to happen? (optional)", max_length=2000, rows=3,
                         help_text="In their own words, if you know.")
    raiser_relationship = forms.ChoiceField(label="Who are you? (optional)", widget=forms.RadioSelect,
                                            choices=Concern.Relationship.choices, required=False)
    raiser_name = _text("Your name (optional)", max_length=100)
    raiser_phone = _text("Your phone number (optional)", max_length=30)
    raiser_email = _text("Your email address (optional)", max_length=254)

    def clean_raiser_phone(self) -> str:
        raw = self.cleaned_data.get("raiser_phone", "").strip()
        if not raw:
            return ""
        checked = check_uk_phone(raw)
        if not checked.ok:
            raise forms.ValidationError(checked.error)
        return checked.value

    def clean_raiser_email(self) -> str:
        raw = self.cleaned_data.get("raiser_email", "").strip()
        if not raw:
            return ""
        checked = check_email(raw)
        if not checked.ok:
            raise forms.ValidationError(checked.error)
        return checked.value

    def clean_what_happened(self) -> str:
        text = self.cleaned_data.get("what_happened", "").strip()
        if not any(c.isalpha() for c in text):
            raise forms.ValidationError("Tell us in words what has happened, or what you are worried might happen")
        return text


class StaffConcernForm(ConcernForm):
    """Raising a concern from a person's record: who it is about is known, and so is who is raising it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("about_name", "about_where", "raiser_relationship", "raiser_name", "raiser_phone", "raiser_email"):
            del self.fields[name]


class TriageForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
    needs = forms.ChoiceField(label=TEST_QUESTIONS[S42Test.NEEDS], widget=forms.RadioSelect, choices=YES_NO,
                              error_messages={"required": "Answer the first test: needs for care and support"})
    abuse_or_neglect = forms.ChoiceField(label=TEST_QUESTIONS[S42Test.ABUSE_OR_NEGLECT], widget=forms.RadioSelect,
                                         choices=YES_NO,
                                         error_messages={"required": "Answer the second test: abuse or neglect"})
    unable_to_protect = forms.ChoiceField(label=TEST_QUESTIONS[S42Test.UNABLE_TO_PROTECT], widget=forms.RadioSelect,
                                          choices=YES_NO,
                                          error_messages={"required": "Answer the third test: unable to protect "
                                                                      "themselves"})
    route = forms.ChoiceField(label="What happens next?", widget=forms.RadioSelect,
                              choices=[(r.value, w) for r, w in ROUTE_WORDS.items()],
                              error_messages={"required": "Choose what happens next"})
    referred_to = _text("Which agency?", max_length=200, help_text="For example, the police, the GP or the housing "
                                                                    "provider.")
    reasons = _text("Your reasons", required=True, max_length=5000, rows=5,
                    help_text="Say why, in words the person could read.",
                    required_message="Give your reasons in at least 5 words")
    abuse_types = forms.MultipleChoiceField(label="Type of abuse or neglect", widget=forms.CheckboxSelectMultiple,
                                            choices=list(ABUSE_TYPES.items()), help_text="Choose all that apply.",
                                            error_messages={"required": "Choose at least one type of abuse or neglect"})
    location = forms.ChoiceField(label="Where is the risk?", widget=forms.RadioSelect, choices=list(LOCATIONS.items()),
                                 error_messages={"required": "Choose where the risk is"})
    source_of_risk = forms.ChoiceField(label="Who is the risk from?", widget=forms.RadioSelect,
                                       choices=list(SOURCES_OF_RISK.items()),
                                       error_messages={"required": "Choose who the risk is from"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].reveals = {"referral": ["referred_to"]}  # type: ignore[attr-defined]


class FindPersonForm(GovukForm):
    q = forms.CharField(label="Name, phone number or postcode", max_length=100, required=False)


class LinkPersonForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class NewPersonForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
    new_name = _text("Their full name", required=True, max_length=100, required_message="Enter their name")
    new_born = GovukDateField(label="Their date of birth (optional)", what="date of birth", required=False,
                              help_text="For example, 27 3 1948")


class EnquiryStartForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
    outcomes_asked = forms.ChoiceField(
        label="Was the person (or their representative) asked what outcome they want?", widget=forms.RadioSelect,
        choices=[(o.value, w) for o, w in OUTCOMES_ASKED_WORDS.items()],
        error_messages={"required": "Say whether they were asked what outcome they want"})
    desired_outcomes = _text("What do they want to happen, in their own words?", max_length=5000, rows=4)
    not_asked_why = _text("Why were they not asked?", max_length=2000, rows=3)
    lacks_capacity = forms.ChoiceField(
        label="Does the person lack mental capacity to make decisions about this enquiry?", widget=forms.RadioSelect,
        choices=[(c.value, w) for c, w in CAPACITY_WORDS.items()], required=False,  # the rules say it is missing
        help_text="Answer yes or no only if their capacity to make these decisions has been assessed. If it has not, "
                  "choose not assessed yet: do not guess.")
    substantial_difficulty = forms.ChoiceField(
        label="Would they have substantial difficulty taking part in the enquiry?", widget=forms.RadioSelect,
        choices=YES_NO, help_text="For example, understanding or remembering what is said, weighing it up, or "
                                  "saying what they think.",
        error_messages={"required": "Say whether they would have substantial difficulty taking part"})
    appropriate_person = _text("Who can support them to take part? (optional)", max_length=200,
                               help_text="A family member or friend who is suitable and who they agree to. Not "
                                         "someone paid to care for them.")
    advocate = _text("Independent advocate arranged (optional)", max_length=200,
                     help_text="Their name and organisation. Needed when they would have substantial difficulty and "
                               "nobody appropriate can support them (Care Act 2014, section 68).")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcomes_asked"].reveals = {  # type: ignore[attr-defined]
            "yes": ["desired_outcomes"], "no": ["not_asked_why"]}


class CloseForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
    outcomes_achieved = forms.ChoiceField(label="Did they get the outcome they wanted?", widget=forms.RadioSelect,
                                          choices=[(a.value, w) for a, w in ACHIEVED_WORDS.items()], required=False,
                                          help_text="Ask them, or their representative.")
    risk = forms.ChoiceField(label="What happened to the risk?", widget=forms.RadioSelect,
                             choices=[(r.value, w) for r, w in RISK_WORDS.items()], required=False)
    risk_why = _text("Why does the risk remain?", max_length=2000, rows=3,
                     help_text="For example, they choose to keep seeing the person, knowing the risk.")
    reasons = _text("Why is it closing?", required=True, max_length=5000, rows=4,
                    required_message="Give the reasons for closing in at least 5 words")

    def __init__(self, *args: Any, enquiry: bool = True, asked: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["risk"].reveals = {"remains": ["risk_why"]}  # type: ignore[attr-defined]
        if not enquiry:
            for name in ("outcomes_achieved", "risk", "risk_why"):
                del self.fields[name]
        elif not asked:
            del self.fields["outcomes_achieved"]


class MeetingForm(GovukForm):
    held_on = GovukDateField(label="When was it?", what="date of the meeting", help_text="For example, 27 3 2026")
    agencies = forms.MultipleChoiceField(label="Which agencies took part?", widget=forms.CheckboxSelectMultiple,
                                         choices=list(AGENCIES.items()), help_text="Choose all that apply.",
                                         error_messages={"required": "Choose at least one agency that took part"})
    attendees = _text("Who was there?", required=True, max_length=2000, rows=3,
                      help_text="Names and where they are from.", required_message="Say who was there")
    actions = _text("What was agreed, and who will do it?", required=True, max_length=5000, rows=5,
                    required_message="Say what was agreed, and who will do it, in at least 5 words")


class PlanForm(GovukForm):
    kind = forms.ChoiceField(label="What kind of plan?", widget=forms.RadioSelect,
                             choices=[(k.value, w) for k, w in PLAN_WORDS.items()],
                             error_messages={"required": "Choose the kind of plan"})
    risks_chosen = _text("Which risks do they choose to take, in their words?", max_length=3000, rows=3)
    support = _text("What support will make the risk smaller?", required=True, max_length=3000, rows=4,
                    required_message="Say what support will make the risk smaller")
    who_does_what = _text("Who will do what?", required=True, max_length=3000, rows=4,
                          required_message="Say who will do what")
    review_on = GovukDateField(label="When will the plan be reviewed?", what="review date",
                               help_text="Within 6 months. For example, 27 3 2026")
    person_agrees = forms.BooleanField(label="They (or their representative) agree to this plan", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].reveals = {"risk_enablement": ["risks_chosen"]}  # type: ignore[attr-defined]
