"""`manage.py demo_area --seed N`: build Ashby Vale, a fictional council area, for demonstrations.

Everything it makes is made up: the council, its teams, the hubs and their hosts, the people
and what they said. Phone numbers are in Ofcom's ranges kept for drama (01632 960xxx and
07700 900xxx), emails use example.com and postcodes use the outward codes AV1 to AV9, which
are valid in form but belong to no real place.

The same `--seed` and `--today` always give the same rows, so a demonstration can be repeated.
It deletes everything in the people, hubs and conversations tables and every user who is not
a superuser first, so it refuses to run unless DEBUG is on or `--force` is given.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from carecommons.conversations.models import (
    Booking,
    Conversation,
    ConversationRequest,
    ConversationRevision,
    FollowUp,
)
from carecommons.hubs.models import HostOrganisation, Hub, Slot, WeeklySession
from carecommons.hubs.services import slots_generate
from carecommons.people.models import (
    AccessEvent,
    Allocation,
    BreakGlass,
    Person,
    StaffMember,
    Team,
    WhatMattersStatement,
)
from carecommons.people.second_factor import give_demo_device
from carecommons.rules.access import Role
from carecommons.rules.recording import Agreement

PASSWORD = "care-commons-demo"  # noqa: S105 - the published password of the fictional demo logins
COUNCIL = "Ashby Vale Council (fictional)"
AREA = "Ashby Vale (fictional)"
NORTH = "North Ashby Vale community team"
SOUTH = "South Ashby Vale community team"
HISTORY_DAYS = 120
HORIZON_DAYS = 42
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use

# --- Names: a small, mixed list, as you would find in an English town --------------------------

FIRST_NAMES = (
    "Margaret", "Patricia", "Jean", "Sheila", "Doreen", "Brenda", "Christine", "Susan", "Janet", "Linda",
    "Pauline", "Eileen", "Joan", "Barbara", "Maureen", "Irene", "Valerie", "Sandra", "Karen", "Julie",
    "Sarah", "Emma", "Rachel", "Claire", "Hannah", "Chloe", "Megan", "Rhiannon", "Siobhan", "Aoife",
    "Fiona", "Morag", "Kirsty", "Bethan", "Niamh", "Grace", "Joy", "Blessing", "Comfort", "Abena",
    "Funmilayo", "Ngozi", "Amina", "Fatima", "Aisha", "Zainab", "Nasreen", "Shabana", "Rukhsana", "Parveen",
    "Priya", "Sunita", "Kamaljit", "Harpreet", "Manjit", "Anita", "Meera", "Lakshmi", "Mei", "Li Na",
    "Agnieszka", "Katarzyna", "Ewa", "Oksana", "Ioana", "Elena", "Maria", "Rosa", "Yasmin", "Leila",
    "John", "David", "Michael", "Peter", "Robert", "William", "Brian", "Kenneth", "Derek", "Alan",
    "Terence", "Raymond", "Keith", "Colin", "Graham", "Trevor", "Malcolm", "Stuart", "Gareth", "Rhys",
    "Dylan", "Owen", "Ciaran", "Declan", "Sean", "Callum", "Hamish", "Liam", "Jamie", "Daniel",
    "Thomas", "James", "Joseph", "Samuel", "Kwame", "Kofi", "Emeka", "Tunde", "Chinedu", "Winston",
    "Delroy", "Errol", "Lloyd", "Mohammed", "Ahmed", "Tariq", "Imran", "Bilal", "Yusuf", "Hassan",
    "Rajesh", "Sanjay", "Arjun", "Gurpreet", "Jaswinder", "Harjit", "Wei", "Jun", "Piotr", "Tomasz",
    "Marek", "Andrzej", "Mihai", "Stefan", "Dimitri", "Giuseppe", "Antonio", "Kemal", "Omar", "Ali",
)
SURNAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Hughes", "Edwards", "Lewis", "Morgan", "Price", "Griffiths", "Pritchard", "Llewellyn", "MacDonald",
    "Campbell", "Stewart", "Murray", "Fraser", "O'Brien", "O'Connor", "Murphy", "Kelly", "Byrne", "Doyle",
    "Walsh", "Begum", "Khan", "Hussain", "Ahmed", "Ali", "Iqbal", "Shah", "Rahman", "Chowdhury", "Akhtar",
    "Patel", "Sharma", "Singh", "Kaur", "Gill", "Sandhu", "Mistry", "Chauhan", "Okafor", "Adeyemi",
    "Mensah", "Owusu", "Boateng", "Okonkwo", "Eze", "Campbell-Reid", "Francis", "Grant", "Samuels",
    "Bennett", "Chen", "Wong", "Li", "Nguyen", "Kowalski", "Nowak", "Wiśniewska", "Popescu", "Novak",
    "Rossi", "Yilmaz", "Demir", "Hartley", "Ashworth", "Ellison", "Barker", "Fletcher", "Marsden",
    "Holt", "Pickering", "Sutcliffe", "Whitworth", "Kershaw", "Fairbanks", "Okoro", "Da Silva",
)
NICKNAMES = {
    "Margaret": "Maggie", "Patricia": "Pat", "William": "Bill", "Robert": "Bob", "Kenneth": "Ken",
    "Susan": "Sue", "Christine": "Chris", "Michael": "Mike", "Thomas": "Tom", "Joseph": "Joe",
    "Samuel": "Sam", "Raymond": "Ray", "Terence": "Terry", "Daniel": "Dan", "Katarzyna": "Kasia",
    "Funmilayo": "Funmi", "Mohammed": "Mo", "Valerie": "Val", "Jaswinder": "Jas", "Agnieszka": "Aga",
}

# --- What people said, in their own words ---------------------------------------------------

ON_THEIR_MIND_SELF = (
    "Since my fall in the spring I've been nervous about going out on my own.",
    "I look after my husband and I'm finding it hard to get any time for myself.",
    "I'd like some help to get back to the things I used to enjoy.",
    "The stairs are getting too much for me and I don't know what my options are.",
    "I've been lonely since my wife died and I don't really know anyone round here.",
    "I've just come out of hospital and I'm not sure how I'll manage at home.",
    "I want to find some volunteering that fits around my health.",
    "Getting washed and dressed takes me all morning now.",
    "I can't get to the shops since the bus route changed.",
    "I'd like to know what help there is for people losing their sight.",
    "Money is tight and it's making everything else harder.",
    "I keep getting muddled with my tablets and it worries me.",
    "My arthritis is worse and I can't manage the garden any more.",
    "I'm a carer for my mum and I think I need a break before I break.",
    "I'd like to talk to someone about what's out there before things get worse.",
)
ON_THEIR_MIND_FOR_SOMEONE = (
    "Mum is forgetting things more and we're worried about her living alone.",
    "Dad has been struggling since he came out of hospital last month.",
    "My neighbour hasn't been out of the house for weeks and I'm worried about her.",
    "My brother has a learning disability and wants more independence.",
    "Gran had a fall and won't use her walking frame.",
    "My friend is caring for her husband on her own and she's exhausted.",
)
WHAT_MATTERS = (
    "Staying in my own home, where I've lived for forty years.",
    "Seeing my grandchildren every week.",
    "Getting back to my allotment.",
    "Going to church on Sundays and seeing my friends there.",
    "Being able to walk the dog again.",
    "Not being a burden on my daughter.",
    "Cooking proper meals for myself.",
    "Getting out of the house at least a couple of times a week.",
    "Keeping up with my choir.",
    "Feeling safe at night.",
    "Looking after my wife for as long as I can.",
    "Having a bit of time to myself.",
    "Going back to work, even part-time.",
    "Being able to get to the mosque for Friday prayers.",
    "Getting to the gurdwara for the langar on Sundays.",
    "Keeping my independence.",
    "Making some friends locally.",
    "Sleeping through the night.",
    "Getting my garden back under control.",
    "Doing my own shopping.",
    "Being able to have a bath again.",
    "Staying in touch with my family back home.",
    "Watching the football with my mates at the club.",
    "Keeping my flat the way I like it.",
)
STRENGTHS_OWN = (
    "I'm stubborn. Once I've decided something, I get it done.",
    "I'm good with money and I keep on top of my bills.",
    "I can still cook, I just need to sit down while I do it.",
    "I was a nurse for thirty years, so I know how to look after myself.",
    "I use my tablet for video calls and the online shopping.",
    "I walk every day, even if it's only to the end of the road.",
    "I'm organised. I keep a diary of everything.",
    "I know what I want and I'm not afraid to ask.",
    "I love reading and doing puzzles; it keeps my mind sharp.",
    "I'm handy. I can fix most things around the house.",
    "I've got a good sense of humour and I get on with people.",
)
STRENGTHS_FAMILY_FRIENDS = (
    "My daughter rings every evening and visits on Saturdays.",
    "My neighbour Pat takes in my parcels and checks on me.",
    "My son does my big shop once a fortnight.",
    "A friend from church gives me a lift on Sundays.",
    "My grandson helps me with the computer.",
    "My sister lives nearby and we see each other most days.",
    "I've a good friend from the bowls club.",
    "My husband is with me, though he has his own health problems.",
    "The lady next door and I have a cup of tea most mornings.",
)
STRENGTHS_COMMUNITY = (
    "The library's Tuesday coffee morning.",
    "The walking group that meets at the community centre.",
    "The lunch club at St Anne's church room.",
    "The men's shed on Canal Street.",
    "The befriending scheme run from the mosque.",
    "The knit and natter group at The Kettle café.",
    "The fire service's free home safety visits.",
    "The social prescriber at Brookside Surgery.",
    "The carers' group that meets once a month.",
    "The community bus, if I book the day before.",
)
OUTCOMES = (
    "To feel confident going out on my own again by the summer.",
    "To get to the lunch club at least once a week.",
    "To have a break from caring one afternoon a week.",
    "To have the stairs sorted so I can sleep upstairs again.",
    "To know who to ring if things get worse.",
    "To be back at the allotment in the spring.",
    "To meet a few people who live near me.",
    "To manage my own shopping again.",
    "To have my money sorted out so I can stop worrying.",
    "To keep living at home with a bit of help in the mornings.",
    "To be able to take my tablets without getting muddled.",
)
AGREED_DETAILS = {
    Agreement.CONNECT: (
        "Put me in touch with the lunch club at St Anne's.",
        "Introduced to the walking group; their organiser will ring me on Monday.",
        "Referred to the community bus scheme.",
        "Introduced to the carers' group; first meeting is next month.",
        "Linked with the befriending scheme.",
    ),
    Agreement.INFORMATION: (
        "Gave me information about Attendance Allowance and how to claim it.",
        "Gave me the number for the falls prevention service.",
        "Explained how to apply for a Blue Badge.",
        "Gave me information about home adaptations and the handyperson scheme.",
    ),
    Agreement.FOLLOW_UP: (
        "We will meet again at the same hub in four weeks.",
        "The practitioner will ring me in a fortnight to see how things are going.",
    ),
    Agreement.ASSESSMENT: (
        "Agreed to start a Care Act assessment for help in the mornings.",
        "A carer's assessment will be arranged.",
    ),
    Agreement.SAFEGUARDING: ("A concern was raised with the safeguarding team the same day, with my agreement.",),
    Agreement.NOTHING_MORE: ("I'm happy as things are, and I know how to get back in touch.",),
}
WHO_WAS_THERE = (
    "My daughter", "My husband", "My wife", "My neighbour", "My son, on the phone",
    "A friend from church", "A Polish interpreter", "A BSL interpreter",
)
ANYTHING_ELSE = (
    "Thank you for listening to me properly.",
    "The walking group has been lovely.",
    "I'm still waiting to hear about the assessment.",
    "It was good to talk to someone who didn't rush me.",
    "I didn't know the library did this. Very helpful.",
    "I'd have liked it to be a bit sooner.",
    "The café was too noisy for me; somewhere quieter next time, please.",
    "I've told my friend about it.",
)
STATEMENTS = (
    "I want to add that my garden matters to me more than anything. It's where I feel like myself.",
    "I said my son helps, but he has moved away now, so please don't count on him.",
    "It's the evenings that are hardest, not the mornings.",
    "I'd rather be called by my first name, please.",
)
ACCESS_NEEDS = (
    "I use a wheelchair, so I need step-free access.",
    "I'm hard of hearing: please face me when you speak.",
    "I need a British Sign Language interpreter.",
    "Large print, please.",
    "I would prefer to talk to a woman.",
    "I need a Punjabi interpreter.",
    "I'd like my daughter to be there.",
    "Please phone rather than write. I find reading hard.",
)
RELATIONSHIPS = ("Daughter", "Son", "Neighbour", "Friend", "Husband", "Wife", "Niece", "Grandson", "Brother")


@dataclass(frozen=True)
class HubPlan:
    key: str
    name: str
    kind: str
    host: str
    host_description: str
    team: str
    address: str
    postcode: str
    getting_there: str
    sessions: tuple[tuple[int, str, str, int, int], ...]  # weekday, starts, ends, slot minutes, places


HUBS = (
    HubPlan(
        "library", "Ashby Vale Library", Hub.Kind.LIBRARY, "Ashby Vale Libraries (fictional)",
        "Fictional. The council's library service, hosting conversations in the ground-floor study room.",
        NORTH, "Market Square\nAshby Vale", "AV1 1AA",
        "Step-free entrance from Market Square. Hearing loop at the desk. Buses 4 and 12 stop outside.",
        ((0, "10:00", "12:15", 45, 1), (1, "10:00", "13:00", 45, 2), (2, "14:00", "16:15", 45, 1),
         (3, "10:00", "13:00", 45, 2), (4, "10:00", "12:15", 45, 1), (5, "10:00", "12:15", 45, 1),
         (6, "13:00", "15:15", 45, 1)),
    ),
    HubPlan(
        "cafe", "The Kettle Community Café", Hub.Kind.CAFE, "The Kettle Café Co-operative (fictional)",
        "Fictional. A community café run by volunteers, with a quiet room at the back.",
        NORTH, "14 Mill Lane\nAshby Vale", "AV2 4HT",
        "One small step at the door; a ramp is available, ask at the counter. No parking; the 4 stops at Mill Lane.",
        ((2, "10:00", "12:15", 45, 1), (4, "13:30", "15:45", 45, 1)),
    ),
    HubPlan(
        "centre", "Millbrook Community Centre", Hub.Kind.COMMUNITY_CENTRE, COUNCIL,
        "Fictional. The council, hosting conversations in its own community centre.",
        NORTH, "Millbrook Road\nNorth Ashby", "AV3 2PW",
        "Step-free throughout, accessible toilet and free car park. Evening sessions on Thursdays.",
        ((0, "13:00", "16:00", 45, 2), (3, "17:00", "19:15", 45, 1)),
    ),
    HubPlan(
        "surgery", "Brookside Surgery", Hub.Kind.GP_SURGERY, "Brookside Medical Practice (fictional)",
        "Fictional. A GP practice whose social prescriber hosts conversations.",
        SOUTH, "2 Brookside\nSouth Ashby", "AV6 3LB",
        "Step-free, with a lift to the first-floor room. Patient car park with blue-badge bays.",
        ((1, "09:00", "11:15", 45, 1), (3, "13:00", "15:15", 45, 1), (4, "09:00", "11:15", 45, 1)),
    ),
    HubPlan(
        "fire", "Ashby Vale Fire Station", Hub.Kind.FIRE_STATION, "Vale Fire and Rescue Service (fictional)",
        "Fictional. The fire service, hosting conversations in the station's community room.",
        SOUTH, "Station Road\nSouth Ashby", "AV7 5DQ",
        "Step-free entrance at the side door, not the appliance bay. Parking on Station Road.",
        ((2, "18:00", "20:15", 45, 1), (5, "10:00", "12:15", 45, 2)),
    ),
    HubPlan(
        "church", "St Anne's Church Room", Hub.Kind.CHURCH_ROOM, "St Anne's Parish (fictional)",
        "Fictional. A parish church room, used on weekdays by community groups.",
        SOUTH, "Church Walk\nAshby Vale", "AV8 1NS",
        "Step-free via the garden gate on Church Walk. The lunch club meets here on Thursdays.",
        ((0, "10:00", "12:00", 60, 1), (3, "10:00", "12:00", 60, 2)),
    ),
)


@dataclass(frozen=True)
class Login:
    username: str
    first_name: str
    last_name: str
    role: Role | None
    job_title: str
    team: str | None
    described: str


LOGINS = (
    Login("practitioner", "Priya", "Patel", Role.PRACTITIONER, "Community practitioner", NORTH,
          f"a practitioner in the {NORTH}"),
    Login("manager", "Gareth", "Hughes", Role.MANAGER, "Team manager", NORTH, f"the manager of the {NORTH}"),
    Login("host", "Joan", "Whitaker", Role.HOST, "Library hub host", None,
          "a host at Ashby Vale Library (sees its bookings, never a person's record)"),
    Login("commissioner", "Martin", "Shaw", Role.COMMISSIONER, "Commissioning manager", None,
          "a commissioner (sees totals for the area, never a person's record)"),
    Login("admin", "Ruth", "Adeyemi", Role.ADMIN, "Care Commons administrator", None, "an administrator"),
    Login("person", "Margaret", "Ellis", None, "", NORTH,
          "Margaret Ellis, who has had a conversation and sees her own record"),
)


@dataclass
class HubSlots:
    """A hub's slots in time order, with how many places are taken in each."""

    hub: Hub
    slots: list[Slot] = field(default_factory=list)
    starts: list[dt.datetime] = field(default_factory=list)
    taken: list[int] = field(default_factory=list)

    def first_free(self, *, after: dt.datetime, before: dt.datetime) -> int | None:
        i = bisect.bisect_left(self.starts, after)
        while i < len(self.slots) and self.starts[i] < before:
            if self.taken[i] < self.slots[i].capacity:
                return i
            i += 1
        return None


