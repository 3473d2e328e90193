"""Raising a concern (anyone, and staff), the team's list, triage with one winner, and who may see what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.people.models import AccessEvent
from carecommons.safeguarding import services
from carecommons.safeguarding.models import Concern, ConcernEvent, Involvement, SafeguardingTeam
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db

RAISE = "safeguarding:raise"
TRIAGE_POST = {
    "needs": "yes", "abuse_or_neglect": "yes", "unable_to_protect": "yes", "route": "s42_enquiry",
    "reasons": "She has dementia and her nephew is taking her pension every week.",
    "abuse_types": ["financial"], "location": "own_home", "source_of_risk": "known",
}


def _staff(username: str, role: str, team: Any, first: str = "Sam", last: str = "Lee", **kw: Any) -> Any:
    user = f.UserFactory(username=username, first_name=first, last_name=last)
    f.StaffFactory(user=user, role=role, team=team, **kw)
    return user


@pytest.fixture
def place() -> dict[str, Any]:
    now = timezone.now()
    sg_team, north = f.TeamFactory(name="Adult safeguarding team"), f.TeamFactory(name="North community team")
    SafeguardingTeam.objects.create(team=sg_team, designated_at=now)
    ruth_user = f.UserFactory(username="ruth", first_name="Ruth", last_name="Okafor")
    ruth = f.PersonFactory(full_name="Ruth Okafor", team=north, user=ruth_user)
    host_org = f.HostFactory(name="Eastgate Library")
    return {
        "ruth": ruth, "ruth_user": ruth_user,
        "sita": _staff("sita", "practitioner", sg_team, "Sita", "Kaur"),
        "omar": _staff("omar", "practitioner", sg_team, "Omar", "Hale"),
        "priya": _staff("priya", "practitioner", north, "Priya", "Shah"),
        "morgan": _staff("morgan", "manager", north, "Morgan", "Lee"),
        "chris": _staff("chris", "commissioner", None, "Chris", "Evans"),
        "hana": _staff("hana", "host", None, "Hana", "Novak", host=host_org),
    }


def _raise(**kw: Any) -> Concern:
    fields = {"what_happened": "Her nephew takes her pension (fictional).", "immediate_danger": "no",
              "raiser_name": "Dev Patel", "raiser_relationship": "neighbour", "raiser_phone": "01632 960 001"}
    fields.update(kw.pop("fields", {}))
    return services.concern_raise(raised=services.Raised(**fields), **kw)


# --- Anyone raises a concern ----------------------------------------------------------------------------------------

def test_the_public_form_says_call_999_first_and_needs_no_account():
    page = Client().get(reverse(RAISE)).content.decode()
    assert page.index("If someone is in danger now, call 999.") < page.index("<form")
    assert "You do not need an account" in page


def test_a_concern_with_no_contact_details_is_saved_and_given_a_reference():
    client = Client()
    response = client.post(reverse(RAISE), {"immediate_danger": "not_sure",
                                            "what_happened": "I have not seen my neighbour for a week and her post is "
                                                             "piling up."})
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.raiser_name, concern.raiser_phone, concern.raiser_email, concern.raised_through) == (
        "", "", "", "public")
    assert concern.state == "raised" and concern.person is None
    page = client.get(response["Location"]).content.decode()
    assert concern.reference in page
    assert "What happens next" in page and "we cannot tell you what happens" in page
    assert ConcernEvent.objects.filter(concern=concern, action="raised").count() == 1


def test_bad_input_gets_clear_messages_and_nothing_typed_is_lost():
    response = Client().post(reverse(RAISE), {"about_name": "Mrs Evelyn Marsh", "about_where": "4 Mill Road",
                                              "raiser_phone": "12345", "raiser_email": "dev at example",
                                              "person_wants": "She wants it to stop but not to move."})
    page = response.content.decode()
    assert response.status_code == 200 and not Concern.objects.exists()
    for message in ("Say whether anyone is in danger right now",
                    "Tell us what has happened, or what you are worried might happen",
                    "Enter a UK phone number with 10 or 11 digits", "Enter an email address in the correct format"):
        assert message in page
    for typed in ("Mrs Evelyn Marsh", "4 Mill Road", "12345", "dev at example", "She wants it to stop but not to move."):
        assert typed in page
    assert "Error:" in page.split("</title>")[0]


def test_a_connection_sending_too_many_is_held_and_keeps_what_was_typed(settings):
    client = Client(REMOTE_ADDR="203.0.113.9")
    data = {"immediate_danger": "no", "what_happened": "Shouting next door again tonight, a man and an old lady."}
    for _ in range(10):
        assert client.post(reverse(RAISE), data).status_code == 302
    response = client.post(reverse(RAISE), {**data, "what_happened": "The eleventh one, typed carefully."})
    assert response.status_code == 429
    page = response.content.decode()
    assert "We could not send this yet" in page and "The eleventh one, typed carefully." in page
    assert "call 999" in page
    assert Concern.objects.count() == 10
    # Someone else is not held back.
    assert Client(REMOTE_ADDR="203.0.113.10").post(reverse(RAISE), data).status_code == 302
    assert "203.0.113" not in "".join(Concern.objects.values_list("raised_from", flat=True)), "the address is hashed"


def test_staff_raise_a_concern_from_a_persons_record(place):
    priya = client_for(place["priya"])
    url = reverse("safeguarding:raise-for-person", kwargs={"person_id": place["ruth"].pk})
    assert "Raise a safeguarding concern" in priya.get(reverse("people:person", kwargs={"person_id": place["ruth"].pk})
                                                       ).content.decode()
    response = priya.post(url, {"immediate_danger": "no", "what_happened": "Bruises on her arms she would not explain."})
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.person, concern.raised_by, concern.raiser_name, concern.raised_through) == (
        place["ruth"], place["priya"], "Priya Shah", "staff")
    # Raising it does not let Priya see it: she is not on the safeguarding team.
    assert priya.get(reverse("safeguarding:concern", kwargs={"concern_id": concern.pk})).status_code == 403


# --- The safeguarding team's list -----------------------------------------------------------------------------------

def test_the_team_sees_new_concerns_oldest_first_with_the_time_waited(place):
    now = timezone.now()
    old = _raise(fields={"about_name": "Evelyn Marsh"})
    new = _raise(fields={"about_name": "Albert Cole"})
    Concern.objects.filter(pk=old.pk).update(raised_at=now - dt.timedelta(hours=26))
    Concern.objects.filter(pk=new.pk).update(raised_at=now - dt.timedelta(minutes=40))
    page = client_for(place["sita"]).get(reverse("safeguarding:concerns")).content.decode()
    assert page.index("Evelyn Marsh") < page.index("Albert Cole")
    assert "1 day 2 hours" in page and "Over a day" in page and "40 minutes" in page
    assert "2 new concerns waiting" in page


def test_the_list_is_paged(place):
    for i in range(27):
        _raise(fields={"about_name": f"Person {i:02d}"})
    client = client_for(place["sita"])
    first = client.get(reverse("safeguarding:concerns")).content.decode()
    assert "Person 00" in first and "Person 26" not in first and "1 of 2" in first
    assert "Person 26" in client.get(reverse("safeguarding:concerns") + "?page=2").content.decode()


def test_outside_the_team_the_list_shows_only_concerns_you_are_named_in(place):
    named = _raise(fields={"about_name": "Evelyn Marsh"})
    _raise(fields={"about_name": "Albert Cole"})
    Involvement.objects.create(concern=named, user=place["priya"], why="Her practitioner", named_by=place["sita"],
                               named_at=timezone.now())
    page = client_for(place["priya"]).get(reverse("safeguarding:concerns")).content.decode()
    assert "Evelyn Marsh" in page and "Albert Cole" not in page
    assert "only the concerns they have named you in" in page
    assert client_for(place["morgan"]).get(reverse("safeguarding:concerns")).content.decode().count("SG-") == 0
    assert client_for(place["chris"]).get(reverse("safeguarding:concerns")).status_code == 403
    assert client_for(place["hana"]).get(reverse("safeguarding:concerns")).status_code == 403


# --- Who may see a concern (a test per refusal) -----------------------------------------------------------------

def _open(user: Any, concern: Concern) -> int:
    return client_for(user).get(reverse("safeguarding:concern", kwargs={"concern_id": concern.pk})).status_code


def test_the_safeguarding_team_sees_the_concern_and_who_raised_it_and_the_opening_is_logged(place):
    concern = _raise(person=place["ruth"])
    page = client_for(place["sita"]).get(reverse("safeguarding:concern", kwargs={"concern_id": concern.pk}))
    assert page.status_code == 200
    assert "Dev Patel" in page.content.decode() and "01632 960 001" in page.content.decode()
    event = AccessEvent.objects.get(person=place["ruth"])
    assert (event.kind, event.action, event.grounds, event.user) == ("safeguarding", "viewed", "safeguarding_team",
                                                                     place["sita"])


def test_an_unlinked_concerns_openings_are_kept_too(place):
    concern = _raise()
    assert _open(place["sita"], concern) == 200
    assert _open(place["priya"], concern) == 403
    assert list(ConcernEvent.objects.filter(concern=concern).exclude(action="raised")
                .values_list("user_name", "action")) == [("Sita Kaur", "viewed"), ("Priya Shah", "refused")]


def test_refused_another_team_even_the_persons_own(place):
    concern = _raise(person=place["ruth"])
    assert _open(place["priya"], concern) == 403
    assert _open(place["morgan"], concern) == 403
    assert AccessEvent.objects.filter(person=place["ruth"], action="refused").count() == 2


def test_refused_a_commissioner_and_a_host(place):
    concern = _raise(person=place["ruth"])
    assert _open(place["chris"], concern) == 403
    assert _open(place["hana"], concern) == 403
    from carecommons.people.access import AccessRefused
    from carecommons.rules.access import Purpose
    from carecommons.safeguarding.access import access_concern
    for user in (place["chris"], place["hana"]):
        with pytest.raises(AccessRefused):
            access_concern(user=user, id=concern.pk, purpose=Purpose.VIEW)


def test_refused_the_alleged_source_of_risk_even_when_on_the_team_or_named(place):
    concern = _raise(person=place["ruth"])
    Concern.objects.filter(pk=concern.pk).update(alleged_source=place["omar"])
    Involvement.objects.create(concern=concern, user=place["omar"], why="Named", named_by=place["sita"],
                               named_at=timezone.now())
    assert _open(place["omar"], concern) == 403
    assert "SG-" not in client_for(place["omar"]).get(reverse("safeguarding:concerns")).content.decode()
    assert _open(place["sita"], concern) == 200


def test_refused_the_alleged_source_who_is_the_person_sharing_the_record(place):
    from carecommons.people.models import RecordShare
    daughter = f.UserFactory(username="amara", first_name="Amara", last_name="Okafor")
    today = timezone.localdate()
    RecordShare.objects.create(person=place["ruth"], shared_with=daughter, relationship="my daughter",
                               starts_on=today, ends_on=today + dt.timedelta(days=30), created_at=timezone.now())
    concern = _raise(person=place["ruth"])
    Concern.objects.filter(pk=concern.pk).update(alleged_source=daughter)
    from carecommons.people.access import AccessRefused
    from carecommons.rules.access import Purpose
    from carecommons.safeguarding.access import access_concern
    with pytest.raises(AccessRefused):
        access_concern(user=daughter, id=concern.pk, purpose=Purpose.VIEW)


def test_the_person_sees_their_own_unless_a_recorded_decision_withholds_it(place):
    from carecommons.people.access import AccessRefused
    from carecommons.rules.access import Purpose
    from carecommons.safeguarding.access import access_concern
    concern = _raise(person=place["ruth"])
    assert access_concern(user=place["ruth_user"], id=concern.pk, purpose=Purpose.VIEW).pk == concern.pk
    Concern.objects.filter(pk=concern.pk).update(withheld_from_person=True,
                                                 withheld_why="Her nephew reads her messages; telling her now is unsafe.")
    with pytest.raises(AccessRefused):
        access_concern(user=place["ruth_user"], id=concern.pk, purpose=Purpose.VIEW)


def test_a_raisers_identity_is_withheld_from_everyone_outside_the_team(place):
    concern = _raise(person=place["ruth"])
    Involvement.objects.create(concern=concern, user=place["priya"], why="Her practitioner", named_by=place["sita"],
                               named_at=timezone.now())
    page = client_for(place["priya"]).get(reverse("safeguarding:concern", kwargs={"concern_id": concern.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dev Patel" not in text and "01632 960 001" not in text
    assert "Only the safeguarding team can see who raised a concern." in text
    # Named people see; they do not decide.
    assert client_for(place["priya"]).get(reverse("safeguarding:triage", kwargs={"concern_id": concern.pk})
                                          ).status_code == 403


# --- Triage ---------------------------------------------------------------------------------------------------------

def test_a_practitioner_records_the_s42_decision_naming_who_made_it(place):
    concern = _raise()
    client = client_for(place["sita"])
    url = reverse("safeguarding:triage", kwargs={"concern_id": concern.pk})
    assert client.post(url, {**TRIAGE_POST, "version": concern.version}).status_code == 302
    concern.refresh_from_db()
    assert (concern.state, concern.route, concern.s42_duty, concern.decided_by, concern.decided_by_name) == (
        "triaged", "s42_enquiry", True, place["sita"], "Sita Kaur")
    page = client.get(reverse("safeguarding:concern", kwargs={"concern_id": concern.pk})).content.decode()
    assert "A section 42 enquiry" in page and "Sita Kaur" in page
    assert "All three tests are met, so the council must make enquiries" in page
    assert "Financial or material abuse" in page


def test_a_route_that_does_not_fit_the_tests_is_refused_with_a_message_and_kept(place):
    concern = _raise()
    response = client_for(place["sita"]).post(
        reverse("safeguarding:triage", kwargs={"concern_id": concern.pk}),
        {**TRIAGE_POST, "unable_to_protect": "no", "reasons": "Her nephew, so far as we know, takes it.",
         "version": concern.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "A section 42 enquiry needs all three tests to be met" in page
    assert "Her nephew, so far as we know, takes it." in page
    concern.refresh_from_db()
    assert concern.state == "raised"


def test_another_route_needs_reasons(place):
    concern = _raise()
    response = client_for(place["sita"]).post(
        reverse("safeguarding:triage", kwargs={"concern_id": concern.pk}),
        {**TRIAGE_POST, "needs": "no", "route": "no_further_action", "reasons": "nfa", "version": concern.version})
    assert "Give your reasons in at least 5 words" in response.content.decode()
    assert Concern.objects.get().state == "raised"


def test_two_triaging_at_once_one_wins_and_the_other_is_told_who_and_keeps_what_they_typed(place):
    concern = _raise()
    url = reverse("safeguarding:triage", kwargs={"concern_id": concern.pk})
    sita, omar = client_for(place["sita"]), client_for(place["omar"])
    assert sita.get(url).status_code == 200 and omar.get(url).status_code == 200  # both open it at version 1
    assert sita.post(url, {**TRIAGE_POST, "version": 1}).status_code == 302
    mine = {**TRIAGE_POST, "route": "other_enquiry", "unable_to_protect": "no",
            "reasons": "I think she can protect herself but we should look further.", "version": 1}
    response = omar.post(url, mine)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Sita Kaur decided about this concern while you were deciding" in page
    assert "A section 42 enquiry" in page
    assert "I think she can protect herself but we should look further." in page
    assert 'value="other_enquiry" checked' in page
    concern.refresh_from_db()
    assert (concern.decided_by_name, concern.route) == ("Sita Kaur", "s42_enquiry")
    assert ConcernEvent.objects.filter(concern=concern, action="triage_conflict", user=place["omar"]).count() == 1


def test_the_database_refuses_a_decision_without_who_or_why(place):
    from django.db import IntegrityError, transaction
    concern = _raise()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Concern.objects.filter(pk=concern.pk).update(state="triaged", route="no_further_action", reasons="")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Concern.objects.filter(pk=concern.pk).update(route="s42_enquiry", s42_duty=False)


def test_a_withheld_concerns_openings_are_not_in_the_persons_log_or_download(place):
    from carecommons.people.selectors import staff_access_events
    from carecommons.people.subject_access import everything_about
    concern = _raise(person=place["ruth"])
    assert _open(place["sita"], concern) == 200
    assert [e.kind for e in staff_access_events(place["ruth"])] == ["safeguarding"], "seen while not withheld"
    Concern.objects.filter(pk=concern.pk).update(withheld_from_person=True,
                                                 withheld_why="Her nephew reads her messages; telling her now is unsafe.")
    assert not staff_access_events(place["ruth"]).exists()
    log = everything_about(place["ruth"])["parts"]["access_log"]["records"]
    assert all(entry["kind"] != "safeguarding" for entry in log)
    assert AccessEvent.objects.filter(person=place["ruth"], kind="safeguarding").count() == 1, "still kept"


# --- Whose record it is about ---------------------------------------------------------------------------------------

def test_the_team_finds_the_persons_record_and_links_the_concern(place):
    concern = _raise(fields={"about_name": "Ruth Okafor"})
    client = client_for(place["sita"])
    url = reverse("safeguarding:link-person", kwargs={"concern_id": concern.pk})
    page = client.get(url).content.decode()
    assert "1 record found" in page and "Ruth Okafor" in page  # searched by the name the raiser gave
    assert client.post(url, {"person": place["ruth"].pk, "version": concern.version}).status_code == 302
    concern.refresh_from_db()
    assert concern.person == place["ruth"] and concern.version == 2
    # From now on each opening is on her record's log.
    assert _open(place["sita"], concern) == 200
    assert AccessEvent.objects.filter(person=place["ruth"], kind="safeguarding", user=place["sita"]).exists()


def test_someone_not_known_gets_a_new_record(place):
    from carecommons.people.models import Person
    concern = _raise(fields={"about_name": "Evelyn Marsh"})
    client = client_for(place["sita"])
    url = reverse("safeguarding:link-person", kwargs={"concern_id": concern.pk})
    assert "No record matches" in client.get(url).content.decode()
    response = client.post(url, {"new_name": "", "version": concern.version})
    assert "Enter their name" in response.content.decode()
    response = client.post(url, {"new_name": "Evelyn Marsh", "new_born_day": "3", "new_born_month": "4",
                                 "new_born_year": "1939", "version": concern.version})
    assert response.status_code == 302
    evelyn = Person.objects.get(full_name="Evelyn Marsh")
    assert evelyn.date_of_birth == dt.date(1939, 4, 3) and evelyn.team is None
    assert Concern.objects.get().person == evelyn


def test_linking_is_the_safeguarding_teams_and_a_stale_page_changes_nothing(place):
    concern = _raise(fields={"about_name": "Ruth Okafor"})
    url = reverse("safeguarding:link-person", kwargs={"concern_id": concern.pk})
    assert client_for(place["priya"]).get(url).status_code == 403
    client_for(place["sita"]).post(reverse("safeguarding:triage", kwargs={"concern_id": concern.pk}),
                                   {**TRIAGE_POST, "version": concern.version})
    response = client_for(place["omar"]).post(url, {"person": place["ruth"].pk, "version": concern.version})
    assert response.status_code == 302 and Concern.objects.get().person is None  # decided: sent to the concern


# --- The enquiry, led by the person -------------------------------------------------------------------------------

def _triaged(place: dict[str, Any], **post: Any) -> Concern:
    concern = _raise(person=place["ruth"])
    client_for(place["sita"]).post(reverse("safeguarding:triage", kwargs={"concern_id": concern.pk}),
                                   {**TRIAGE_POST, "version": concern.version, **post})
    return Concern.objects.get(pk=concern.pk)


def test_the_enquiry_opens_with_what_the_person_wants_and_an_advocate_where_s68_says(place):
    concern = _triaged(place)
    client = client_for(place["sita"])
    url = reverse("safeguarding:enquiry-start", kwargs={"concern_id": concern.pk})
    page = client.get(url).content.decode()
    assert "Open the enquiry" in page and "in their own words" in page
    response = client.post(url, {"outcomes_asked": "yes", "desired_outcomes": "", "substantial_difficulty": "yes",
                                 "version": concern.version})
    text = response.content.decode()
    assert "Write what they want, in their own words" in text
    assert "They need an independent advocate (Care Act 2014, section 68)" in text
    assert "Say whether they lack mental capacity to make decisions about this enquiry, or that it has not been " \
           "assessed yet" in text
    response = client.post(url, {"outcomes_asked": "yes", "desired_outcomes": "I want him to stop taking my money.",
                                 "substantial_difficulty": "yes", "lacks_capacity": "yes",
                                 "advocate": "Jo Bright, Ashby Vale Advocacy (fictional)", "version": concern.version})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.state, concern.desired_outcomes, concern.advocate, concern.enquiry_started_by_name) == (
        "enquiry_open", "I want him to stop taking my money.", "Jo Bright, Ashby Vale Advocacy (fictional)",
        "Sita Kaur")
    assert concern.lacks_capacity == "yes"
    page = client.get(reverse("safeguarding:concern", kwargs={"concern_id": concern.pk})).content.decode()
    assert "Independent advocate: Jo Bright" in page and "I want him to stop taking my money." in page
    assert "Yes, they lack capacity to make decisions about this enquiry" in page


def test_closing_an_enquiry_asks_whether_they_got_what_they_wanted_and_what_happened_to_the_risk(place):
    concern = _triaged(place)
    client = client_for(place["sita"])
    client.post(reverse("safeguarding:enquiry-start", kwargs={"concern_id": concern.pk}),
                {"outcomes_asked": "yes", "desired_outcomes": "I want to keep seeing my nephew but keep my money.",
                 "substantial_difficulty": "no", "lacks_capacity": "no", "version": concern.version})
    concern.refresh_from_db()
    url = reverse("safeguarding:close", kwargs={"concern_id": concern.pk})
    response = client.post(url, {"reasons": "The bank has a second signature on her account now.",
                                 "risk": "remains", "version": concern.version})
    text = response.content.decode()
    assert "Say whether the outcomes they wanted were fully, partly or not achieved" in text
    assert "Say in at least 5 words why the risk remains" in text
    assert "The bank has a second signature on her account now." in text
    response = client.post(url, {"reasons": "The bank has a second signature on her account now.",
                                 "outcomes_achieved": "partially", "risk": "remains",
                                 "risk_why": "She chooses to keep seeing her nephew, knowing the risk.",
                                 "version": concern.version})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.state, concern.outcomes_achieved, concern.risk, concern.closed_by_name) == (
        "closed", "partially", "remains", "Sita Kaur")
    page = client.get(reverse("safeguarding:concern", kwargs={"concern_id": concern.pk})).content.decode()
    assert "Partly achieved" in page and "The risk remains: She chooses to keep seeing her nephew" in page


def test_another_route_closes_with_reasons_only_and_an_enquiry_cannot_close_before_it_opens(place):
    referral = _triaged(place, needs="no", route="referral", referred_to="Police (fictional)")
    assert referral.state == "triaged"
    client = client_for(place["sita"])
    url = reverse("safeguarding:close", kwargs={"concern_id": referral.pk})
    page = client.get(url).content.decode()
    assert "What happened to the risk?" not in page
    assert client.post(url, {"reasons": "The police have taken it on and will contact her.",
                             "version": referral.version}).status_code == 302
    assert Concern.objects.get(pk=referral.pk).state == "closed"
    enquiry = _triaged(place)
    assert client.get(reverse("safeguarding:close", kwargs={"concern_id": enquiry.pk})).status_code == 302
    assert Concern.objects.get(pk=enquiry.pk).state == "triaged"
    # Named people see; only the team changes it.
    Involvement.objects.create(concern=enquiry, user=place["priya"], why="Her practitioner", named_by=place["sita"],
                               named_at=timezone.now())
    assert client_for(place["priya"]).get(reverse("safeguarding:enquiry-start", kwargs={"concern_id": enquiry.pk})
                                          ).status_code == 403


def test_the_person_reads_their_own_enquiry_and_outcomes_but_not_who_raised_it_or_one_withheld(place):
    shown = _triaged(place)
    client_for(place["sita"]).post(reverse("safeguarding:enquiry-start", kwargs={"concern_id": shown.pk}), {
        "outcomes_asked": "yes", "desired_outcomes": "I want to feel safe at home.", "substantial_difficulty": "no", "lacks_capacity": "no",
        "version": shown.version})
    withheld = _raise(person=place["ruth"], fields={"what_happened": "A secret worry about her nephew (fictional)."})
    Concern.objects.filter(pk=withheld.pk).update(withheld_from_person=True,
                                                  withheld_why="Her nephew reads her messages; telling her now is unsafe.")
    ruth = client_for(place["ruth_user"])
    assert "Worries about your safety" in ruth.get(reverse("people:my-record")).content.decode()
    page = ruth.get(reverse("safeguarding:my-concerns")).content.decode()
    assert shown.reference in page and "I want to feel safe at home." in page and "A section 42 enquiry" in page
    assert "Dev Patel" not in page and "01632 960 001" not in page
    assert withheld.reference not in page and "A secret worry" not in page
    assert client_for(place["priya"]).get(reverse("safeguarding:my-concerns")).status_code == 403


def test_a_strategy_meeting_is_recorded_with_agencies_who_was_there_and_what_was_agreed(place):
    concern = _triaged(place)
    client = client_for(place["sita"])
    client.post(reverse("safeguarding:enquiry-start", kwargs={"concern_id": concern.pk}), {
        "outcomes_asked": "yes", "desired_outcomes": "I want to feel safe at home.", "substantial_difficulty": "no", "lacks_capacity": "no",
        "version": concern.version})
    url = reverse("safeguarding:meeting-new", kwargs={"concern_id": concern.pk})
    response = client.post(url, {"attendees": "Sita Kaur (council)"})
    text = response.content.decode()
    assert "Enter the date of the meeting" in text and "Choose at least one agency that took part" in text
    assert "Sita Kaur (council)" in text
    today = timezone.localdate()
    response = client.post(url, {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year,
                                 "agencies": ["police", "nhs"],
                                 "attendees": "Sita Kaur (council), PC Dana Hill (police), fictional",
                                 "actions": "The police will visit her nephew; Sita will tell Ruth by Friday."})
    assert response.status_code == 302
    page = client.get(reverse("safeguarding:concern", kwargs={"concern_id": concern.pk})).content.decode()
    assert "Police, NHS (GP, hospital or community health)" in page and "PC Dana Hill" in page
    assert "The police will visit her nephew" in page


def test_a_risk_enablement_plan_the_person_agrees_to(place):
    concern = _triaged(place)
    client = client_for(place["sita"])
    client.post(reverse("safeguarding:enquiry-start", kwargs={"concern_id": concern.pk}), {
        "outcomes_asked": "yes", "desired_outcomes": "I want to keep seeing my grandson.", "substantial_difficulty": "no", "lacks_capacity": "no",
        "version": concern.version})
    url = reverse("safeguarding:plan-new", kwargs={"concern_id": concern.pk})
    review = timezone.localdate() + dt.timedelta(days=90)
    plan = {"kind": "risk_enablement", "support": "Her pension goes to an account only she can use.",
            "who_does_what": "Sita calls her each week; the bank checks large withdrawals.",
            "review_on_day": review.day, "review_on_month": review.month, "review_on_year": review.year}
    text = client.post(url, plan).content.decode()
    assert "Say which risks they choose to take, in their words" in text
    assert "A plan is agreed with the person" in text
    assert "Sita calls her each week" in text
    assert client.post(url, {**plan, "risks_chosen": "I will keep seeing my grandson on Sundays.",
                             "person_agrees": "on"}).status_code == 302
    page = client.get(reverse("safeguarding:concern", kwargs={"concern_id": concern.pk})).content.decode()
    assert "A risk-enablement plan" in page and "I will keep seeing my grandson on Sundays." in page
    own = client_for(place["ruth_user"]).get(reverse("safeguarding:my-concerns")).content.decode()
    assert "The risks you choose: I will keep seeing my grandson on Sundays." in own


def test_the_team_lists_concerns_by_where_they_are(place):
    _raise(fields={"about_name": "Albert Cole"})
    decided = _triaged(place)
    client = client_for(place["sita"])
    page = client.get(reverse("safeguarding:concerns")).content.decode()
    assert "New: waiting for triage: 1" in page and "Triaged: 1" in page and "Enquiry open: 0" in page
    assert "Albert Cole" in page and decided.reference not in page
    page = client.get(reverse("safeguarding:concerns") + "?state=triaged").content.decode()
    assert decided.reference in page and "A section 42 enquiry" in page and "Sita Kaur" in page
    assert "Albert Cole" not in page
    page = client.get(reverse("safeguarding:concerns") + "?state=enquiry_open").content.decode()
    assert "There are none here." in page
    assert "Albert Cole" in client.get(reverse("safeguarding:concerns") + "?state=nonsense").content.decode()
