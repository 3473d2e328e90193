"""Three ways to assess, save and come back, determinations with reasons, and carers."""

import pytest
from django.urls import reverse

from carecommons.assessments.models import Assessment, Determination
from carecommons.people.models import AccessEvent
from carecommons.rules.assessment_questions import questions_for
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db

HELP = ["without_assistance"]


def answer(client, a, key, chosen, words="", leave=False):
    data = {"answer": chosen, "words": words}
    if leave:
        data["save_and_leave"] = "1"
    return client.post(reverse("assessments:question", args=[a.pk, key]), data)


def complete_adult(client, a, *, unable=("nutrition", "personal_hygiene"), health="yes", wellbeing="yes"):
    client.post(reverse("assessments:about", args=[a.pk]), {"what_matters": "Staying in my own home"})
    for q in questions_for("adult"):
        if q.key == "health":
            chosen = health
        elif q.key == "wellbeing":
            chosen = wellbeing
        elif q.key in unable:
            chosen = HELP
        else:
            chosen = ["able"]
        assert answer(client, a, q.key, chosen).status_code == 302, q.key


def test_a_person_assesses_themselves_saves_comes_back_and_sends(client, cast):
    client.force_login(cast.ruth_user)
    response = client.post(reverse("assessments:start-own"), {"kind": "adult"})
    a = Assessment.objects.get()
    assert response["Location"] == reverse("assessments:overview", args=[a.pk])
    assert (a.completed_by_kind, a.completed_by, a.person) == ("person", cast.ruth_user, cast.ruth)
    saved = answer(client, a, "nutrition", ["pain_distress_anxiety", "takes_significantly_longer"], "Cooking tires me out", leave=True)
    assert saved["Location"] == reverse("assessments:overview", args=[a.pk])
    page = client.get(saved["Location"]).content.decode()
    assert "You have answered 1 of 12 questions" in page
    a.refresh_from_db()
    assert a.facts["outcomes"]["nutrition"] == {"unable": True, "because": ["pain_distress_anxiety", "takes_significantly_longer"]}
    complete_adult(client, a)
    assert client.post(reverse("assessments:check", args=[a.pk])).status_code == 302
    a.refresh_from_db()
    assert a.status == "submitted" and a.submitted_at is not None
    # Sent assessments cannot be changed.
    assert answer(client, a, "nutrition", ["able"]).status_code == 403


def test_sending_with_questions_unanswered_is_explained(client, cast):
    client.force_login(cast.ruth_user)
    client.post(reverse("assessments:start-own"), {"kind": "adult"})
    a = Assessment.objects.get()
    response = client.post(reverse("assessments:check", args=[a.pk]))
    assert response.status_code == 400 and "12 still to answer" in response.content.decode()


@pytest.mark.parametrize(
    ("chosen", "message"),
    [([], "Select all that apply"), (["able", "without_assistance"], "cannot select"), (["flying"], "Select one of the")],
)
def test_a_wrong_answer_says_how_to_fix_it(client, cast, chosen, message):
    client.force_login(cast.ruth_user)
    client.post(reverse("assessments:start-own"), {"kind": "adult"})
    a = Assessment.objects.get()
    html = answer(client, a, "nutrition", chosen).content.decode()
    assert message in html and "govuk-error-summary" in html
    a.refresh_from_db()
    assert a.answers == {}


def test_easy_read_changes_the_words(client, cast):
    client.force_login(cast.ruth_user)
    client.post(reverse("assessments:start-own"), {"kind": "adult"})
    a = Assessment.objects.get()
    url = reverse("assessments:question", args=[a.pk, "nutrition"])
    assert "Eating and drinking: how is it for you?" in client.get(url).content.decode()
    client.get(reverse("assessments:easy-read"), {"on": "1", "next": url})
    html = client.get(url).content.decode()
    assert "Food and drink: how is it for you?" in html and "It hurts, or makes me worried or upset" in html


def test_a_practitioner_starts_from_the_conversation_with_nothing_typed_twice(client, cast):
    conversation = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, what_matters="My garden",
                                         strengths_own="Determined", strengths_community="The lunch club", outcomes="Walk to the shop")
    client.force_login(cast.priya)
    client.post(reverse("assessments:start-from-conversation", args=[conversation.pk]), {"kind": "adult"})
    a = Assessment.objects.get()
    assert (a.what_matters, a.outcomes_wanted, a.completed_by_kind) == ("My garden", "Walk to the shop", "practitioner")
    assert "Determined" in a.strengths and "The lunch club" in a.strengths
    assert "My garden" in client.get(reverse("assessments:about", args=[a.pk])).content.decode()