class Builder:
    """Builds the area from one random stream, so the same seed and date give the same rows."""

    def __init__(self, *, seed: int, today: dt.date, people: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.tz = timezone.get_current_timezone()
        self.now = dt.datetime.combine(today, dt.time(8, 0), tzinfo=self.tz)
        self.people_wanted = people
        self.references: set[str] = set()
        self.phones: set[str] = set()
        self.names: set[str] = set()
        self.requests: list[ConversationRequest] = []
        self.bookings: list[Booking] = []
        self.conversations: list[Conversation] = []
        self.revisions: list[ConversationRevision] = []
        self.follow_ups: list[FollowUp] = []
        self.statements: list[WhatMattersStatement] = []
        self.events: list[AccessEvent] = []

    # --- small helpers ----------------------------------------------------------------------

    def token(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def reference(self) -> str:
        while True:
            ref = "CC-" + "".join(self.rng.choice(REFERENCE_ALPHABET) for _ in range(6))
            if ref not in self.references:
                self.references.add(ref)
                return ref

    def postcode(self, team: str) -> str:
        district = self.rng.randint(1, 4) if team == NORTH else self.rng.randint(5, 9)
        inward = f"{self.rng.randint(1, 9)}{self.rng.choice(INWARD_LETTERS)}{self.rng.choice(INWARD_LETTERS)}"
        return f"AV{district} {inward}"

    def phone(self, *, mobile: bool) -> str:
        while True:
            n = self.rng.randint(0, 999)
            number = f"07700 900 {n:03d}" if mobile else f"01632 960{n:03d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def moment(self, day: dt.date, *, earliest: int = 9, latest: int = 17) -> dt.datetime:
        """A time during the working day on `day`, in local time."""
        minutes = self.rng.randint(earliest * 60, latest * 60)
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=self.tz)

    def pick(self, options: tuple[str, ...], k: int) -> list[str]:
        return self.rng.sample(options, k)

    # --- building ---------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        self.teams = {name: Team.objects.create(name=name) for name in (NORTH, SOUTH)}
        self.build_hubs()
        self.build_staff()
        self.build_people()
        self.build_the_person()
        self.build_histories()
        self.people.append(self.me)
        self.save()
        self.build_assessments()
        from carecommons.budgets import demo as budgets_demo
        from carecommons.directory import demo as directory_demo
        from carecommons.market import demo as market_demo

        self.directory = directory_demo.build()
        self.market = market_demo.build(seed=self.seed, commissioner=self.logins["commissioner"])
        from carecommons.relationships import demo as relationships_demo

        self.relationships = relationships_demo.build(seed=self.seed, today=self.today, people=self.people, me=self.me,
                                                      providers=self.market["home_care"])
        self.budgets = budgets_demo.build(seed=self.seed, today=self.today, people=self.people, practitioner=self.practitioner,
                                          manager=self.manager, me=self.me, providers=self.market["home_care"])
        from carecommons.participation import demo as participation_demo

        self.participation = participation_demo.build(seed=self.seed, today=self.today, commissioner=self.logins["commissioner"])
        return self.summary()

    def build_assessments(self) -> None:
        """A few assessments the practitioner started from conversations, sent and waiting for a determination."""
        from carecommons.assessments import services as assessment_services
        from carecommons.assessments.demo import answer_and_send, everyday_keys

        conversations = (
            Conversation.objects.filter(practitioner=self.practitioner).exclude(person=self.me)
            .select_related("person").order_by("-held_on", "id")[:3]
        )
        for conversation in conversations:
            a = assessment_services.assessment_start(
                person=conversation.person, kind="adult", completed_by_kind="practitioner", user=self.practitioner,
                conversation=conversation)
            answer_and_send(a, rng=self.rng, hard=set(self.rng.sample(everyday_keys(), self.rng.randint(1, 4))))

    def build_hubs(self) -> None:
        hosts: dict[str, HostOrganisation] = {}
        self.hubs: dict[str, Hub] = {}
        sessions = []
        for plan in HUBS:
            if plan.host not in hosts:
                hosts[plan.host] = HostOrganisation.objects.create(name=plan.host, description=plan.host_description)
            hub = Hub.objects.create(
                name=plan.name, kind=plan.kind, host=hosts[plan.host], team=self.teams[plan.team],
                address=plan.address, postcode=plan.postcode, getting_there=plan.getting_there,
            )
            self.hubs[plan.key] = hub
            for weekday, starts, ends, minutes, places in plan.sessions:
                sessions.append(WeeklySession(
                    hub=hub, weekday=weekday, starts=dt.time.fromisoformat(starts), ends=dt.time.fromisoformat(ends),
                    slot_minutes=minutes, places_per_slot=places,
                ))
        self.hosts = hosts
        WeeklySession.objects.bulk_create(sessions)
        first = self.today - dt.timedelta(days=HISTORY_DAYS)
        self.slots_made = slots_generate(start=first, days=HISTORY_DAYS + HORIZON_DAYS + 1)
        self.hub_slots = {key: HubSlots(hub=hub) for key, hub in self.hubs.items()}
        by_id = {hub.pk: key for key, hub in self.hubs.items()}
        for slot in Slot.objects.filter(hub__in=self.hubs.values()).order_by("starts_at", "hub__name"):
            hs = self.hub_slots[by_id[slot.hub_id]]
            hs.slots.append(slot)
            hs.starts.append(slot.starts_at)
            hs.taken.append(0)

    def build_staff(self) -> None:
        user_model = get_user_model()
        joined = self.now - dt.timedelta(days=400)
        self.logins: dict[str, Any] = {}
        staff = []
        for login in LOGINS:
            user = user_model(username=login.username, first_name=login.first_name, last_name=login.last_name,
                              email=f"{login.username}@example.org", date_joined=joined)
            user.set_password(PASSWORD)
            user.save()
            self.logins[login.username] = user
            if login.role is not None:
                give_demo_device(user, getattr(settings, "CARECOMMONS_DEMO_TOTP_SECRET", None))
                staff.append(StaffMember(
                    user=user, role=login.role.value, job_title=login.job_title,
                    team=self.teams[login.team] if login.team else None,
                    host=self.hosts[HUBS[0].host] if login.role is Role.HOST else None,
                ))
        self.practitioners: dict[str, list[Any]] = {NORTH: [], SOUTH: []}
        usernames = {login.username for login in LOGINS}
        for i in range(6):
            team = NORTH if i < 3 else SOUTH
            while True:
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
                username = (first[0] + "." + "".join(c for c in last if c.isalpha())).lower()
                if username not in usernames:
                    usernames.add(username)
                    break
            user = user_model(username=username, first_name=first, last_name=last,
                              email=f"{username}@example.org", date_joined=joined)
            user.set_unusable_password()
            user.save()
            staff.append(StaffMember(user=user, role=Role.PRACTITIONER.value, job_title="Community practitioner",
                                     team=self.teams[team]))
            self.practitioners[team].append(user)
        StaffMember.objects.bulk_create(staff)
        self.practitioner = self.logins["practitioner"]
        self.manager = self.logins["manager"]
        # `practitioner` does a large share of the North team's conversations; the manager a few.
        self.practitioners[NORTH] = [self.practitioner] * 4 + self.practitioners[NORTH] + [self.manager]

    def new_name(self) -> tuple[str, str]:
        while True:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
            full = f"{first} {last}"
            if full not in self.names:
                self.names.add(full)
                return first, full

    def build_people(self) -> None:
        self.names.add("Margaret Ellis")
        self.phones.add("01632 960001")
        self.people: list[Person] = []
        for _ in range(self.people_wanted):
            first, full = self.new_name()
            team = NORTH if self.rng.random() < 0.55 else SOUTH
            older = self.rng.random() < 0.68
            age = self.rng.randint(65, 97) if older else self.rng.randint(18, 64)
            born = self.today - dt.timedelta(days=age * 365 + self.rng.randint(0, 364))
            mobile = self.rng.random() < (0.5 if older else 0.9)
            phone = self.phone(mobile=mobile) if self.rng.random() < 0.92 else ""
            email = ""
            if not phone or self.rng.random() < (0.25 if older else 0.6):
                email = "".join(c for c in full.lower().replace(" ", ".") if c.isalpha() or c == ".")
                email = f"{email}{self.rng.randint(1, 99)}@example.com"
            if email and (not phone or self.rng.random() < 0.4):
                contact_by = Person.Contact.EMAIL
            elif mobile and phone and self.rng.random() < 0.5:
                contact_by = Person.Contact.TEXT
            else:
                contact_by = Person.Contact.PHONE
            self.people.append(Person(
                full_name=full,
                preferred_name=NICKNAMES[first] if first in NICKNAMES and self.rng.random() < 0.4 else "",
                date_of_birth=born if self.rng.random() < 0.85 else None,
                phone=phone,
                email=email,
                postcode=self.postcode(team),
                contact_by=contact_by,
                access_needs=self.rng.choice(ACCESS_NEEDS) if self.rng.random() < 0.15 else "",
                team=self.teams[team],
                created_at=self.now,  # set to their first contact below
            ))

    # --- histories --------------------------------------------------------------------------

    def hub_for(self, person: Person) -> str:
        if person.team.name == NORTH:
            return self.rng.choices(["library", "cafe", "centre", "surgery"], weights=[6, 3, 3, 1])[0]
        return self.rng.choices(["surgery", "fire", "church", "library"], weights=[4, 3, 3, 1])[0]

    def new_request(self, person: Person, *, at: dt.datetime, hub_key: str, status: str) -> ConversationRequest:
        kind = self.rng.choices(["online", "on_behalf", "phone", "walk_in"], weights=[45, 20, 25, 10])[0]
        team_name = person.team.name
        staff_member = self.rng.choice(self.practitioners[team_name])
        requester_name = requester_relationship = ""
        if kind == "on_behalf":
            asked_by, channel, taken_by = ConversationRequest.AskedBy.ON_BEHALF, ConversationRequest.Channel.ONLINE, None
            relationship = self.rng.choice(RELATIONSHIPS)
            surname = person.full_name.split(" ", 1)[1]
            requester_name = f"{self.rng.choice(FIRST_NAMES)} {surname if relationship != 'Neighbour' else self.rng.choice(SURNAMES)}"
            requester_relationship = relationship
            mind = self.rng.choice(ON_THEIR_MIND_FOR_SOMEONE)
        else:
            asked_by = ConversationRequest.AskedBy.SELF if kind == "online" else ConversationRequest.AskedBy.PRACTITIONER
            channel = {"online": "online", "phone": "phone", "walk_in": "walk_in"}[kind]
            taken_by = None if kind == "online" else staff_member
            mind = self.rng.choice(ON_THEIR_MIND_SELF)
        request = ConversationRequest(
            reference=self.reference(),
            person=person,
            asked_by=asked_by,
            channel=channel,
            requester_name=requester_name,
            requester_relationship=requester_relationship,
            taken_by=taken_by,
            on_their_mind=mind,
            access_needs=person.access_needs,
            preferred_hub=self.hubs[hub_key] if self.rng.random() < 0.6 else None,
            preferred_times=sorted(self.rng.sample(["morning", "afternoon", "evening"], self.rng.randint(1, 2)))
            if self.rng.random() < 0.3 else [],
            first_contact_at=at,
            first_contact_on=timezone.localdate(at),
            status=status,
        )
        self.requests.append(request)
        if at < person.created_at:
            person.created_at = at
        return request

    def book(self, request: ConversationRequest, hub_key: str, index: int, *, at: dt.datetime) -> Booking:
        hs = self.hub_slots[hub_key]
        hs.taken[index] += 1
        booking = Booking(request=request, slot=hs.slots[index], seat=hs.taken[index], token=self.token(), created_at=at)
        self.bookings.append(booking)
        return booking

    def cancelled_booking(self, request: ConversationRequest, hub_key: str, *, made: dt.datetime,
                          cancelled: dt.datetime) -> None:
        """A booking that was later cancelled: it holds no place, so its seat number is free to reuse."""
        hs = self.hub_slots[hub_key]
        i = bisect.bisect_left(hs.starts, cancelled + dt.timedelta(days=1))
        if i >= len(hs.slots):
            return
        self.bookings.append(Booking(request=request, slot=hs.slots[i], seat=1, token=self.token(), created_at=made,
                                     cancelled_at=cancelled))

    def wait_days(self) -> int:
        return self.rng.choice((1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 12, 14, 14, 17, 21, 28))

    def find_slot(self, hub_key: str, *, after: dt.datetime, before: dt.datetime) -> tuple[str, int] | None:
        """The first free place at the hub, or at another of the team's hubs if that one is full."""
        keys = [hub_key] + [k for k in self.hub_slots if k != hub_key and self.hubs[k].team_id == self.hubs[hub_key].team_id]
        for key in keys:
            index = self.hub_slots[key].first_free(after=after, before=before)
            if index is not None:
                return key, index
        return None

    def held(self, person: Person, *, first_contact: dt.datetime) -> dt.datetime | None:
        """A request that was booked and held, with its record and follow-up. Returns when it was held."""
        hub_key = self.hub_for(person)
        after = first_contact + dt.timedelta(days=self.wait_days())
        found = self.find_slot(hub_key, after=after, before=self.now - dt.timedelta(hours=2))
        if found is None:
            self.booked(person, first_contact=first_contact, hub_key=hub_key)
            return None
        key, index = found
        request = self.new_request(person, at=first_contact, hub_key=key, status=ConversationRequest.Status.HELD)
        slot = self.hub_slots[key].slots[index]
        made = first_contact + dt.timedelta(minutes=self.rng.randint(5, 60 * 24))
        made = min(made, slot.starts_at - dt.timedelta(hours=1))
        if self.rng.random() < 0.08 and made + dt.timedelta(days=1) < slot.starts_at:
            # They first booked another time, then changed it.
            self.cancelled_booking(request, key, made=made, cancelled=made + dt.timedelta(hours=self.rng.randint(2, 20)))
        self.book(request, key, index, at=made)
        self.record(person, request, slot, self.hubs[key])
        return slot.starts_at

    def record(self, person: Person, request: ConversationRequest | None, slot: Slot, hub: Hub,
               practitioner: Any = None) -> Conversation:
        practitioner = practitioner or self.rng.choice(self.practitioners[hub.team.name])
        written = min(slot.ends_at + dt.timedelta(minutes=self.rng.randint(10, 300)), self.now - dt.timedelta(minutes=30))
        roll = self.rng.random()
        if roll < 0.15:
            agreed = [Agreement.NOTHING_MORE]
        else:
            choices = [Agreement.CONNECT, Agreement.INFORMATION, Agreement.FOLLOW_UP, Agreement.ASSESSMENT]
            agreed = self.rng.sample(choices, self.rng.choice((1, 1, 2, 2, 3)))
            if roll > 0.98:
                agreed.append(Agreement.SAFEGUARDING)
        agreed = sorted(set(agreed))
        conversation = Conversation(
            person=person, request=request, hub=hub, practitioner=practitioner,
            held_on=timezone.localtime(slot.starts_at, self.tz).date(),
            what_matters=" ".join(self.pick(WHAT_MATTERS, self.rng.randint(1, 3))),
            strengths_own=self.rng.choice(STRENGTHS_OWN) if self.rng.random() < 0.85 else "",
            strengths_family_friends=self.rng.choice(STRENGTHS_FAMILY_FRIENDS) if self.rng.random() < 0.7 else "",
            strengths_community=self.rng.choice(STRENGTHS_COMMUNITY) if self.rng.random() < 0.6 else "",
            outcomes=" ".join(self.pick(OUTCOMES, self.rng.randint(1, 2))) if self.rng.random() < 0.9 else "",
            agreed=[a.value for a in agreed],
            agreed_details=" ".join(self.rng.choice(AGREED_DETAILS[a]) for a in agreed),
            who_was_there=self.rng.choice(WHO_WAS_THERE) if self.rng.random() < 0.3 else "",
            version=1, created_at=written, updated_at=written, updated_by=practitioner,
        )
        self.conversations.append(conversation)
        self.revisions.append(ConversationRevision(conversation=conversation, version=1, data=conversation.snapshot(),
                                                   saved_by=practitioner, saved_at=written))
        edited = written + dt.timedelta(hours=self.rng.randint(2, 72))
        if self.rng.random() < 0.06 and edited < self.now:
            conversation.outcomes = (conversation.outcomes + " " + self.rng.choice(OUTCOMES)).strip()
            conversation.version, conversation.updated_at = 2, edited
            self.revisions.append(ConversationRevision(conversation=conversation, version=2,
                                                       data=conversation.snapshot(), saved_by=practitioner,
                                                       saved_at=edited))
        expires = written + dt.timedelta(days=settings.CARECOMMONS["FOLLOW_UP_LINK_DAYS"])
        follow_up = FollowUp(conversation=conversation, token=self.token(), created_at=written, expires_at=expires)
        days_since = (self.now - written).days
        if request is not None and days_since > 3 and self.rng.random() < 0.55:
            follow_up.answered_at = written + dt.timedelta(days=self.rng.randint(1, min(days_since - 1, 20)),
                                                           minutes=self.rng.randint(0, 600))
            follow_up.useful = self.rng.choices(["yes", "partly", "no"], weights=[62, 27, 11])[0]
            follow_up.difference = self.rng.choices(["yes", "partly", "no", "too_soon"], weights=[40, 30, 10, 20])[0]
            follow_up.anything_else = self.rng.choice(ANYTHING_ELSE) if self.rng.random() < 0.4 else ""
        self.follow_ups.append(follow_up)
        return conversation

    def booked(self, person: Person, *, first_contact: dt.datetime, hub_key: str | None = None,
               earliest: dt.datetime | None = None) -> None:
        """A request booked into a time still to come."""
        hub_key = hub_key or self.hub_for(person)
        after = max(earliest or first_contact + dt.timedelta(days=self.wait_days()), self.now)
        found = self.find_slot(hub_key, after=after, before=self.now + dt.timedelta(days=HORIZON_DAYS))
        if found is None:
            self.new_request(person, at=first_contact, hub_key=hub_key, status=ConversationRequest.Status.WAITING)
            return
        key, index = found
        request = self.new_request(person, at=first_contact, hub_key=key, status=ConversationRequest.Status.BOOKED)
        made = min(first_contact + dt.timedelta(minutes=self.rng.randint(5, 60 * 30)), self.now - dt.timedelta(minutes=5))
        self.book(request, key, index, at=made)

    def waiting(self, person: Person, *, first_contact: dt.datetime) -> None:
        self.new_request(person, at=first_contact, hub_key=self.hub_for(person), status=ConversationRequest.Status.WAITING)

    def withdrawn(self, person: Person, *, first_contact: dt.datetime) -> None:
        hub_key = self.hub_for(person)
        request = self.new_request(person, at=first_contact, hub_key=hub_key, status=ConversationRequest.Status.WITHDRAWN)
        if self.rng.random() < 0.5:
            made = first_contact + dt.timedelta(hours=self.rng.randint(1, 30))
            cancelled = min(made + dt.timedelta(days=self.rng.randint(1, 6)), self.now - dt.timedelta(hours=1))
            if cancelled > made:
                self.cancelled_booking(request, hub_key, made=made, cancelled=cancelled)

    def past_moment(self, *, days_ago_from: int, days_ago_to: int) -> dt.datetime:
        day = self.today - dt.timedelta(days=self.rng.randint(days_ago_to, days_ago_from))
        return self.moment(day, earliest=7, latest=21)

    def build_histories(self) -> None:
        order = list(range(len(self.people)))
        self.rng.shuffle(order)
        waiting, withdrawn, booked = order[:15], order[15:21], order[21:66]
        held = order[66:]
        # Waiting: mostly recent, a few who have waited a long time.
        for n, i in enumerate(waiting):
            far = 70 if n < 3 else 25
            self.waiting(self.people[i], first_contact=self.past_moment(days_ago_from=far, days_ago_to=0))
        for i in withdrawn:
            self.withdrawn(self.people[i], first_contact=self.past_moment(days_ago_from=100, days_ago_to=5))
        # Booked: the first few North people go to the library from today, so its host has a busy day.
        library_today = [i for i in booked if self.people[i].team.name == NORTH][:8]
        for i in booked:
            first_contact = self.past_moment(days_ago_from=21, days_ago_to=1)
            if i in library_today:
                self.booked(self.people[i], first_contact=first_contact, hub_key="library", earliest=self.now)
            else:
                self.booked(self.people[i], first_contact=first_contact)
        for i in held:
            person = self.people[i]
            if self.rng.random() < 0.15:
                # Came back: an earlier conversation, then a second request some weeks later.
                first = self.past_moment(days_ago_from=HISTORY_DAYS - 2, days_ago_to=60)
                held_at = self.held(person, first_contact=first)
                if held_at is not None:
                    again = held_at + dt.timedelta(days=self.rng.randint(14, 40), hours=self.rng.randint(1, 8))
                    if again < self.now - dt.timedelta(days=2):
                        self.held(person, first_contact=again)
                    elif again < self.now:
                        self.booked(person, first_contact=again)
                continue
            self.held(person, first_contact=self.past_moment(days_ago_from=HISTORY_DAYS - 2, days_ago_to=3))
        # A few people added to "what matters" in their own words, after a conversation.
        for conversation in self.rng.sample(self.conversations, min(8, len(self.conversations))):
            self.statements.append(WhatMattersStatement(
                person=conversation.person, text=self.rng.choice(STATEMENTS),
                corrects=conversation if self.rng.random() < 0.5 else None,
                created_at=min(conversation.created_at + dt.timedelta(days=self.rng.randint(1, 10)), self.now),
            ))
        # The `practitioner` is allocated to a few South team people they have not met.
        met = {id(c.person) for c in self.conversations if c.practitioner is self.practitioner}
        south = [p for p in self.people if p.team.name == SOUTH and id(p) not in met]
        self.allocated = self.rng.sample(south, min(3, len(south)))

    def build_the_person(self) -> None:
        """`person`: Margaret Ellis, who met `practitioner` at the library about three weeks ago."""
        user = self.logins["person"]
        me = Person(user=user, full_name="Margaret Ellis", preferred_name="Maggie",
                    date_of_birth=dt.date(self.today.year - 78, 3, 14), phone="01632 960001",
                    email="person@example.org", postcode="AV1 4GD", contact_by=Person.Contact.PHONE,
                    access_needs="I'm hard of hearing: please face me when you speak.", team=self.teams[NORTH],
                    created_at=self.now)
        hs = self.hub_slots["library"]
        index = hs.first_free(after=self.now - dt.timedelta(days=21), before=self.now - dt.timedelta(days=7))
        if index is None:
            raise CommandError("The library has no sessions in the last three weeks; check the demo's hub plan.")
        slot = hs.slots[index]
        first_contact = slot.starts_at - dt.timedelta(days=6, hours=3)
        request = self.new_request(me, at=first_contact, hub_key="library", status=ConversationRequest.Status.HELD)
        request.asked_by, request.channel, request.taken_by = "on_behalf", "online", None
        request.requester_name, request.requester_relationship = "Susan Ellis", "Daughter"
        request.on_their_mind = "Mum has been more wobbly on her feet since the winter and won't go out on her own."
        request.preferred_hub = self.hubs["library"]
        self.book(request, "library", index, at=first_contact + dt.timedelta(hours=1))
        conversation = self.record(me, request, slot, self.hubs["library"], practitioner=self.practitioner)
        conversation.what_matters = (
            "Getting to the library and the Tuesday coffee morning on my own again. "
            "Staying in my own home, where I've lived for forty years."
        )
        conversation.strengths_own = "I'm stubborn. Once I've decided something, I get it done."
        conversation.strengths_family_friends = "My daughter Susan rings every evening and visits on Saturdays."
        conversation.strengths_community = "The library's Tuesday coffee morning."
        conversation.outcomes = "To feel confident going out on my own again by the summer."
        conversation.agreed = [Agreement.CONNECT.value, Agreement.INFORMATION.value]
        conversation.agreed_details = (
            "Introduced to the walking group; their organiser will ring me on Monday. "
            "Gave me the number for the falls prevention service."
        )
        conversation.who_was_there = "My daughter, Susan"
        conversation.version = 1
        conversation.updated_at = conversation.created_at
        self.revisions = [r for r in self.revisions if r.conversation is not conversation]
        self.revisions.append(ConversationRevision(conversation=conversation, version=1, data=conversation.snapshot(),
                                                   saved_by=self.practitioner, saved_at=conversation.created_at))
        follow_up = next(f for f in self.follow_ups if f.conversation is conversation)
        follow_up.answered_at, follow_up.useful, follow_up.difference, follow_up.anything_else = None, "", "", ""
        self.me = me
        name = f"{self.practitioner.first_name} {self.practitioner.last_name}"
        written = conversation.created_at
        for at, action, what in (
            (written, AccessEvent.Action.CHANGED, "recording a conversation"),
            (written + dt.timedelta(minutes=2), AccessEvent.Action.VIEWED, "their record"),
            (written + dt.timedelta(days=3, hours=1), AccessEvent.Action.VIEWED, "their record"),
            (written + dt.timedelta(days=9, hours=4), AccessEvent.Action.VIEWED, "their record"),
        ):
            if at < self.now:
                self.events.append(AccessEvent(person=me, user=self.practitioner, user_name=name,
                                               role=Role.PRACTITIONER.value, action=action, what=what, grounds="met",
                                               at=at))

    def save(self) -> None:
        Person.objects.bulk_create(self.people, batch_size=500)
        ConversationRequest.objects.bulk_create(self.requests, batch_size=500)
        Booking.objects.bulk_create(self.bookings, batch_size=500)
        Conversation.objects.bulk_create(self.conversations, batch_size=500)
        ConversationRevision.objects.bulk_create(self.revisions, batch_size=500)
        FollowUp.objects.bulk_create(self.follow_ups, batch_size=500)
        WhatMattersStatement.objects.bulk_create(self.statements)
        AccessEvent.objects.bulk_create(self.events)
        Allocation.objects.bulk_create([
            Allocation(person=p, practitioner=self.practitioner, started_on=self.today - dt.timedelta(days=14))
            for p in self.allocated
        ])

    def summary(self) -> dict[str, Any]:
        statuses = Counter(r.status for r in self.requests)
        return {
            "budgets": self.budgets,
            "market": self.market,
            "directory": self.directory,
            "relationships": self.relationships,
            "hubs": len(self.hubs),
            "slots": self.slots_made,
            "people": len(self.people),
            "requests": len(self.requests),
            "statuses": statuses,
            "bookings": sum(1 for b in self.bookings if b.cancelled_at is None),
            "conversations": len(self.conversations),
            "answered": sum(1 for f in self.follow_ups if f.answered_at is not None),
            "by_practitioner": sum(1 for c in self.conversations if c.practitioner is self.practitioner),
            "library_today": sum(
                1 for b in self.bookings
                if b.cancelled_at is None and b.slot.hub_id == self.hubs["library"].pk
                and timezone.localtime(b.slot.starts_at, self.tz).date() == self.today
            ),
        }


def wipe() -> None:
    """Delete every row the demo makes, and every user who is not a superuser."""
    from carecommons.assessments.models import Assessment, ContinuityRecord, Determination
    from carecommons.budgets import demo as budgets_demo
    from carecommons.directory import demo as directory_demo
    from carecommons.market import demo as market_demo
    from carecommons.participation import demo as participation_demo
    from carecommons.relationships import demo as relationships_demo

    participation_demo.wipe()
    relationships_demo.wipe()
    budgets_demo.wipe()
    directory_demo.wipe()
    market_demo.wipe()
    for model in (ContinuityRecord, Determination, Assessment, AccessEvent, BreakGlass, WhatMattersStatement, FollowUp, ConversationRevision, Conversation,
                  Booking, ConversationRequest, Allocation, Person, StaffMember, Slot, WeeklySession, Hub,
                  HostOrganisation, Team):
        model._default_manager.all().delete()
    get_user_model()._default_manager.filter(is_superuser=False).delete()


class Command(BaseCommand):
    help = "Build the fictional Ashby Vale area for demonstrations. Deletes existing data first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same area (default 1)")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help="Build the area as if today were this date, YYYY-MM-DD (default today)")
        parser.add_argument("--people", type=int, default=300, help="How many people (default 300)")
        parser.add_argument("--force", action="store_true",
                            help="Run even though DEBUG is off. Never use this on a live system.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to build the demo area: DEBUG is off, so this may be a live system, and the demo "
                "deletes every person, hub, conversation and non-superuser account. Use the dev settings, "
                "or pass --force if you are sure this is not a live system."
            )
        today = options["today"] or timezone.localdate()
        with transaction.atomic():
            wipe()
            result = Builder(seed=options["seed"], today=today, people=options["people"]).build()
        statuses = result["statuses"]
        out = self.stdout
        out.write(f"Built {AREA} for {today:%-d %B %Y} (seed {options['seed']}): everything in it is made up.")
        out.write(f"  Council: {COUNCIL}; teams: {NORTH}, {SOUTH}")
        out.write(f"  {result['hubs']} hubs, {result['slots']} slots, {result['people']} people")
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
        out.write("")
        out.write(f"Demo logins (password for all: {PASSWORD})")
        for login in LOGINS:
            out.write(f"  {login.username:<13} – {login.described}")
