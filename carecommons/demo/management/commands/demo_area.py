"""`manage.py demo_area --seed N`: build Ashby Vale, a fictional council area, for demonstrations.

Everything it makes is made up: the council, its teams, the hubs and their hosts, the people
and what they said. Each app makes its own part in its `demo.py`; this command calls them in
order, passing one random generator made from the seed through the parts that share it (the
later apps make their own from the same seed). The same `--seed` and `--today` always give the
same rows, so a demonstration can be repeated.

It deletes every row the demo makes and every user who is not a superuser first, so it refuses
to run unless the settings say this installation is a fictional area (`CARECOMMONS["FICTIONAL"]`, on in the
demo and test settings, off in production), whatever DEBUG says; a live ledger also refuses to be emptied
(ADR 0024).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from carecommons.assessments import demo as assessments_demo
from carecommons.budgets import demo as budgets_demo
from carecommons.conversations import demo as conversations_demo
from carecommons.core.models import SentMessage, ShortLink
from carecommons.demo import hospital as hospital_demo
from carecommons.directory import demo as directory_demo
from carecommons.hubs import demo as hubs_demo
from carecommons.market import demo as market_demo
from carecommons.outcomes import demo as outcomes_demo
from carecommons.participation import demo as participation_demo
from carecommons.people import demo as people_demo
from carecommons.people.demo import AREA, COUNCIL, LOGINS, NORTH, PASSWORD, SOUTH
from carecommons.relationships import demo as relationships_demo
from carecommons.safeguarding import demo as safeguarding_demo


def wipe() -> None:
    """Delete every row the demo makes, and every user who is not a superuser: the later parts first."""
    for part in (hospital_demo, safeguarding_demo, outcomes_demo, participation_demo, relationships_demo, budgets_demo, directory_demo, market_demo,
                 assessments_demo, conversations_demo, people_demo):
        part.wipe()
    hubs_demo.wipe()
    people_demo.wipe_teams_and_logins()
    # The outbox names people by id and the short links point at bookings: neither outlives the area they were for.
    SentMessage.objects.all().delete()
    ShortLink.objects.all().delete()


def build(*, seed: int, today: dt.date, people: int) -> dict[str, Any]:
    """Every app's part, in order. The order is part of the data: each part draws from `rng` in turn."""
    rng = random.Random(seed)
    now = dt.datetime.combine(today, dt.time(8, 0), tzinfo=timezone.get_current_timezone())
    teams = people_demo.teams()
    hubs = hubs_demo.build(teams=teams, today=today)
    staff = people_demo.staff(rng=rng, now=now, teams=teams, host=hubs.library_host)
    residents = people_demo.residents(rng=rng, today=today, now=now, teams=teams, count=people)
    me = people_demo.the_person(user=staff.logins["person"], today=today, now=now, team=teams[NORTH])
    histories = conversations_demo.Histories(rng=rng, now=now, hubs=hubs, staff=staff)
    conversation = histories.the_persons_conversation(me)
    events = people_demo.the_persons_audit(me=me, practitioner=staff.practitioner, written=conversation.created_at,
                                           now=now)
    histories.build(residents)
    statements = people_demo.statements(rng=rng, conversations=histories.conversations, now=now)
    allocated = people_demo.not_met_in_the_south(rng=rng, people=residents, conversations=histories.conversations,
                                                 practitioner=staff.practitioner)
    residents.append(me)
    people_demo.save_people(residents)
    sign_ins = people_demo.sign_ins(residents, now=now)
    histories.save()
    people_demo.save_records(statements=statements, events=events, allocated=allocated,
                             practitioner=staff.practitioner, today=today)
    assessments_demo.build(rng=rng, practitioner=staff.practitioner, me=me)
    directory = directory_demo.build()
    market = market_demo.build(seed=seed, commissioner=staff.logins["commissioner"], today=today)
    relationships = relationships_demo.build(seed=seed, today=today, people=residents, me=me,
                                             providers=market["home_care"])
    budgets = budgets_demo.build(seed=seed, today=today, people=residents, practitioner=staff.practitioner,
                                 manager=staff.manager, me=me, providers=market["home_care"])
    outcomes = outcomes_demo.build(seed=seed, today=today, people=residents, practitioner=staff.practitioner, me=me)
    budgets["funding"] = budgets_demo.funding_figures(seed=seed, today=today, commissioner=staff.logins["commissioner"])
    participation_demo.build(seed=seed, today=today, commissioner=staff.logins["commissioner"])
    safeguarding = safeguarding_demo.build(seed=seed, today=today, people=residents, me=me, raiser=staff.practitioner)
    hospital = hospital_demo.build(seed=seed, today=today)
    return {
        **histories.summary(),
        "hubs": len(hubs.hubs),
        "slots": hubs.slots_made,
        "people": len(residents),
        "sign_ins": sign_ins,
        "directory": directory,
        "market": market,
        "relationships": relationships,
        "budgets": budgets,
        "outcomes": outcomes,
        "safeguarding": safeguarding,
        "hospital": hospital,
    }


