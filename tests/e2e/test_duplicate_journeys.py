"""Issue 15, no duplicates: a practitioner finds two records of one person, joins them after reading what will
happen, sees the kept record with both conversations, and joins the two requests it now holds; another pair is
"not the same person". Real Chromium, axe on every page visited."""

from __future__ import annotations

import datetime as dt

import pytest

from carecommons.people.models import DuplicateDismissal, Person, PersonMerge
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BORN = dt.date(1948, 5, 2)


def test_a_practitioner_finds_a_duplicate_joins_it_and_sees_the_kept_record_with_both_conversations(visit, cast):
    Person.objects.filter(pk=cast.ruth.pk).update(date_of_birth=BORN)
    f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, what_matters="Keeping my allotment going")
    again = f.PersonFactory(full_name="Ruth Okafor", team=cast.north, date_of_birth=BORN, phone="",
                            email="ruth.okafor@example.com")
    f.ConversationFactory(person=again, practitioner=cast.morgan, what_matters="Seeing my grandchildren on Sundays")
    first_ask = f.RequestFactory(person=cast.ruth, status="waiting", on_their_mind="Getting to the shops")
    second_ask = f.RequestFactory(person=again, status="waiting", on_their_mind="Getting to the shops on my own")

    priya = visit("priya-duplicates")
    priya.sign_in("priya", f.PASSWORD)
    priya.click_link("Waiting list").click_link("See possible duplicates")
    assert priya.heading() == "Possible duplicates"
    assert "Same name and date of birth" in priya.text()
    priya.click_link("Join these records")
    assert priya.heading() == "Join the two records of Ruth Okafor?"
    text = priya.text()
    assert f"Record {cast.ruth.pk} is kept." in text
    assert "1 conversation" in text and "ruth.okafor@example.com" in text
    assert f"Record {again.pk} is not deleted" in text

    priya.click_button("Join the records")
    assert "There is a problem" in priya.text() and "Say why these records are the same person" in priya.text()
    priya.fill("Why are these the same person?", "Ruth told me on the phone she asked twice")
    priya.click_button("Join the records")
    assert priya.heading() == "Ruth Okafor"
    page = priya.page.inner_text("body")
    assert "are now one" in page
    assert "Keeping my allotment going" in page and "Seeing my grandchildren on Sundays" in page
    assert f"Record {again.pk} (same name and date of birth) was joined into this record" in page
    assert PersonMerge.objects.get().reason == "Ruth told me on the phone she asked twice"

    priya.goto(f"/people/{again.pk}/")  # an old link to the record joined away
    assert priya.heading() == "Ruth Okafor" and priya.page.url.endswith(f"/people/{cast.ruth.pk}/")
    priya.click_link("Waiting list").click_link("See possible duplicates")
    assert "There are no possible duplicates" in priya.text()

    # Her two requests are now on one record: join them, so she holds one place in the queue.
    assert "People who asked more than once" in priya.text() and second_ask.reference in priya.text()
    priya.click_link("Join the requests")
    assert priya.heading() == "Join two requests from Ruth Okafor?"
    priya.fill("Why are these the same request?", "Ruth asked online and by phone").click_button("Join the requests")
    assert priya.heading() == "Ruth Okafor"
    assert f"Joined into {first_ask.reference}" in priya.text()


def test_a_manager_without_javascript_says_two_records_are_not_the_same_person(visit, cast):
    f.PersonFactory(full_name="Sam Patel", team=cast.north, phone="07700 900555")
    f.PersonFactory(full_name="Sam Patel", team=cast.north, phone="+44 7700 900555")
    morgan = visit("morgan-duplicates", javascript=False, width=320)
    morgan.sign_in("morgan", f.PASSWORD)
    morgan.goto("/people/duplicates/")
    assert "Same name and phone number" in morgan.text()
    morgan.click_button("Not the same person")
    assert morgan.heading() == "Possible duplicates"
    assert "will not show Sam Patel" in morgan.page.inner_text("body")
    assert "There are no possible duplicates" in morgan.text()
    assert DuplicateDismissal.objects.count() == 1
