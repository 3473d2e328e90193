"""Forms for having your say, voting, and running rounds."""

from __future__ import annotations

from typing import Any

from django import forms

from carecommons.core.forms import GovukDateField, GovukForm, pounds_to_pence
from carecommons.participation.models import Area, AreaFigure, Contribution, Proposal, Round, SupportModel
from carecommons.participation.services import RULES, THEMES


class ViewForm(GovukForm):
    kind = forms.ChoiceField(label="What do you want to tell us?", widget=forms.RadioSelect,
                             choices=[(k, v) for k, v in Contribution.Kind.choices if k != Contribution.Kind.MODEL_COMMENT],
                             error_messages={"required": "Choose what you want to tell us"})
    text = forms.CharField(label="In your own words", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                           help_text="Do not give names or details that could identify anyone.",
                           error_messages={"required": "Write what you want to say"})
    uses_services = forms.BooleanField(label="I use care and support, or I care for someone who does", required=False)


class CommentForm(GovukForm):
    text = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                           help_text="What was it like for you? Do not give names or details that could identify anyone.",
                           error_messages={"required": "Write your comment"})
    uses_services = forms.BooleanField(label="I use care and support, or I care for someone who does", required=False)


class RoundForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    description = forms.CharField(label="What is this round about?", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                                  error_messages={"required": "Say what the round is about"})
    budget = forms.CharField(label="Money for proposals", max_length=15, help_text="In pounds, like 250000",
                             error_messages={"required": "Enter the money for proposals"})
    ballot_kind = forms.ChoiceField(label="How do people vote?", choices=Round.BallotKind.choices, widget=forms.RadioSelect,
                                    error_messages={"required": "Choose how people vote"})
    rule = forms.ChoiceField(label="How are votes counted?", choices=Round.Rule.choices, widget=forms.RadioSelect, initial=Round.Rule.EQUAL_SHARES,
                             help_text="Equal Shares makes sure groups of voters get a fair share of the money; most votes first lets the largest group take everything.",
                             error_messages={"required": "Choose how votes are counted"})
    max_choices = forms.IntegerField(label="Most proposals each voter may tick (0 for no limit)", min_value=0, max_value=100, initial=0,
                                     error_messages={"required": "Enter a number, 0 for no limit", "invalid": "Enter a whole number"})
    points = forms.IntegerField(label="Points each voter shares out (for points ballots)", min_value=1, max_value=100, initial=10,
                                error_messages={"required": "Enter the points", "invalid": "Enter a whole number"})
    split_total = forms.CharField(label="Money to share between the five areas (optional)", required=False, max_length=15,
                                  help_text="In pounds. Voters also say what share of it each area should have. Leave empty not to ask.")

    def clean_budget(self) -> int:
        return pounds_to_pence(self.cleaned_data["budget"], "the money for proposals")

    def clean_split_total(self) -> int:
        value = self.cleaned_data.get("split_total", "")
        return pounds_to_pence(value, "the money to share between the areas") if value.strip() else 0


