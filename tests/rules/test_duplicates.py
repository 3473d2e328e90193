"""Possible duplicates and joining records: the pure rule (`rules.duplicates`)."""

import datetime as dt

import pytest

from carecommons.rules.duplicates import (
    BookingOutcome,
    PersonFacts,
    RequestFacts,
    Same,
    check_merge,
    details_to_fill,
    is_same_person_asking,
    pair_problems,
    phone_key,
    plan_request_merge,
    possible_duplicates,
    reason_problem,
    what_is_same,
)

BORN = dt.date(1948, 5, 2)


def p(id, name="Ruth Okafor", **kw):
    return PersonFacts(id=id, full_name=name, **kw)


@pytest.mark.parametrize(("a", "b", "same", "reason"), [
    (p(1, date_of_birth=BORN), p(2, "ruth  OKAFOR", date_of_birth=BORN), (Same.DATE_OF_BIRTH,),
     "Same name and date of birth"),
    (p(1, phone="07700 900123"), p(2, phone="+44 7700 900123"), (Same.PHONE,), "Same name and phone number"),
    (p(1, phone="07700900123", email="Ruth@Example.com"), p(2, phone="07700 900 123", email="ruth@example.com "),
     (Same.PHONE, Same.EMAIL), "Same name, phone number and email address"),
])
def test_the_same_name_and_one_more_thing_is_a_possible_duplicate_with_its_reason_in_words(a, b, same, reason):
    matches = possible_duplicates([a, b])
    assert len(matches) == 1
    assert matches[0].same == same and matches[0].reason == reason
    assert what_is_same(b, a) == same


@pytest.mark.parametrize(("a", "b"), [
    (p(1), p(2)),  # the same name alone: many people share a name
    (p(1, phone="07700 900123"), p(2, "Ruth Okafor-Smith", phone="07700 900123")),  # another name
    (p(1, date_of_birth=BORN), p(2, date_of_birth=BORN.replace(day=3))),
    (p(1, phone="", email=""), p(2, phone="", email="")),  # empty details are not the same details
    (p(1, date_of_birth=BORN), p(2, date_of_birth=BORN, merged=True)),  # a tombstone is never offered again
])
def test_these_are_not_possible_duplicates(a, b):
    assert possible_duplicates([a, b]) == ()


def test_a_pair_staff_said_is_not_one_person_is_not_offered_again_but_others_in_the_group_are():
    people = [p(3, date_of_birth=BORN), p(1, date_of_birth=BORN), p(2, date_of_birth=BORN)]
    assert [m.pair for m in possible_duplicates(people)] == [{1, 2}, {1, 3}, {2, 3}]
    assert [m.pair for m in possible_duplicates(people, dismissed=[frozenset({2, 1})])] == [{1, 3}, {2, 3}]


def test_pairs_come_in_name_order_then_by_record():
    people = [p(9, "Zac Ames", email="z@example.com"), p(4, "Zac Ames", email="Z@example.com"),
              p(7, "Ann Lee", date_of_birth=BORN), p(8, "ann lee", date_of_birth=BORN)]
    assert [(m.first_id, m.second_id) for m in possible_duplicates(people)] == [(7, 8), (4, 9)]


def test_phone_numbers_are_compared_however_they_were_written():
    assert phone_key("(01632) 960001") == phone_key("+44 1632 960 001") == "01632960001"
    assert phone_key("not a phone") == ""


def test_someone_asking_again_is_known_by_name_and_phone_or_email_not_by_name_alone():
    earlier = p(1, phone="07700 900123", email="ruth@example.com")
    assert is_same_person_asking(full_name="RUTH OKAFOR", phone="+447700900123", email="", earlier=earlier)
    assert is_same_person_asking(full_name="Ruth Okafor", phone="", email="RUTH@example.com", earlier=earlier)
    assert not is_same_person_asking(full_name="Ruth Okafor", phone="07700 900999", email="", earlier=earlier)
    assert not is_same_person_asking(full_name="Ruth Oka", phone="07700 900123", email="", earlier=earlier)


def test_a_merge_needs_two_live_records_of_one_person_and_a_reason():
    kept, other = p(1, date_of_birth=BORN), p(2, date_of_birth=BORN)
    assert check_merge(kept=kept, other=other, reason="  She told us   on the phone ").ok
    short = check_merge(kept=kept, other=other, reason="same")
    assert not short.ok and short.problems == () and "at least 3 words" in short.reason_problem
    assert "itself" in pair_problems(kept=kept, other=kept)[0]
    assert "already been joined" in pair_problems(kept=kept, other=p(2, date_of_birth=BORN, merged=True))[0]
    assert "not shown as possible duplicates" in pair_problems(kept=kept, other=p(2))[0]
    both = pair_problems(kept=p(1, date_of_birth=BORN, has_sign_in=True), other=p(2, date_of_birth=BORN, has_sign_in=True))
    assert both and "Both records have their own sign-in" in both[0]
    assert pair_problems(kept=kept, other=p(2, date_of_birth=BORN, has_sign_in=True)) == ()


def test_only_the_kept_records_empty_details_are_filled_from_the_other():
    kept = {"phone": "07700 900123", "email": "", "date_of_birth": None, "postcode": ""}
    other = {"phone": "07700 900999", "email": "ruth@example.com", "date_of_birth": BORN, "postcode": ""}
    filled = details_to_fill(kept=kept, other=other)
    assert [(c.field, c.value) for c in filled] == [("date_of_birth", BORN), ("email", "ruth@example.com")]
    assert [c.label for c in filled] == ["Date of birth", "Email address"]


def r(id, *, person=1, status="waiting", booked=False, merged=False):
    return RequestFacts(id=id, person_id=person, status=status, has_live_booking=booked, merged=merged)


@pytest.mark.parametrize(("kept", "other", "outcome"), [
    (r(1), r(2), BookingOutcome.NONE),
    (r(1), r(2, status="booked", booked=True), BookingOutcome.MOVES),  # the place moves to the kept request
    (r(1, status="booked", booked=True), r(2, status="booked", booked=True), BookingOutcome.FREED),  # never two places
    (r(1, status="booked", booked=True), r(2), BookingOutcome.NONE),
])
def test_joining_two_requests_keeps_at_most_one_place(kept, other, outcome):
    plan = plan_request_merge(kept=kept, other=other)
    assert plan.ok and plan.booking is outcome


@pytest.mark.parametrize(("kept", "other", "problem"), [
    (r(1), r(1), "itself"),
    (r(1), r(2, person=9), "same person"),
    (r(1), r(2, status="held"), "still waiting or booked"),
    (r(1, status="withdrawn"), r(2), "still waiting or booked"),
    (r(1), r(2, merged=True), "still waiting or booked"),
])
def test_only_two_open_requests_of_one_person_are_joined(kept, other, problem):
    plan = plan_request_merge(kept=kept, other=other)
    assert not plan.ok and any(problem in p for p in plan.problems)


def test_a_reason_is_a_few_words():
    assert reason_problem("  yes  ", why="x") == "Say in at least 3 words why x"
    assert reason_problem("1 2 3 4", why="x")
    assert reason_problem("She asked twice", why="x") == ""
