"""The demo area's council, teams, staff and residents, and what the people layer records about them.

Called in order by `manage.py demo_area` (carecommons/demo), which passes one seeded random
generator through every app's part, so the same seed and date always give the same rows.
Everything here is made up: phone numbers are in Ofcom's ranges kept for drama (01632 960xxx
and 07700 900xxx), emails use example.com and example.org, and postcodes use the outward codes
AV1 to AV9, which are valid in form but belong to no real place.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from carecommons.core.second_factor import give_demo_device
from carecommons.people.models import (
    AccessEvent,
    Allocation,
    BreakGlass,
    DuplicateDismissal,
    Person,
    PersonMerge,
    StaffMember,
    Team,
    WhatMattersStatement,
)
from carecommons.rules.access import Role

PASSWORD = "care-commons-demo"  # noqa: S105 - the published password of the fictional demo logins
COUNCIL = "Ashby Vale Council (fictional)"
AREA = "Ashby Vale (fictional)"
NORTH = "North Ashby Vale community team"
SOUTH = "South Ashby Vale community team"
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
class Staff:
    """The demo logins by username, and who holds conversations for each team."""

    logins: dict[str, Any]
    practitioners: dict[str, list[Any]]  # team name -> users, repeated by how often each holds a conversation

    @property
    def practitioner(self) -> Any:
        return self.logins["practitioner"]

    @property
    def manager(self) -> Any:
        return self.logins["manager"]


def wipe() -> None:
    """Delete the people, their staff and everything recorded about them (teams and logins stay)."""
    # Joined records are kept on purpose (PROTECT): the demo lets go of the joins first.
    PersonMerge.objects.all().delete()
    DuplicateDismissal.objects.all().delete()
    Person.objects.filter(merged_into__isnull=False).update(merged_into=None, merged_at=None)
    for model in (AccessEvent, BreakGlass, WhatMattersStatement, Allocation, Person, StaffMember):
        model._default_manager.all().delete()


def wipe_teams_and_logins() -> None:
    """Delete the teams and every user who is not a superuser (after the hubs, which belong to teams)."""
    Team.objects.all().delete()
    get_user_model()._default_manager.filter(is_superuser=False).delete()


def teams() -> dict[str, Team]:
    return {name: Team.objects.create(name=name) for name in (NORTH, SOUTH)}


def demo_sign_in(login: Login, *, joined: dt.datetime) -> Any:
    """A demo login's user: the published demo password and, for staff, the published authenticator key. Other
    apps' demo logins (the safeguarding team's) are made the same way."""
    user = get_user_model()(username=login.username, first_name=login.first_name, last_name=login.last_name,
                            email=f"{login.username}@example.org", date_joined=joined)
    user.set_password(PASSWORD)
    user.save()
    if login.role is not None:
        give_demo_device(user, getattr(settings, "CARECOMMONS_DEMO_TOTP_SECRET", None))
    return user


def staff(*, rng: random.Random, now: dt.datetime, teams: dict[str, Team], host: Any) -> Staff:
    """The six demo logins (`host` hosts the library) and six more practitioners without a password."""
    user_model = get_user_model()
    joined = now - dt.timedelta(days=400)
    logins: dict[str, Any] = {}
    members = []
    for login in LOGINS:
        user = demo_sign_in(login, joined=joined)
        logins[login.username] = user
        if login.role is not None:
            members.append(StaffMember(
                user=user, role=login.role.value, job_title=login.job_title,
                team=teams[login.team] if login.team else None,
                host=host if login.role is Role.HOST else None,
            ))
    practitioners: dict[str, list[Any]] = {NORTH: [], SOUTH: []}
    usernames = {login.username for login in LOGINS}
    for i in range(6):
        team = NORTH if i < 3 else SOUTH
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            username = (first[0] + "." + "".join(c for c in last if c.isalpha())).lower()
            if username not in usernames:
                usernames.add(username)
                break
        user = user_model(username=username, first_name=first, last_name=last,
                          email=f"{username}@example.org", date_joined=joined)
        user.set_unusable_password()
        user.save()
        members.append(StaffMember(user=user, role=Role.PRACTITIONER.value, job_title="Community practitioner",
                                   team=teams[team]))
        practitioners[team].append(user)
    StaffMember.objects.bulk_create(members)
    # `practitioner` does a large share of the North team's conversations; the manager a few.
    practitioners[NORTH] = [logins["practitioner"]] * 4 + practitioners[NORTH] + [logins["manager"]]
    return Staff(logins=logins, practitioners=practitioners)


def residents(*, rng: random.Random, today: dt.date, now: dt.datetime, teams: dict[str, Team],
              count: int) -> list[Person]:
    """`count` people with unique names and phone numbers, not yet saved (`created_at` is moved back to
    their first contact by the conversations' part)."""
    names = {"Margaret Ellis"}
    phones = {"01632 960001"}

    def new_name() -> tuple[str, str]:
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            full = f"{first} {last}"
            if full not in names:
                names.add(full)
                return first, full

    def phone(*, mobile: bool) -> str:
        while True:
            n = rng.randint(0, 999)
            number = f"07700 900 {n:03d}" if mobile else f"01632 960{n:03d}"
            if number not in phones:
                phones.add(number)
                return number

    def postcode(team: str) -> str:
        district = rng.randint(1, 4) if team == NORTH else rng.randint(5, 9)
        inward = f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        return f"AV{district} {inward}"

    people: list[Person] = []
    for _ in range(count):
        first, full = new_name()
        team = NORTH if rng.random() < 0.55 else SOUTH
        older = rng.random() < 0.68
        age = rng.randint(65, 97) if older else rng.randint(18, 64)
        born = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        mobile = rng.random() < (0.5 if older else 0.9)
        number = phone(mobile=mobile) if rng.random() < 0.92 else ""
        email = ""
        if not number or rng.random() < (0.25 if older else 0.6):
            email = "".join(c for c in full.lower().replace(" ", ".") if c.isalpha() or c == ".")
            email = f"{email}{rng.randint(1, 99)}@example.com"
        if email and (not number or rng.random() < 0.4):
            contact_by = Person.Contact.EMAIL
        elif mobile and number and rng.random() < 0.5:
            contact_by = Person.Contact.TEXT
        else:
            contact_by = Person.Contact.PHONE
        people.append(Person(
            full_name=full,
            preferred_name=NICKNAMES[first] if first in NICKNAMES and rng.random() < 0.4 else "",
            date_of_birth=born if rng.random() < 0.85 else None,
            phone=number,
            email=email,
            postcode=postcode(team),
            contact_by=contact_by,
            access_needs=rng.choice(ACCESS_NEEDS) if rng.random() < 0.15 else "",
            team=teams[team],
            created_at=now,  # set to their first contact by the conversations' part
        ))
    return people


def the_person(*, user: Any, today: dt.date, now: dt.datetime, team: Team) -> Person:
    """`person`: Margaret Ellis, who signs in to see her own record (not yet saved)."""
    return Person(user=user, full_name="Margaret Ellis", preferred_name="Maggie",
                  date_of_birth=dt.date(today.year - 78, 3, 14), phone="01632 960001",
                  email="person@example.org", postcode="AV1 4GD", contact_by=Person.Contact.PHONE,
                  access_needs="I'm hard of hearing: please face me when you speak.", team=team,
                  created_at=now)


def the_persons_audit(*, me: Person, practitioner: Any, written: dt.datetime, now: dt.datetime) -> list[AccessEvent]:
    """What Margaret sees in her record's audit: the practitioner recording, then opening it a few times."""
    name = f"{practitioner.first_name} {practitioner.last_name}"
    events = []
    for at, action, what in (
        (written, AccessEvent.Action.CHANGED, "recording a conversation"),
        (written + dt.timedelta(minutes=2), AccessEvent.Action.VIEWED, "their record"),
        (written + dt.timedelta(days=3, hours=1), AccessEvent.Action.VIEWED, "their record"),
        (written + dt.timedelta(days=9, hours=4), AccessEvent.Action.VIEWED, "their record"),
    ):
        if at < now:
            events.append(AccessEvent(person=me, user=practitioner, user_name=name, role=Role.PRACTITIONER.value,
                                      action=action, what=what, grounds="met", at=at))
    return events


def statements(*, rng: random.Random, conversations: list[Any], now: dt.datetime) -> list[WhatMattersStatement]:
    """A few people added to "what matters" in their own words, after a conversation."""
    return [
        WhatMattersStatement(
            person=conversation.person, text=rng.choice(STATEMENTS),
            corrects=conversation if rng.random() < 0.5 else None,
            created_at=min(conversation.created_at + dt.timedelta(days=rng.randint(1, 10)), now),
        )
        for conversation in rng.sample(conversations, min(8, len(conversations)))
    ]


def not_met_in_the_south(*, rng: random.Random, people: list[Person], conversations: list[Any],
                         practitioner: Any) -> list[Person]:
    """A few South team people `practitioner` has not met, to be allocated to them."""
    met = {id(c.person) for c in conversations if c.practitioner is practitioner}
    south = [p for p in people if p.team is not None and p.team.name == SOUTH and id(p) not in met]
    return rng.sample(south, min(3, len(south)))


def save_people(people: list[Person]) -> None:
    Person.objects.bulk_create(people, batch_size=500)


def save_records(*, statements: list[WhatMattersStatement], events: list[AccessEvent], allocated: list[Person],
                 practitioner: Any, today: dt.date) -> None:
    """What is recorded about people once their conversations are saved."""
    WhatMattersStatement.objects.bulk_create(statements)
    AccessEvent.objects.bulk_create(events)
    Allocation.objects.bulk_create([
        Allocation(person=p, practitioner=practitioner, started_on=today - dt.timedelta(days=14)) for p in allocated
    ])


def sign_ins(people: list[Person], *, now: dt.datetime) -> int:
    """Everyone in the demo with an email address can sign in (username: their email), with the published password,
    so that "the person sees who looked" can be tried with many records. No random draws: the rest of the area is
    unchanged. One password hash is shared: the password is the same published one for every demo login."""
    user_model = get_user_model()
    hashed = make_password(PASSWORD)
    taken = set(user_model._default_manager.values_list("username", flat=True))
    with_email = [p for p in people if p.email and p.user_id is None and p.email not in taken]
    users = user_model._default_manager.bulk_create([
        user_model(username=p.email, email=p.email, first_name=p.full_name.split(" ")[0],
                   last_name=p.full_name.split(" ", 1)[-1], password=hashed, date_joined=now)
        for p in with_email
    ])
    for person, user in zip(with_email, users, strict=True):
        person.user = user
    Person.objects.bulk_update(with_email, ["user"], batch_size=500)
    return len(with_email)
