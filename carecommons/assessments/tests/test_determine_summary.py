"""The determination as a check-answers summary: one outcome a page to change, the decision worked out as before."""

import re

import pytest
from django.urls import reverse

from carecommons.assessments.forms import DeterminationForm
from carecommons.assessments.models import Assessment, Determination
from carecommons.assessments.tests.test_assessments import _determination_form, _submitted, answer
from carecommons.rules.assessment_questions import questions_for

pytestmark = pytest.mark.django_db


def _page_data(html):
    """What a browser sends from the summary's form: its hidden outcomes and the chosen conditions and reasons."""
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="((?:outcome_|carer_unable)[^"]*)" value="([^"]*)">', html):
        data.setdefault(name, []).append(value)
    for name, value in re.findall(r'<input class="govuk-radios__input"[^>]*name="([^"]+)" type="radio" value="([^"]+)" checked', html):
        data[name] = [value]
    reasons = re.search(r'<textarea[^>]*name="reasons"[^>]*>(.*?)</textarea>', html, re.S)
    data["reasons"] = [reasons.group(1) if reasons else ""]
    return data


def _summary(client, a):
    response = client.get(reverse("assessments:determine", args=[a.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_summary_shows_what_they_said_for_each_outcome_with_one_change_button_each(client, cast):
    a = _submitted(client, cast)
    client.force_login(cast.priya)
    html = _summary(client, a)
    assert html.count('class="govuk-summary-list__row"') == 10, "the ten outcomes of regulation 2(2)"
    assert 'type="checkbox"' not in html, "no wall of checkboxes: each outcome is changed on its own page"
    assert "“I need someone to help me”" in html and "Cannot achieve it: cannot do it without help" in html
    assert "“I can do this without any problems”" in html and "Can achieve it" in html
    assert 'Change<span class="govuk-visually-hidden"> eating and drinking</span>' in html
    assert html.count('name="change"') == 10
    assert "Record the decision" in html and "Changed</strong>" not in html


def test_recording_from_the_summary_decides_exactly_as_the_whole_form_did(client, cast):
    a = _submitted(client, cast)
    client.force_login(cast.priya)
    data = _page_data(_summary(client, a))
    assert data["outcome_nutrition"] == ["without_assistance"] and data["needs_from_impairment_or_illness"] == ["yes"]
    assert client.post(reverse("assessments:determine", args=[a.pk]), data).status_code == 302
    d = Determination.objects.get()
    whole = DeterminationForm(_determination_form(a), kind="adult")
    assert whole.is_valid()
    assert d.facts == whole.facts(a.facts) and d.eligible and d.changed_facts == []


def test_changing_one_outcome_keeps_what_was_typed_and_needs_reasons(client, cast):
    a = _submitted(client, cast)
    client.force_login(cast.priya)
    data = _page_data(_summary(client, a))
    data.update(reasons=["Ruth showed me she washes"], change=["personal_hygiene"])
    response = client.post(reverse("assessments:determine", args=[a.pk]), data)
    assert response["Location"] == reverse("assessments:determine-outcome", args=[a.pk, "personal_hygiene"])
    page = client.get(response["Location"]).content.decode()
    assert "<h1 class=\"govuk-heading-l\">Keeping clean</h1>" in page and "Maintaining personal hygiene (keeping clean)" in page
    assert "“I need someone to help me”" in page
    assert re.search(r'value="without_assistance" checked', page), "their current view is ticked"
    back = client.post(response["Location"], {"view": ["able"]})
    assert back["Location"] == reverse("assessments:determine", args=[a.pk])
    html = _summary(client, a)
    assert "Ruth showed me she washes</textarea>" in html, "what was typed before changing is kept"
    assert "Changed</strong>" in html and "You changed at least one outcome: give your reasons" in html
    data = _page_data(html)
    assert "outcome_personal_hygiene" not in data
    data["reasons"] = [""]
    refused = client.post(reverse("assessments:determine", args=[a.pk]), data)
    assert refused.status_code == 400 and "give your reasons" in refused.content.decode()
    assert not Determination.objects.exists()
    data["reasons"] = ["Ruth showed me she washes independently with the new rail."]
    client.post(reverse("assessments:determine", args=[a.pk]), data)
    d = Determination.objects.get()
    assert not d.eligible and d.changed_facts == ["outcomes"] and d.unmet_outcomes == ["nutrition"]
    assert d.facts["outcomes"]["personal_hygiene"] == {"unable": False, "because": []}
    assert f"determination_draft_{a.pk}" not in client.session, "the draft goes once the decision is recorded"


@pytest.mark.parametrize(("chosen", "message"), [
    ([], "Select each way they are unable to achieve it, or &#x27;None of these&#x27;"),
    (["able", "pain_distress_anxiety"], "You cannot select &#x27;None of these&#x27; as well"),
    (["without_assistance", "takes_significantly_longer"], "If they cannot do it without help, select only that"),
    (["made_up"], "Select one of the answers shown"),
])
def test_an_outcome_page_says_what_is_wrong_and_keeps_the_ticks(client, cast, chosen, message):
    a = _submitted(client, cast)
    client.force_login(cast.priya)
    url = reverse("assessments:determine-outcome", args=[a.pk, "clothing"])
    response = client.post(url, {"view": chosen})
    html = response.content.decode()
    assert response.status_code == 400 and message in html and "There is a problem" in html
    for value in set(chosen) - {"made_up"}:
        assert f'value="{value}" checked' in html
    assert "Can achieve it" in _summary(client, a), "nothing changed"


def test_an_outcome_they_said_does_not_apply_stays_out_of_the_facts_as_before(client, cast):
    client.force_login(cast.ruth_user)
    client.post(reverse("assessments:start-own"), {"kind": "adult"})
    a = Assessment.objects.get()
    client.post(reverse("assessments:about", args=[a.pk]), {"what_matters": "Home"})
    for q in questions_for("adult"):
        chosen = {"health": "yes", "wellbeing": "yes", "caring_for_child": ["not_applicable"],
                  "nutrition": ["without_assistance"], "clothing": ["without_assistance"]}.get(q.key, ["able"])
        answer(client, a, q.key, chosen)
    client.post(reverse("assessments:check", args=[a.pk]))
    a.refresh_from_db()
    client.force_login(cast.priya)
    html = _summary(client, a)
    assert "Not counted: they said it does not apply" in html
    client.post(reverse("assessments:determine-outcome", args=[a.pk, "caring_for_child"]), {"view": ["able"]})
    client.post(reverse("assessments:determine", args=[a.pk]), _page_data(_summary(client, a)))
    d = Determination.objects.get()
    assert "caring_for_child" not in d.facts["outcomes"] and d.changed_facts == [] and d.eligible


def test_a_carers_outcome_is_changed_on_its_own_page(client, cast):
    client.force_login(cast.ruth_user)
    client.post(reverse("assessments:start-own"), {"kind": "carer"})
    a = Assessment.objects.get()
    client.post(reverse("assessments:about", args=[a.pk]), {"what_matters": "Sleep"})
    for q in questions_for("carer"):
        answer(client, a, q.key, "no" if q.key == "carer_health" else "yes")
    client.post(reverse("assessments:check", args=[a.pk]))
    a.refresh_from_db()
    client.force_login(cast.priya)
    html = _summary(client, a)
    assert html.count('class="govuk-summary-list__row"') == 8 and "“I can manage this”" in html
    url = reverse("assessments:determine-outcome", args=[a.pk, "recreation"])
    assert "Select whether they can achieve it" in client.post(url, {}).content.decode()
    client.post(url, {"view": "unable"})
    data = _page_data(_summary(client, a))
    assert data["carer_unable"] == ["recreation"]
    data["reasons"] = ["She has had no time to herself for a year"]
    client.post(reverse("assessments:determine", args=[a.pk]), data)
    d = Determination.objects.get()
    whole = DeterminationForm(_determination_form(a, carer_unable=["recreation"]), kind="carer")
    assert whole.is_valid()
    assert d.eligible and d.unmet_outcomes == ["recreation"] and d.facts == whole.facts(a.facts)


def test_no_such_outcome(client, cast):
    a = _submitted(client, cast)
    client.force_login(cast.priya)
    assert client.get(reverse("assessments:determine-outcome", args=[a.pk, "recreation"])).status_code == 404
    assert client.post(reverse("assessments:determine", args=[a.pk]), {"change": "nowhere"}).status_code == 404


def test_once_decided_the_outcome_pages_send_you_back_to_the_assessment(client, cast):
    a = _submitted(client, cast)
    client.force_login(cast.priya)
    client.post(reverse("assessments:determine", args=[a.pk]), _determination_form(a))
    response = client.get(reverse("assessments:determine-outcome", args=[a.pk, "nutrition"]))
    assert response["Location"] == reverse("assessments:overview", args=[a.pk])


@pytest.mark.parametrize("who", ["hana", "chris", "ruth_user", "ade"])
def test_denied_only_practitioners_and_managers_change_an_outcome(client, cast, who):
    a = _submitted(client, cast)
    client.force_login(getattr(cast, who))
    url = reverse("assessments:determine-outcome", args=[a.pk, "nutrition"])
    assert client.post(url, {"view": ["able"]}).status_code in (302, 403)
    client.force_login(cast.priya)
    assert "“I need someone to help me”" in _summary(client, a) and "Changed</strong>" not in _summary(client, a)
