"""Asking for a conversation, one question a page, as a resident and as a practitioner."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.models import Booking, ConversationRequest
from carecommons.people.models import Person
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def ask(client, step, data=None):
    url = reverse("conversations:ask", args=[step])
    return client.post(url, data) if data is not None else client.get(url)


def answer_up_to_time(client, cast, who="self"):
    client.get(reverse("conversations:ask-start"))
    assert ask(client, "who", {"who": who}).status_code == 302
    if who == "on_behalf":
        assert ask(client, "requester", {"requester_name": "Jo Bloggs", "requester_relationship": "Daughter"}).status_code == 302
    assert ask(client, "name", {"full_name": "Maggie  Brown"}).status_code == 302
    assert ask(client, "contact", {"contact_by": "phone", "phone": "07700900982", "postcode": "ab1 2de"}).status_code == 302
    assert ask(client, "on-mind", {"on_their_mind": "I'm finding the stairs hard"}).status_code == 302
    assert ask(client, "access", {"access_needs": "Step-free access"}).status_code == 302
    assert ask(client, "hub", {"hub": str(cast.library.pk)}).status_code == 302


def test_a_resident_asks_for_and_books_a_conversation(client, cast):
    slot = f.SlotFactory(hub=cast.library)
    answer_up_to_time(client, cast)
    page = ask(client, "time")
    assert cast.library.name in page.content.decode()
    assert ask(client, "time", {"slot": str(slot.pk)}).status_code == 302
    check = ask(client, "check")
    assert "Maggie Brown" in check.content.decode() and "07700 900 982" in check.content.decode()
    done = ask(client, "check", {})
    assert done.status_code == 302
    req = ConversationRequest.objects.get()
    assert req.status == "booked" and req.asked_by == "self" and req.channel == "online"
    assert req.person.full_name == "Maggie Brown" and req.person.postcode == "AB1 2DE"
    assert req.person.team == cast.north, "the person joins the team of the hub they chose"
    booking = Booking.objects.get()
    confirmation = client.get(done["Location"]).content.decode()
    assert req.reference in confirmation and booking.token in confirmation
    ics = client.get(reverse("conversations:booking-ics", args=[booking.token]))
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode().replace("\r\n ", "")  # unfold long lines (RFC 5545 3.1)
    assert "BEGIN:VEVENT" in body and "Eastgate Library" in body and req.reference in body


def test_someone_on_behalf_gives_their_own_name_too(client, cast):
    answer_up_to_time(client, cast, who="on_behalf")
    ask(client, "time", {"slot": "wait"})
    ask(client, "check", {})
    req = ConversationRequest.objects.get()
    assert req.asked_by == "on_behalf" and req.requester_name == "Jo Bloggs" and req.status == "waiting"


def test_choosing_no_time_puts_the_request_on_the_waiting_list(client, cast):
    answer_up_to_time(client, cast)
    ask(client, "time", {"slot": "wait"})
    done = ask(client, "check", {})
    assert "waiting list" in client.get(done["Location"]).content.decode()
    assert ConversationRequest.objects.get().status == "waiting"
    assert not Booking.objects.exists()


def test_a_practitioner_takes_a_phone_call(client, cast):
    client.force_login(cast.priya)
    slot = f.SlotFactory(hub=cast.library)
    client.get(reverse("conversations:ask-start"))
    page = ask(client, "who").content.decode()
    assert "Someone on the phone" in page
    ask(client, "who", {"who": "phone"})
    assert "What is their name?" in ask(client, "name").content.decode()
    for step, data in [("name", {"full_name": "Den Price"}), ("contact", {"contact_by": "phone", "phone": "01632 960 123"}),
                       ("on-mind", {"on_their_mind": "Carer for my wife"}), ("access", {}), ("hub", {"hub": "any"}),
                       ("time", {"slot": str(slot.pk)})]:
        assert ask(client, step, data).status_code == 302, step
    ask(client, "check", {})
    req = ConversationRequest.objects.get()
    assert (req.asked_by, req.channel, req.taken_by) == ("practitioner", "phone", cast.priya)


def test_a_signed_in_person_asks_for_themselves_without_retyping_details(client, cast):
    client.force_login(cast.ruth_user)
    slot = f.SlotFactory(hub=cast.library)
    client.get(reverse("conversations:ask-start"))
    assert ask(client, "who", {"who": "self"})["Location"].endswith("/ask/on-mind/")
    ask(client, "on-mind", {"on_their_mind": "Follow-up about my garden"})
    ask(client, "access", {})
    ask(client, "hub", {"hub": str(cast.library.pk)})
    ask(client, "time", {"slot": str(slot.pk)})
    ask(client, "check", {})
    assert ConversationRequest.objects.get().person == cast.ruth
    assert Person.objects.count() == 2  # Ruth and Stan: nobody new


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("who", {}, "Select who the conversation is for"),
        ("name", {"full_name": ""}, "Enter your name"),
        ("name", {"full_name": "R2D2"}, "must only include letters"),
        ("contact", {"contact_by": "phone", "phone": "123"}, "10 or 11 digits"),
        ("contact", {"contact_by": "email", "email": "nope"}, "correct format, like name@example.com"),
        ("contact", {"contact_by": "text", "mobile": "07700900982", "postcode": "XYZ"}, "Enter a real postcode"),
        ("contact", {"contact_by": "text", "phone": "07700900982"}, "Enter a phone number"),
        ("contact", {}, "Select how we should get in touch"),
        ("on-mind", {"on_their_mind": " "}, "Tell us a little"),
        ("hub", {}, "Select where you would like to meet"),
        ("time", {}, "Choose a time, or ask to go on the waiting list"),
    ],
)
def test_each_question_says_how_to_fix_a_wrong_answer(client, cast, step, data, message):
    client.get(reverse("conversations:ask-start"))
    session_answers = {"who": "self", "full_name": "A B", "contact_by": "phone", "on_their_mind": "x", "hub": "any", "access_needs": ""}
    session = client.session
    session["ask"] = session_answers
    session.save()
    page = ask(client, step, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error:" in html


def test_nobody_can_jump_to_the_end_with_half_a_request(client, cast):
    client.get(reverse("conversations:ask-start"))
    response = ask(client, "check", {})
    assert response.status_code == 302 and response["Location"].endswith("/ask/who/")
    assert not ConversationRequest.objects.exists()


def test_a_slot_taken_while_checking_answers_is_explained_and_nothing_is_half_saved(client, cast):
    slot = f.SlotFactory(hub=cast.library)
    answer_up_to_time(client, cast)
    ask(client, "time", {"slot": str(slot.pk)})
    f.BookingFactory(slot=slot)  # someone else books it first
    people_before = Person.objects.count()
    response = ask(client, "check", {})
    assert response.status_code == 409
    assert "just been booked by someone else" in response.content.decode()
    assert Person.objects.count() == people_before
    assert ConversationRequest.objects.count() == 1  # only the other person's


def test_the_confirmation_cannot_be_seen_by_someone_else(client, cast):
    other = f.RequestFactory()
    response = client.get(reverse("conversations:ask-done", args=[other.reference]))
    assert response.status_code == 404
    assert other.person.full_name not in response.content.decode()


def test_times_offered_are_the_soonest_free_and_respect_preferred_parts_of_the_day(client, cast):
    tz = timezone.get_current_timezone()
    base = timezone.localdate() + dt.timedelta(days=3)
    morning = f.SlotFactory(hub=cast.library, starts_at=dt.datetime.combine(base, dt.time(10), tzinfo=tz))
    evening = f.SlotFactory(hub=cast.library, starts_at=dt.datetime.combine(base, dt.time(18), tzinfo=tz))
    full = f.SlotFactory(hub=cast.cafe, starts_at=dt.datetime.combine(base, dt.time(9), tzinfo=tz))
    f.BookingFactory(slot=full)
    answer_up_to_time(client, cast)
    ask(client, "hub", {"hub": str(cast.library.pk), "times": ["evening"]})
    html = ask(client, "time").content.decode()
    assert f'value="{evening.pk}"' in html
    assert f'value="{morning.pk}"' not in html and f'value="{full.pk}"' not in html


def test_easy_read_from_the_very_first_page_with_pictures(client, cast):
    start = client.get(reverse("conversations:ask-start")).content.decode()
    assert "Switch to easy read, with pictures" in start
    client.get(reverse("assessments:easy-read") + "?on=1&next=/ask/")
    easy = client.get(reverse("conversations:ask-start")).content.decode()
    assert "You can <strong>bring someone</strong> with you." in easy and 'class="cc-easy__picture"' in easy and "Switch back to standard words" in easy
    assert "It takes about 3 minutes. We ask" not in easy
    who = ask(client, "who").content.decode()
    assert "You can ask for <strong>yourself</strong>." in who and "Who is the conversation for?" in who
    client.get(reverse("assessments:easy-read") + "?on=0&next=/ask/")
    assert "You can ask for <strong>yourself</strong>." not in client.get(reverse("conversations:ask", args=["who"])).content.decode()


def test_asking_twice_offers_the_earlier_request_instead_of_holding_a_second_place(client, cast, django_capture_on_commit_callbacks):
    from carecommons.core import texts

    first, second = f.SlotFactory(hub=cast.library), f.SlotFactory(hub=cast.library)
    answer_up_to_time(client, cast)
    ask(client, "time", {"slot": str(first.pk)})
    ask(client, "check", {})
    assert Booking.objects.count() == 1
    texts.outbox.clear()
    again = Client()
    answer_up_to_time(again, cast)
    ask(again, "time", {"slot": str(second.pk)})
    with django_capture_on_commit_callbacks(execute=True):
        page = ask(again, "check", {}).content.decode()
    assert "It looks like you have already asked" in page
    assert "We have sent the details again, with the link to change or cancel the time" in page
    assert Booking.objects.count() == 1 and ConversationRequest.objects.count() == 1, "no second place is held"
    assert len(texts.outbox) == 1, "the confirmation with its change link went again, to the number given before"
    assert "Send it as a new request" in page
    ask(again, "check", {"anyway": "yes"})
    assert ConversationRequest.objects.count() == 2 and Booking.objects.count() == 2


def test_a_different_person_with_the_same_name_is_not_a_duplicate(client, cast):
    answer_up_to_time(client, cast)
    ask(client, "time", {"slot": "wait"})
    ask(client, "check", {})
    other = Client()
    other.get(reverse("conversations:ask-start"))
    ask(other, "who", {"who": "self"})
    ask(other, "name", {"full_name": "Maggie Brown"})
    ask(other, "contact", {"contact_by": "phone", "phone": "07700900123"})
    ask(other, "on-mind", {"on_their_mind": "Stairs"})
    ask(other, "access", {"access_needs": ""})
    ask(other, "hub", {"hub": str(cast.library.pk)})
    ask(other, "time", {"slot": "wait"})
    assert ask(other, "check", {}).status_code == 302
    assert ConversationRequest.objects.count() == 2
