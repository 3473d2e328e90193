"""The personal assistants' pay calculator, as a form anyone can use."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm, pounds_to_pence
from carecommons.rules.direct_payments import (
    BASIS_WORDS,
    CLOSE_RELATIVES,
    NECESSITY_WORDS,
    PARTNERS,
    RECOVERY_WORDS,
    RELATIONSHIP_WORDS,
)
from carecommons.rules.pa_pay import Shift

_LINE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2})[:.](\d{2})\s*(?:-|to|–)\s*(\d{1,2})[:.](\d{2})\s*$", re.I)


class PayForm(GovukForm):
    hourly_rate = forms.CharField(label="Hourly rate", help_text="In pounds, like 13.45", max_length=10,
                                  error_messages={"required": "Enter the hourly rate, like 13.45"})
    years_of_service = forms.IntegerField(label="Years worked for this person", min_value=0, max_value=60, initial=0,
                                          error_messages={"required": "Enter the years worked, or 0",
                                                          "invalid": "Enter the years worked as a whole number, like 2",
                                                          "min_value": "Years worked cannot be negative",
                                                          "max_value": "Years worked must be 60 or fewer"})
    increment = forms.CharField(label="Rise for each year worked (optional)", help_text="In pounds an hour, like 0.20",
                                required=False, max_length=10)
    bank_holiday_multiplier = forms.ChoiceField(label="Pay on bank holidays", widget=forms.RadioSelect, initial="1.5",
                                                choices=[("1", "The usual rate"), ("1.5", "Time and a half"), ("2", "Double time")],
                                                error_messages={"required": "Select the pay on bank holidays"})
    london = forms.ChoiceField(label="Do they work in London?", widget=forms.RadioSelect, choices=[("no", "No"), ("yes", "Yes")],
                               error_messages={"required": "Select whether they work in London"})
    shifts = forms.CharField(label="Shifts", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
                             help_text="One shift a line: the date, then the start and end times. For example, 25/05/2026 09:00-13:00",
                             error_messages={"required": "Enter at least one shift, like 25/05/2026 09:00-13:00"})

    def clean_hourly_rate(self) -> int:
        return pounds_to_pence(self.cleaned_data["hourly_rate"], "the hourly rate")

    def clean_increment(self) -> int:
        value = self.cleaned_data.get("increment", "")
        return pounds_to_pence(value, "the yearly rise") if value.strip() else 0

    def clean_shifts(self) -> list[Shift]:
        shifts: list[Shift] = []
        lines = [line for line in self.cleaned_data["shifts"].splitlines() if line.strip()]
        if len(lines) > 200:
            raise forms.ValidationError("Enter 200 shifts or fewer")
        for number, line in enumerate(lines, start=1):
            m = _LINE.match(line)
            if not m:
                raise forms.ValidationError(f"Line {number} must be a date and times, like 25/05/2026 09:00-13:00")
            day, month, year, sh, sm, eh, em = (int(g) for g in m.groups())
            try:
                shifts.append(Shift(dt.date(year, month, day), dt.time(sh, sm), dt.time(eh, em)))
            except ValueError:
                raise forms.ValidationError(f"Line {number} must be a real date and real times, like 25/05/2026 09:00-13:00") from None
        return shifts

    def as_terms(self) -> dict[str, Any]:
        cd = self.cleaned_data
        return {"hourly_rate_pence": cd["hourly_rate"], "bank_holiday_multiplier": Decimal(cd["bank_holiday_multiplier"]),
                "years_of_service": cd["years_of_service"], "service_increment_pence_per_year": cd["increment"],
                "london": cd["london"] == "yes"}


def pounds_field(label: str, *, help_text: str = "In pounds, like 45.50", required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, max_length=12, required=required,
                           error_messages={"required": f"Enter {label.lower().split(' (')[0]}, like 45.50"})


class MoneyCleaning:
    cleaned_data: dict[str, Any]

    def pence(self, name: str, what: str) -> int:
        value = self.cleaned_data.get(name, "")
        return pounds_to_pence(value, what) if str(value).strip() else 0


class PlanItemForm(MoneyCleaning, GovukForm):
    outcome = forms.ChoiceField(label="Which thing that is hard to do is this for?", widget=forms.RadioSelect,
                                error_messages={"required": "Select which thing this is for"})
    met_by = forms.ChoiceField(label="Who or what will help?", widget=forms.RadioSelect,
                               choices=[("self", "Myself"), ("family", "Family and friends"),
                                        ("community", "A community group"), ("paid", "Paid support")],
                               error_messages={"required": "Select who or what will help"})
    description = forms.CharField(label="What will happen?", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                  help_text="In your own words. For example: my neighbour walks with me to the shops on Tuesdays",
                                  error_messages={"required": "Say what will happen"})
    # Asked under their choice of "Who or what will help?" (see `reveals` below), so never on their own.
    community_group = forms.ChoiceField(label="Which community group or service?", required=False,
                                        help_text="From the community directory")
    paid_kind = forms.ChoiceField(label="What kind of paid support?", required=False, widget=forms.RadioSelect,
                                  choices=[("provider", "A care provider"), ("personal_assistant", "A personal assistant"),
                                           ("equipment", "Equipment"), ("activity", "An activity")])
    supplier = forms.CharField(label="Who provides it? (optional)", required=False, max_length=200, help_text="A name is enough")
    weekly_cost = pounds_field("Cost each week", required=False, help_text="In pounds, like 45.50")

    def __init__(self, *args: Any, outcomes: list[tuple[str, str]], groups: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [*outcomes, ("other", "Something else that matters to me")]
        self.fields["community_group"].choices = [("", "Choose a group"), *groups]
        self.fields["met_by"].reveals = {"community": ["community_group"], "paid": ["paid_kind", "supplier", "weekly_cost"]}  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("met_by") == "paid":
            if not cd.get("paid_kind"):
                self.add_error("paid_kind", "Select what kind of paid support it is")
            try:
                cd["weekly_cost"] = self.pence("weekly_cost", "the cost each week")
            except forms.ValidationError as e:
                self.add_error("weekly_cost", e)
                return cd
            if not cd["weekly_cost"]:
                self.add_error("weekly_cost", "Enter the cost each week, like 45.50")
        else:
            cd["weekly_cost"] = 0
        if cd.get("met_by") == "community" and not cd.get("community_group"):
            self.add_error("community_group", "Choose the community group, or choose someone else who will help")
        return cd


class ManagementForm(GovukForm):
    way = forms.ChoiceField(label="How would you like your budget to be managed?", widget=forms.RadioSelect,
                            error_messages={"required": "Select how you would like your budget to be managed"})
    isf_provider = forms.CharField(label="Which provider will hold an individual service fund? (optional)", required=False,
                                   max_length=200, help_text="Only if you choose an individual service fund")

    def __init__(self, *args: Any, paid_items: list[Any], **kwargs: Any) -> None:
        from carecommons.rules.management import SINGLE_WAYS, WAYS

        super().__init__(*args, **kwargs)
        self.fields["way"].choices = [(k, v[0]) for k, v in WAYS.items()]
        self.fields["way"].choice_hints = {k: v[1] for k, v in WAYS.items()}  # type: ignore[attr-defined]
        self.item_fields = []
        for item in paid_items:
            name = f"item_{item.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"For a mix: how is “{item.description[:60]}” managed? (optional)", required=False,
                choices=[("", "Choose"), *((k, WAYS[k][0]) for k in SINGLE_WAYS)])
            self.item_fields.append(name)

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("way") == "individual_service_fund" and not cd.get("isf_provider", "").strip():
            self.add_error("isf_provider", "Enter which provider will hold the individual service fund")
        if cd.get("way") == "mixed":
            for name in self.item_fields:
                if not cd.get(name):
                    self.add_error(name, "For a mix, choose how this part is managed")
        return cd


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, *, help_text: str = "", required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, widget=forms.RadioSelect, choices=YES_NO, help_text=help_text, required=required,
                             error_messages={"required": f"Select yes or no: {label[0].lower()}{label[1:].rstrip('?')}"})


class AgreeForm(GovukForm):
    notes = forms.CharField(label="Notes for the person (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=4000, help_text="Anything they should know about the decision")
    sign_off_by = forms.ChoiceField(label="Who will sign it off?", required=False,
                                    help_text="The plan is above your delegated limit. Choose one colleague whose limit covers it.")

    def __init__(self, *args: Any, colleagues: list[tuple[str, str]] | None, direct_payment: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if colleagues is None:
            del self.fields["sign_off_by"]
        else:
            self.fields["sign_off_by"].choices = [("", "Choose a colleague"), *colleagues]
            self.fields["sign_off_by"].required = True
            self.fields["sign_off_by"].error_messages["required"] = "Choose the colleague who will sign it off"
        if direct_payment:
            self.fields.update({
                "has_capacity": yes_no("Can they ask for a direct payment themselves?", help_text="Do they have capacity to request it (section 31)?"),
                "nominee": forms.CharField(label="Who do they want it paid to instead? (optional)", required=False, max_length=100,
                                           help_text="Only if they can ask for it themselves and choose someone else to "
                                                     "receive it, for example a friend (section 31(1)(b))"),
                "nominee_agrees": yes_no("Has the person they chose agreed to receive it? (optional)", required=False),
                "authorised_person": forms.CharField(label="Who asks for it and manages it for them? (optional)", required=False,
                                                     max_length=100, help_text="Only if they do not have capacity (section 32)"),
                "authorised_basis": forms.ChoiceField(
                    label="Who is that person? (optional)", required=False, widget=forms.RadioSelect,
                    choices=[(k.value, v) for k, v in BASIS_WORDS.items()],
                    help_text="Only if they do not have capacity (section 32(4))"),
                "supporter_name": forms.CharField(
                    label="Name of the deputy or attorney (optional)", required=False, max_length=100,
                    help_text="Only if the person asking is not the deputy or attorney, but there is one (section 32(5))"),
                "supporter_supports": yes_no("Does the deputy or attorney support the request? (optional)", required=False),
                "authorised_person_agrees": yes_no("Has the person who asks for it agreed to receive it? (optional)", required=False),
                "authorised_person_suitable": yes_no("Will that person act in their best interests? (optional)", required=False),
                "excluded_by_regulations": yes_no("Do the regulations exclude a direct payment here?",
                                                  help_text="For example, some court orders about drugs or alcohol"),
                "able_to_manage": yes_no("Can it be managed, with the help that is available?"),
                "appropriate": yes_no("Is a direct payment an appropriate way to meet the needs?"),
                "pays_close_family_in_household": yes_no("Will it pay a partner or close relative who lives in the same household?"),
                "necessary_reasons": forms.CharField(
                    label="If so, why is it necessary? (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=2000, help_text="The council can allow it only when it is necessary. Your reasons are recorded."),
            })
            self.direct_payment_fields = ["has_capacity", "nominee", "nominee_agrees", "authorised_person", "authorised_basis",
                                          "supporter_name", "supporter_supports", "authorised_person_agrees", "authorised_person_suitable",
                                          "excluded_by_regulations", "able_to_manage", "appropriate",
                                          "pays_close_family_in_household", "necessary_reasons"]

    def dp_facts(self) -> Any:
        from carecommons.rules.management import DirectPaymentFacts

        cd = self.cleaned_data
        if "has_capacity" not in self.fields:
            return None
        reasons = cd.get("necessary_reasons", "").strip()
        return DirectPaymentFacts(
            has_capacity=cd["has_capacity"] == "yes", excluded_by_regulations=cd["excluded_by_regulations"] == "yes",
            able_to_manage=cd["able_to_manage"] == "yes", appropriate=cd["appropriate"] == "yes",
            authorised_person=cd.get("authorised_person", ""), authorised_person_agrees=cd.get("authorised_person_agrees") == "yes",
            authorised_person_suitable=cd.get("authorised_person_suitable") == "yes",
            pays_close_family_in_household=cd["pays_close_family_in_household"] == "yes",
            council_decides_necessary=bool(reasons), necessary_reasons=reasons,
            nominee=cd.get("nominee", "").strip() if cd["has_capacity"] == "yes" else "",
            nominee_agrees=cd.get("nominee_agrees") == "yes", authorised_basis=cd.get("authorised_basis", ""),
            supporter_name=cd.get("supporter_name", "").strip(), supporter_supports=cd.get("supporter_supports") == "yes")


class SignOffForm(GovukForm):
    reasons = forms.CharField(label="Your reasons for signing it off", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                              help_text="The person will see them", error_messages={"required": "Give your reasons for signing it off"})


class MoneyForm(MoneyCleaning, GovukForm):
    what = forms.ChoiceField(label="What is it?", widget=forms.RadioSelect, error_messages={"required": "Select what it is"})
    amount = pounds_field("Amount")
    on = GovukDateField(label="Date", what="date", help_text="For example, 27 3 2026")
    payee = forms.CharField(label="Who was paid? (optional)", required=False, max_length=200, help_text="Only for a payment")
    description = forms.CharField(label="What was it for? (optional)", required=False, max_length=250)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from carecommons.budgets.services import MONEY_KINDS

        super().__init__(*args, **kwargs)
        self.fields["what"].choices = list(MONEY_KINDS.items())

    def clean_amount(self) -> int:
        return pounds_to_pence(self.cleaned_data["amount"], "the amount")

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("what") == "payment" and not cd.get("payee", "").strip():
            self.add_error("payee", "Enter who was paid")
        return cd


class CorrectionForm(GovukForm):
    reason = forms.CharField(label="Why is it wrong?", widget=forms.Textarea(attrs={"rows": 3}), max_length=250,
                             error_messages={"required": "Say why it is wrong"})


class ReviewForm(GovukForm):
    reviewed_on = GovukDateField(label="Date of the review", what="date of the review", help_text="For example, 27 3 2026")
    notes = forms.CharField(label="What did the review find?", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                            help_text="Is the support working? Does anything need to change?",
                            error_messages={"required": "Say what the review found"})


class AssistantForm(MoneyCleaning, GovukForm):
    name = forms.CharField(label="Name", max_length=100, error_messages={"required": "Enter their name"})
    hourly_rate = pounds_field("Hourly rate", help_text="In pounds, like 13.45")
    years_of_service = forms.IntegerField(label="Years worked for you", min_value=0, max_value=60, initial=0,
                                          error_messages={"required": "Enter the years worked, or 0",
                                                          "invalid": "Enter the years worked as a whole number, like 2"})
    increment = pounds_field("Rise for each year worked (optional)", help_text="In pounds an hour, like 0.20", required=False)
    bank_holiday_multiplier = forms.ChoiceField(label="Pay on bank holidays", widget=forms.RadioSelect, initial="1.5",
                                                choices=[("1", "The usual rate"), ("1.5", "Time and a half"), ("2", "Double time")],
                                                error_messages={"required": "Select the pay on bank holidays"})
    london = forms.ChoiceField(label="Do they work in London?", widget=forms.RadioSelect, choices=[("no", "No"), ("yes", "Yes")],
                               error_messages={"required": "Select whether they work in London"})
    date_of_birth = GovukDateField(label="Their date of birth (optional)", what="date of birth", required=False,
                                   help_text="The lowest legal pay depends on age. Without it, pay is checked against "
                                             "the rate for people aged 21 and over. For example, 27 3 1990")
    apprentice_first_year = forms.ChoiceField(
        label="Are they an apprentice under 19, or in the first year of their apprenticeship?", widget=forms.RadioSelect,
        choices=[("no", "No"), ("yes", "Yes")], initial="no", required=False)
    irregular_hours = forms.ChoiceField(
        label="Do they work irregular hours, or only part of the year?", widget=forms.RadioSelect, initial="yes",
        required=False, choices=[("yes", "Yes: holiday pay builds up at 12.07% of the hours they work"),
                                 ("no", "No: they have 5.6 weeks' paid holiday at their normal pay")])

    pension_status = forms.ChoiceField(
        label="Are they in a workplace pension?", widget=forms.RadioSelect, initial="not_eligible", required=False,
        choices=[("enrolled", "Yes: you pay at least 3% of their qualifying earnings into it"),
                 ("opted_out", "No: they have opted out"),
                 ("not_eligible", "No: they are not eligible to be enrolled")],
        help_text="Anyone aged 22 to State Pension age who earns more than £192 a week must be enrolled, unless they "
                  "opt out.")
    relationship = forms.ChoiceField(
        label="How are they related to the person?", widget=forms.RadioSelect,
        choices=[(k.value, v) for k, v in RELATIONSHIP_WORDS.items()],
        help_text="The law says who a direct payment can pay. A partner cannot usually be paid, and nor can a close "
                  "relative who lives with the person",
        error_messages={"required": "Select how they are related to the person"})
    same_household = forms.ChoiceField(label="Do they live in the same household as the person?", widget=forms.RadioSelect,
                                       choices=[("no", "No"), ("yes", "Yes")],
                                       error_messages={"required": "Select whether they live in the same household"})
    necessity_basis = forms.ChoiceField(
        label="If the council has decided paying them is necessary, why? (optional)", required=False,
        widget=forms.RadioSelect, choices=[(k.value, v) for k, v in NECESSITY_WORDS.items()],
        help_text="Only for a partner, or a close relative who lives with the person. Only the council decides this")
    necessity_decided_on = GovukDateField(label="Date the council decided (optional)", what="date the council decided",
                                          required=False, help_text="For example, 27 3 2026")
    necessity_reasons = forms.CharField(label="The council's reasons (optional)", required=False, max_length=4000,
                                        widget=forms.Textarea(attrs={"rows": 4}),
                                        help_text="Why no one else could meet the needs or give the help. The person sees "
                                                  "these reasons")

    def __init__(self, *args: Any, council: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not council:
            for name in ("necessity_basis", "necessity_decided_on", "necessity_reasons"):
                del self.fields[name]

    def clean_hourly_rate(self) -> int:
        return pounds_to_pence(self.cleaned_data["hourly_rate"], "the hourly rate")

    def clean_increment(self) -> int:
        value = self.cleaned_data.get("increment", "")
        return pounds_to_pence(value, "the yearly rise") if value.strip() else 0

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        relationship = cd.get("relationship")
        restricted = relationship in PARTNERS or (relationship in CLOSE_RELATIVES and cd.get("same_household") == "yes")
        if not restricted or "necessity_basis" not in self.fields:
            cd["necessity_basis"], cd["necessity_decided_on"], cd["necessity_reasons"] = "", None, ""
            return cd
        if cd.get("necessity_basis"):
            if not cd.get("necessity_decided_on") and "necessity_decided_on" not in self.errors:
                self.add_error("necessity_decided_on", "Enter the date the council decided")
            if len(cd.get("necessity_reasons", "").strip()) < 20:
                self.add_error("necessity_reasons", "Give the council's reasons, in a sentence or two")
        elif cd.get("necessity_decided_on") or cd.get("necessity_reasons", "").strip():
            self.add_error("necessity_basis", "Select why the council decided paying them is necessary")
        return cd


class AgreementForm(GovukForm):
    """Signing the direct-payment agreement: on the person's own record, or a paper signature recorded by the team."""

    signed_by_name = forms.CharField(label="Name of the person signing", max_length=200,
                                     error_messages={"required": "Enter the name of the person signing"})
    signed_on = GovukDateField(label="Date it was signed", what="date it was signed", help_text="For example, 27 3 2026")
    agree = forms.BooleanField(label="I have read the agreement and I agree to it",
                               error_messages={"required": "Tick the box to say you agree"})

    def __init__(self, *args: Any, paper: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if paper:
            del self.fields["agree"]
            self.fields["signed_by_name"].help_text = "As it is written on the signed paper copy"
        else:
            del self.fields["signed_on"]
            self.fields["signed_by_name"].help_text = "Your name, or the name of the person who receives the money for you"


class RecoveryProposeForm(MoneyCleaning, GovukForm):
    kind = forms.ChoiceField(label="What is the money?", widget=forms.RadioSelect,
                             choices=[(k.value, v) for k, v in RECOVERY_WORDS.items()],
                             error_messages={"required": "Select what the money is"})
    amount = pounds_field("Amount to ask back")
    reason = forms.CharField(label="Why?", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                             help_text="What the review found. The person reads this and can reply",
                             error_messages={"required": "Say why"})

    def clean_amount(self) -> int:
        return pounds_to_pence(self.cleaned_data["amount"], "the amount")


class RecoveryReplyForm(GovukForm):
    reply = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 6}), max_length=4000,
                            help_text="Say if you agree, or why not. For example, what the money was for, or what you "
                                      "are saving it for",
                            error_messages={"required": "Write your reply"})


