"""Whole journeys in real headless Chromium, with an axe-core scan of every page visited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.conversations.models import Booking, Conversation, ConversationRequest
from carecommons.core.second_factor import new_key
from carecommons.people.models import WhatMattersStatement
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _future(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


def ask_and_book(visitor, cast) -> Booking:
    """A resident asks for a conversation and books the soonest time at the library."""
    visitor.goto("/")
    assert visitor.heading() == "Talk to someone about what matters to you"
    visitor.click_link("Ask for a conversation")
    visitor.click_button("Start now")
    assert visitor.heading() == "Who is the conversation for?"
    visitor.choose("Me").click_button("Continue")
    visitor.fill("What is your name?", "Maggie Brown").click_button("Continue")
    assert not visitor.page.get_by_label("Phone number", exact=True).is_visible(), "asked only once its choice is ticked"
    visitor.choose("Phone call")
    assert visitor.page.get_by_label("Phone number", exact=True).is_visible()
    assert not visitor.page.get_by_label("Email address").is_visible()
    visitor.fill("Phone number", "07700 900 982").fill("Postcode (optional)", "ab1 2de")
    visitor.click_button("Continue")
    visitor.fill("What would you like to talk about?", "The stairs at home are getting hard").click_button("Continue")
    visitor.fill("Is there anything that would help at the conversation? (optional)", "Step-free access please")
    visitor.click_button("Continue")
    visitor.choose("Eastgate Library").click_button("Continue")
    assert visitor.heading() == "Choose a time"
    first_time = visitor.page.get_by_role("group", name="Eastgate Library").get_by_role("radio").first
    first_time.check()
    visitor.click_button("Continue")
    assert visitor.heading() == "Check your answers before sending"
    assert "Maggie Brown" in visitor.text() and "07700 900 982" in visitor.text() and "AB1 2DE" in visitor.text()
    visitor.click_button("Book this time")
    assert visitor.heading().startswith("Your conversation is booked")
    booking = Booking.objects.select_related("request").get(cancelled_at__isnull=True, request__person__full_name="Maggie Brown")
    assert booking.request.reference in visitor.text()
    assert visitor.page.get_by_role("link", name="Add to your calendar (.ics file)").is_visible()
    return booking


def test_a_resident_asks_for_books_moves_and_cancels_a_conversation(visit, cast):
    f.SlotFactory(hub=cast.library, starts_at=_future(2, 10))
    later = f.SlotFactory(hub=cast.library, starts_at=_future(3, 14))
    maggie = visit("maggie")
    booking = ask_and_book(maggie, cast)

    assert "Who you will meet" in maggie.text() and "What to bring" in maggie.text()
    assert maggie.base_url not in maggie.text(), "the confirmation shows words, never a raw link"
    maggie.click_link("Change or cancel your conversation")
    maggie.checked()
    assert maggie.heading() == "Your conversation"
    maggie.click_link("Change the time")
    maggie.page.get_by_label(f"{timezone.localtime(later.starts_at):%A %-d %B} at 2pm, Eastgate Library").check()
    maggie.click_button("Book this time")
    assert "moved to the new time" in maggie.page.get_by_role("alert").inner_text()
    moved = Booking.objects.get(cancelled_at__isnull=True, request=booking.request)
    assert moved.slot == later

    maggie.click_link("Cancel the conversation")
    assert maggie.heading() == "Are you sure you want to cancel?"
    maggie.click_button("Yes, cancel it")
    assert maggie.heading() == "Conversation cancelled"
    assert ConversationRequest.objects.get(pk=booking.request_id).status == "waiting"
    maggie.screenshot("resident-cancelled")
    assert len(maggie.scanned) >= 14


def test_the_same_journey_works_without_javascript(visit, cast):
    f.SlotFactory(hub=cast.library, starts_at=_future(2, 10))
    maggie = visit("maggie-no-js", javascript=False)
    ask_and_book(maggie, cast)
    assert maggie.page.evaluate("document.body.className") == "govuk-template__body", "scripts really did not run"
    maggie.screenshot("resident-booked-without-javascript")
    assert len(maggie.scanned) >= 10


def test_a_practitioner_records_a_conversation_briefly_then_fully(visit, cast):
    request = f.RequestFactory(person=f.PersonFactory(full_name="Den Price", team=cast.north), on_their_mind="Caring for my wife")
    priya = visit("priya")
    priya.sign_in("priya", f.PASSWORD)
    assert priya.heading() == "Your team today"
    priya.click_link("Waiting list", exact=True)
    assert "Den Price" in priya.text()
    priya.click_link("Den Price")
    assert priya.heading() == "Den Price"
    priya.click_link("Record the conversation")
    today = timezone.localdate()
    when = priya.page.get_by_role("group", name="When was the conversation?")
    when.get_by_label("Day").fill(str(today.day))
    when.get_by_label("Month").fill(str(today.month))
    when.get_by_label("Year").fill(str(today.year))
    priya.fill("What matters to them, in their words", "Keeping Jean at home with me")
    priya.choose("Connect to a community group or service")
    priya.click_button("Save the record")
    assert priya.heading() == f"Conversation on {today:%-d %B %Y}"
    conversation = Conversation.objects.get(request=request)

    priya.click_link("Change the record")
    priya.fill("What matters to them, in their words", "Keeping Jean at home with me, and a night's sleep")
    priya.fill("Their own strengths (optional)", "Forty years of marriage; a good cook")
    priya.fill("Strengths from family and friends (optional)", "Daughter visits on Sundays")
    priya.fill("Strengths in their community (optional)", "The carers' café at the library")
    priya.fill("What they want to be different (optional)", "Two nights a week of proper sleep")
    priya.choose("Start a Care Act assessment")
    priya.fill("Details of what was agreed (optional)", "Carer's assessment booked; café details given")
    priya.fill("Who was there? (optional)", "Den and his daughter Sue")
    priya.click_button("Save the record")
    assert "Your changes have been saved" in priya.page.get_by_role("alert").inner_text()
    priya.click_link("See the history of changes")
    assert "Version 2" in priya.text() and "Version 1" in priya.text()
    conversation.refresh_from_db()
    assert conversation.version == 2 and set(conversation.agreed) == {"connect", "assessment"}
    priya.screenshot("practitioner-history")
    assert len(priya.scanned) >= 9


def test_the_person_corrects_what_matters_and_sees_who_looked(visit, cast):
    f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, what_matters="Seeing my daughter", hub=cast.library)
    ruth = visit("ruth")
    ruth.sign_in("ruth", f.PASSWORD)
    assert ruth.heading() == "Your record"
    assert "Seeing my daughter" in ruth.text()
    ruth.click_link("Add to or correct what matters to you")
    ruth.fill("What matters to you", "It is my son who visits, not my daughter. Seeing him matters most.")
    ruth.choose("Yes, it corrects the conversation on", exact=False)
    ruth.click_button("Save")
    assert "It is my son who visits" in ruth.text() and "In your own words" in ruth.text()
    assert WhatMattersStatement.objects.get().corrects is not None

    priya = visit("priya")
    priya.sign_in("priya", f.PASSWORD)
    priya.goto(f"/people/{cast.ruth.pk}/")
    assert "It is my son who visits" in priya.text()

    ruth.goto("/my-record/")
    ruth.click_link("See everyone who has looked at your record")
    log = ruth.text()
    assert "Priya Shah" in log and "Practitioner" in log
    ruth.screenshot("person-who-looked")
    assert len(ruth.scanned) >= 6


def test_a_practitioner_from_another_team_must_give_a_reason_and_the_person_sees_it(visit, cast):
    tom = visit("tom")
    tom.sign_in("tom", f.PASSWORD)
    tom.goto(f"/people/{cast.ruth.pk}/")
    assert tom.heading() == "You need a reason to open this record"
    tom.click_button("Open the record")
    assert "Choose why you need to open this record" in tom.text()
    tom.choose("A duty call: the person, or someone about them, contacted us")
    tom.fill("What has happened?", "peek")
    tom.click_button("Open the record")
    assert "Say in a sentence of at least 5 words" in tom.text()
    tom.choose("A duty call: the person, or someone about them, contacted us")
    tom.fill("What has happened?", "Her neighbour rang the duty desk worried about her")
    tom.click_button("Open the record")
    assert tom.heading() == "Ruth Okafor"

    ruth = visit("ruth")
    ruth.sign_in("ruth", f.PASSWORD)
    ruth.click_link("See everyone who has looked at your record")
    assert "Tom Baker" in ruth.text() and "Her neighbour rang the duty desk worried about her" in ruth.text()

    # Tom's manager reviews it: the count is on her Team page, and the entry goes once marked.
    sam = f.UserFactory(username="sam", first_name="Sam", last_name="Price")
    f.StaffFactory(user=sam, role="manager", team=cast.south)
    TOTPDevice.objects.create(user=sam, name="Authenticator app", key=new_key(), confirmed=True)
    manager = visit("sam")
    manager.sign_in("sam", f.PASSWORD)
    assert "2 to review: records opened with a reason, and refused attempts" in manager.text()
    manager.click_link("Reviews")
    page = manager.text()
    assert "Tom Baker opened the record of Ruth Okafor" in page and "Her neighbour rang the duty desk" in page
    assert "Refused (1 to review)" in page  # his first try, before he gave a reason
    manager.fill("Your note (optional)", "Checked with Tom: the neighbour's call is on the duty log")
    manager.click_button("Tom Baker opening the record of Ruth Okafor")
    assert "Marked as reviewed." in manager.text() and "Opened with a reason (0 to review)" in manager.text()
    manager.screenshot("manager-reviews-break-glass")


def test_every_other_page_passes_axe(visit, cast):
    slot = f.SlotFactory(hub=cast.library, starts_at=_future(1, 11))
    f.BookingFactory(slot=slot, request=f.RequestFactory(person=cast.ruth, status="booked", access_needs="Hearing loop"))
    f.RequestFactory(person=cast.ruth)  # someone waiting
    follow_up = f.FollowUpFactory(conversation=f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, hub=cast.library))
    day = timezone.localtime(slot.starts_at).date().isoformat()
    today = timezone.localdate()
    for hour, name in ((10, "Dev Patel"), (11, "Asha Rahman")):
        f.BookingFactory(slot=f.SlotFactory(hub=cast.library, starts_at=_future(0, hour)),
                         request=f.RequestFactory(person=f.PersonFactory(full_name=name, team=cast.north), status="booked"))
    quiet = today + dt.timedelta(days=20)
    next_slot = f.SlotFactory(hub=cast.library, starts_at=_future(22, 10))
    next_day = f"{timezone.localtime(next_slot.starts_at):%A} {timezone.localtime(next_slot.starts_at).day} " \
               f"{timezone.localtime(next_slot.starts_at):%B}"

    guest = visit("guest")
    for path in ("/privacy/", "/accessibility/", "/no-such-page/", f"/booking/{'x' * 20}/"):
        guest.goto(path)
    guest.goto("/sign-in/").click_button("Sign in")
    assert "Enter your username" in guest.text()
    guest.goto(f"/follow-up/{follow_up.token}/").click_button("Send")
    assert "Select whether the conversation was useful" in guest.text()
    guest.page.get_by_role("group", name="Was the conversation useful?").get_by_label("Yes").check()
    guest.choose("A little").fill("Is there anything else you want to tell us? (optional)", "Lovely")
    guest.click_button("Send")
    assert guest.heading() == "Thank you"
    guest.click_link("Personal assistants' pay")
    guest.click_button("Work out the pay")
    assert "Enter the hourly rate" in guest.text()
    guest.fill("Hourly rate", "13.00").fill("Years worked for this person", "0").choose("Double time").choose("No")
    guest.fill("Shifts", "25/05/2026 09:00-13:00\n26/05/2026 22:00-06:00")
    guest.click_button("Work out the pay")
    assert "Total pay before tax" in guest.text() and "below the Real Living Wage" in guest.text()

    priya = visit("priya")
    priya.sign_in("priya", f.PASSWORD)
    priya.goto("/team/").click_link("Hubs", exact=True)
    priya.goto(f"/hubs/{cast.library.pk}/day/{day}/")
    assert "Ruth Okafor" in priya.text() and "Hearing loop" in priya.text()
    # The practitioner's day (issue 15): who came, a mistaken click undone, and recording the conversation.
    priya.goto(f"/hubs/{cast.library.pk}/day/{today}/")
    priya.click_button("Arrived (Dev Patel)")
    assert "Dev Patel is marked as arrived." in priya.page.get_by_role("alert").inner_text()
    priya.click_button("Undo the mark for Dev Patel")
    assert "The mark for Dev Patel has been undone." in priya.page.get_by_role("alert").inner_text()
    priya.click_button("Did not attend (Dev Patel)")
    assert "Their request is back on the waiting list" in priya.page.get_by_role("alert").inner_text()
    priya.click_button("Arrived (Asha Rahman)")
    priya.click_link("Record the conversation with Asha Rahman")
    assert "Asha Rahman" in priya.text()
    priya.goto(f"/hubs/{cast.library.pk}/day/{quiet}/")
    assert f"The next session is on {next_day}" in priya.text()
    priya.click_link("Find a person")
    priya.fill("Name, phone number or postcode", "Okafor").click_button("Search")
    assert "1 found" in priya.text()
    priya.goto("/waiting-list/").click_link("Book a time")
    priya.click_button("Book this time")
    assert "Choose a time" in priya.text()
    priya.goto(f"/conversations/{follow_up.conversation_id}/")

    morgan = visit("morgan", javascript=False)  # one button per form: it works without JavaScript
    morgan.sign_in("morgan", f.PASSWORD)
    morgan.goto(f"/hubs/{cast.library.pk}/day/{today}/").click_button("Undo the mark for Asha Rahman")
    assert "The mark for Asha Rahman has been undone." in morgan.text()
    morgan.click_button("Did not attend (Asha Rahman)")
    assert "Their request is back on the waiting list" in morgan.text()

    hana = visit("hana")
    hana.sign_in("hana", f.PASSWORD)
    assert hana.heading() == "Your hubs"
    hana.goto(f"/hubs/{cast.library.pk}/day/{day}/")
    assert "Ruth Okafor" in hana.text()
    hana.goto(f"/hubs/{cast.library.pk}/day/{today}/")
    assert hana.page.get_by_role("button", name="Arrived").count() == 0  # hosts do not mark who came (ADR 0031)
    hana.goto(f"/people/{cast.ruth.pk}/")
    assert hana.heading() == "You cannot see this page"

    chris = visit("chris")
    chris.sign_in("chris", f.PASSWORD)
    assert chris.heading() == "How the front door is doing"
    assert len(guest.scanned) + len(priya.scanned) + len(hana.scanned) + len(chris.scanned) >= 20


def test_easy_read_from_the_first_page_with_pictures_and_without_javascript(visit, cast):
    reader = visit("easy-read-ask", javascript=False, width=320)
    reader.goto("/ask/")
    reader.click_link("Switch to easy read, with pictures")
    assert reader.heading() == "Ask for a conversation" and "You can bring someone with you." in reader.text()
    assert reader.overflowing() == []
    reader.screenshot("ask-easy-read-320px")
    reader.click_button("Start now")
    assert "You can ask for yourself." in reader.text()


def test_in_easy_read_the_confirmation_says_what_happens_next_at_320px_without_javascript(visit, cast):
    f.SlotFactory(hub=cast.library, starts_at=_future(2, 10))
    reader = visit("easy-read-booked", javascript=False, width=320)
    reader.goto("/ask/")
    reader.click_link("Switch to easy read, with pictures")
    booking = ask_and_book(reader, cast)
    easy = reader.page.get_by_role("list", name="Easy read")
    lines = [line.inner_text() for line in easy.get_by_role("listitem").all()]
    assert lines[0] == f"You will meet someone from {cast.library.team.name}."
    assert "You meet at Eastgate Library." in lines and "You can bring someone with you." in lines
    assert f"Bring your reference: {booking.request.reference}." in lines
    assert lines[-1] == "We sent this to you by text message."
    assert [b.inner_text() for b in easy.locator("strong").all()][:3] == ["meet", "what matters to you", "Eastgate Library"]
    assert easy.locator("svg").count() == len(lines), "a picture beside each sentence"
    assert reader.overflowing() == []
    reader.screenshot("booked-easy-read-320px")
    reader.click_link("Switch back to standard words")
    assert reader.heading().startswith("Your conversation is booked") and "Who you will meet" in reader.text()
    reader.click_link("Change or cancel your conversation")
    assert reader.heading() == "Your conversation"
