"""The demo area's part for safeguarding: the council's safeguarding team, and a few fictional concerns at each stage.

Ashby Vale gets an adult safeguarding team (designated as the council's safeguarding team) with one fictional
practitioner on it, Nadia Brooks, who signs in as `safeguarding` with the demo password (`LOGIN`), so anyone trying
the demo can see the team's pages. Then two concerns at each
stage, about the demo's own fictional residents: new (one from a neighbour on the public form, not yet linked to a
record; one raised by staff); triaged to another route (information and advice, a referral); an enquiry open, the
person asked what they want and an independent advocate arranged; an enquiry with a strategy meeting and a
risk-enablement plan the person agreed; and closed, with the outcomes they wanted partly achieved. Three recent
ones (new, referred, an enquiry) are about the same fictional care home of the demo's market, so the team's patterns
page shows a possible pattern (3 within 90 days, `rules.safeguarding.pattern_check`). Margaret Ellis,
who signs in as `person`, has one of the closed ones, so she can read her own enquiry and its outcomes.

Every decision is checked by the same rules as the pages (`rules.safeguarding`); the rows are then written with the
demo's own dates and references, so the same seed and date always give the same concerns. Everything is made up
and says so.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from carecommons.market.models import Location
from carecommons.people.demo import Login, demo_sign_in
from carecommons.people.models import Person, StaffMember, Team
from carecommons.rules.access import Role
from carecommons.rules.safeguarding import (
    Achieved,
    Capacity,
    Closure,
    EnquiryStart,
    OutcomesAsked,
    Risk,
    Route,
    State,
    check_categories,
    check_closure,
    check_enquiry_start,
    check_meeting,
    check_plan,
    check_triage,
    reference_for,
)
from carecommons.safeguarding.models import (
    Concern,
    ConcernEvent,
    SacReturn,
    SafeguardingPlan,
    SafeguardingTeam,
    StrategyMeeting,
)

TEAM_NAME = "Ashby Vale adult safeguarding team (fictional)"
# The team's fictional practitioner: a demo login like the others (the demo password and authenticator key).
LOGIN = Login("safeguarding", "Nadia", "Brooks", Role.PRACTITIONER, "Safeguarding practitioner", TEAM_NAME,
              "a practitioner on the adult safeguarding team (sees and triages every safeguarding concern)")
FICTIONAL = " (fictional)"


@dataclass(frozen=True)
class Spec:
    stage: str  # "new", "other_route", "enquiry_open", "plan_agreed", "closed"
    days_ago: int  # when it was raised, before the demo's "now"
    what: str
    route: str = ""
    abuse_types: tuple[str, ...] = ()
    location: str = ""
    source: str = ""
    staff: bool = False
    linked: bool = True
    at_the_home: bool = False  # about the demo's care home (`the_home`): three together make a possible pattern


SPECS: tuple[Spec, ...] = (
    Spec("new", 0, "I have not seen my neighbour for a week and her curtains stay shut. Someone shouts at her at "
                   "night.", linked=False),
    Spec("new", 1, "He told me at the hub that a carer at his care home takes money from his purse and he is "
                   "frightened to say so.", staff=True, at_the_home=True),
    Spec("other_route", 12, "Her son is worried she is not eating since she came home from hospital.",
         Route.INFORMATION_AND_ADVICE, ("neglect",), "own_home", "known"),
    Spec("other_route", 15, "A visitor says another resident at the care home pushed him in the lounge and staff "
                            "did not step in.",
         Route.REFERRAL, ("physical",), "care_home_residential", "unknown", at_the_home=True),
    Spec("enquiry_open", 20, "Her grandson has moved in and she says he takes her pension each week.",
         Route.S42_ENQUIRY, ("financial", "psychological"), "own_home", "known"),
    Spec("enquiry_open", 25, "Staff at the care home leave him in wet bedding for hours, his daughter says.",
         Route.S42_ENQUIRY, ("neglect", "organisational"), "care_home_residential", "service_provider",
         at_the_home=True),
    Spec("plan_agreed", 40, "He keeps going out at night in the cold and has fallen twice; he wants to keep his "
                            "walks.", Route.OTHER_ENQUIRY, ("self_neglect",), "community", "unknown"),
    Spec("plan_agreed", 45, "A man she met online asks her for money and she has sent him most of her savings.",
         Route.S42_ENQUIRY, ("financial",), "own_home", "unknown"),
    Spec("closed", 150, "Her neighbour says the home care visits are often missed and she is left without food.",
         Route.S42_ENQUIRY, ("neglect",), "own_home", "service_provider"),
    Spec("closed", 200, "His brother shouts at him and has hit him when he will not hand over his bank card.",
         Route.S42_ENQUIRY, ("physical", "financial"), "own_home", "known"),
)

REASONS = {
    Route.INFORMATION_AND_ADVICE: "She has family support and no sign of abuse; her son was given advice about "
                                  "meals at home.",
    Route.REFERRAL: "This is a matter for the care home's own process and the police if he wants to report it.",
    Route.S42_ENQUIRY: "All three tests are met: care and support needs, risk of abuse, and unable to protect "
                       "themselves.",
    Route.OTHER_ENQUIRY: "He can protect himself but the risk is serious enough that we will look into it with him.",
}
WANTS = ("To keep living at home and to have my own money back.", "To be treated kindly and kept clean.",
         "To keep my night walks but not fall again.", "To stop sending money and feel less lonely.",
         "To get my meals on time and not be forgotten.", "For my brother to stop coming round when he is angry.")


def wipe() -> None:
    """The demo's concerns (with their events, meetings and plans), the designation and the returns made."""
    Concern.objects.all().delete()
    SafeguardingTeam.objects.all().delete()
    SacReturn.objects.all().delete()