class RecoveryDecideForm(MoneyCleaning, GovukForm):
    amount = pounds_field("Amount to take back", help_text="In pounds, like 45.50. Enter 0 to take nothing back")
    reasons = forms.CharField(label="Your reasons", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000,
                              help_text="The person reads these. Say what you made of their reply",
                              error_messages={"required": "Give your reasons"})

    def clean_amount(self) -> int:
        return pounds_to_pence(self.cleaned_data["amount"], "the amount")


class PensionStatusForm(GovukForm):
    pension_status = AssistantForm.base_fields["pension_status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pension_status"].required = True
        self.fields["pension_status"].error_messages["required"] = "Select whether they are in a workplace pension"


class EmploymentAllowanceForm(GovukForm):
    claims = forms.ChoiceField(
        label="Do you claim the Employment Allowance?", widget=forms.RadioSelect,
        choices=[("yes", "Yes: it is taken off the employer's National Insurance, up to its yearly limit"),
                 ("no", "No")],
        help_text="Someone who employs a care and support worker can claim it from HM Revenue and Customs.",
        error_messages={"required": "Select whether you claim the Employment Allowance"})


class TimesheetForm(GovukForm):
    shifts = PayForm.base_fields["shifts"]
    clean_shifts = PayForm.clean_shifts


