"""Possible duplicate people, joining two records of one person, and "not the same person" (issue 15)."""

import datetime as dt

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from carecommons.assessments.models import Assessment
from carecommons.budgets import services as budgets
from carecommons.budgets.models import LedgerEntry, PersonalBudget, SupportPlan
from carecommons.conversations import services as conversations
from carecommons.conversations.models import Booking, Conversation, ConversationRequest
from carecommons.people.merging import MOVES, STAYS, person_links
from carecommons.people.models import AccessEvent, DuplicateDismissal, Person, PersonMerge, RecordShare
from carecommons.people.subject_access import everything_about
from carecommons.rules.management import DirectPaymentFacts
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db
BORN = dt.date(1948, 5, 2)
REASON = "Ruth confirmed on the phone that both are her"


def test_every_link_to_a_person_is_either_moved_or_kept_by_a_merge():
    """A new ForeignKey or OneToOneField to Person must be placed in MOVES or STAYS in people/merging.py."""
    links = set(person_links())
    assert not set(MOVES) & set(STAYS)
    unhandled = links - set(MOVES) - set(STAYS)
    assert not unhandled, f"Say in people/merging.py what joining two records does with: {sorted(unhandled)}"
    assert not (set(MOVES) | set(STAYS)) - links, "these are no longer links to a Person"


def _second_ruth(cast, **kw):
    cast.ruth.date_of_birth = BORN
    cast.ruth.save()
    return f.PersonFactory(full_name="Ruth  OKAFOR", team=cast.north, date_of_birth=BORN, phone="", **kw)


def _budget_for(person, priya):
    priya.staff.budget_limit = 100_000
    priya.staff.save()
    plan = budgets.plan_start(assessment=f.eligible_assessment(person, by=priya), user=priya)
    budgets.plan_item_add(plan=plan, outcome="nutrition", met_by="self", description="I cook")
    budgets.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="personal_assistant",
                          weekly_cost=20_000, description="A personal assistant")
    budgets.plan_choose_management(plan=plan, way="direct_payment")
    budgets.plan_submit(plan=plan)
    plan = budgets.plan_agree(plan=plan, practitioner=priya, notes="Agreed with Ruth",
                              direct_payment=DirectPaymentFacts(True, False, True, True))
    budgets.record_money(budget=plan.budget, what="payment", pence=5_000,
                         on=max(plan.budget.period_start, timezone.localdate()), description="Swimming",
                         payee="Leisure centre", user=priya)
    return plan


