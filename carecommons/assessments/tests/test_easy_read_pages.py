"""Easy read on every task of a person's own assessment and on their decision: a picture and short sentences,
the key words in bold, as the person reads them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from carecommons.assessments.models import Assessment
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for


def _easy(client: Any) -> None:
    client.get(reverse("assessments:easy-read"), {"on": "1", "next": "/"})


def _pictures(html: str) -> int:
    return html.count('class="cc-easy__picture')


def test_starting_an_assessment_in_easy_read(cast: Any) -> None:
    ruth = client_for(cast.ruth_user)
    start = ruth.get(reverse("assessments:start-own")).content.decode()
    assert "Switch to easy read, with pictures" in start and "no <strong>" not in start
    _easy(ruth)
    html = ruth.get(reverse("assessments:start-own")).content.decode()
    assert "There are <strong>no wrong answers</strong>." in html and _pictures(html) == 4
    assert "There are no right or wrong answers." not in html  # the standard words give way
    assert "Switch back to standard words" in html


def test_each_question_has_its_own_picture_and_a_short_sentence(cast: Any) -> None:
    ruth = client_for(cast.ruth_user)
    ruth.post(reverse("assessments:start-own"), {"kind": "adult"})
    a = Assessment.objects.get()
    standard = ruth.get(reverse("assessments:question", args=[a.pk, "nutrition"])).content.decode()
    assert "cc-easy__picture" not in standard
    _easy(ruth)
    food = ruth.get(reverse("assessments:question", args=[a.pk, "nutrition"])).content.decode()
    assert "This page is about <strong>food and drink</strong>." in food
    assert "Like getting food, <strong>making meals</strong>, and eating enough." in food
    assert "Think about most days. You can choose more than one." in food
    bus = ruth.get(reverse("assessments:question", args=[a.pk, "community_facilities"])).content.decode()
    assert "This page is about <strong>going out</strong>." in bus
    assert food.count("<svg") - bus.count("<svg") == 0 and _pictures(food) == 2
    assert _picture_of(food) != _picture_of(bus), "each outcome has its own picture"
    health = ruth.get(reverse("assessments:question", args=[a.pk, "health"])).content.decode()
    assert "This page is about <strong>your health</strong>." in health


def _picture_of(html: str) -> str:
    start = html.index('class="cc-easy__picture')
    return html[start:html.index("</svg>", start)]


def test_a_carers_questions_ask_about_caring_too(cast: Any) -> None:
    ruth = client_for(cast.ruth_user)
    ruth.post(reverse("assessments:start-own"), {"kind": "carer"})
    a = Assessment.objects.get()
    _easy(ruth)
    html = ruth.get(reverse("assessments:question", args=[a.pk, "carer_recreation"])).content.decode()
    assert "This page is about <strong>time for you</strong>." in html
    assert "Can you do this <strong>as well as caring</strong>?" in html


def test_the_task_list_about_and_check_pages_in_easy_read(cast: Any) -> None:
    ruth = client_for(cast.ruth_user)
    ruth.post(reverse("assessments:start-own"), {"kind": "adult"})
    a = Assessment.objects.get()
    _easy(ruth)
    tasks = ruth.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "There are <strong>12 questions</strong> about your life." in tasks
    assert "You can stop and <strong>come back later</strong>." in tasks
    assert tasks.count("cc-easy__picture--small") == 13, "a picture beside What matters and each of the 12 questions"
    about = ruth.get(reverse("assessments:about", args=[a.pk])).content.decode()
    assert "<h1 class=\"govuk-heading-l\">What matters to you</h1>" in about
    assert "Tell us what you would like to be <strong>different</strong>." in about
    check = ruth.get(reverse("assessments:check", args=[a.pk])).content.decode()
    assert "<strong>Check</strong> your answers." in check and "A practitioner reads them and <strong>decides</strong>." in check
    assert check.count("cc-easy__picture--small") == 13, "each answer with its question's picture"


def test_the_decision_in_easy_read_with_a_picture_for_each_need(cast: Any) -> None:
    a = f.eligible_assessment(cast.ruth, by=cast.priya, unmet=("nutrition", "community_facilities"))
    ruth = client_for(cast.ruth_user)
    standard = ruth.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "Your needs are eligible for support" in standard and "cc-easy__picture" not in standard
    assert "Switch to easy read, with pictures" in standard
    _easy(ruth)
    html = ruth.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "<strong>looked at your answers</strong> on" in html
    assert "You can get <strong>support</strong> from the council." in html
    assert "You need help with <strong>food and drink</strong>." in html
    assert "You need help with <strong>going out</strong>." in html
    assert "Next, you make a <strong>plan</strong> for your support." in html
    assert "If you <strong>disagree</strong>, tell us. We will look again." in html
    assert "The decision in full" in html and "If you disagree" in html  # the full decision stays below
    assert _pictures(html) == 6


def test_a_decision_that_the_needs_are_not_eligible_in_easy_read(cast: Any) -> None:
    a = f.eligible_assessment(cast.ruth, by=cast.priya, unmet=("clothing",))
    a.determination.eligible = False
    a.determination.save()
    ruth = client_for(cast.ruth_user)
    _easy(ruth)
    html = ruth.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "The council will <strong>not pay</strong> for support now." in html
    assert "You need help with <strong>getting dressed</strong>." in html
    assert "If things get harder, <strong>ask again</strong>." in html
    assert "make a <strong>plan</strong>" not in html


def test_staff_see_the_decision_in_their_own_words(cast: Any) -> None:
    a = f.eligible_assessment(cast.ruth, by=cast.priya)
    priya = client_for(cast.priya)
    _easy(priya)
    html = priya.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "The needs are eligible for support" in html and "You can get <strong>support</strong>" not in html
