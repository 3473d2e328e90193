"""A small fictional area with one of every kind of record, and the personas who might ask for them.

Used by the route-by-route access test and the accessibility sweep: every URL pattern is resolved
with real ids from here, for every persona. Ruth Okafor (North team) is the person whose record
everyone asks for; each persona's grounds for her are fixed by construction (`GROUNDS`), so the
expected outcome of each request comes from the access table, not from the code under test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from carecommons.rules.access import Ground, Role
from carecommons.testing import factories as f

PERSONAS = (
    "anonymous", "the_person", "another_person", "practitioner_in_team", "practitioner_other_team", "manager",
    "safeguarding_practitioner", "hospital_practitioner",
    "host_where_booked", "host_other_hub", "host_after_booking_ended", "commissioner", "administrator",
    "shared_with", "sharing_ended",
)

# Each persona's role, and their grounds for Ruth's record, fixed by how the area is built below.
ROLES: dict[str, Role | None] = {
    "anonymous": None, "the_person": Role.PERSON, "another_person": Role.PERSON,
    "practitioner_in_team": Role.PRACTITIONER, "practitioner_other_team": Role.PRACTITIONER, "manager": Role.MANAGER,
    "safeguarding_practitioner": Role.PRACTITIONER, "hospital_practitioner": Role.PRACTITIONER,
    "host_where_booked": Role.HOST, "host_other_hub": Role.HOST, "host_after_booking_ended": Role.HOST,
    "commissioner": Role.COMMISSIONER, "administrator": Role.ADMIN, "shared_with": None, "sharing_ended": None,
}
GROUNDS: dict[str, frozenset[Ground]] = {
    "the_person": frozenset({Ground.SELF}),
    "practitioner_in_team": frozenset({Ground.TEAM, Ground.MET}),
    "manager": frozenset({Ground.TEAM}),
    "safeguarding_practitioner": frozenset({Ground.SAFEGUARDING_TEAM}),  # on the safeguarding team: nothing else
    "hospital_practitioner": frozenset({Ground.HOSPITAL_TEAM}),  # on the hospital team: Ruth's discharge requests only
    "host_where_booked": frozenset({Ground.HUB_BOOKING}),
    "shared_with": frozenset({Ground.SHARED}),
}


@dataclass
class Area:
    users: dict[str, Any] = field(default_factory=dict)
    person: Any = None  # Ruth, whose record is asked for
    other: Any = None  # Stan, South team, another person with a sign-in
    records: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["records"][name]
        except KeyError:
            raise AttributeError(name) from None


def _staff(username: str, role: str, first: str, last: str, **kw: Any) -> Any:
    user = f.UserFactory(username=username, first_name=first, last_name=last)
    f.StaffFactory(user=user, role=role, **kw)
    return user


def build_area() -> Area:
    from carecommons.assessments import services as assessments
    from carecommons.assessments.models import Assessment
    from carecommons.budgets import services as budgets
    from carecommons.budgets.models import FinancialAssessment, LedgerTransaction
    from carecommons.directory.models import Service
    from carecommons.hospital.models import (
        DischargePlan,
        DischargeRequest,
        HospitalTeam,
        ReablementEpisode,
        Ward,
    )
    from carecommons.market import services as market
    from carecommons.participation.models import Area as FiveArea
    from carecommons.participation.models import Round, SupportModel
    from carecommons.people.models import RecordShare
    from carecommons.relationships.models import Arrangement, Carer, MatchRound, Proposal, Seeker, Visit
    from carecommons.rules.assessment_questions import questions_for
    from carecommons.rules.management import DirectPaymentFacts
    from carecommons.rules.pa_pay import Shift
    from carecommons.rules.safeguarding import Capacity, EnquiryStart, OutcomesAsked
    from carecommons.safeguarding.models import Involvement, SafeguardingTeam
    from carecommons.safeguarding.services import (
        Raised,
        concern_raise,
        concern_triage,
        enquiry_start,
        plan_record,
    )

    now = timezone.now()
    today = timezone.localdate()
    north, south = f.TeamFactory(name="North community team"), f.TeamFactory(name="South community team")
    safeguarding_team = f.TeamFactory(name="Adult safeguarding team")
    SafeguardingTeam.objects.create(team=safeguarding_team, designated_at=now)
    hospital_team = f.TeamFactory(name="Hospital social work team")
    HospitalTeam.objects.create(team=hospital_team, designated_at=now)
    library_host = f.HostFactory(name="Ashby Vale Libraries")
    cafe_host = f.HostFactory(name="Riverside Community Café")
    surgery_host = f.HostFactory(name="Eastgate Surgery patient group")
    library = f.HubFactory(name="Eastgate Library", kind="library", host=library_host, team=north)
    cafe = f.HubFactory(name="Riverside Café", kind="cafe", host=cafe_host, team=south)
    surgery = f.HubFactory(name="Eastgate Surgery", kind="gp", host=surgery_host, team=north)

    a = Area()
    ruth_user = f.UserFactory(username="ruth", first_name="Ruth", last_name="Okafor")
    stan_user = f.UserFactory(username="stan", first_name="Stan", last_name="Hughes")
    a.person = f.PersonFactory(full_name="Ruth Okafor", team=north, user=ruth_user, date_of_birth=dt.date(1948, 5, 2))
    a.other = f.PersonFactory(full_name="Stan Hughes", team=south, user=stan_user)
    priya = _staff("priya", "practitioner", "Priya", "Shah", team=north, budget_limit=100_000)
    a.users = {
        "anonymous": None, "the_person": ruth_user, "another_person": stan_user,
        "practitioner_in_team": priya,
        "practitioner_other_team": _staff("tom", "practitioner", "Tom", "Baker", team=south),
        "manager": _staff("morgan", "manager", "Morgan", "Lee", team=north, budget_limit=200_000),
        "safeguarding_practitioner": _staff("sita", "practitioner", "Sita", "Kaur", team=safeguarding_team),
        "hospital_practitioner": _staff("hal", "practitioner", "Hal", "Mensah", team=hospital_team),
        "host_where_booked": _staff("hana", "host", "Hana", "Novak", team=None, host=library_host),
        "host_other_hub": _staff("carl", "host", "Carl", "Reyes", team=None, host=cafe_host),
        "host_after_booking_ended": _staff("gita", "host", "Gita", "Rao", team=None, host=surgery_host),
        "commissioner": _staff("chris", "commissioner", "Chris", "Evans", team=None),
        "administrator": _staff("ade", "admin", "Ade", "Bello", team=None),
        "shared_with": f.UserFactory(username="amara", first_name="Amara", last_name="Okafor"),
        "sharing_ended": f.UserFactory(username="joe", first_name="Joe", last_name="Okafor"),
    }
    ruth = a.person
    r = a.records
    # A second record of Ruth, made when she phoned and nobody found her first one: a possible duplicate.
    r["ruth_again"] = f.PersonFactory(full_name="Ruth Okafor", team=north, date_of_birth=dt.date(1948, 5, 2),
                                      created_at=now)
    r["library"], r["cafe"] = library, cafe
    r["share"] = RecordShare.objects.create(person=ruth, shared_with=a.users["shared_with"], relationship="my daughter",
                                            starts_on=today - dt.timedelta(days=3), ends_on=today + dt.timedelta(days=27),
                                            created_at=now)
    RecordShare.objects.create(person=ruth, shared_with=a.users["sharing_ended"], relationship="my son",
                               starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=30),
                               created_at=now - dt.timedelta(days=60))

    # Front door: a booking at the surgery that has passed, a live one at the library, a request waiting.
    past = f.RequestFactory(person=ruth, status="held")
    f.BookingFactory(request=past, slot=f.SlotFactory(hub=surgery, starts_at=now - dt.timedelta(days=10)))
    r["request"] = f.RequestFactory(person=ruth, status="booked")
    r["booking"] = f.BookingFactory(request=r["request"], slot=f.SlotFactory(hub=library, starts_at=now + dt.timedelta(days=2)))
    r["waiting"] = f.RequestFactory(person=ruth, status="waiting")
    r["conversation"] = f.ConversationFactory(person=ruth, practitioner=priya, hub=library, request=past)
    r["follow_up"] = f.FollowUpFactory(conversation=r["conversation"])

    # Assessments: one determined (eligible), one she is writing herself, one sent and waiting.
    r["assessment"] = f.eligible_assessment(ruth, by=priya)
    r["draft"] = Assessment.objects.create(person=ruth, kind="adult", completed_by_kind="person", completed_by=ruth_user,
                                           created_at=now, updated_at=now)
    submitted = assessments.assessment_start(person=ruth, kind="adult", completed_by_kind="practitioner", user=priya)
    assessments.assessment_about(assessment=submitted, what_matters="Staying in my own home", strengths="", outcomes_wanted="",
                                 fluctuating="")
    for q in questions_for("adult"):
        chosen = ["yes"] if q.key in ("health", "wellbeing") else \
            ["without_assistance"] if q.key in ("nutrition", "personal_hygiene") else ["able"]
        assessments.assessment_answer(assessment=submitted, key=q.key, chosen=chosen)
    r["submitted"] = assessments.assessment_submit(assessment=submitted)

    # A plan she is drafting, and one agreed as a direct payment with its budget, ledger and a PA.
    draft_plan = budgets.plan_start(assessment=f.eligible_assessment(ruth, by=priya), user=ruth_user)
    r["draft_plan"] = draft_plan
    r["draft_item"] = budgets.plan_item_add(plan=draft_plan, outcome="nutrition", met_by="self", description="I cook")
    plan = budgets.plan_start(assessment=r["assessment"], user=ruth_user)
    budgets.plan_item_add(plan=plan, outcome="nutrition", met_by="self", description="I cook")
    budgets.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="personal_assistant",
                          weekly_cost=20_000, description="A personal assistant")
    budgets.plan_choose_management(plan=plan, way="direct_payment")
    budgets.plan_submit(plan=plan)
    plan = budgets.plan_agree(plan=plan, practitioner=priya, notes="Agreed with Ruth",
                              direct_payment=DirectPaymentFacts(True, False, True, True))
    r["plan"], r["budget"] = plan, plan.budget
    budgets.record_money(budget=plan.budget, what="payment", pence=5_000, on=max(plan.budget.period_start, today),
                         description="Swimming", payee="Leisure centre", user=priya)
    r["transaction"] = LedgerTransaction.objects.filter(entries__budget=plan.budget).exclude(kind="reversal").last()
    r["assistant"] = budgets.assistant_add(budget=plan.budget, name="Sam Green", hourly_rate=1_400, years_of_service=1,
                                           increment=20, bank_holiday_multiplier=1, london=False)
    FinancialAssessment.objects.create(person=ruth, assessed_on=today - dt.timedelta(days=30), setting="home",
                                       capital=1_000_000, weekly_income=25_000, created_at=now)
    # A full financial assessment, listed item by item (2025-26: the care-home route has every rate it needs).
    fa = FinancialAssessment.objects.create(person=ruth, assessed_on=dt.date(2025, 10, 1), setting="care_home",
                                            itemised=True, age_band="pension_age", partner="pension_age",
                                            resident="temporary", weekly_care_cost=90_000, created_at=now,
                                            assessed_by=priya)
    r["financial_assessment"] = fa
    r["income_item"] = fa.income_items.create(kind="state_pension", weekly=23_000)
    fa.capital_items.create(kind="savings", value=3_000_000, whose="joint", owners=2)
    r["pool"] = budgets.pool_create(name="Friday walking group (fictional)", description="A walk and lunch", supplier="",
                                    user=priya)
    r["membership"] = budgets.pool_join(pool=r["pool"], budget=plan.budget, share=1, on=today)
    day = max(plan.budget.period_start, today) + dt.timedelta(days=1)
    r["timesheet"] = budgets.timesheet_enter(assistant=r["assistant"], shifts=[Shift(day, dt.time(9), dt.time(12))],
                                             user=ruth_user)
    # A proposal to take back unspent direct-payment money, waiting for Ruth's reply (the agreement is unsigned).
    review = budgets.review_record(budget=plan.budget, on=today, notes="Support is working; money is building up.",
                                   user=priya)
    r["recovery"] = budgets.recovery_propose(budget=plan.budget, kind="unspent", pence=1_000, user=priya, today=today,
                                             review=review,
                                             reason="The review found money building up that the plan does not need.")

    # Matching: Ruth looks for a Shared Lives carer; a round; an arrangement; visits.
    carer = Carer.objects.create(kind="shared_lives", name="Rose Hughes (fictional)", latitude=52.6, longitude=-1.2,
                                 offers=["day_support"], approved_until=today + dt.timedelta(days=300),
                                 checks_until=today + dt.timedelta(days=300), created_at=now)
    r["carer"] = carer
    r["seeker"] = Seeker.objects.create(person=ruth, kind="shared_lives", latitude=52.6, longitude=-1.2,
                                        wants=["day_support"], needs=["dementia"], faith="christian", created_at=now)
    r["round"] = MatchRound.objects.create(kind="shared_lives", run_by=priya, run_at=now, people=1, carers=1)
    r["proposal"] = Proposal.objects.create(round=r["round"], seeker=r["seeker"], carer=carer, fit=3,
                                            headline="A good fit", reasons=["Both enjoy gardening"])
    r["arrangement"] = Arrangement.objects.create(seeker=r["seeker"], carer=carer, proposal=r["proposal"], created_at=now,
                                                  created_by=priya)
    Visit.objects.create(person=ruth, worker="Sam Green", starts_at=now - dt.timedelta(days=1))

    # Public things: a place, a provider's private link, a tender, the directory, a round of budgeting together.
    r["location"] = f.market_location(name="Elm House (fictional)")
    r["provider"] = r["location"].provider
    r["profile"] = market.profile_link(provider=r["provider"])
    r["tender"] = market.tender_create(title="Home care in Eastgate (fictional)", description="Care at home",
                                       local_authority="Ashby Vale", value_estimate=100_000_00,
                                       user=a.users["commissioner"])
    r["service"] = Service.objects.create(name="Thursday lunch club (fictional)", last_modified=now)
    r["five_area"] = FiveArea.objects.order_by("position").first()
    r["support_model"] = SupportModel.objects.order_by("slug").first()
    r["pb_round"] = Round.objects.create(title="Ideas for Eastgate (fictional)", description="A test round", budget=1_000_00,
                                         created_by=a.users["commissioner"], created_at=now)
    from carecommons.participation.services import letters_import

    r["letter_batch"] = letters_import(round=r["pb_round"], data=b"address,postcode\n1 Mill Road (fictional),AV1 1AA\n",
                                       source="Electoral register", vote_by=today + dt.timedelta(days=28), user=a.users["commissioner"])
    # A safeguarding concern about Ruth, raised by a neighbour and linked to her record, waiting for triage.
    r["concern"] = concern_raise(raised=Raised(
        what_happened="Ruth's neighbour saw a man shouting at her on the doorstep and taking her bank card (fictional).",
        immediate_danger="no", raiser_relationship="neighbour", raiser_name="Dev Patel", raiser_phone="01632 960 001"),
        person=ruth)
    # Two more about her: one triaged to a section 42 enquiry, and one whose enquiry is open.
    decided = {"needs": True, "abuse_or_neglect": True, "unable_to_protect": True, "route": "s42_enquiry",
               "reasons": "She has dementia and someone is taking her money (fictional).", "abuse_types": ["financial"],
               "location": "own_home", "source_of_risk": "known"}
    triaged = []
    for _ in range(2):
        raised = concern_raise(raised=Raised(what_happened="Money missing again (fictional).", immediate_danger="no"),
                               person=ruth)
        triaged.append(concern_triage(concern=raised, user=a.users["safeguarding_practitioner"], base_version=1,
                                      **decided))
    r["enquiry"] = triaged[0]
    r["open_enquiry"] = enquiry_start(concern=triaged[1], user=a.users["safeguarding_practitioner"], base_version=2,
                                      start=EnquiryStart(OutcomesAsked.YES, "I want my money to be safe.", "", False,
                                                         "", "", Capacity.HAS))
    # In the open enquiry: a plan agreed with Ruth, and a practitioner (no persona) named in it.
    r["sg_plan"] = plan_record(concern=r["open_enquiry"], user=a.users["safeguarding_practitioner"], kind="protection",
                               risks_chosen="", support="Her bank checks large withdrawals (fictional).",
                               who_does_what="Sita calls her every week.", review_on=today + dt.timedelta(days=60),
                               person_agrees=True)
    r["involvement"] = Involvement.objects.create(
        concern=r["open_enquiry"], user=_staff("nadia", "practitioner", "Nadia", "Osei", team=north),
        why="Her occupational therapist (fictional)", named_by=a.users["safeguarding_practitioner"], named_at=now)
    # Leaving hospital: a ward's request for Ruth, linked to her record and waiting; and an earlier one, after which
    # she left on pathway 1 a hundred days ago into reablement (so her 91-day check is due).
    ward = Ward.objects.create(name="Ward 7", hospital="Ashby Vale General (fictional)", code="AVG-W7")
    r["discharge"] = DischargeRequest.objects.create(
        ward=ward, ward_identifier="EPR-2", received_at=now, sent_through="form", person=ruth, name="Ruth Okafor",
        nhs_number="9434765919", date_of_birth=ruth.date_of_birth, ready_on=today + dt.timedelta(days=1),
        what_matters="Getting home to her garden (fictional).", proposed_pathway=1)
    r["discharged"] = DischargeRequest.objects.create(
        ward=ward, ward_identifier="EPR-1", received_at=now - dt.timedelta(days=104), sent_through="form", person=ruth,
        name="Ruth Okafor", nhs_number="9434765919", date_of_birth=ruth.date_of_birth, status="left_hospital",
        ready_on=today - dt.timedelta(days=101), proposed_pathway=1)
    DischargePlan.objects.create(request=r["discharged"], took_part="Ruth and her daughter", agreed_pathway=1,
                                 pathway_said="Pathway 1: home, with support, as the ward proposed.",
                                 left_on=today - dt.timedelta(days=100), delay_reasons=["care_at_home"],
                                 agreed_by_name="Hal Mensah", agreed_at=now - dt.timedelta(days=100))
    r["episode"] = ReablementEpisode.objects.create(request=r["discharged"], person=ruth,
                                                    started_on=today - dt.timedelta(days=100),
                                                    goals="To make my own breakfast again (fictional).")
    return a