def test_a_host_assesses_with_someone_booked_at_their_hub(client, cast):
    booking = f.BookingFactory(slot=f.SlotFactory(hub=cast.library), request=f.RequestFactory(person=cast.stan, status="booked"))
    client.force_login(cast.hana)
    client.post(reverse("assessments:start-with-booking", args=[booking.pk]), {"kind": "adult"})
    a = Assessment.objects.get()
    assert (a.completed_by_kind, a.organisation.name, a.person) == ("organisation", "Ashby Vale Libraries", cast.stan)
    assert AccessEvent.objects.filter(user=cast.hana, person=cast.stan, grounds="hub_booking").exists()
    assert client.get(reverse("people:person", args=[cast.stan.pk])).status_code == 403, "still never the whole record"


def test_denied_a_host_cannot_assess_someone_booked_elsewhere(client, cast):
    booking = f.BookingFactory(slot=f.SlotFactory(hub=cast.cafe), request=f.RequestFactory(person=cast.stan, status="booked"))
    client.force_login(cast.hana)
    assert client.post(reverse("assessments:start-with-booking", args=[booking.pk]), {"kind": "adult"}).status_code == 404
    assert not Assessment.objects.exists()


def _submitted(client, cast, **kw):
    client.force_login(cast.ruth_user)
    client.post(reverse("assessments:start-own"), {"kind": "adult"})
    a = Assessment.objects.get()
    complete_adult(client, a, **kw)
    client.post(reverse("assessments:check", args=[a.pk]))
    a.refresh_from_db()
    return a


def _determination_form(a, **changes):
    from carecommons.assessments.forms import DeterminationForm

    data = {k: v for k, v in DeterminationForm.initial_from(a.kind, a.facts).items() if v}
    data.update(changes)
    return data


def test_a_practitioner_agrees_and_the_person_sees_the_decision_reasons_and_how_to_challenge(client, cast):
    a = _submitted(client, cast)
    client.force_login(cast.priya)
    assert client.post(reverse("assessments:determine", args=[a.pk]), _determination_form(a)).status_code == 302
    d = Determination.objects.get()
    assert d.eligible and d.unmet_outcomes == ["nutrition", "personal_hygiene"] and d.changed_facts == []
    client.force_login(cast.ruth_user)
    html = client.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "Your needs are eligible for support" in html
    assert "All three conditions of regulation 2 are met" in html
    assert "If you disagree" in html and "Ombudsman" in html
    assert "eligible for support" in client.get(reverse("people:my-record")).content.decode()


def test_changing_the_facts_needs_reasons_which_the_person_sees(client, cast):
    a = _submitted(client, cast)
    client.force_login(cast.priya)
    changed = _determination_form(a, outcome_personal_hygiene=[])
    html = client.post(reverse("assessments:determine", args=[a.pk]), changed).content.decode()
    assert "give your reasons" in html and not Determination.objects.exists()
    changed["reasons"] = "Ruth showed me she washes independently with the new rail."
    client.post(reverse("assessments:determine", args=[a.pk]), changed)
    d = Determination.objects.get()
    assert not d.eligible and d.changed_facts == ["outcomes"]
    client.force_login(cast.ruth_user)
    html = client.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "not eligible" in html and "the new rail" in html


def test_a_person_not_sure_leaves_the_condition_to_the_practitioner(client, cast):
    a = _submitted(client, cast, health="not_sure")
    assert a.facts["needs_from_impairment_or_illness"] is None
    client.force_login(cast.priya)
    html = client.get(reverse("assessments:determine", args=[a.pk])).content.decode()
    assert "not sure about at least one condition" in html
    data = _determination_form(a, needs_from_impairment_or_illness="yes", reasons="Her arthritis, from the GP letter")
    client.post(reverse("assessments:determine", args=[a.pk]), data)
    assert Determination.objects.get().eligible


@pytest.mark.parametrize("who", ["hana", "chris", "ruth_user", "ade"])
def test_denied_only_practitioners_and_managers_determine(client, cast, who):
    a = _submitted(client, cast)
    client.force_login(getattr(cast, who))
    assert client.get(reverse("assessments:determine", args=[a.pk])).status_code in (302, 403)
    assert not Determination.objects.exists()