class ProposalForm(GovukForm):
    title = forms.CharField(label="Proposal", max_length=200, error_messages={"required": "Enter the proposal's title"})
    description = forms.CharField(label="What would happen?", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                  error_messages={"required": "Say what would happen"})
    kind = forms.ChoiceField(label="Kind of proposal", choices=Proposal.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of proposal"})
    area = forms.ModelChoiceField(label="Area", queryset=Area.objects.all(), empty_label="Choose an area",
                                  error_messages={"required": "Choose the area"})
    from_model = forms.ModelChoiceField(label="Money moves from (optional)", queryset=SupportModel.objects.all(), required=False,
                                        empty_label="Nothing")
    to_model = forms.ModelChoiceField(label="Money moves to (optional)", queryset=SupportModel.objects.all(), required=False,
                                      empty_label="Nothing")
    cost = forms.CharField(label="Cost", max_length=15, help_text="In pounds", error_messages={"required": "Enter the cost"})

    def clean_cost(self) -> int:
        return pounds_to_pence(self.cleaned_data["cost"], "the cost")


class VerifyForm(GovukForm):
    name = forms.CharField(label="Resident's full name", max_length=200, error_messages={"required": "Enter the resident's name"})
    born = GovukDateField(label="Date of birth", what="date of birth")
    postcode = forms.CharField(label="Postcode", max_length=10, error_messages={"required": "Enter the postcode"})
    checked = forms.BooleanField(label="I have seen proof that they live in the area", error_messages={"required": "Check their proof of address first"})


class CodeForm(GovukForm):
    code = forms.CharField(label="Your voting code", max_length=20, help_text="It looks like ABCD-EFGH-JKLM",
                           error_messages={"required": "Enter your voting code"})


class SplitFields(GovukForm):
    """Five whole-number percentages, one per area."""

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area in areas:
            self.fields[f"split_{area.slug}"] = forms.IntegerField(
                label=f"{area.name} (%)", min_value=0, max_value=100, required=False,
                error_messages={"invalid": "Enter a whole number", "min_value": "Enter 0 or more", "max_value": "Enter 100 or less"})


class FigureForm(GovukForm):
    year = forms.IntegerField(label="Financial year starting in April of", min_value=2000, max_value=2100,
                              error_messages={"required": "Enter the year", "invalid": "Enter a year like 2026"})
    kind = forms.ChoiceField(label="Kind of figure", choices=AreaFigure.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose spent or projected"})
    amount = forms.CharField(label="Amount", max_length=15, help_text="In pounds", error_messages={"required": "Enter the amount"})
    source = forms.CharField(label="Where does the figure come from?", max_length=300,
                             help_text="For example: the council's budget book for 2026 to 2027, page 14",
                             error_messages={"required": "Say where the figure comes from"})

    def clean_amount(self) -> int:
        return pounds_to_pence(self.cleaned_data["amount"], "the amount")


class ModerateForm(GovukForm):
    theme = forms.ChoiceField(label="Theme", required=False, choices=[("", "Choose a theme"), *THEMES.items()])
    rule = forms.ChoiceField(label="Rule it breaks", required=False, choices=[("", "Choose a rule"), *RULES.items()])


class DecisionForm(GovukForm):
    year = forms.IntegerField(label="Financial year it applies to (starting in April of)", min_value=2000, max_value=2100,
                              error_messages={"required": "Enter the year", "invalid": "Enter a year like 2027"})
    reasons = forms.CharField(label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                              error_messages={"required": "Give the reasons: they are published"})


class ImportForm(GovukForm):
    file = forms.FileField(label="Pabulib file (.pb)", error_messages={"required": "Choose a .pb file"})
    title = forms.CharField(label="Title (optional)", required=False, max_length=200)
    area = forms.ModelChoiceField(label="Area for its proposals", queryset=Area.objects.all(), empty_label="Choose an area",
                                  error_messages={"required": "Choose the area"})
    rule = forms.ChoiceField(label="Count by", choices=Round.Rule.choices, widget=forms.RadioSelect, initial=Round.Rule.EQUAL_SHARES,
                             error_messages={"required": "Choose how to count"})


class LettersForm(GovukForm):
    """A household list for letters with voting codes."""

    SOURCES = [("Electoral register", "The electoral register"), ("Council tax list", "The council tax list"), ("Another list", "Another list")]

    file = forms.FileField(label="The list of households (CSV file)",
                           help_text="A CSV file up to 2 MB (about 20,000 lines): split a longer list into several files. The first line names the columns: address and postcode. Other columns are ignored.",
                           error_messages={"required": "Choose the CSV file with the list of households", "empty": "The file is empty"})
    source = forms.ChoiceField(label="Where is the list from?", choices=SOURCES, widget=forms.RadioSelect,
                               error_messages={"required": "Choose where the list is from"})
    vote_by = GovukDateField(label="Last day to vote", what="last day to vote",
                             help_text="This is printed on the letters. For example, 27 3 2027")