def test_a_practitioner_sees_possible_duplicates_in_their_team_with_the_reason(client, cast):
    again = _second_ruth(cast)
    client.force_login(cast.priya)
    page = client.get(reverse("people:duplicates"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Same name and date of birth" in text
    assert reverse("people:merge", args=[cast.ruth.pk, again.pk]) in text
    client.force_login(cast.tom)  # South team: neither record is theirs
    assert "There are no possible duplicates" in client.get(reverse("people:duplicates")).content.decode()


@pytest.mark.parametrize("who", ["hana", "chris", "ade", "ruth_user"])
def test_hosts_commissioners_administrators_and_residents_cannot_see_or_join_duplicates(client, cast, who):
    again = _second_ruth(cast)
    client.force_login(getattr(cast, who))
    assert client.get(reverse("people:duplicates")).status_code == 403
    before = AccessEvent.objects.count()
    response = client.post(reverse("people:merge", args=[cast.ruth.pk, again.pk]), {"reason": REASON})
    assert response.status_code == 403
    assert client.post(reverse("people:not-duplicate", args=[cast.ruth.pk, again.pk])).status_code == 403
    again.refresh_from_db()
    assert again.merged_into_id is None and not PersonMerge.objects.exists()
    assert not DuplicateDismissal.objects.exists()
    assert AccessEvent.objects.count() == before, "refused by the page's role check, before any record is opened"


def test_a_practitioner_from_another_team_must_give_a_reason_and_nothing_is_joined(client, cast):
    again = _second_ruth(cast)
    client.force_login(cast.tom)
    response = client.post(reverse("people:merge", args=[cast.ruth.pk, again.pk]), {"reason": REASON})
    assert response.status_code == 302 and "/open/" in response["Location"]
    assert not PersonMerge.objects.exists() and Person.objects.get(pk=again.pk).merged_into_id is None
    assert AccessEvent.objects.filter(person=cast.ruth, action="refused", user=cast.tom).count() == 1


def test_joining_a_record_that_is_not_a_possible_duplicate_is_refused_and_changes_nothing(client, cast):
    someone = f.PersonFactory(full_name="Rita Okafor", team=cast.north)
    client.force_login(cast.priya)
    response = client.post(reverse("people:merge", args=[cast.ruth.pk, someone.pk]), {"reason": REASON})
    assert response.status_code == 400
    assert "These records cannot be joined" in response.content.decode()
    assert not PersonMerge.objects.exists()
    assert client.get(reverse("people:merge", args=[cast.ruth.pk, cast.ruth.pk])).status_code == 404


def test_the_confirmation_page_says_which_record_is_kept_and_what_moves(client, cast):
    again = _second_ruth(cast, email="ruth@example.com")
    f.ConversationFactory(person=again, practitioner=cast.priya)
    f.BookingFactory(request=f.RequestFactory(person=again, status="booked"))
    client.force_login(cast.priya)
    response = client.get(reverse("people:merge", args=[cast.ruth.pk, again.pk]))
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "Join the two records of Ruth Okafor?" in text
    assert f"Record {cast.ruth.pk} is kept." in text
    assert f"These move from record {again.pk} to record {cast.ruth.pk}" in text
    assert "1 conversation" in text and "1 request for a conversation, with its bookings" in text
    assert "it takes the one on record" in text and "ruth@example.com" in text
    assert f"Record {again.pk} is not deleted" in text
    assert reverse("people:merge", args=[again.pk, cast.ruth.pk]) in text  # keep the other one instead


def test_a_short_reason_is_asked_again_and_what_was_typed_is_kept(client, cast):
    again = _second_ruth(cast)
    client.force_login(cast.priya)
    response = client.post(reverse("people:merge", args=[cast.ruth.pk, again.pk]), {"reason": "same one"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Say in at least 3 words why these records are the same person" in text and "same one" in text
    assert not PersonMerge.objects.exists()


def test_joining_moves_conversations_bookings_assessments_plans_budgets_shares_and_the_access_log(client, cast):
    again = _second_ruth(cast, email="ruth@example.com")
    kept_talk = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, what_matters="My garden")
    their_talk = f.ConversationFactory(person=again, practitioner=cast.priya, what_matters="My cat Pepper")
    booking = f.BookingFactory(request=f.RequestFactory(person=again, status="booked"))
    plan = _budget_for(again, cast.priya)
    budget = plan.budget
    share = RecordShare.objects.create(person=again, shared_with=f.UserFactory(), relationship="my daughter",
                                       starts_on=timezone.localdate(), ends_on=timezone.localdate(),
                                       created_at=timezone.now())
    balance_before = LedgerEntry.objects.filter(budget=budget).aggregate(s=Sum("pence"))["s"]
    client.force_login(cast.morgan)
    client.get(reverse("people:person", args=[again.pk]))  # an opening of the other record, logged on it
    looked = AccessEvent.objects.get(person=again, user=cast.morgan)

    client.force_login(cast.priya)
    response = client.post(reverse("people:merge", args=[cast.ruth.pk, again.pk]), {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == reverse("people:person", args=[cast.ruth.pk])

    assert set(Conversation.objects.filter(person=cast.ruth)) == {kept_talk, their_talk}
    assert Booking.objects.get(pk=booking.pk).request.person_id == cast.ruth.pk
    assert not Assessment.objects.filter(person=again).exists() and Assessment.objects.filter(person=cast.ruth).exists()
    assert SupportPlan.objects.get(pk=plan.pk).person_id == cast.ruth.pk
    assert PersonalBudget.objects.get(pk=budget.pk).person_id == cast.ruth.pk
    assert LedgerEntry.objects.filter(budget=budget).aggregate(s=Sum("pence"))["s"] == balance_before
    assert RecordShare.objects.get(pk=share.pk).person_id == cast.ruth.pk
    moved_look = AccessEvent.objects.get(pk=looked.pk)  # still says who looked, and when
    assert (moved_look.person_id, moved_look.user_id, moved_look.at) == (cast.ruth.pk, cast.morgan.pk, looked.at)

    tombstone = Person.objects.get(pk=again.pk)
    assert tombstone.merged_into_id == cast.ruth.pk and tombstone.merged_at is not None
    assert tombstone.email == "ruth@example.com", "the tombstone keeps its own details"
    kept = Person.objects.get(pk=cast.ruth.pk)
    assert kept.email == "ruth@example.com", "the kept record had no email, so it took this one"
    merge = PersonMerge.objects.get()
    assert (merge.kept_id, merge.merged_id, merge.by_id, merge.reason) == (cast.ruth.pk, again.pk, cast.priya.pk, REASON)
    assert merge.why_matched == "Same name and date of birth"
    assert merge.moved["conversations.Conversation.person"] == [their_talk.pk]
    assert merge.moved["budgets.PersonalBudget.person"] == [budget.pk]
    assert looked.pk in merge.moved["people.AccessEvent.person"]
    assert merge.filled == {"email": "ruth@example.com"}

    # The kept record shows both conversations and the join; the old record's address leads to it.
    page = client.get(response["Location"]).content.decode()
    assert "My garden" in page and "My cat Pepper" in page
    assert f"Record {again.pk} (same name and date of birth) was joined into this record" in page
    old = client.get(reverse("people:person", args=[again.pk]))
    assert old.status_code == 302 and old["Location"] == reverse("people:person", args=[cast.ruth.pk])
    assert "There are no possible duplicates" in client.get(reverse("people:duplicates")).content.decode()
    assert client.get(reverse("people:merge", args=[cast.ruth.pk, again.pk])).status_code == 302  # already joined
    # Everything held about her includes the other record's details and the join.
    (joined,) = everything_about(Person.objects.get(pk=cast.ruth.pk))["parts"]["joined_records"]["records"]
    assert joined["record_details"]["email"] == "ruth@example.com" and joined["reason"] == REASON


def test_joining_again_into_a_third_record_keeps_every_old_link_pointing_at_a_live_record(client, cast):
    second = _second_ruth(cast)
    third = f.PersonFactory(full_name="Ruth Okafor", team=cast.north, date_of_birth=BORN, phone="")
    client.force_login(cast.priya)
    assert client.post(reverse("people:merge", args=[second.pk, third.pk]), {"reason": REASON}).status_code == 302
    assert client.post(reverse("people:merge", args=[cast.ruth.pk, second.pk]), {"reason": REASON}).status_code == 302
    assert Person.objects.get(pk=third.pk).merged_into_id == cast.ruth.pk
    assert client.get(reverse("people:person", args=[third.pk]))["Location"] == reverse("people:person", args=[cast.ruth.pk])


def test_the_persons_sign_in_moves_to_the_kept_record_but_two_sign_ins_are_never_joined(client, cast):
    other_user = f.UserFactory(username="ruth2")
    again = _second_ruth(cast)
    again.user = other_user
    again.save()
    client.force_login(cast.priya)
    response = client.post(reverse("people:merge", args=[cast.ruth.pk, again.pk]), {"reason": REASON})
    assert response.status_code == 400 and "Both records have their own sign-in" in response.content.decode()
    assert not PersonMerge.objects.exists()
    # Keep the record without a sign-in... the one with it moves its sign-in over.
    cast.ruth.user = None
    cast.ruth.save()
    assert client.post(reverse("people:merge", args=[cast.ruth.pk, again.pk]), {"reason": REASON}).status_code == 302
    assert Person.objects.get(pk=cast.ruth.pk).user_id == other_user.pk
    assert Person.objects.get(pk=again.pk).user_id is None


def test_not_the_same_person_is_remembered_and_the_pair_is_not_offered_again(client, cast):
    again = _second_ruth(cast)
    client.force_login(cast.priya)
    response = client.post(reverse("people:not-duplicate", args=[again.pk, cast.ruth.pk]))
    assert response.status_code == 302
    dismissal = DuplicateDismissal.objects.get()
    assert (dismissal.first_id, dismissal.second_id, dismissal.by_id) == (cast.ruth.pk, again.pk, cast.priya.pk)
    assert "There are no possible duplicates" in client.get(reverse("people:duplicates")).content.decode()
    client.post(reverse("people:not-duplicate", args=[cast.ruth.pk, again.pk]))  # said twice: kept once
    assert DuplicateDismissal.objects.count() == 1
    assert client.get(reverse("people:duplicates")).status_code == 200


def test_the_list_pages_through_many_possible_duplicates(client, cast):
    for n in range(21):
        for _ in range(2):
            f.PersonFactory(full_name=f"Sam Twin{chr(65 + n)}", team=cast.north, phone="01632 960002")
    client.force_login(cast.priya)
    first = client.get(reverse("people:duplicates")).content.decode()
    assert "21 possible duplicates" in first and "1 of 2" in first
    second = client.get(reverse("people:duplicates") + "?page=2").content.decode()
    assert second.count(">Join these records<") == 1


def test_asking_twice_is_noticed_whichever_way_the_phone_number_is_written(cast):
    cast.ruth.phone = "07700 900123"
    cast.ruth.save()
    waiting = f.RequestFactory(person=cast.ruth, status="waiting")
    assert conversations.possible_duplicate(full_name="ruth okafor", phone="+44 7700 900123", email="") == waiting
    assert conversations.possible_duplicate(full_name="Ruth Okafor", phone="07700 900999", email="") is None
    ConversationRequest.objects.filter(pk=waiting.pk).update(status="held")
    assert conversations.possible_duplicate(full_name="Ruth Okafor", phone="07700900123", email="") is None


def test_the_demo_can_still_be_wiped_after_records_and_requests_were_joined(client, cast):
    from carecommons.conversations import demo as conversations_demo
    from carecommons.people import demo as people_demo

    again = _second_ruth(cast)
    first, second = f.RequestFactory(person=cast.ruth), f.RequestFactory(person=again)
    client.force_login(cast.priya)
    assert client.post(reverse("people:merge", args=[cast.ruth.pk, again.pk]), {"reason": REASON}).status_code == 302
    url = reverse("conversations:request-merge", args=[first.pk, second.pk])
    assert client.post(url, {"reason": REASON}).status_code == 302
    DuplicateDismissal.objects.create(first=cast.ruth, second=cast.stan, by=cast.priya, at=timezone.now())
    conversations_demo.wipe()
    people_demo.wipe()
    assert not Person.objects.exists() and not PersonMerge.objects.exists()