def test_denied_someone_elses_assessment(client, cast):
    other = Assessment.objects.create(person=cast.stan, kind="adult", completed_by_kind="practitioner", completed_by=cast.tom,
                                      created_at="2026-01-01T00:00Z", updated_at="2026-01-01T00:00Z")
    client.force_login(cast.ruth_user)
    assert client.get(reverse("assessments:overview", args=[other.pk])).status_code == 403


def test_a_carer_with_health_at_risk_is_eligible_whatever_the_cared_for_person(client, cast):
    client.force_login(cast.ruth_user)
    client.post(reverse("assessments:start-own"), {"kind": "carer", "cares_for_name": "Stan"})
    a = Assessment.objects.get()
    assert a.kind == "carer" and a.cares_for_name == "Stan"
    client.post(reverse("assessments:about", args=[a.pk]), {"what_matters": "A night's sleep"})
    for q in questions_for("carer"):
        chosen = "yes" if q.key in ("caring", "carer_health", "wellbeing") else "yes"
        assert answer(client, a, q.key, chosen).status_code == 302
    client.post(reverse("assessments:check", args=[a.pk]))
    a.refresh_from_db()
    assert a.facts["health_at_risk"] is True and all(not v["unable"] for v in a.facts["outcomes"].values())
    client.force_login(cast.priya)
    client.post(reverse("assessments:determine", args=[a.pk]), _determination_form(a))
    d = Determination.objects.get()
    assert d.eligible and d.unmet_outcomes == []


def test_the_team_sees_assessments_waiting_for_a_determination(client, cast):
    _submitted(client, cast)
    client.force_login(cast.priya)
    html = client.get(reverse("assessments:waiting")).content.decode()
    assert "Ruth Okafor" in html and "1 waiting" in html


def test_a_carers_assessment_is_linked_to_the_person_they_care_for(client, cast):
    carer = f.PersonFactory(full_name="Jean Okafor", team=cast.north)
    conversation = f.ConversationFactory(person=carer, practitioner=cast.priya)
    client.force_login(cast.priya)
    client.post(reverse("assessments:start-from-conversation", args=[conversation.pk]), {"kind": "carer", "cares_for_name": "Ruth Okafor"})
    a = Assessment.objects.get()
    assert a.kind == "carer" and a.cares_for == cast.ruth
    assert "Cares for Ruth Okafor" in client.get(reverse("assessments:overview", args=[a.pk])).content.decode()


def test_a_carer_link_is_only_made_to_someone_the_practitioner_works_with(client, cast):
    carer = f.PersonFactory(full_name="Jean Okafor", team=cast.north)
    conversation = f.ConversationFactory(person=carer, practitioner=cast.priya)
    client.force_login(cast.priya)
    client.post(reverse("assessments:start-from-conversation", args=[conversation.pk]), {"kind": "carer", "cares_for_name": "Stan Hughes"})
    a = Assessment.objects.get()
    assert a.cares_for is None and a.cares_for_name == "Stan Hughes"


def test_after_sending_the_person_hears_who_decides_and_how_they_will_be_told(client, cast):
    a = _submitted(client, cast)
    html = client.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "A practitioner from North community team will read it and decide whether your needs are eligible" in html
    assert "will look at it" not in html


def test_after_sending_an_organisation_hears_its_part_is_done(client, cast):
    booking = f.BookingFactory(slot=f.SlotFactory(hub=cast.library), request=f.RequestFactory(person=cast.stan, status="booked"))
    client.force_login(cast.hana)
    client.post(reverse("assessments:start-with-booking", args=[booking.pk]), {"kind": "adult"})
    a = Assessment.objects.get()
    complete_adult(client, a)
    html = client.post(reverse("assessments:check", args=[a.pk]), follow=True).content.decode()
    assert "The assessment has been sent. Your part is done: you do not need to do anything else." in html
    assert "A practitioner from South community team will read it and decide whether Stan Hughes" in html


def test_after_sending_a_practitioner_hears_the_determination_is_theirs_to_make(client, cast):
    a = _submitted(client, cast)
    client.force_login(cast.priya)
    html = client.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "You can make the determination now, or a colleague can. Then tell Ruth Okafor what was decided" in html
    assert "Make the determination" in html
