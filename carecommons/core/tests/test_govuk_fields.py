"""Form fields render as the GOV.UK component a person expects."""

from django import forms
from django.template import Context, Template

from carecommons.core.forms import GovukDateField, GovukForm


class Example(GovukForm):
    name = forms.CharField(label="Your name", max_length=5)
    colour = forms.ChoiceField(label="Colour", widget=forms.RadioSelect, choices=[("r", "Red"), ("b", "Blue")])
    days = forms.MultipleChoiceField(label="Days", widget=forms.CheckboxSelectMultiple, choices=[("mon", "Monday"), ("tue", "Tuesday")])
    born = GovukDateField(label="Date of birth", what="date of birth")


def render(form):
    return Template("{% load govuk %}{% govuk_error_summary form %}{% for f in form %}{% govuk_field f %}{% endfor %}").render(Context({"form": form}))


def test_multiple_choices_are_checkboxes_and_single_choices_radios():
    html = render(Example(initial={"days": ["mon", "tue"], "colour": "b"}))
    assert html.count('type="checkbox"') == 2 and html.count('type="radio"') == 2
    assert 'value="mon" checked' in html and 'value="tue" checked' in html and 'value="b" checked' in html


def test_errors_link_to_the_first_box_of_each_question():
    form = Example({"name": "far too long", "born_day": "31", "born_month": "2", "born_year": "2000"})
    assert not form.is_valid()
    html = render(form)
    assert 'href="#id_colour_0"' in html and 'href="#id_days_0"' in html and 'href="#id_born_0"' in html
    assert "Your name must be 5 characters or fewer" in html
    assert "The date of birth must be a real date" in html
    assert 'id="id_born_0"' in html, "the day box is what the summary links to"


def test_yes_or_no_can_sit_side_by_side_and_only_radios_do():
    form = Example()
    html = Template("{% load govuk %}{% govuk_field form.colour inline=True %}{% govuk_field form.days inline=True %}"
                    "{% govuk_field form.colour %}").render(Context({"form": form}))
    assert html.count("govuk-radios--inline") == 1, "only the radios asked to be inline, never checkboxes"
