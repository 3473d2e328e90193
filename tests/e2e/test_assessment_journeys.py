"""Assessment journeys in real Chromium, with an axe-core scan of every page visited."""

from __future__ import annotations

import pytest

from carecommons.assessments.models import Assessment, Determination
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EVERYDAY = [
    ("Food and drink", "I need help"),
    ("Keeping clean", "It hurts, or makes me worried or upset"),
    ("Using the toilet", "I can do this fine"),
    ("Getting dressed", "It takes me a long time"),
    ("Moving around your home", "I can do this fine"),
    ("Looking after your home", "I need help"),
    ("Family and friends", "I can do this fine"),
    ("Work, learning or helping out", "I can do this fine"),
    ("Going out", "It is not safe"),
    ("Looking after children", "This is not about me"),
]


def test_a_person_assesses_themselves_in_easy_read_and_sees_the_determination(visit, cast):
    ruth = visit("ruth-assessing")
    ruth.sign_in("ruth", f.PASSWORD)
    ruth.click_link("Start an assessment")
    ruth.choose("My own needs: the help I need in my own life").click_button("Start")
    assert ruth.heading() == "Adult's assessment"
    ruth.click_link("Switch to easy read")
    ruth.click_link("What matters to you")
    ruth.fill("What matters to you", "Living in my flat and going to church on Sundays")
    ruth.click_button("Save")
    ruth.click_link("Food and drink")
    for number, (title, choice) in enumerate(EVERYDAY, start=1):
        assert ruth.heading() == f"{title}: how is it for you?", number
        ruth.choose(choice)
        if number == 3:
            ruth.click_button("Save and come back later")
            assert "You can come back to them at any time" in ruth.page.get_by_role("alert").inner_text()
            ruth.click_link("Getting dressed")
            continue
        ruth.click_button("Save and continue")
    assert ruth.heading() == "Are things hard because of your health or a disability?"
    ruth.choose("Yes").click_button("Save and continue")
    ruth.choose("A lot").click_button("Save and continue")
    ruth.click_link("Check your answers and send")
    ruth.click_button("Send the assessment")
    assert "Your assessment has been sent" in ruth.page.get_by_role("alert").inner_text()
    assessment = Assessment.objects.get()
    assert assessment.status == "submitted" and assessment.completed_by_kind == "person"

    priya = visit("priya-determining")
    priya.sign_in("priya", f.PASSWORD)
    priya.click_link("Assessments", exact=True)
    priya.click_link("Ruth Okafor")
    priya.click_link("Make the determination")
    priya.click_button("Record the decision")
    assert "The determination is made" in priya.page.get_by_role("alert").inner_text()
    assert Determination.objects.get().eligible

    ruth.goto("/my-record/")
    ruth.click_link("Adult's assessment")
    assert "Your needs are eligible for support" in ruth.text()
    assert "If you disagree" in ruth.text()
    ruth.screenshot("person-determination")
    assert len(ruth.scanned) >= 20 and len(priya.scanned) >= 5


def test_a_practitioner_completes_an_assessment_from_a_conversation(visit, cast):
    conversation = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, what_matters="Getting back to the allotment",
                                         strengths_own="Green fingers", outcomes="Dig my own potatoes again")
    priya = visit("priya-assessing")
    priya.sign_in("priya", f.PASSWORD)
    priya.goto(f"/conversations/{conversation.pk}/")
    priya.click_link("Start a Care Act assessment from this conversation")
    priya.choose("An adult's assessment: their own needs").click_button("Start")
    priya.click_link("What matters, what is going well, and what you want")
    assert priya.page.get_by_label("What matters to you").input_value() == "Getting back to the allotment"
    assert priya.page.get_by_label("What would you like to be different (optional)").input_value() == "Dig my own potatoes again"
    priya.click_button("Save")
    priya.click_link("Eating and drinking")
    for _ in range(10):
        heading = priya.heading()
        priya.choose("I need someone to help me" if heading.startswith(("Eating", "Keeping clean")) else "I can do this without any problems")
        priya.click_button("Save and continue")
    priya.choose("Yes").click_button("Save and continue")
    priya.choose("A lot: my life is much harder, or I think it soon will be").click_button("Save and continue")
    priya.click_link("Check your answers and send")
    priya.click_button("Send the assessment")
    priya.click_link("Make the determination")
    priya.click_button("Record the decision")
    assert "The needs are eligible for support" in priya.text()
    assessment = Assessment.objects.get()
    assert assessment.completed_by_kind == "practitioner" and assessment.from_conversation == conversation
    priya.screenshot("practitioner-determination")


