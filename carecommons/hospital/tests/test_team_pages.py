"""The hospital team's pages: the list (oldest ready first), a request and its openings logged, linking a record,
planning with the person and family (two at once: the first wins), reablement and the 91-day check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from carecommons.hospital import services
from carecommons.hospital import team_services as ts
from carecommons.hospital.models import (
    DischargePlan,
    DischargeRequest,
    DischargeRequestEvent,
    ReablementEpisode,
    StillAtHomeCheck,
)
from carecommons.hospital.tests.conftest import NHS_ALF, incoming
from carecommons.people.models import AccessEvent, Person
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db



def _nhs(i: int) -> str:
    """A valid 10-digit NHS number from a counter (fictional)."""
    while True:
        base = f"{400000000 + i:09d}"
        total = sum(int(d) * w for d, w in zip(base, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            return base + str(check)
        i += 1_000_000


def _receive(hospital: dict[str, Any], **kw: Any) -> DischargeRequest:
    ward = kw.pop("ward", hospital["ward7"])
    return services.discharge_request_receive(ward=ward, incoming=incoming(**kw), through="form")


def _plan(**kw: Any) -> dict[str, str]:
    data = {"version": "0", "person_words": "I want to sit in my own garden again.", "took_part": "Edna and her daughter",
            "pathway": "1", "pathway_reasons": "", "delay_other": ""}
    data.update(kw)
    return data


def test_the_team_sees_the_oldest_ready_to_leave_first_with_days_waiting(hospital):
    today = timezone.localdate()
    client = client_for(hospital["hana"])
    page = client.get(reverse("hospital:team")).content.decode()
    assert "Nobody is waiting to leave hospital." in page
    _receive(hospital, name="Alf Fictional", nhs_number=NHS_ALF, identifier="A", ready_on=today - dt.timedelta(days=3),
             proposed_pathway="2")
    _receive(hospital, identifier="E", ready_on=today + dt.timedelta(days=2))
    page = client.get(reverse("hospital:team")).content.decode()
    assert "2 requests, ready to leave longest first" in page
    assert page.index("Alf Fictional") < page.index("Edna Fictional")
    assert "3 days" in page and "Not ready yet" in page
    assert "Pathway 2: a short-term bed" in page and "Proposed by the ward" in page
    # Someone not on the hospital team sees none of them.
    page = client_for(hospital["priya"]).get(reverse("hospital:team")).content.decode()
    assert "Alf Fictional" not in page and "Only the council's hospital team sees requests" in page


def test_the_list_is_25_a_page(hospital):
    today = timezone.localdate()
    for i in range(27):
        _receive(hospital, identifier=f"R{i}", name=f"Person {i:02d} Fictional", nhs_number=_nhs(i),
                 ready_on=today - dt.timedelta(days=27 - i))
    client = client_for(hospital["hana"])
    first = client.get(reverse("hospital:team")).content.decode()
    assert "27 requests" in first and "Person 00 Fictional" in first and "Person 25 Fictional" not in first
    second = client.get(reverse("hospital:team") + "?page=2").content.decode()
    assert "Person 25 Fictional" in second and "Person 26 Fictional" in second and "Person 00" not in second


def test_opening_a_request_is_logged_before_and_after_it_is_linked(hospital):
    request = _receive(hospital, date_of_birth=dt.date(1941, 5, 2))
    client = client_for(hospital["hana"])
    page = client.get(reverse("hospital:request", args=[request.pk])).content.decode()
    assert "Not linked yet" in page and "Getting back to her cat" in page
    assert DischargeRequestEvent.objects.filter(request=request, action="viewed", user=hospital["hana"]).exists()
    # Someone not on the hospital team, with no ground, is refused and the refusal kept.
    assert client_for(hospital["priya"]).get(reverse("hospital:request", args=[request.pk])).status_code == 403
    assert DischargeRequestEvent.objects.filter(request=request, action="refused", user=hospital["priya"]).exists()

    # Link: an exact match on name and date of birth is offered; nobody else is shown.
    edna = f.PersonFactory(full_name="Edna Fictional", date_of_birth=dt.date(1941, 5, 2))
    f.PersonFactory(full_name="Edna Fictional", date_of_birth=dt.date(1950, 1, 1), postcode="ZZ9 9ZZ")
    page = client.get(reverse("hospital:link-person", args=[request.pk])).content.decode()
    assert "Records with the same name and date of birth" in page and "2 May 1941" in page and "ZZ9 9ZZ" not in page
    response = client.post(reverse("hospital:link-person", args=[request.pk]), {"person": edna.pk})
    assert response.status_code == 302
    assert DischargeRequest.objects.get(pk=request.pk).person == edna
    page = client.get(reverse("hospital:request", args=[request.pk])).content.decode()
    assert "Linked to Edna Fictional's record" in page
    assert AccessEvent.objects.filter(person=edna, user=hospital["hana"], kind="discharge", action="viewed").exists()


def test_a_new_record_is_made_from_what_the_ward_sent_and_a_second_link_is_refused(hospital):
    request = _receive(hospital)
    ts.request_link_person(request=request, user=hospital["hana"])
    made = DischargeRequest.objects.get(pk=request.pk).person
    assert made.full_name == "Edna Fictional"
    with pytest.raises(ts.Conflict):
        ts.request_link_person(request=request, user=hospital["hana"], person=made)
    assert Person.objects.filter(full_name="Edna Fictional").count() == 1


def test_the_team_agrees_pathway_1_with_the_person_and_her_daughter(hospital):
    request = _receive(hospital)
    client = client_for(hospital["hana"])
    page = client.get(reverse("hospital:plan", args=[request.pk])).content.decode()
    assert "Getting back to her cat" in page  # the ward's words, to start from
    response = client.post(reverse("hospital:plan", args=[request.pk]), _plan())
    assert response.status_code == 302
    plan = DischargePlan.objects.get(request=request)
    assert (plan.agreed_pathway, plan.took_part, plan.version) == (1, "Edna and her daughter", 1)
    assert DischargeRequest.objects.get(pk=request.pk).status == "planning"
    page = client.get(reverse("hospital:request", args=[request.pk])).content.decode()
    assert "Pathway 1: home, with support, as the ward proposed." in page and "Edna and her daughter" in page
    assert "I want to sit in my own garden again." in page


def test_changing_the_pathway_needs_reasons_and_nothing_typed_is_lost(hospital):
    request = _receive(hospital)
    client = client_for(hospital["hana"])
    response = client.post(reverse("hospital:plan", args=[request.pk]), _plan(pathway="2", pathway_reasons="stairs"))
    page = response.content.decode()
    assert response.status_code == 200 and "Say in at least 5 words why another pathway was agreed" in page
    assert "I want to sit in my own garden again." in page and "Edna and her daughter" in page
    assert not DischargePlan.objects.exists()
    response = client.post(reverse("hospital:plan", args=[request.pk]), _plan(
        pathway="2", pathway_reasons="She cannot manage the stairs at home yet"))
    assert response.status_code == 302
    assert "changed from what the ward proposed: She cannot manage the stairs" in \
        DischargePlan.objects.get().pathway_said


def test_days_from_ready_to_leaving_and_the_reasons_for_the_delay(hospital):
    today = timezone.localdate()
    request = _receive(hospital, ready_on=today - dt.timedelta(days=4))
    client = client_for(hospital["hana"])
    left = today - dt.timedelta(days=1)
    dates = {"left_on_day": str(left.day), "left_on_month": str(left.month), "left_on_year": str(left.year)}
    response = client.post(reverse("hospital:plan", args=[request.pk]), _plan(**dates))
    assert "They have waited 3 days since they were ready to leave. Choose why" in response.content.decode()
    response = client.post(reverse("hospital:plan", args=[request.pk]), _plan(**dates, delay_reasons=["other"]))
    assert "Say what they are waiting for" in response.content.decode()
    response = client.post(reverse("hospital:plan", args=[request.pk]),
                           _plan(**dates, delay_reasons=["care_at_home", "family_choice"]))
    assert response.status_code == 302
    saved = DischargeRequest.objects.get(pk=request.pk)
    assert saved.status == "left_hospital" and saved.plan.left_on == left
    assert saved.plan.delay_reasons == ["care_at_home", "family_choice"]
    page = client.get(reverse("hospital:request", args=[request.pk])).content.decode()
    assert "3 days" in page and "Waiting for care at home to start" in page
    assert "The person or their family chose to wait" in page
    # Closed: the plan page goes back to the request.
    assert client.get(reverse("hospital:plan", args=[request.pk])).status_code == 302


def test_two_agreeing_at_once_the_first_wins_and_the_other_keeps_what_they_typed(hospital):
    request = _receive(hospital)
    hana, other = client_for(hospital["hana"]), None
    other_user = f.UserFactory(username="hugh", first_name="Hugh", last_name="Fictional")
    f.StaffFactory(user=other_user, role="practitioner", team=hospital["hana"].staff.team)
    other = client_for(other_user)
    # Both opened the page with no plan (version 0); Hana saves first.
    assert hana.post(reverse("hospital:plan", args=[request.pk]), _plan()).status_code == 302
    response = other.post(reverse("hospital:plan", args=[request.pk]), _plan(
        pathway="2", pathway_reasons="Her son thinks a short stay would help her get stronger", took_part="Her son"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Hana Fictional saved it first." in page and "Her son thinks a short stay" in page
    plan = DischargePlan.objects.get()
    assert (plan.agreed_pathway, plan.agreed_by_name, plan.version) == (1, "Hana Fictional", 1)
    # With the version now shown, a change goes through.
    assert other.post(reverse("hospital:plan", args=[request.pk]), _plan(version="1", took_part="Her son")).status_code \
        == 302
    assert DischargePlan.objects.get().version == 2


def _left(hospital: dict[str, Any], *, days_ago: int, born: dt.date, pathway: str = "1") -> DischargeRequest:
    today = timezone.localdate()
    request = _receive(hospital, date_of_birth=born, ready_on=today - dt.timedelta(days=min(days_ago, 30)),
                       proposed_pathway=pathway, identifier=f"L{days_ago}-{born.year}",
                       nhs_number=_nhs(days_ago * 10 + born.year % 10), name=f"Left {born.year} Fictional")
    ts.request_link_person(request=request, user=hospital["hana"])
    # Sent before they left (the ward's form only takes dates near today, so the past is set here).
    DischargeRequest.objects.filter(pk=request.pk).update(
        received_at=timezone.now() - dt.timedelta(days=days_ago + 2), ready_on=today - dt.timedelta(days=days_ago))
    request.refresh_from_db()
    ts.plan_save(request=request, user=hospital["hana"], base_version=0, person_words="", took_part="Them",
                 pathway=pathway, reasons="", left_on=today - dt.timedelta(days=days_ago),
                 delay_reasons=[], delay_other="",
                 today=today)
    return DischargeRequest.objects.get(pk=request.pk)


def test_reablement_starts_on_the_day_they_left_is_free_for_six_weeks_and_ends_with_one_sequel(hospital):
    today = timezone.localdate()
    request = _left(hospital, days_ago=0, born=dt.date(1941, 5, 2))
    request.ready_on = today
    client = client_for(hospital["hana"])
    page = client.get(reverse("hospital:request", args=[request.pk])).content.decode()
    assert "Start reablement" in page
    response = client.post(reverse("hospital:reablement-start", args=[request.pk]), {"goals": "x"})
    assert "Write their goals in their own words" in response.content.decode()
    response = client.post(reverse("hospital:reablement-start", args=[request.pk]),
                           {"goals": "Make my own breakfast and walk to the shop"})
    assert response.status_code == 302
    episode = ReablementEpisode.objects.get()
    assert episode.started_on == today
    page = client.get(reverse("hospital:request", args=[request.pk])).content.decode()
    last_free = today + dt.timedelta(days=41)
    assert f"Free until {last_free:%-d %B %Y}." in page
    # the council has set no notice period here: they are told by the last free day, no number made up
    assert f"Tell them by {last_free:%-d %B %Y}." in page

    response = client.post(reverse("hospital:reablement-visit", args=[request.pk]), {
        "visited_on_day": str(today.day), "visited_on_month": str(today.month), "visited_on_year": str(today.year),
        "note": "Made tea with a little help"})
    assert response.status_code == 302
    response = client.post(reverse("hospital:reablement-end", args=[request.pk]), {
        "ended_on_day": str(today.day), "ended_on_month": str(today.month), "ended_on_year": str(today.year),
        "can_now_do": "I make my own breakfast"})
    assert "Choose what happened next" in response.content.decode()
    assert "I make my own breakfast" in response.content.decode()
    response = client.post(reverse("hospital:reablement-end", args=[request.pk]), {
        "ended_on_day": str(today.day), "ended_on_month": str(today.month), "ended_on_year": str(today.year),
        "can_now_do": "I make my own breakfast", "sequel": "no_further_support"})
    assert response.status_code == 302
    page = client.get(reverse("hospital:request", args=[request.pk])).content.decode()
    assert "No further support needed" in page and "Made tea with a little help" in page
    assert "Free throughout: it ended within six weeks." in page
    with pytest.raises(ts.Conflict):
        ts.reablement_end(episode=episode, user=hospital["hana"], ended_on=today, can_now_do="", sequel="died")


def test_an_ended_episode_has_exactly_one_sequel_in_the_database(hospital):
    request = _left(hospital, days_ago=0, born=dt.date(1941, 5, 2))
    episode = ts.reablement_start(request=request, user=hospital["hana"], goals="Walk to the shop")
    with pytest.raises(IntegrityError):
        ReablementEpisode.objects.filter(pk=episode.pk).update(ended_on=timezone.localdate())


def test_reablement_follows_pathway_1_or_2_only(hospital):
    request = _left(hospital, days_ago=0, born=dt.date(1941, 5, 2), pathway="0")
    with pytest.raises(ts.Invalid, match="pathway 1 or 2"):
        ts.reablement_start(request=request, user=hospital["hana"], goals="Walk to the shop")


def test_the_91_day_check_is_due_for_people_65_and_over_and_recorded(hospital):
    old = _left(hospital, days_ago=95, born=dt.date(1941, 5, 2))
    young = _left(hospital, days_ago=95, born=dt.date(1990, 5, 2))
    recent = _left(hospital, days_ago=20, born=dt.date(1942, 5, 2))
    for r in (old, young, recent):
        ts.reablement_start(request=r, user=hospital["hana"], goals="Walk to the shop")
    client = client_for(hospital["hana"])
    page = client.get(reverse("hospital:team")).content.decode()
    checks = page.split("Checks due", 1)[1].split("Waiting to leave hospital", 1)[0]
    assert "Left 1941 Fictional" in checks
    assert "Left 1990 Fictional" not in checks and "Left 1942 Fictional" not in checks
    response = client.post(reverse("hospital:check", args=[old.pk]), {"answer": "at_home"})
    page = response.content.decode()
    assert "Say who told you" in page
    today = timezone.localdate()
    response = client.post(reverse("hospital:check", args=[old.pk]), {
        "answer": "at_home", "spoke_to": "Her daughter", "checked_on_day": str(today.day),
        "checked_on_month": str(today.month), "checked_on_year": str(today.year)})
    assert response.status_code == 302
    check = StillAtHomeCheck.objects.get()
    assert (check.answer, check.spoke_to, check.recorded_by_name) == ("at_home", "Her daughter", "Hana Fictional")
    page = client.get(reverse("hospital:team")).content.decode()
    assert "Checks due" not in page
    page = client.get(reverse("hospital:request", args=[old.pk])).content.decode()
    assert "Still at home: checked on" in page and "told by Her daughter" in page


def test_the_person_can_see_the_plan_reablement_and_check_in_their_download(hospital):
    from carecommons.people.subject_access import everything_about

    today = timezone.localdate()
    request = _left(hospital, days_ago=95, born=dt.date(1941, 5, 2))
    episode = ts.reablement_start(request=request, user=hospital["hana"], goals="Walk to the shop")
    ts.reablement_visit(episode=episode, user=hospital["hana"], visited_on=today - dt.timedelta(days=90),
                        note="Walked to the corner")
    ts.reablement_end(episode=episode, user=hospital["hana"], ended_on=today - dt.timedelta(days=60),
                      can_now_do="I walk to the shop", sequel="community")
    ts.check_record(request=request, user=hospital["hana"], answer="at_home", checked_on=today, spoke_to="Her")
    rows = str(everything_about(DischargeRequest.objects.get(pk=request.pk).person))
    assert "Walk to the shop" in rows and "Walked to the corner" in rows and "I walk to the shop" in rows
    assert "Support from the community" in rows and "Still at home" in rows


def test_the_ward_reads_back_planning_then_completed_as_the_team_plans(hospital):
    from django.test import Client

    key = services.ward_token_issue(ward=hospital["ward7"], name="Ward 7 EPR")
    request = _receive(hospital)
    url = f"/hospital/fhir/ServiceRequest/{request.reference}"

    def status() -> tuple[str, str]:
        body = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {key}").json()
        return body["status"], body["note"][0]["text"]

    ts.plan_save(request=request, user=hospital["hana"], base_version=0, person_words="", took_part="Edna",
                 pathway="1", reasons="", left_on=None, delay_reasons=[], delay_other="")
    assert status() == ("active", "Planning: the team is talking with the person and their family")
    request.refresh_from_db()
    today = timezone.localdate()
    ts.plan_save(request=request, user=hospital["hana"], base_version=1, person_words="", took_part="Edna",
                 pathway="1", reasons="", left_on=today, delay_reasons=[], delay_other="")
    assert status() == ("completed", "Left hospital")


def test_the_councils_notice_period_is_its_own_setting_and_none_is_made_up(settings):
    from carecommons.hospital.reablement_views import notice_days

    settings.CARECOMMONS_REABLEMENT_NOTICE_DAYS = None
    assert notice_days() is None
    settings.CARECOMMONS_REABLEMENT_NOTICE_DAYS = "21"
    assert notice_days() == 21


def test_the_team_is_prompted_to_tell_the_person_about_charging_and_records_it(hospital, settings):
    settings.CARECOMMONS_REABLEMENT_NOTICE_DAYS = 7
    today = timezone.localdate()
    request = _left(hospital, days_ago=40, born=dt.date(1940, 1, 1))
    client = client_for(hospital["hana"])
    client.post(reverse("hospital:reablement-start", args=[request.pk]), {"goals": "Make my own lunch."})
    episode = ReablementEpisode.objects.get(request=request)
    ReablementEpisode.objects.filter(pk=episode.pk).update(started_on=today - dt.timedelta(days=38))  # day 39 today
    last_free = today - dt.timedelta(days=38) + dt.timedelta(days=41)
    page = client.get(reverse("hospital:team")).content.decode()
    assert "Tell them about charging" in page and "Free until" in page
    assert f"{last_free:%-d %B %Y}" in page and "Record that they were told" in page

    url = reverse("hospital:reablement-told", args=[request.pk])
    form = client.get(url).content.decode()
    assert "They were told about charging" in form and "How were they told?" in form
    # A mistake: the day in the future, nothing chosen; a clear message and what was typed stays.
    future = today + dt.timedelta(days=3)
    page = client.post(url, {"told_on_day": future.day, "told_on_month": future.month, "told_on_year": future.year,
                             "what_said": "Explained the financial assessment."}).content.decode()
    assert "Select how they were told" in page
    assert "Explained the financial assessment." in page and "<title>Error: Error:" not in page
    page = client.post(url, {"told_on_day": future.day, "told_on_month": future.month, "told_on_year": future.year,
                             "how": "phone", "what_said": "Explained the financial assessment."}).content.decode()
    assert "The day they were told must be today or in the past" in page
    assert "Explained the financial assessment." in page
    response = client.post(url, {"told_on_day": today.day, "told_on_month": today.month, "told_on_year": today.year,
                                 "how": "easy_read_letter", "what_said": "Easy read letter ref ER-1."})
    assert response.status_code == 302
    page = client.get(reverse("hospital:request", args=[request.pk])).content.decode()
    assert f"By an easy read letter, on {today:%-d %B %Y}" in page and "Easy read letter ref ER-1." in page
    assert "Tell them about charging" not in client.get(reverse("hospital:team")).content.decode()
    # Recorded once: a second saving is told who did it first.
    second = client.post(url, {"told_on_day": today.day, "told_on_month": today.month, "told_on_year": today.year,
                               "how": "phone"})
    assert second.status_code == 409
    # Ward staff cannot record it.
    assert client_for(hospital["nia"]).post(url, {"how": "phone"}).status_code == 403


def test_the_charging_prompt_shows_the_25_longest_overdue_and_how_many_in_all(hospital):
    from carecommons.hospital.reablement_views import notices_due

    today = timezone.localdate()
    for i in range(27):
        request = _left(hospital, days_ago=60 + i, born=dt.date(1940, 1, 1))
        ReablementEpisode.objects.create(request=request, person=request.person,
                                         started_on=today - dt.timedelta(days=50 + i), goals="Walk to the shop.")
    shown, total = notices_due(today)
    assert (len(shown), total) == (25, 27)
    assert [n["free"].starts_on for n in shown] == sorted(n["free"].starts_on for n in shown)  # longest ago first
    page = client_for(hospital["hana"]).get(reverse("hospital:team")).content.decode()
    assert "27 people are still to be told. Here are the 25 whose reablement started longest ago." in page
