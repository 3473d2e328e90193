"""The demo area's part for leaving hospital (issue 18): two fictional wards, a ward nurse and a hospital social worker
who can sign in, and discharge requests at every stage.

Ashby Vale General Hospital (fictional) has Larch Ward, whose nurse Grace Okafor signs in as `ward` and sends and
follows her ward's requests, and Rowan Ward, whose requests come from its own system. The council's hospital social
work team is designated as the hospital team (`hospital.HospitalTeam`); its practitioner Tom Adebayo signs in as
`hospital`. Then forty requests, each checked by the same services (and so the same rules) as the pages:

- just received (nobody has picked them up yet), and being planned with delays and their reasons from the list;
- left hospital home with no new support, and into a care home;
- reablement under way, with visits; ended recently, with the 91-day check not yet due or due and not yet done;
- ended months ago with every sequel, most with the 91-day check recorded, so that /outcomes/ (published from the
  records) has ASCOF 2A and 2D to count: people of both age groups, most of them 65 or over, some of whom moved
  into a care home after reablement (a permanent place recorded by its financial assessment, as Care Commons
  records care home placements).

The people are made from what the ward sent, as the team does when no record exists; their names, dates of birth,
postcodes (Ashby Vale's fictional AV districts) and NHS numbers (the 999 range, kept for testing, with a valid check
digit) are made up. Everything is deterministic for a seed and a date, dated back from the demo's "today".
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from carecommons.budgets.models import FinancialAssessment
from carecommons.hospital import services, team_services
from carecommons.hospital.models import (
    DischargePlan,
    DischargeRequest,
    DischargeRequestEvent,
    HospitalTeam,
    ReablementEpisode,
    ReablementVisit,
    StillAtHomeCheck,
    Ward,
    WardApiToken,
    WardStaff,
)
from carecommons.people.demo import FIRST_NAMES, INWARD_LETTERS, SURNAMES, Login, demo_sign_in
from carecommons.people.models import Person, StaffMember, Team
from carecommons.rules.access import Role
from carecommons.rules.discharge import DelayReason, Sequel

HOSPITAL = "Ashby Vale General Hospital (fictional)"
TEAM_NAME = "Ashby Vale hospital social work team (fictional)"
LARCH, ROWAN = ("Larch Ward", "AVG-LARCH"), ("Rowan Ward", "AVG-ROWAN")
GERIATRIC_MEDICINE = "430"  # the NHS treatment function code of geriatric medicine: the fictional wards' main specialty
ROWAN_SYSTEM = "Rowan Ward's system (fictional)"
WARD_LOGIN = Login("ward", "Grace", "Okafor", Role.WARD, "Ward nurse, Larch Ward", None,
                   f"a nurse on Larch Ward, {HOSPITAL} (sends and follows her ward's discharge requests only)")
TEAM_LOGIN = Login("hospital", "Tom", "Adebayo", Role.PRACTITIONER, "Hospital social worker", TEAM_NAME,
                   "a social worker on the hospital team (plans with everyone a ward asks us to help leave hospital, "
                   "runs reablement and the 91-day check)")
LOGINS = (WARD_LOGIN, TEAM_LOGIN)


@dataclass(frozen=True)
class Stay:
    stage: str  # received, planning, left, reablement, ended
    days_ago: int  # received: when the ward sent it; otherwise the day they left hospital
    age: int
    pathway: int = 1
    waited: int = 0  # days from ready to leave to leaving (or to today, while planning)
    delay: tuple[str, ...] = ()
    lasted: int = 0  # days of reablement, for an ended episode
    sequel: str = ""
    check: str = ""  # the 91-day answer recorded, if any


_NFS, _COMMUNITY, _LONG, _HOME, _HOSP, _DIED = (s.value for s in (
    Sequel.NO_FURTHER_SUPPORT, Sequel.COMMUNITY, Sequel.LONG_TERM, Sequel.CARE_HOME, Sequel.HOSPITAL, Sequel.DIED))
_CARE, _BED, _ASSESS, _FAMILY, _OTHER = (r.value for r in (
    DelayReason.CARE_AT_HOME, DelayReason.BED, DelayReason.ASSESSMENT, DelayReason.FAMILY_CHOICE, DelayReason.OTHER))

STAYS: tuple[Stay, ...] = (
    # Just received: nobody on the team has picked them up.
    Stay("received", 0, 84, 1), Stay("received", 2, 58, 1),
    # Being planned: ready to leave, and waiting (why, from the published list).
    Stay("planning", 6, 88, 1, waited=3, delay=(_CARE,)), Stay("planning", 8, 79, 2, waited=5, delay=(_BED,)),
    Stay("planning", 5, 66, 1, waited=2, delay=(_ASSESS,)),
    Stay("planning", 9, 91, 3, waited=6, delay=(_FAMILY, _OTHER)),
    # Left: home with no new support; into a care home.
    Stay("left", 12, 69, 0), Stay("left", 20, 93, 3, waited=4, delay=(_BED,)),
    # ... and months ago (ASCOF 2D's part 2 counts every discharge of people 65 and over, not only into reablement).
    Stay("left", 120, 74, 0), Stay("left", 155, 88, 3), Stay("left", 270, 91, 3, waited=7, delay=(_BED, _FAMILY)),
    # Reablement under way.
    Stay("reablement", 3, 82, 1), Stay("reablement", 10, 77, 1, waited=2, delay=(_CARE,)),
    Stay("reablement", 24, 68, 2), Stay("reablement", 35, 54, 1),
    # Ended recently: the 91-day check not yet due; due and not yet done.
    Stay("ended", 60, 81, 1, lasted=28, sequel=_NFS),
    Stay("ended", 95, 87, 1, lasted=30, sequel=_NFS), Stay("ended", 97, 62, 2, lasted=40, sequel=_LONG),
    # Ended 30 to 144 days ago, with every sequel, and the 91-day check where it has come: ASCOF 2A and 2D count
    # these. Spread over four months, so that whatever the demo's date some end in the last complete quarter, which
    # /outcomes/ publishes, and within the months of the demo's other activity (conversations go back 120 days),
    # which DHSC's method reads as the file's reporting period.
    Stay("ended", 51, 83, 1, lasted=21, sequel=_NFS, check="at_home"),
    Stay("ended", 102, 78, 1, waited=3, delay=(_CARE,), lasted=30, sequel=_NFS, check="at_home"),
    Stay("ended", 156, 90, 1, lasted=42, sequel=_NFS, check="at_home"),
    Stay("ended", 71, 72, 2, lasted=35, sequel=_NFS, check="at_home"),
    Stay("ended", 92, 67, 1, lasted=14, sequel=_NFS, check="at_home"),
    Stay("ended", 148, 85, 1, lasted=28, sequel=_NFS, check="at_home"),
    Stay("ended", 63, 76, 1, lasted=21, sequel=_COMMUNITY, check="at_home"),
    Stay("ended", 109, 80, 1, lasted=25, sequel=_COMMUNITY, check="at_home"),
    Stay("ended", 156, 70, 1, lasted=30, sequel=_COMMUNITY, check="not_known"),
    Stay("ended", 83, 89, 2, waited=5, delay=(_BED,), lasted=35, sequel=_HOME, check="care_home"),
    Stay("ended", 118, 92, 2, lasted=28, sequel=_HOME, check="care_home"),
    Stay("ended", 153, 84, 1, lasted=21, sequel=_HOME, check="care_home"),
    Stay("ended", 84, 87, 2, lasted=30, sequel=_HOME, check="care_home"),
    Stay("ended", 131, 79, 1, lasted=35, sequel=_HOME, check="care_home"),
    Stay("ended", 163, 94, 2, lasted=25, sequel=_HOME, check="care_home"),
    Stay("ended", 90, 81, 1, lasted=30, sequel=_LONG, check="at_home"),
    Stay("ended", 112, 75, 1, lasted=10, sequel=_HOSP, check="hospital"),
    Stay("ended", 172, 47, 1, lasted=28, sequel=_NFS, check="at_home"),
    Stay("ended", 87, 59, 1, lasted=21, sequel=_COMMUNITY, check="at_home"),
    Stay("ended", 126, 63, 1, lasted=18, sequel=_DIED, check="died"),
    Stay("ended", 125, 86, 2, lasted=28, sequel=_HOME, check="care_home"),
    Stay("ended", 136, 82, 1, lasted=30, sequel=_HOME, check="care_home"),
)

WHAT_MATTERS = (
    "Getting home to my cat. My daughter visits every day (fictional).",
    "Being able to make my own breakfast again.",
    "Getting back to the allotment by the summer.",
    "My husband has dementia and I am his carer: I need to be home for him.",
    "Not going into a home. My son lives nearby.",
    "Walking to the shop on the corner on my own.",
)
GOALS = ("Make a cup of tea and my breakfast on my own.", "Get up the stairs to bed safely.",
         "Wash and dress without help.", "Walk to the end of the road and back.",
         "Get in and out of the bath with the new rail.")
CAN_NOW_DO = ("She makes her own breakfast and lunch and walks to the corner shop.",
              "He manages the stairs with the rail and dresses himself.", "She showers on her own with the seat.")
VISIT_NOTES = ("Practised getting up from the chair; much steadier today.", "Made tea on her own while I watched.",
               "Walked to the gate and back with the frame.")
OTHER_DELAY = "Waiting for a key safe to be fitted"


def wipe() -> None:
    """The demo's wards, their staff and requests, and the hospital team's designation (before the people, whom the
    requests and episodes name)."""
    StillAtHomeCheck.objects.all().delete()
    ReablementVisit.objects.all().delete()
    ReablementEpisode.objects.all().delete()
    DischargePlan.objects.all().delete()
    DischargeRequestEvent.objects.all().delete()
    DischargeRequest.objects.all().delete()
    WardApiToken.objects.all().delete()
    WardStaff.objects.all().delete()
    Ward.objects.all().delete()
    HospitalTeam.objects.all().delete()


def nhs_number(n: int) -> str:
    """A fictional NHS number: the 999 range, kept for testing, with a valid modulus 11 check digit."""
    base = 999_100_000 + n * 10
    while True:
        digits = str(base)
        check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return digits + str(check)
        base += 1


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _logins(now: dt.datetime) -> tuple[Any, Any, Ward, Ward]:
    team = Team.objects.create(name=TEAM_NAME)
    HospitalTeam.objects.create(team=team, designated_at=now - dt.timedelta(days=500))
    larch = Ward.objects.create(name=LARCH[0], hospital=HOSPITAL, code=LARCH[1], treatment_function=GERIATRIC_MEDICINE)
    rowan = Ward.objects.create(name=ROWAN[0], hospital=HOSPITAL, code=ROWAN[1], treatment_function=GERIATRIC_MEDICINE)
    joined = now - dt.timedelta(days=500)
    users = get_user_model()._default_manager
    nurse = users.filter(username=WARD_LOGIN.username).first() or demo_sign_in(WARD_LOGIN, joined=joined)
    StaffMember.objects.create(user=nurse, role=Role.WARD.value, job_title=WARD_LOGIN.job_title)
    services.ward_staff_join(ward=larch, user=nurse, now=joined)
    worker = users.filter(username=TEAM_LOGIN.username).first() or demo_sign_in(TEAM_LOGIN, joined=joined)
    StaffMember.objects.create(user=worker, role=Role.PRACTITIONER.value, job_title=TEAM_LOGIN.job_title, team=team)
    return nurse, worker, larch, rowan


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        full = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if full not in taken:
            taken.add(full)
            return full


def _dates(stay: Stay, today: dt.date, rng: random.Random) -> tuple[dt.date, dt.date, dt.date | None]:
    """(received, ready to leave, left) for a stay."""
    if stay.stage == "received":
        received = today - dt.timedelta(days=stay.days_ago)
        return received, received + dt.timedelta(days=rng.randint(0, 3)), None
    if stay.stage == "planning":
        ready = today - dt.timedelta(days=stay.waited)
        return today - dt.timedelta(days=stay.days_ago), ready, None
    left = today - dt.timedelta(days=stay.days_ago)
    ready = left - dt.timedelta(days=stay.waited)
    return ready - dt.timedelta(days=rng.randint(2, 6)), ready, left


def build(*, seed: int, today: dt.date) -> dict[str, int]:
    """The wards, the logins and the requests. Returns what was made, by stage."""
    rng = random.Random(seed * 7_919 + 18)
    now = _at(today, 8)
    nurse, worker, larch, rowan = _logins(now)
    taken = set(Person.objects.values_list("full_name", flat=True))
    made = {"requests": 0, "reablement": 0, "ended": 0, "checks": 0, "care_homes": 0}
    for n, stay in enumerate(STAYS):
        received, ready, left = _dates(stay, today, rng)
        born = today - dt.timedelta(days=stay.age * 365 + rng.randint(30, 330))
        ward = larch if n % 3 != 2 else rowan
        by_form = ward == larch
        request = services.discharge_request_receive(
            ward=ward, through="form" if by_form else "api", sent_by=nurse if by_form else None,
            sent_by_name="" if by_form else ROWAN_SYSTEM, now=_at(received, 9 + n % 6),
            incoming=services.Incoming(
                identifier=f"{ward.code}-{2000 + n}", name=_name(rng, taken), nhs_number=nhs_number(n),
                ready_on=ready, proposed_pathway=str(stay.pathway), what_matters=rng.choice(WHAT_MATTERS),
                date_of_birth=born,
                postcode=f"AV{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"))
        made["requests"] += 1
        if stay.stage == "received":
            continue
        request = team_services.request_link_person(request=request, user=worker)
        Person.objects.filter(pk=request.person_id).update(created_at=_at(received, 15))
        reasons = list(stay.delay)
        team_services.plan_save(
            request=request, user=worker, base_version=0, person_words=request.what_matters,
            took_part=rng.choice(("the person and their daughter", "the person", "the person and her husband",
                                  "the person and his son")),
            pathway=str(stay.pathway), reasons="", left_on=left, delay_reasons=reasons,
            delay_other=OTHER_DELAY if _OTHER in reasons else "", today=today)
        DischargePlan.objects.filter(request=request).update(agreed_at=_at(left or ready, 11))
        if left is None or stay.stage == "left":
            continue
        request = DischargeRequest.objects.select_related("plan", "person").get(pk=request.pk)
        episode = team_services.reablement_start(request=request, user=worker, goals=rng.choice(GOALS))
        made["reablement"] += 1
        for visit in range(1, 3):
            on = left + dt.timedelta(days=visit * 3)
            if on <= today and (stay.stage == "reablement" or visit * 3 <= stay.lasted):
                made_visit = team_services.reablement_visit(episode=episode, user=worker, visited_on=on,
                                                            note=rng.choice(VISIT_NOTES), today=today)
                ReablementVisit.objects.filter(pk=made_visit.pk).update(recorded_at=_at(on, 16))
        if stay.stage != "ended":
            continue
        ended = left + dt.timedelta(days=stay.lasted)
        team_services.reablement_end(episode=episode, user=worker, ended_on=ended, sequel=stay.sequel, today=today,
                                     can_now_do=rng.choice(CAN_NOW_DO) if stay.sequel in (_NFS, _COMMUNITY) else "")
        made["ended"] += 1
        if stay.sequel == _HOME:  # the permanent place, from the day reablement ended (2 weeks in when assessed)
            FinancialAssessment.objects.create(
                person_id=request.person_id, assessed_on=ended + dt.timedelta(weeks=2), setting="care_home",
                resident="permanent", weeks_in_care_home=2, weekly_care_cost=rng.randint(850, 1_150) * 100,
                capital=rng.choice((0, 500_000, 2_400_000)), weekly_income=rng.randint(180, 260) * 100,
                mig_category="single_pension_age" if stay.age >= 66 else "single_25_to_pension_age",
                assessed_by=worker, created_at=_at(ended + dt.timedelta(weeks=2)))
            made["care_homes"] += 1
        if stay.check and left + dt.timedelta(days=97) <= today:
            checked = left + dt.timedelta(days=91 + rng.randint(0, 6))
            record = team_services.check_record(
                request=request, user=worker, answer=stay.check, checked_on=checked, today=today,
                spoke_to=rng.choice(("the person", "her daughter", "his son", "the care home's manager")))
            StillAtHomeCheck.objects.filter(pk=record.pk).update(recorded_at=_at(checked, 14))
            made["checks"] += 1
    return made