def _team(now: dt.datetime) -> tuple[Team, Any]:
    """The safeguarding team: the one designated, or a new fictional one with a fictional practitioner."""
    designated = SafeguardingTeam.objects.select_related("team").first()
    team = designated.team if designated else Team.objects.create(name=TEAM_NAME)
    if designated is None:
        SafeguardingTeam.objects.create(team=team, designated_at=now - dt.timedelta(days=400))
    user = get_user_model()._default_manager.filter(username=LOGIN.username).first()
    if user is None:
        user = demo_sign_in(LOGIN, joined=now - dt.timedelta(days=400))
        StaffMember.objects.create(user=user, role=Role.PRACTITIONER.value, job_title=LOGIN.job_title, team=team)
    return team, user


def the_home() -> Location | None:
    """The demo market's care home (without nursing) that three of the demo's concerns are about: the first by CQC
    id, so the same seed gives the same home. None when the demo has no care market."""
    return (Location.objects.select_related("provider").filter(care_home=True, nursing=False, dormant=False)
            .order_by("cqc_id").first())


def _check(problems: dict[str, str]) -> None:
    if problems:  # pragma: no cover - the specs above are checked by the tests
        raise ValueError(f"A demo concern breaks the rules: {problems}")


def build(*, seed: int, today: dt.date, people: list[Person], me: Person, raiser: Any) -> dict[str, int]:
    """The team and the concerns. `people` are the saved residents; `me` is Margaret Ellis; `raiser` the member of
    staff who raises the staff concern."""
    rng = random.Random(seed * 7919 + 17)
    now = dt.datetime.combine(today, dt.time(8, 0), tzinfo=timezone.get_current_timezone())
    _, worker = _team(now)
    name = f"{worker.first_name} {worker.last_name}"
    # read back in a fixed order (names are unique in the demo), whatever order the residents were saved in
    adults = list(Person.objects.filter(pk__in=[p.pk for p in people if p.pk], date_of_birth__isnull=False)
                  .exclude(pk=me.pk).order_by("full_name"))
    chosen = rng.sample(adults, len(SPECS) - 1)
    about = chosen[:-1] + [me] + chosen[-1:]  # Margaret has the first closed enquiry
    numbers = rng.sample(range(10_000_000, 99_999_999), len(SPECS))
    home = the_home()
    made = {"concerns": 0, "plans": 0, "meetings": 0}
    wants = iter(WANTS)
    for i, (spec, person) in enumerate(zip(SPECS, about, strict=True)):
        raised_at = now - dt.timedelta(days=spec.days_ago, hours=3 + 2 * i)
        fields: dict[str, Any] = {
            "reference": reference_for(numbers[i]), "raised_at": raised_at, "what_happened": spec.what + FICTIONAL,
            "immediate_danger": "no", "person_knows": "yes" if spec.staff or spec.linked else "not_sure",
        }
        if spec.staff:
            fields.update(raised_through=Concern.RaisedThrough.STAFF, raised_by=raiser,
                          raiser_name=f"{raiser.first_name} {raiser.last_name}", raiser_email=raiser.email,
                          person=person)
        else:
            fields.update(raised_through=Concern.RaisedThrough.PUBLIC, raiser_relationship="neighbour",
                          raiser_name="A neighbour" + FICTIONAL, raiser_phone="01632 960999")
            if spec.linked:
                fields["person"] = person
            else:
                fields.update(about_name=person.full_name, about_where="Near the library, Ashby Vale" + FICTIONAL)
        if spec.stage != "new":
            route = Route(spec.route)
            duty = route is Route.S42_ENQUIRY
            tests = {"needs": True, "abuse_or_neglect": route is not Route.INFORMATION_AND_ADVICE,
                     "unable_to_protect": duty}
            referred = "The care home's manager" + FICTIONAL if route is Route.REFERRAL else ""
            _check(check_triage(**tests, route=route.value, reasons=REASONS[route], referred_to=referred).problems)
            _check(check_categories(abuse_types=list(spec.abuse_types), location=spec.location,
                                    source_of_risk=spec.source))
            decided_at = raised_at + dt.timedelta(hours=5)
            fields.update(state=State.TRIAGED.value, version=2, **tests, s42_duty=duty, route=route.value,
                          reasons=REASONS[route], referred_to=referred, abuse_types=list(spec.abuse_types),
                          location=spec.location, source_of_risk=spec.source, decided_by=worker,
                          decided_by_name=name, decided_at=decided_at)
        if spec.stage in ("enquiry_open", "plan_agreed", "closed"):
            advocate = "Ashby Vale Advocacy, Sam Okoro" + FICTIONAL if i % 2 == 0 else ""
            capacity = (Capacity.LACKS if advocate else
                        Capacity.NOT_ASSESSED if spec.stage == "enquiry_open" else Capacity.HAS)
            start = EnquiryStart(OutcomesAsked.YES, next(wants), "", bool(advocate), "", advocate, capacity)
            _check(check_enquiry_start(start))
            fields.update(state=State.ENQUIRY_OPEN.value, version=3, outcomes_asked=OutcomesAsked.YES.value,
                          desired_outcomes=start.desired_outcomes, substantial_difficulty=bool(advocate),
                          advocate=advocate, lacks_capacity=capacity.value, enquiry_started_by_name=name,
                          enquiry_started_at=raised_at + dt.timedelta(days=1))
        if spec.stage == "closed":
            closure = Closure(Route(spec.route), OutcomesAsked.YES, Achieved.PARTIALLY, Risk.REDUCED, "",
                              "The plan is working and they feel safer, though not everything they wanted happened.")
            _check(check_closure(closure))
            fields.update(state=State.CLOSED.value, version=4, outcomes_achieved=Achieved.PARTIALLY.value,
                          risk=Risk.REDUCED.value, closure_reasons=closure.reasons, closed_by_name=name,
                          closed_at=raised_at + dt.timedelta(days=90))
        if spec.at_the_home and home is not None:  # the fields `services_patterns.concern_place_link` writes
            fields.update(provider=home.provider, provider_location=home)
        concern = Concern.objects.create(**fields)
        made["concerns"] += 1
        ConcernEvent.objects.create(concern=concern, at=raised_at, user=raiser if spec.staff else None,
                                    user_name=fields["raiser_name"] if spec.staff else "",
                                    action=ConcernEvent.Action.RAISED)
        if spec.at_the_home and home is not None:
            ConcernEvent.objects.create(concern=concern, at=raised_at + dt.timedelta(hours=4), user=worker,
                                        user_name=name, action=ConcernEvent.Action.PLACE_LINKED, purpose="change")
        if spec.stage != "new":
            ConcernEvent.objects.create(concern=concern, at=fields["decided_at"], user=worker, user_name=name,
                                        action=ConcernEvent.Action.TRIAGED)
        if spec.stage in ("plan_agreed", "closed"):
            held_on = (raised_at + dt.timedelta(days=3)).date()
            attendees = f"{name}, the person{FICTIONAL}, a police officer{FICTIONAL}, their GP{FICTIONAL}"
            actions = "The police will visit; the GP will review the medicines; the team will ring each week."
            _check(check_meeting(held_on=held_on, today=held_on, agencies=["police", "nhs"], attendees=attendees,
                                 actions=actions))
            StrategyMeeting.objects.create(concern=concern, held_on=held_on, agencies=["police", "nhs"],
                                           attendees=attendees, actions=actions, recorded_by=worker,
                                           recorded_by_name=name, recorded_at=raised_at + dt.timedelta(days=3))
            agreed_on = (raised_at + dt.timedelta(days=7)).date()
            plan = {"kind": "risk_enablement", "risks_chosen": "I want to keep doing this my way" + FICTIONAL + ".",
                    "support": "A weekly call, a personal alarm and a named worker to ring.",
                    "who_does_what": f"{name} rings each Monday; the person wears the alarm.",
                    "review_on": agreed_on + dt.timedelta(days=90)}
            _check(check_plan(**plan, today=agreed_on, person_agrees=True))
            SafeguardingPlan.objects.create(concern=concern, **plan, agreed_by_person=True, recorded_by=worker,
                                            recorded_by_name=name, recorded_at=raised_at + dt.timedelta(days=7))
            made["plans"] += 1
            made["meetings"] += 1
    return made