def test_a_practitioner_imports_a_signed_assessment_from_another_council(visit, cast, tmp_path):
    from django.utils import timezone

    from carecommons.assessments import services
    from carecommons.assessments.models import ContinuityRecord, TrustedCouncil
    from carecommons.assessments.portable import export_envelope, public_key_b64, signing_key
    from carecommons.rules.assessment_questions import questions_for

    a = services.assessment_start(person=cast.stan, kind="carer", completed_by_kind="practitioner", user=cast.tom, cares_for_name="Jean")
    services.assessment_about(assessment=a, what_matters="Keeping Jean at home", strengths="", outcomes_wanted="", fluctuating="")
    for q in questions_for("carer"):
        services.assessment_answer(assessment=a, key=q.key, chosen=["yes"])
    services.assessment_submit(assessment=Assessment.objects.get(pk=a.pk))
    key = signing_key(create=True)
    TrustedCouncil.objects.create(name="Ashby Vale Council (fictional)", public_key=public_key_b64(key), added_at=timezone.now())
    path = tmp_path / "stan.json"
    path.write_bytes(export_envelope(assessment=Assessment.objects.get(pk=a.pk), now=timezone.now()))

    priya = visit("priya-importing")
    priya.sign_in("priya", f.PASSWORD)
    priya.goto("/assessments/waiting/")
    priya.click_link("Import a signed assessment from another council")
    priya.page.get_by_label("Upload the signed assessment file").set_input_files(str(path))
    priya.click_button("Check the file")
    assert priya.heading() == "Check what the assessment contains"
    assert "Stan Hughes" in priya.text() and "Carer's assessment" in priya.text()
    priya.click_button("Import and open a continuity record")
    assert "Needs will be met on Ashby Vale Council (fictional)'s basis" in priya.page.get_by_role("alert").inner_text()
    assert ContinuityRecord.objects.count() == 1


def _sent_by_ruth(cast):
    from carecommons.assessments import services
    from carecommons.rules.assessment_questions import questions_for

    a = services.assessment_start(person=cast.ruth, kind="adult", completed_by_kind="person", user=cast.ruth_user)
    services.assessment_about(assessment=a, what_matters="Living in my flat and going to church on Sundays", strengths="",
                              outcomes_wanted="", fluctuating="")
    chosen = {"nutrition": ["without_assistance"], "personal_hygiene": ["pain_distress_anxiety"], "health": ["yes"],
              "wellbeing": ["yes"], "caring_for_child": ["not_applicable"]}
    for q in questions_for("adult"):
        services.assessment_answer(assessment=a, key=q.key, chosen=chosen.get(q.key, ["able"]),
                                   words="Standing at the cooker makes my back hurt" if q.key == "nutrition" else "")
    return services.assessment_submit(assessment=Assessment.objects.get(pk=a.pk))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_practitioner_checks_what_was_said_changes_one_outcome_and_records_the_decision(visit, cast, javascript):
    a = _sent_by_ruth(cast)
    priya = visit("priya-summary", javascript=javascript)
    priya.sign_in("priya", f.PASSWORD)
    priya.goto(f"/assessments/{a.pk}/")
    priya.click_link("Make the determination")
    assert priya.heading() == "Make the determination"
    height = priya.page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 2500, f"the summary is {height} px tall at desktop width"
    rows = priya.page.locator(".govuk-summary-list__row")
    assert rows.count() == 10
    eating = rows.filter(has_text="Eating and drinking").inner_text()
    assert "“I need someone to help me”" in eating and "Standing at the cooker makes my back hurt" in eating
    assert "Cannot achieve it: cannot do it without help" in eating
    assert "Not counted: they said it does not apply" in rows.filter(has_text="Looking after children").inner_text()

    # What is typed on the summary stays there while one outcome is changed on its own page
    priya.fill("Your reasons (needed if you change anything)", "Seen at home: she cannot dress without help.")
    priya.click_button("Change getting dressed", exact=True)
    assert priya.heading() == "Getting dressed"
    assert "“I can do this without any problems”" in priya.text()
    priya.choose("Cannot do it without help").choose("Takes significantly longer", exact=False)
    priya.click_button("Save and go back to the summary")
    assert "You cannot select 'None of these' as well" in priya.page.get_by_role("alert").inner_text()
    priya.page.get_by_label("None of these: they can achieve it").uncheck()
    priya.click_button("Save and go back to the summary")
    assert "If they cannot do it without help, select only that" in priya.page.get_by_role("alert").inner_text()
    assert priya.page.get_by_label("Cannot do it without help").is_checked(), "nothing ticked is lost"
    priya.page.get_by_label("Takes significantly longer", exact=False).uncheck()
    priya.click_button("Save and go back to the summary")
    assert priya.heading() == "Make the determination"
    dressed = priya.page.locator(".govuk-summary-list__row").filter(has_text="Getting dressed").inner_text()
    assert "Cannot achieve it: cannot do it without help" in dressed and "Changed" in dressed
    assert priya.page.get_by_label("Your reasons (needed if you change anything)").input_value() == \
        "Seen at home: she cannot dress without help."
    priya.click_button("Record the decision")
    assert "The determination is made" in priya.page.get_by_role("alert").inner_text()
    d = Determination.objects.get()
    assert d.eligible and d.unmet_outcomes == ["nutrition", "personal_hygiene", "clothing"]
    assert d.changed_facts == ["outcomes"] and "cannot dress" in d.practitioner_reasons
    priya.screenshot(f"determination-recorded-{'js' if javascript else 'no-js'}")


def test_the_determination_fits_a_phone(visit, cast):
    a = _sent_by_ruth(cast)
    phone = visit("priya-phone", width=320)
    phone.sign_in("priya", f.PASSWORD)
    phone.goto(f"/assessments/{a.pk}/determine/")
    assert phone.overflowing() == [], "nothing is wider than the screen"
    phone.screenshot("determination-summary-phone")
    phone.click_button("Change keeping clean", exact=True)
    assert phone.heading() == "Keeping clean"
    assert phone.overflowing() == []
    phone.screenshot("determination-outcome-phone")