class Command(BaseCommand):
    help = "Build the fictional Ashby Vale area for demonstrations. Deletes existing data first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same area (default 1)")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help="Build the area as if today were this date, YYYY-MM-DD (default today)")
        parser.add_argument("--people", type=int, default=300, help="How many people (default 300)")
        parser.add_argument("--force", action="store_true",
                            help="Accepted for old scripts; the demo runs only on a fictional area whatever is given.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CARECOMMONS["FICTIONAL"]:
            raise CommandError(
                "Refusing to build the demo area: this installation is not a fictional area, so it may be a live "
                "system, and the demo deletes every person, hub, conversation and non-superuser account. Use the "
                "demo settings (carecommons.config.settings.dev)."
            )
        today = options["today"] or timezone.localdate()
        with transaction.atomic():
            wipe()
            result = build(seed=options["seed"], today=today, people=options["people"])
        statuses = result["statuses"]
        out = self.stdout
        out.write(f"Built {AREA} for {today:%-d %B %Y} (seed {options['seed']}): everything in it is made up.")
        out.write(f"  Council: {COUNCIL}; teams: {NORTH}, {SOUTH}")
        out.write(f"  {result['hubs']} hubs, {result['slots']} slots, {result['people']} people "
                  f"({result['sign_ins']} of them can sign in with their email address and the demo password)")
        out.write(
            f"  {result['requests']} requests: {statuses['held']} held, {statuses['booked']} booked, "
            f"{statuses['waiting']} waiting, {statuses['withdrawn']} withdrawn"
        )
        out.write(
            f"  {result['conversations']} conversations recorded ({result['by_practitioner']} by practitioner), "
            f"{result['answered']} follow-ups answered; {result['library_today']} bookings at the library today"
        )
        out.write(f"  a community directory: {result['directory']['hubs']} hubs and {result['directory']['groups']} community groups")
        out.write(f"  a synthetic care market: {result['market']['locations']} registered places of "
                  f"{result['market']['providers']} providers, with prices, profiles and an open tender")
        out.write(f"  {result['relationships']['carers']} Shared Lives carers, Homeshare householders and PAs; "
                  f"{result['relationships']['seekers']} people looking for one; {result['relationships']['visits']} home care visits")
        out.write(f"  {result['budgets']['budgets']} personal budgets with their ledgers; "
                  f"{result['budgets']['pool_members']} people in a shared activity")
        out.write(f"  {result['outcomes']['carers']} unpaid carers assessed ({result['outcomes']['carer_budgets']} with "
                  f"budgets); {result['outcomes']['care_homes']} more people living in care homes")
        out.write(f"  {result['safeguarding']['concerns']} safeguarding concerns at every stage, from new to closed, "
                  f"for the {safeguarding_demo.TEAM_NAME}")
        hospital = result["hospital"]
        out.write(f"  {hospital['requests']} discharge requests from two wards of {hospital_demo.HOSPITAL}, "
                  f"{hospital['reablement']} into reablement ({hospital['ended']} ended, {hospital['checks']} "
                  "91-day checks recorded)")
        out.write("")
        out.write(f"Demo logins (password for all: {PASSWORD})")
        for login in (*LOGINS, safeguarding_demo.LOGIN, *hospital_demo.LOGINS):
            out.write(f"  {login.username:<13} – {login.described}")
