"""The safeguarding team's enquiry pages: naming people (and removing a naming), the alleged source of risk,
withholding a concern from the person (and lifting it), reviewing and changing an agreed plan, and where refusals of a
safeguarding record are reviewed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.people.models import AccessEvent
from carecommons.rules.safeguarding import Capacity, EnquiryStart, OutcomesAsked
from carecommons.safeguarding import services
from carecommons.safeguarding.models import (
    Concern,
    ConcernEvent,
    Involvement,
    SafeguardingPlan,
    SafeguardingPlanReview,
    SafeguardingTeam,
)
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db


def _staff(username: str, role: str, team: Any, first: str, last: str, **kw: Any) -> Any:
    user = f.UserFactory(username=username, first_name=first, last_name=last, email=f"{username}@example.org")
    f.StaffFactory(user=user, role=role, team=team, **kw)
    return user


@pytest.fixture
def place() -> dict[str, Any]:
    now = timezone.now()
    sg_team, north = f.TeamFactory(name="Adult safeguarding team"), f.TeamFactory(name="North community team")
    SafeguardingTeam.objects.create(team=sg_team, designated_at=now)
    ruth_user = f.UserFactory(username="ruth", first_name="Ruth", last_name="Okafor", email="ruth@example.org")
    ruth = f.PersonFactory(full_name="Ruth Okafor", team=north, user=ruth_user)
    host_org = f.HostFactory(name="Eastgate Library")
    p = {
        "ruth": ruth, "ruth_user": ruth_user,
        "sita": _staff("sita", "practitioner", sg_team, "Sita", "Kaur"),
        "omar": _staff("omar", "practitioner", sg_team, "Omar", "Hale"),
        "sam": _staff("sam", "manager", sg_team, "Sam", "Ward"),
        "priya": _staff("priya", "practitioner", north, "Priya", "Shah"),
        "morgan": _staff("morgan", "manager", north, "Morgan", "Lee"),
        "chris": _staff("chris", "commissioner", None, "Chris", "Evans"),
        "hana": _staff("hana", "host", None, "Hana", "Novak", host=host_org),
        "ade": _staff("ade", "admin", None, "Ade", "Bello"),
    }
    concern = services.concern_raise(raised=services.Raised(
        what_happened="Her nephew takes her pension every Friday (fictional).", immediate_danger="no",
        raiser_name="Dev Patel", raiser_relationship="neighbour", raiser_phone="01632 960 001"), person=ruth)
    concern = services.concern_triage(
        concern=concern, user=p["sita"], base_version=1, needs=True, abuse_or_neglect=True, unable_to_protect=True,
        route="s42_enquiry", reasons="She may not be able to stop him because of her memory.",
        abuse_types=["financial"], location="own_home", source_of_risk="known")
    p["concern"] = services.enquiry_start(concern=concern, user=p["sita"], base_version=2, start=EnquiryStart(
        OutcomesAsked.YES, "I want my money to be safe, and to keep seeing him.", "", False, "", "", Capacity.HAS))
    return p


def _url(name: str, concern: Concern, **kw: Any) -> str:
    return reverse(f"safeguarding:{name}", kwargs={"concern_id": concern.pk, **kw})


def _name(place: dict[str, Any], user: Any, why: str = "Her practitioner in the North team") -> Involvement:
    return Involvement.objects.get_or_create(concern=place["concern"], user=user, defaults={
        "why": why, "named_by": place["sita"], "named_at": timezone.now()})[0]


def _refused_everyone_but_the_team(place: dict[str, Any], url: str) -> None:
    assert client_for(place["sita"]).get(url).status_code == 200
    for who in ("priya", "morgan", "chris", "hana", "ade"):
        assert client_for(place[who]).get(url).status_code == 403, who
    assert client_for(place["ruth_user"]).get(url).status_code == 403
    # The alleged source of risk is refused even on the safeguarding team.
    Concern.objects.filter(pk=place["concern"].pk).update(alleged_source=place["omar"])
    assert client_for(place["omar"]).get(url).status_code == 403
    Concern.objects.filter(pk=place["concern"].pk).update(alleged_source=None)
    # Someone named sees the concern, and changes nothing.
    _name(place, place["priya"])
    assert client_for(place["priya"]).get(_url("concern", place["concern"])).status_code == 200
    assert client_for(place["priya"]).get(url).status_code == 403


# --- Naming people in an enquiry ------------------------------------------------------------------------------------

def test_the_naming_page_is_the_safeguarding_teams_only(place):
    _refused_everyone_but_the_team(place, _url("named", place["concern"]))


def test_the_team_names_someone_who_then_sees_it_read_only_without_who_raised_it(place):
    concern, sita = place["concern"], client_for(place["sita"])
    assert client_for(place["priya"]).get(_url("concern", concern)).status_code == 403
    page = sita.get(_url("named", concern)).content.decode()
    assert "Nobody is named yet" in page
    assert "You cannot name the alleged source of risk, a commissioner, a hub host or an administrator" in page
    response = sita.post(_url("named", concern), {"who": "PRIYA@example.org", "why": "Her practitioner in the North "
                                                                                      "team"})
    assert response.status_code == 302
    page = sita.get(response["Location"]).content.decode()
    assert "Priya Shah is named in" in page and "Her practitioner in the North team" in page and "Sita Kaur" in page
    event = ConcernEvent.objects.get(concern=concern, action="named")
    assert (event.user, event.detail) == (place["sita"], "Priya Shah: Her practitioner in the North team")
    seen = client_for(place["priya"]).get(_url("concern", concern))
    assert seen.status_code == 200
    text = seen.content.decode()
    assert "Dev Patel" not in text and "01632 960 001" not in text
    assert "Who else can see it" not in text and "Review this plan" not in text
    assert AccessEvent.objects.filter(person=place["ruth"], user=place["priya"], grounds="named_in_enquiry").exists()


def test_naming_refuses_the_alleged_source_a_commissioner_a_host_and_says_why(place):
    concern, sita = place["concern"], client_for(place["sita"])
    url = _url("named", concern)
    Concern.objects.filter(pk=concern.pk).update(alleged_source=place["morgan"])
    cases = {
        "morgan": "Morgan Lee is recorded as the alleged source of risk. They can never see this concern",
        "chris@example.org": "Chris Evans is a commissioner. Commissioners never see a safeguarding concern",
        "Hana Novak": "Hana Novak is a hub host. Hosts never see a safeguarding concern",
        "ade": "Ade Bello is an administrator",
        "ruth": "Ruth Okafor uses Care Commons for their own record, not as staff",
        "omar": "Omar Hale is on the safeguarding team and sees every concern already",
        "nobody@example.org": "Nobody with a Care Commons sign-in has that name",
    }
    for who, message in cases.items():
        response = sita.post(url, {"who": who, "why": "Needs to know what is happening"})
        text = response.content.decode()
        assert response.status_code == 200 and message in text, who
        assert f'value="{who}"' in text and "Needs to know what is happening" in text, "nothing typed is lost"
    assert not Involvement.objects.exists() and not ConcernEvent.objects.filter(action="named").exists()


def test_naming_validation_empty_twice_named_and_two_people_with_one_name(place):
    concern, sita = place["concern"], client_for(place["sita"])
    url = _url("named", concern)
    text = sita.post(url, {"who": "", "why": ""}).content.decode()
    assert "Enter the name, email address or sign-in name of who you want to name" in text
    assert "Say in at least 3 words why they need to see it" in text
    text = sita.post(url, {"who": "priya", "why": "Her"}).content.decode()
    assert "Say in at least 3 words why they need to see it" in text
    _name(place, place["priya"])
    assert "Priya Shah is named in this concern already" in sita.post(
        url, {"who": "priya", "why": "Her practitioner again"}).content.decode()
    _staff("priya2", "practitioner", None, "Priya", "Shah")
    assert "2 people are called Priya Shah. Use their email address instead" in sita.post(
        url, {"who": "Priya Shah", "why": "Her practitioner again"}).content.decode()


def test_removing_a_naming_needs_why_and_then_they_cannot_see_it(place):
    concern, sita = place["concern"], client_for(place["sita"])
    involvement = _name(place, place["priya"])
    url = _url("unname", concern, involvement_id=involvement.pk)
    _refused_everyone_but_the_team(place, url)
    page = sita.get(url).content.decode()
    assert "Remove Priya Shah" in page and "Her practitioner in the North team" in page
    text = sita.post(url, {"why": "Moved"}).content.decode()
    assert "Say in at least 5 words why they no longer need to see it" in text and "Moved" in text
    assert Involvement.objects.filter(pk=involvement.pk).exists()
    assert sita.post(url, {"why": "She has moved to another team this week."}).status_code == 302
    assert not Involvement.objects.filter(pk=involvement.pk).exists()
    event = ConcernEvent.objects.get(concern=concern, action="unnamed")
    assert (event.user_name, event.detail) == ("Sita Kaur", "Priya Shah: She has moved to another team this week.")
    assert client_for(place["priya"]).get(_url("concern", concern)).status_code == 403
    assert sita.get(url).status_code == 404
    page = sita.get(_url("concern", concern)).content.decode()
    assert "Sita Kaur — removed someone&#x27;s naming: Priya Shah: She has moved" in page


# --- The alleged source of risk -------------------------------------------------------------------------------------

def test_the_source_page_is_the_safeguarding_teams_only(place):
    _refused_everyone_but_the_team(place, _url("source", place["concern"]))


def test_recording_the_alleged_sources_sign_in_shuts_them_out_whoever_they_are(place):
    concern, sita = place["concern"], client_for(place["sita"])
    _name(place, place["morgan"], why="Manager of her home care team")
    assert client_for(place["morgan"]).get(_url("concern", concern)).status_code == 200
    url = _url("source", concern)
    text = sita.post(url, {"source_of_risk": "service_provider", "has_account": "yes", "who": ""}).content.decode()
    assert "Nobody with a Care Commons sign-in has that name" in text
    assert 'value="service_provider" checked' in text
    assert sita.post(url, {"source_of_risk": "service_provider", "has_account": "yes",
                           "who": "morgan@example.org"}).status_code == 302
    concern.refresh_from_db()
    assert (concern.source_of_risk, concern.alleged_source) == ("service_provider", place["morgan"])
    assert not Involvement.objects.filter(concern=concern, user=place["morgan"]).exists(), "their naming is removed"
    assert client_for(place["morgan"]).get(_url("concern", concern)).status_code == 403
    assert "SG-" not in client_for(place["morgan"]).get(reverse("safeguarding:concerns")).content.decode()
    assert list(ConcernEvent.objects.filter(concern=concern, action__in=["source", "unnamed"])
                .values_list("action", "detail")) == [
        ("source", "A service provider; their sign-in: Morgan Lee"),
        ("unnamed", "Morgan Lee: recorded as the alleged source of risk")]
    page = sita.get(_url("concern", concern)).content.decode()
    assert "Their sign-in: Morgan Lee (they can never see this concern)" in page
    # Even on the safeguarding team.
    assert sita.post(url, {"source_of_risk": "known", "has_account": "yes", "who": "omar"}).status_code == 302
    assert client_for(place["omar"]).get(_url("concern", concern)).status_code == 403
    assert client_for(place["morgan"]).get(_url("concern", concern)).status_code == 403  # still not named
    # No sign-in: the category alone.
    assert sita.post(url, {"source_of_risk": "unknown", "has_account": "no", "who": "omar"}).status_code == 302
    concern.refresh_from_db()
    assert (concern.source_of_risk, concern.alleged_source) == ("unknown", None)
    assert client_for(place["omar"]).get(_url("concern", concern)).status_code == 200


def test_the_source_cannot_be_yourself_or_the_person_it_is_about(place):
    concern, sita = place["concern"], client_for(place["sita"])
    url = _url("source", concern)
    text = sita.post(url, {"source_of_risk": "known", "has_account": "yes", "who": "sita"}).content.decode()
    assert "You cannot record yourself as the alleged source of risk" in text
    text = sita.post(url, {"source_of_risk": "known", "has_account": "yes", "who": "Ruth Okafor"}).content.decode()
    assert "That is the person this concern is about" in text and "Ruth Okafor" in text
    text = sita.post(url, {}).content.decode()
    assert "Choose who the risk is from" in text and "Say whether they have a Care Commons sign-in" in text
    assert Concern.objects.get(pk=concern.pk).alleged_source is None


# --- Withholding it from the person ---------------------------------------------------------------------------------

def test_the_withhold_page_is_the_safeguarding_teams_only(place):
    _refused_everyone_but_the_team(place, _url("withhold", place["concern"]))


def test_withholding_hides_it_and_its_openings_from_the_person_and_lifting_shows_them_again(place):
    concern, sita, ruth = place["concern"], client_for(place["sita"]), client_for(place["ruth_user"])
    assert sita.get(_url("concern", concern)).status_code == 200  # an opening Ruth would see
    assert concern.reference in ruth.get(reverse("safeguarding:my-concerns")).content.decode()
    assert "Sita Kaur" in ruth.get(reverse("people:my-access-log")).content.decode()
    url = _url("withhold", concern)
    text = sita.post(url, {"why": "Her nephew"}).content.decode()
    assert "Give the reasons in at least 5 words" in text and "Her nephew" in text
    why = "Her nephew reads her messages; telling her now would put her at risk."
    assert sita.post(url, {"why": why}).status_code == 302
    concern.refresh_from_db()
    assert (concern.withheld_from_person, concern.withheld_why) == (True, why)
    assert ConcernEvent.objects.filter(concern=concern, action="withheld", user=place["sita"], detail=why).exists()
    page = sita.get(_url("concern", concern)).content.decode()
    assert "Withheld from them: decided by Sita Kaur" in page and "Her nephew reads her messages" in page
    mine = ruth.get(reverse("safeguarding:my-concerns")).content.decode()
    assert concern.reference not in mine and "keep my money" not in mine
    assert "Sita Kaur" not in ruth.get(reverse("people:my-access-log")).content.decode()
    assert ruth.get(_url("concern", concern)).status_code == 403
    # Lifting it, with reasons.
    page = sita.get(url).content.decode()
    assert "Stop withholding it from Ruth Okafor" in page and "decided by Sita Kaur" in page
    text = sita.post(url, {"why": ""}).content.decode()
    assert "Give the reasons in at least 5 words" in text
    assert sita.post(url, {"why": "Her nephew has moved away and cannot read her post."}).status_code == 302
    concern.refresh_from_db()
    assert (concern.withheld_from_person, concern.withheld_why) == (False, "")
    assert ConcernEvent.objects.filter(concern=concern, action="lifted", user=place["sita"]).exists()
    assert concern.reference in ruth.get(reverse("safeguarding:my-concerns")).content.decode()
    assert "Sita Kaur" in ruth.get(reverse("people:my-access-log")).content.decode()


# --- Reviewing and changing the agreed plan -------------------------------------------------------------------------

def _plan(place: dict[str, Any]) -> SafeguardingPlan:
    return services.plan_record(concern=place["concern"], user=place["sita"], kind="risk_enablement",
                                risks_chosen="I will keep seeing my nephew on Sundays.",
                                support="Her pension goes to an account only she can use.",
                                who_does_what="Sita calls her each week; the bank checks withdrawals.",
                                review_on=timezone.localdate() + dt.timedelta(days=60), person_agrees=True)


def _date(prefix: str, day: dt.date) -> dict[str, Any]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_the_plan_pages_are_the_safeguarding_teams_only(place):
    plan = _plan(place)
    _refused_everyone_but_the_team(place, _url("plan-review", place["concern"], plan_id=plan.pk))
    _refused_everyone_but_the_team(place, _url("plan-change", place["concern"], plan_id=plan.pk))


def test_a_plan_review_records_what_changed_agreement_and_the_next_review_within_six_months(place):
    plan, sita, today = _plan(place), client_for(place["sita"]), timezone.localdate()
    url = _url("plan-review", place["concern"], plan_id=plan.pk)
    assert "Review the plan" in sita.get(url).content.decode()
    text = sita.post(url, {}).content.decode()
    for message in ("Enter the date of the review", "Enter the date of the next review",
                    "Say what has changed since the plan was agreed, or write that nothing has",
                    "Say whether they still agree to the plan"):
        assert message in text
    text = sita.post(url, {**_date("reviewed_on", today + dt.timedelta(days=1)),
                           **_date("next_review_on", today + dt.timedelta(days=300))}).content.decode()
    for message in ("The date of the review must be today or in the past", "The next review must be within 6 months",
                    "Say whether they still agree to the plan"):
        assert message in text, "every problem at once"
    text = sita.post(url, {**_date("reviewed_on", today + dt.timedelta(days=1)), "what_changed": "Nothing has.",
                           "still_agrees": "no", **_date("next_review_on", today)}).content.decode()
    assert "The date of the review must be today or in the past" in text
    assert "The next review must be after today" in text
    text = sita.post(url, {**_date("reviewed_on", today), "what_changed": "The bank has stopped two withdrawals.",
                           "still_agrees": "yes", **_date("next_review_on", today + dt.timedelta(days=200))}
                     ).content.decode()
    assert "The next review must be within 6 months of this one" in text
    assert "The bank has stopped two withdrawals." in text and 'value="yes" checked' in text
    assert not SafeguardingPlanReview.objects.exists()
    next_review = today + dt.timedelta(days=90)
    assert sita.post(url, {**_date("reviewed_on", today), "what_changed": "The bank has stopped two withdrawals.",
                           "still_agrees": "yes", **_date("next_review_on", next_review)}).status_code == 302
    review = SafeguardingPlanReview.objects.get()
    assert (review.plan, review.still_agrees, review.next_review_on, review.recorded_by_name) == (
        plan, True, next_review, "Sita Kaur")
    assert ConcernEvent.objects.filter(concern=place["concern"], action="plan_reviewed", user=place["sita"]).exists()
    page = sita.get(_url("concern", place["concern"])).content.decode()
    assert "Reviews of this plan" in page and "The bank has stopped two withdrawals." in page
    assert next_review.strftime("%-d %B %Y") in page
    own = client_for(place["ruth_user"]).get(reverse("safeguarding:my-concerns")).content.decode()
    assert f"We will look at it again on {next_review.strftime('%-d %B %Y')}." in own


def test_a_changed_plan_is_a_new_version_and_the_old_one_is_kept_as_history(place):
    plan, sita, today = _plan(place), client_for(place["sita"]), timezone.localdate()
    url = _url("plan-change", place["concern"], plan_id=plan.pk)
    form = sita.get(url).content.decode()
    assert "Her pension goes to an account only she can use." in form, "the plan as agreed, to change"
    assert "becomes version 2" in form
    changed = {"kind": "risk_enablement", "risks_chosen": "I will see my nephew only at the day centre.",
               "support": "Her pension goes to an account only she can use.",
               "who_does_what": "Day centre staff stay nearby; Sita calls monthly.",
               **_date("review_on", today + dt.timedelta(days=120)), "person_agrees": "on"}
    text = sita.post(url, {**changed, "change_why": ""}).content.decode()
    assert "Say what changed and why, in at least 5 words" in text and "only at the day centre" in text
    assert SafeguardingPlan.objects.count() == 1
    assert sita.post(url, {**changed, "change_why": "She asked to see him only where staff are around."}
                     ).status_code == 302
    new = SafeguardingPlan.objects.get(replaces=plan)
    assert (new.version, new.risks_chosen, new.recorded_by_name) == (
        2, "I will see my nephew only at the day centre.", "Sita Kaur")
    assert SafeguardingPlan.objects.get(pk=plan.pk).risks_chosen == "I will keep seeing my nephew on Sundays."
    assert ConcernEvent.objects.filter(concern=place["concern"], action="plan_changed").count() == 1
    page = sita.get(_url("concern", place["concern"])).content.decode()
    assert page.index("version 2") < page.index("Earlier versions of this plan (1)") < page.index(
        "I will keep seeing my nephew on Sundays.")
    assert "She asked to see him only where staff are around." in page
    own = client_for(place["ruth_user"]).get(reverse("safeguarding:my-concerns")).content.decode()
    assert "only at the day centre" in own and "on Sundays" not in own, "the person sees the plan in force"
    # A page opened on the old version: changing it again is refused, and nothing typed is lost.
    response = client_for(place["omar"]).post(url, {**changed, "support": "Omar's idea, typed carefully.",
                                                    "change_why": "Another change made from a stale page."})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Sita Kaur recorded version 2" in text and "Omar&#x27;s idea, typed carefully." in text
    assert SafeguardingPlan.objects.count() == 2
    assert sita.get(url).status_code == 302  # the old version: back to the concern, which shows the newer


# --- Refusals go to the safeguarding team's managers ----------------------------------------------------------------

def _queue(user: Any) -> str:
    return client_for(user).get(reverse("people:break-glass-review")).content.decode()


def test_a_refused_safeguarding_opening_goes_to_the_safeguarding_teams_manager_not_the_refusers(place):
    concern = place["concern"]
    assert client_for(place["priya"]).get(_url("concern", concern)).status_code == 403
    refused = AccessEvent.objects.get(user=place["priya"], action="refused")
    assert refused.kind == "safeguarding"
    assert "Priya Shah" in _queue(place["sam"]), "the safeguarding team's manager reviews it"
    assert "Priya Shah" not in _queue(place["morgan"]), "her own manager is not told a concern exists"
    assert "Priya Shah" not in _queue(place["ade"])
    # The safeguarding team's manager marks it reviewed.
    client_for(place["sam"]).post(reverse("people:break-glass-review"), {"what": "refusal", "entry": refused.pk})
    assert AccessEvent.objects.get(pk=refused.pk).reviewed_by == place["sam"]


def test_other_refusals_still_go_to_the_refusers_own_manager(place):
    from carecommons.people.access import AccessRefused, open_record
    from carecommons.rules.access import Kind, Purpose
    other = f.PersonFactory(full_name="Stan Hughes", team=f.TeamFactory(name="South community team"))
    with pytest.raises(AccessRefused):
        open_record(user=place["priya"], person_id=other.pk, kind=Kind.PERSON, purpose=Purpose.DECIDE)
    assert AccessEvent.objects.filter(user=place["priya"], action="refused", kind="person").exists()
    assert "Priya Shah" in _queue(place["morgan"])
    assert "Priya Shah" not in _queue(place["sam"]), "not the safeguarding team's: she is in the North team"


def test_a_refused_opening_of_a_concern_not_yet_linked_goes_to_the_safeguarding_teams_manager(place):
    unlinked = services.concern_raise(raised=services.Raised(
        what_happened="I have not seen my neighbour for a week (fictional).", immediate_danger="no",
        about_name="Mrs Gwen Arbuckle", raiser_relationship="neighbour"))
    assert unlinked.person is None
    assert client_for(place["priya"]).get(_url("concern", unlinked)).status_code == 403
    refused = ConcernEvent.objects.get(concern=unlinked, user=place["priya"], action="refused")
    assert not AccessEvent.objects.filter(user=place["priya"]).exists()  # no person: kept on the concern
    queue = _queue(place["sam"])
    assert "Priya Shah" in queue and unlinked.reference in queue, "the safeguarding team's manager reviews it"
    assert "Refused: records not yet linked to a person (1 to review)" in queue
    assert "Mrs Gwen Arbuckle" not in queue  # the queue names the concern, not who it is about
    for other in ("morgan", "ade"):  # her own manager, an administrator: not told a concern exists
        page = _queue(place[other])
        assert "Priya Shah" not in page and unlinked.reference not in page
    # Another manager cannot mark it reviewed, even by posting its number.
    client_for(place["morgan"]).post(reverse("people:break-glass-review"),
                                     {"what": "concern_refusal", "entry": refused.pk})
    assert ConcernEvent.objects.get(pk=refused.pk).reviewed_at is None
    # The safeguarding team's manager marks it reviewed: it leaves the queue.
    client_for(place["sam"]).post(reverse("people:break-glass-review"),
                                  {"what": "concern_refusal", "entry": refused.pk})
    assert ConcernEvent.objects.get(pk=refused.pk).reviewed_by == place["sam"]
    assert unlinked.reference not in _queue(place["sam"])
    # The safeguarding team's own opening is not a refusal, and a manager never reviews their own.
    assert client_for(place["sita"]).get(_url("concern", unlinked)).status_code == 200
    assert not ConcernEvent.objects.filter(concern=unlinked, action="refused", reviewed_at__isnull=True).exists()
