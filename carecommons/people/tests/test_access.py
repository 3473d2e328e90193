"""Every read of a person goes through access_person; each denial has a test."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from carecommons.people.access import (
    AccessRefused,
    BreakGlassInvalid,
    ReasonNeeded,
    access_person,
    break_glass_open,
)
from carecommons.people.models import AccessEvent, Allocation
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def test_a_practitioner_opens_the_record_of_someone_in_their_team_and_it_is_logged(cast):
    person = access_person(user=cast.priya, person_id=cast.ruth.pk)
    assert person == cast.ruth
    event = AccessEvent.objects.get()
    assert (event.user, event.role, event.action, event.grounds) == (cast.priya, "practitioner", "viewed", "team")
    assert event.user_name == "Priya Shah"


def test_a_practitioner_who_has_met_the_person_may_open_the_record(cast):
    f.ConversationFactory(person=cast.stan, practitioner=cast.priya)
    access_person(user=cast.priya, person_id=cast.stan.pk)
    assert AccessEvent.objects.get().grounds == "met"


def test_an_allocated_practitioner_may_open_the_record(cast):
    import datetime as dt

    Allocation.objects.create(person=cast.stan, practitioner=cast.priya, started_on=dt.date(2026, 1, 1))
    access_person(user=cast.priya, person_id=cast.stan.pk)
    assert AccessEvent.objects.get().grounds == "allocated"


def test_an_ended_allocation_no_longer_opens_the_record(cast):
    import datetime as dt

    Allocation.objects.create(person=cast.stan, practitioner=cast.priya, started_on=dt.date(2025, 1, 1), ended_on=dt.date(2025, 6, 1))
    with pytest.raises(ReasonNeeded):
        access_person(user=cast.priya, person_id=cast.stan.pk)


def test_denied_a_practitioner_outside_need_to_know_needs_a_reason(cast):
    with pytest.raises(ReasonNeeded):
        access_person(user=cast.tom, person_id=cast.ruth.pk)
    refused = AccessEvent.objects.get()
    assert refused.action == "refused" and refused.user == cast.tom


def test_a_reason_opens_the_record_for_a_while_and_the_person_sees_it(cast):
    glass = break_glass_open(user=cast.tom, person_id=cast.ruth.pk, purpose="duty",
                             explanation="Out-of-hours duty call from her neighbour about a fall")
    assert not AccessEvent.objects.exists(), "giving a reason is not itself an opening"
    access_person(user=cast.tom, person_id=cast.ruth.pk)
    opened = AccessEvent.objects.get(action="viewed")
    assert opened.reason == glass.reason
    assert opened.reason.startswith("A duty call") and opened.reason.endswith("about a fall")
    assert opened.grounds == "break_glass"


def test_denied_a_one_word_reason_is_not_enough(cast):
    with pytest.raises(BreakGlassInvalid) as refused:
        break_glass_open(user=cast.tom, person_id=cast.ruth.pk, purpose="duty", explanation="because")
    assert set(refused.value.problems) == {"explanation"}


def test_denied_a_host_never_opens_a_record_even_with_a_reason(cast):
    with pytest.raises(AccessRefused):
        access_person(user=cast.hana, person_id=cast.ruth.pk)
    with pytest.raises(AccessRefused):
        break_glass_open(user=cast.hana, person_id=cast.ruth.pk, purpose="duty",
                         explanation="I would like to know more about her today")


def test_denied_a_commissioner_never_opens_a_record(cast):
    with pytest.raises(AccessRefused):
        access_person(user=cast.chris, person_id=cast.ruth.pk)


def test_denied_an_administrator_needs_a_reason(cast):
    with pytest.raises(ReasonNeeded):
        access_person(user=cast.ade, person_id=cast.ruth.pk)


def test_denied_a_person_cannot_open_someone_else(cast):
    with pytest.raises(AccessRefused):
        access_person(user=cast.ruth_user, person_id=cast.stan.pk)


def test_denied_nobody_signed_in(cast):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        access_person(user=AnonymousUser(), person_id=cast.ruth.pk)


def test_a_missing_person_is_not_found(cast):
    with pytest.raises(Http404):
        access_person(user=cast.priya, person_id=999999)


def test_the_person_opens_their_own_record(cast):
    assert access_person(user=cast.ruth_user, person_id=cast.ruth.pk) == cast.ruth
    assert AccessEvent.objects.get().grounds == "self"


# --- The same rules through the pages ------------------------------------------------------

def test_person_page_for_team_practitioner(client, cast):
    client.force_login(cast.priya)
    response = client.get(reverse("people:person", args=[cast.ruth.pk]))
    assert response.status_code == 200 and "Ruth Okafor" in response.content.decode()


def test_denied_person_page_sends_other_team_to_break_glass(client, cast):
    client.force_login(cast.tom)
    response = client.get(reverse("people:person", args=[cast.ruth.pk]))
    assert response.status_code == 302 and f"/people/{cast.ruth.pk}/open/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "You need a reason to open this record" in page
    opened = client.post(reverse("people:break-glass", args=[cast.ruth.pk]),
                         {"purpose": "cover", "explanation": "Covering for Priya while she is on leave this week"})
    assert opened.status_code == 302
    assert "Ruth Okafor" in client.get(opened["Location"]).content.decode()


def test_break_glass_form_explains_a_missing_reason(client, cast):
    client.force_login(cast.tom)
    response = client.post(reverse("people:break-glass", args=[cast.ruth.pk]), {"purpose": "", "explanation": "just looking"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose why you need to open this record" in page
    assert "Say in a sentence of at least 5 words" in page
    assert not AccessEvent.objects.filter(action="viewed").exists()


@pytest.mark.parametrize("who", ["hana", "chris", "ruth_user"])
def test_denied_person_page_for_roles_without_records(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("people:person", args=[cast.stan.pk])).status_code == 403


def test_denied_person_page_when_signed_out(client, cast):
    response = client.get(reverse("people:person", args=[cast.ruth.pk]))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_denied_break_glass_page_for_a_host(client, cast):
    client.force_login(cast.hana)
    assert client.get(reverse("people:break-glass", args=[cast.ruth.pk])).status_code == 403


def test_find_shows_only_people_in_reach(client, cast):
    client.force_login(cast.priya)
    html = client.get(reverse("people:find"), {"q": "Hughes"}).content.decode()
    assert "Stan Hughes" not in html and "0 found" in html
    html = client.get(reverse("people:find"), {"q": "okafor"}).content.decode()
    assert "Ruth Okafor" in html


def test_person_page_query_count_is_fixed(client, cast, django_assert_max_num_queries):
    for _ in range(5):
        f.ConversationFactory(person=cast.ruth, practitioner=cast.priya)
    client.force_login(cast.priya)
    # 18th: is it a record joined into another (people.merging.joins_of); 19th: is Priya on the safeguarding team
    # (asked once a request, safeguarding.access.on_safeguarding_team); 20th: is she on the hospital team (asked once a
    # request, hospital.access.on_hospital_team)
    with django_assert_max_num_queries(20):
        client.get(reverse("people:person", args=[cast.ruth.pk]))
