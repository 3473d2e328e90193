"""Forms for choosing care, providers' profiles, and commissioning."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm, pounds_to_pence
from carecommons.market.models import Charge, CommissioningWeights
from carecommons.market.services import CARE_TYPES
from carecommons.rules.market import CRITERIA, LEGAL_FORMS

TRISTATE = ("head_office_local", "sick_pay_above_statutory", "guaranteed_hours_offered", "paid_training", "recognises_union",
            "ethical_care_charter")
YES_NO_UNSAID = [("", "Not published"), ("yes", "Yes"), ("no", "No")]


# The Care Quality Commission's "Service user band" names (as its directory spells them), in everyday words.
USER_BANDS = {
    "Older People": "Older people",
    "Dementia": "People living with dementia",
    "Learning disabilities or autistic spectrum disorder": "People with a learning disability or autistic people",
    "Mental health conditions": "People with mental health conditions",
    "Physical Disability": "People with a physical disability",
    "Sensory Impairment": "People with a sensory impairment",
    "Younger Adults": "Younger adults",
    "People who misuse drugs and alcohol": "People who use drugs or alcohol",
    "People with an eating disorder": "People with an eating disorder",
    "Children 0-18 years": "Children and young people under 18",
}


class SearchForm(GovukForm):
    place = forms.CharField(label="Where?", required=False, max_length=100,
                            help_text="A council area, a town, or the start of a postcode, like AV1")
    postcode = forms.CharField(label="Your postcode, to see how far each place is (optional)", required=False, max_length=20,
                               help_text="Or the postcode of the person who needs care, like AV1 1AA")
    care_type = forms.ChoiceField(label="Type of care", required=False, choices=[("", "Any"), *CARE_TYPES.items()])
    rating = forms.ChoiceField(label="Care Quality Commission rating", required=False,
                               choices=[("", "Any"), ("good_or_better", "Good or outstanding"), ("Outstanding", "Outstanding"),
                                        ("Good", "Good"), ("Requires improvement", "Requires improvement"), ("Inadequate", "Inadequate")])
    who_pays = forms.ChoiceField(label="Who will pay?", required=False, widget=forms.RadioSelect,
                                 choices=[("self", "I will pay for myself, or my family will"),
                                          ("council", "The council will pay, after an assessment"), ("", "Not sure yet")],
                                 help_text="Many places charge people who pay for themselves more than the council pays")
    max_weekly = forms.CharField(label="Highest weekly fee (optional)", required=False, max_length=10,
                                 help_text="In pounds, like 1200. Only places that publish a weekly fee are shown")
    legal_form = forms.ChoiceField(label="Who runs it", required=False, choices=[("", "Anyone"), *LEGAL_FORMS.items()])
    who_for = forms.ChoiceField(label="Who is it for? (optional)", required=False,
                                choices=[("", "Anyone"), *USER_BANDS.items()],
                                help_text="The groups of people the Care Quality Commission says the place supports")
    free_places = forms.BooleanField(label="Only places that say they have a free place now", required=False,
                                     help_text="As the provider told us in the last two weeks")
    sort = forms.ChoiceField(label="Show first", required=False,
                             choices=[("", "By name"), ("distance", "The nearest (give a postcode)"), ("price", "The lowest price"),
                                      ("rating", "The best rating")])

    def clean_max_weekly(self) -> int | None:
        value = self.cleaned_data.get("max_weekly", "")
        return pounds_to_pence(value, "the highest weekly fee") if value.strip() else None


def _tristate(label: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=YES_NO_UNSAID, widget=forms.RadioSelect, help_text=help_text)


class ProfileForm(GovukForm):
    legal_form = forms.ChoiceField(label="What kind of organisation are you? (optional)", required=False,
                                   choices=[("", "Not published"), *LEGAL_FORMS.items()], widget=forms.RadioSelect)
    ultimate_owner = forms.CharField(label="Who ultimately owns you? (optional)", required=False, max_length=300,
                                     help_text="The organisation or people at the top of the ownership chain")
    ownership_chain = forms.CharField(label="Each owner, up to the ultimate owner (optional)", required=False, max_length=3000,
                                      widget=forms.Textarea(attrs={"rows": 3}), help_text="One a line")
    tax_residence = forms.CharField(label="Where is the ultimate owner resident for tax? (optional)", required=False, max_length=100,
                                    help_text="A country, like United Kingdom or Jersey")
    employees = forms.IntegerField(label="How many people do you employ? (optional)", required=False, min_value=0, max_value=1_000_000,
                                   error_messages={"invalid": "Enter the number of employees as a whole number, like 45"})
    head_office_local = _tristate("Is your head office in this council's area? (optional)")
    lowest_hourly_pay = forms.CharField(label="The lowest hourly pay of a care worker (optional)", required=False, max_length=10,
                                        help_text="In pounds, like 12.80")
    sick_pay_above_statutory = _tristate("Do you pay sick pay above the statutory minimum? (optional)")
    guaranteed_hours_offered = _tristate("Do you offer guaranteed hours to everyone who wants them? (optional)")
    paid_training = _tristate("Is training paid, in work time? (optional)")
    recognises_union = _tristate("Do you recognise a trade union? (optional)")
    ethical_care_charter = _tristate("Have you signed the Ethical Care Charter? (optional)")
    complaints = forms.CharField(label="How can people complain, and what happens then? (optional)", required=False, max_length=3000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    notice_terms = forms.CharField(label="Notice terms (optional)", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="How much notice each side must give, and what is charged during it")
    updated_by_name = forms.CharField(label="Your name", max_length=150, error_messages={"required": "Enter your name"},
                                      help_text="So the council knows who published this")

    def clean_lowest_hourly_pay(self) -> int | None:
        value = self.cleaned_data.get("lowest_hourly_pay", "")
        return pounds_to_pence(value, "the lowest hourly pay") if value.strip() else None

    def profile_fields(self) -> dict[str, Any]:
        cd = dict(self.cleaned_data)
        for name in TRISTATE:
            cd[name] = {"yes": True, "no": False}.get(cd.get(name, ""))
        cd.pop("updated_by_name")
        return cd


class ChargeForm(GovukForm):
    location = forms.ChoiceField(label="Which place?", error_messages={"required": "Choose the place this charge is for"})
    kind = forms.ChoiceField(label="What kind of charge?", choices=Charge.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of charge it is"})
    description = forms.CharField(label="What is it for?", max_length=200, help_text="For example: single room with nursing; or: hairdressing",
                                  error_messages={"required": "Say what the charge is for"})
    amount = forms.CharField(label="Amount", max_length=12, help_text="In pounds, like 1150.00. Enter 0 to say there is no such charge",
                             error_messages={"required": "Enter the amount, or 0"})
    per = forms.ChoiceField(label="How often?", choices=Charge._meta.get_field("per").choices, error_messages={"required": "Choose how often"})
    self_funder_only = forms.BooleanField(label="Only people who pay for themselves are charged this", required=False)

    def __init__(self, *args: Any, locations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", "Choose a place"), *locations]

    def clean_amount(self) -> int:
        return pounds_to_pence(self.cleaned_data["amount"], "the amount")


class VacanciesForm(GovukForm):
    location = forms.ChoiceField(label="Which place?", error_messages={"required": "Choose the place"})
    count = forms.IntegerField(label="How many places are free now?", min_value=0, max_value=1000,
                               help_text="Enter 0 if there are none. We show the date you told us",
                               error_messages={"required": "Enter the number of free places, or 0",
                                               "invalid": "Enter the number of free places as a whole number, like 2",
                                               "min_value": "Enter 0 or more", "max_value": "Enter 1,000 or fewer"})

    def __init__(self, *args: Any, locations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", "Choose a place"), *locations]


class WeightsForm(GovukForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, words in CRITERIA.items():
            self.fields[key] = forms.IntegerField(label=f"{words}", min_value=0, max_value=100,
                                                  error_messages={"required": f"Enter a weight for {words.lower()}, or 0"})
        for key, words in (("tender_price", "Tenders: price"), ("tender_quality", "Tenders: quality"), ("tender_ethics", "Tenders: ethics")):
            self.fields[key] = forms.IntegerField(label=words, min_value=0, max_value=100,
                                                  error_messages={"required": f"Enter a weight for {words.lower()}"})


WEIGHT_FIELDS = [*CommissioningWeights.SCORECARD, "tender_price", "tender_quality", "tender_ethics"]


class TenderForm(GovukForm):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter a title"})
    description = forms.CharField(label="What is being bought?", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                                  error_messages={"required": "Say what is being bought"})
    local_authority = forms.CharField(label="Council area", max_length=100, error_messages={"required": "Enter the council area"})
    value_estimate = forms.CharField(label="Estimated value of the whole contract", max_length=15, help_text="In pounds, like 250000",
                                     error_messages={"required": "Enter the estimated value"})

    def clean_value_estimate(self) -> int:
        return pounds_to_pence(self.cleaned_data["value_estimate"], "the estimated value")


class BidForm(GovukForm):
    provider = forms.ChoiceField(label="Bidder", error_messages={"required": "Choose the bidder"})
    price = forms.CharField(label="Price for the whole contract", max_length=15, help_text="In pounds, like 240000",
                            error_messages={"required": "Enter the price"})
    quality = forms.IntegerField(label="Quality score, out of 100", min_value=0, max_value=100,
                                 error_messages={"required": "Enter the quality score", "invalid": "Enter the quality score as a whole number",
                                                 "min_value": "The quality score is 0 or more", "max_value": "The quality score is 100 or less"})
    quality_notes = forms.CharField(label="Why that quality score?", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                    error_messages={"required": "Write down why the bid got that quality score"})

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "Choose a provider"), *providers]

    def clean_price(self) -> int:
        return pounds_to_pence(self.cleaned_data["price"], "the price")


class AwardForm(GovukForm):
    bid = forms.ChoiceField(label="Award to", widget=forms.RadioSelect, error_messages={"required": "Choose who to award the contract to"})
    reasons = forms.CharField(label="Reasons for the award", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                              help_text="Published with the award", error_messages={"required": "Give the reasons for the award"})

    def __init__(self, *args: Any, bids: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = bids


class ChildrensSettingForm(GovukForm):
    name = forms.CharField(label="Name", max_length=300, error_messages={"required": "Enter the name"})
    kind = forms.ChoiceField(label="What kind of setting?", widget=forms.RadioSelect, error_messages={"required": "Select what kind of setting"},
                             choices=[("childrens_home", "Children's home"), ("fostering_agency", "Independent fostering agency"),
                                      ("council_fostering", "The council's own foster carers")])
    operator = forms.CharField(label="Who runs it?", max_length=300, error_messages={"required": "Enter who runs it"})
    legal_form = forms.ChoiceField(label="Kind of organisation (optional)", required=False, choices=[("", "Not known"), *LEGAL_FORMS.items()])
    ultimate_owner = forms.CharField(label="Ultimate owner (optional)", required=False, max_length=300)
    tax_residence = forms.CharField(label="Ultimate owner's tax residence (optional)", required=False, max_length=100)
    ofsted_rating = forms.ChoiceField(label="Ofsted rating (optional)", required=False,
                                      choices=[("", "Not rated"), ("Outstanding", "Outstanding"), ("Good", "Good"),
                                               ("Requires improvement to be good", "Requires improvement to be good"), ("Inadequate", "Inadequate")])
    ofsted_rated_on = GovukDateField(label="Date of the Ofsted rating (optional)", required=False, what="date of the rating",
                                     help_text="For example, 27 3 2025")
    latitude = forms.FloatField(label="Latitude (optional)", required=False, min_value=49, max_value=61,
                                help_text="Where it is, for the distance from home. For example, 52.61",
                                error_messages={"invalid": "Enter the latitude as a number, like 52.61",
                                                "min_value": "That latitude is not in the UK", "max_value": "That latitude is not in the UK"})
    longitude = forms.FloatField(label="Longitude (optional)", required=False, min_value=-9, max_value=2,
                                 help_text="For example, -1.18",
                                 error_messages={"invalid": "Enter the longitude as a number, like -1.18",
                                                 "min_value": "That longitude is not in the UK", "max_value": "That longitude is not in the UK"})
    weekly_fee = forms.CharField(label="Usual weekly fee (optional)", required=False, max_length=12, help_text="In pounds, like 5200")
    profit_percent = forms.DecimalField(label="Disclosed operating profit, as a share of income (optional)", required=False,
                                        max_digits=5, decimal_places=1, min_value=-100, max_value=100, help_text="A percentage, like 18.5",
                                        error_messages={"invalid": "Enter the profit as a percentage, like 18.5"})
    profit_year = forms.CharField(label="Accounts year of that profit (optional)", required=False, max_length=9, help_text="Like 2024-25")

    def clean_weekly_fee(self) -> int | None:
        value = self.cleaned_data.get("weekly_fee", "")
        return pounds_to_pence(value, "the weekly fee") if value.strip() else None


class PlacementForm(GovukForm):
    setting = forms.ChoiceField(label="Where is the child placed?", error_messages={"required": "Choose the setting"})
    reference = forms.CharField(label="Placement reference", max_length=30, help_text="The council's reference. Never the child's name",
                                error_messages={"required": "Enter the placement reference"})
    started_on = GovukDateField(label="Date the placement started", what="start date", help_text="For example, 27 3 2026")
    weekly_fee = forms.CharField(label="What the council pays each week", max_length=12, help_text="In pounds, like 5200",
                                 error_messages={"required": "Enter what the council pays each week"})

    def __init__(self, *args: Any, settings_list: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = [("", "Choose a setting"), *settings_list]

    def clean_weekly_fee(self) -> int:
        return pounds_to_pence(self.cleaned_data["weekly_fee"], "the weekly fee")