class PoolForm(GovukForm):
    name = forms.CharField(label="Name of the shared activity", max_length=200, error_messages={"required": "Enter a name"})
    description = forms.CharField(label="What is it?", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                  error_messages={"required": "Say what the activity is"})
    supplier = forms.CharField(label="Who runs it? (optional)", required=False, max_length=200)


class PoolMemberForm(GovukForm):
    budget = forms.ChoiceField(label="Whose budget joins?", error_messages={"required": "Choose a person"})
    share = forms.IntegerField(label="Shares of each cost", min_value=1, max_value=100, initial=1,
                               help_text="Usually 1. More if they take a bigger part, for example 2 for twice the hours",
                               error_messages={"required": "Enter the shares, usually 1", "invalid": "Enter the shares as a whole number, like 1",
                                               "min_value": "Shares must be 1 or more", "max_value": "Shares must be 100 or fewer"})

    def __init__(self, *args: Any, budgets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"].choices = [("", "Choose a person"), *budgets]


class PoolCostForm(GovukForm):
    amount = pounds_field("Cost")
    on = GovukDateField(label="Date", what="date", help_text="For example, 27 3 2026")
    description = forms.CharField(label="What was it for?", max_length=200, error_messages={"required": "Say what it was for"})

    def clean_amount(self) -> int:
        return pounds_to_pence(self.cleaned_data["amount"], "the cost")


# Adding to a support plan one question a page (ADR 0032): the same fields as PlanItemForm, asked a page at a time.
# The check page validates the whole draft with PlanItemForm itself, so what is saved is exactly what the one-page
# form saved.
class PlanItemNeedStep(GovukForm):
    outcome = PlanItemForm.base_fields["outcome"]

    def __init__(self, *args: Any, outcomes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [*outcomes, ("other", "Something else that matters to me")]


class PlanItemHowStep(GovukForm):
    met_by = PlanItemForm.base_fields["met_by"]
    community_group = PlanItemForm.base_fields["community_group"]

    def __init__(self, *args: Any, groups: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community_group"].choices = [("", "Choose a group"), *groups]
        self.fields["met_by"].reveals = {"community": ["community_group"]}  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        if cd.get("met_by") == "community" and not cd.get("community_group"):
            self.add_error("community_group", "Choose the community group, or choose someone else who will help")
        return cd


class PlanItemWhatStep(GovukForm):
    description = PlanItemForm.base_fields["description"]


class PlanItemPaidStep(MoneyCleaning, GovukForm):
    paid_kind = forms.ChoiceField(label="What kind of paid support?", widget=forms.RadioSelect,
                                  choices=PlanItemForm.base_fields["paid_kind"].choices,  # type: ignore[attr-defined]
                                  error_messages={"required": "Select what kind of paid support it is"})
    weekly_cost = PlanItemForm.base_fields["weekly_cost"]
    supplier = PlanItemForm.base_fields["supplier"]

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        try:
            cost = self.pence("weekly_cost", "the cost each week")
        except forms.ValidationError as e:
            self.add_error("weekly_cost", e)
            return cd
        if not cost:
            self.add_error("weekly_cost", "Enter the cost each week, like 45.50")
        return cd
