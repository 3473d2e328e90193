"""The demo area's requests, bookings, conversations, their revisions and follow-ups.

Called by `manage.py demo_area` (carecommons/demo) with the generator every part shares, after the
people and the hubs are made. What people said is written in their own words; all of it is made up.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from carecommons.conversations.models import (
    Booking,
    Conversation,
    ConversationRequest,
    ConversationRevision,
    FollowUp,
)
from carecommons.hubs.demo import HISTORY_DAYS, HORIZON_DAYS, Hubs
from carecommons.hubs.models import Hub, Slot
from carecommons.people.demo import FIRST_NAMES, NORTH, SURNAMES, Staff
from carecommons.people.models import Person
from carecommons.rules.measures import days_waited
from carecommons.rules.recording import Agreement

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

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
RELATIONSHIPS = ("Daughter", "Son", "Neighbour", "Friend", "Husband", "Wife", "Niece", "Grandson", "Brother")


def wipe() -> None:
    # A request joined into another is kept on purpose (PROTECT): the demo lets go of the joins first.
    ConversationRequest.objects.filter(merged_into__isnull=False).update(merged_into=None, merged_by=None, merged_at=None)
    for model in (FollowUp, ConversationRevision, Conversation, Booking, ConversationRequest):
        model._default_manager.all().delete()


class Histories:
    """People's histories with the service, drawn from the shared generator and saved together by `save`."""

    def __init__(self, *, rng: random.Random, now: dt.datetime, hubs: Hubs, staff: Staff) -> None:
        self.rng = rng
        self.now = now
        self.tz = now.tzinfo
        self.today = now.date()
        self.hubs = hubs
        self.staff = staff
        self.people: list[Person] = []
        self.references: set[str] = set()
        self.requests: list[ConversationRequest] = []
        self.bookings: list[Booking] = []
        self.conversations: list[Conversation] = []
        self.revisions: list[ConversationRevision] = []
        self.follow_ups: list[FollowUp] = []

    # --- small helpers ----------------------------------------------------------------------

    def token(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def reference(self) -> str:
        while True:
            ref = "CC-" + "".join(self.rng.choice(REFERENCE_ALPHABET) for _ in range(6))
            if ref not in self.references:
                self.references.add(ref)
                return ref

    def moment(self, day: dt.date, *, earliest: int = 9, latest: int = 17) -> dt.datetime:
        """A time during the working day on `day`, in local time."""
        minutes = self.rng.randint(earliest * 60, latest * 60)
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=self.tz)

    def pick(self, options: tuple[str, ...], k: int) -> list[str]:
        return self.rng.sample(options, k)

    # --- histories --------------------------------------------------------------------------

    def hub_for(self, person: Person) -> str:
        if person.team.name == NORTH:
            return self.rng.choices(["library", "cafe", "centre", "surgery"], weights=[6, 3, 3, 1])[0]
        return self.rng.choices(["surgery", "fire", "church", "library"], weights=[4, 3, 3, 1])[0]

    def new_request(self, person: Person, *, at: dt.datetime, hub_key: str, status: str) -> ConversationRequest:
        kind = self.rng.choices(["online", "on_behalf", "phone", "walk_in"], weights=[45, 20, 25, 10])[0]
        team_name = person.team.name
        staff_member = self.rng.choice(self.staff.practitioners[team_name])
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
            preferred_hub=self.hubs.hubs[hub_key] if self.rng.random() < 0.6 else None,
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
        hs = self.hubs.slots[hub_key]
        hs.taken[index] += 1
        booking = Booking(request=request, slot=hs.slots[index], seat=hs.taken[index], token=self.token(), created_at=at)
        self.bookings.append(booking)
        return booking

    def cancelled_booking(self, request: ConversationRequest, hub_key: str, *, made: dt.datetime,
                          cancelled: dt.datetime) -> None:
        """A booking that was later cancelled: it holds no place, so its seat number is free to reuse."""
        hs = self.hubs.slots[hub_key]
        i = bisect.bisect_left(hs.starts, cancelled + dt.timedelta(days=1))
        if i >= len(hs.slots):
            return
        self.bookings.append(Booking(request=request, slot=hs.slots[i], seat=1, token=self.token(), created_at=made,
                                     cancelled_at=cancelled))

    def wait_days(self) -> int:
        return self.rng.choice((1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 12, 14, 14, 17, 21, 28))

    def find_slot(self, hub_key: str, *, after: dt.datetime, before: dt.datetime) -> tuple[str, int] | None:
        """The first free place at the hub, or at another of the team's hubs if that one is full."""
        keys = [hub_key] + [k for k in self.hubs.slots if k != hub_key and self.hubs.hubs[k].team_id == self.hubs.hubs[hub_key].team_id]
        for key in keys:
            index = self.hubs.slots[key].first_free(after=after, before=before)
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
        slot = self.hubs.slots[key].slots[index]
        made = first_contact + dt.timedelta(minutes=self.rng.randint(5, 60 * 24))
        made = min(made, slot.starts_at - dt.timedelta(hours=1))
        if self.rng.random() < 0.08 and made + dt.timedelta(days=1) < slot.starts_at:
            # They first booked another time, then changed it.
            self.cancelled_booking(request, key, made=made, cancelled=made + dt.timedelta(hours=self.rng.randint(2, 20)))
        self.book(request, key, index, at=made)
        self.record(person, request, slot, self.hubs.hubs[key])
        return slot.starts_at

    def record(self, person: Person, request: ConversationRequest | None, slot: Slot, hub: Hub,
               practitioner: Any = None) -> Conversation:
        practitioner = practitioner or self.rng.choice(self.staff.practitioners[hub.team.name])
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
        if request is not None:
            conversation.days_waited = days_waited(first_contact_on=request.first_contact_on, held_on=conversation.held_on)
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

    def build(self, people: list[Person]) -> None:
        """Everyone's requests, bookings and conversations, from one shuffled order."""
        self.people = people
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

    def the_persons_conversation(self, me: Person) -> Conversation:
        """Margaret Ellis met `practitioner` at the library about three weeks ago; her daughter asked for her."""
        practitioner = self.staff.practitioner
        hs = self.hubs.slots["library"]
        index = hs.first_free(after=self.now - dt.timedelta(days=21), before=self.now - dt.timedelta(days=7))
        if index is None:
            raise CommandError("The library has no sessions in the last three weeks; check the demo's hub plan.")
        slot = hs.slots[index]
        first_contact = slot.starts_at - dt.timedelta(days=6, hours=3)
        request = self.new_request(me, at=first_contact, hub_key="library", status=ConversationRequest.Status.HELD)
        request.asked_by, request.channel, request.taken_by = "on_behalf", "online", None
        request.requester_name, request.requester_relationship = "Susan Ellis", "Daughter"
        request.on_their_mind = "Mum has been more wobbly on her feet since the winter and won't go out on her own."
        request.preferred_hub = self.hubs.hubs["library"]
        self.book(request, "library", index, at=first_contact + dt.timedelta(hours=1))
        conversation = self.record(me, request, slot, self.hubs.hubs["library"], practitioner=practitioner)
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
                                                   saved_by=practitioner, saved_at=conversation.created_at))
        follow_up = next(f for f in self.follow_ups if f.conversation is conversation)
        follow_up.answered_at, follow_up.useful, follow_up.difference, follow_up.anything_else = None, "", "", ""
        return conversation

    def save(self) -> None:
        """After the people are saved."""
        ConversationRequest.objects.bulk_create(self.requests, batch_size=500)
        Booking.objects.bulk_create(self.bookings, batch_size=500)
        Conversation.objects.bulk_create(self.conversations, batch_size=500)
        ConversationRevision.objects.bulk_create(self.revisions, batch_size=500)
        FollowUp.objects.bulk_create(self.follow_ups, batch_size=500)

    def summary(self) -> dict[str, Any]:
        library = self.hubs.hubs["library"]
        return {
            "requests": len(self.requests),
            "statuses": Counter(r.status for r in self.requests),
            "bookings": sum(1 for b in self.bookings if b.cancelled_at is None),
            "conversations": len(self.conversations),
            "answered": sum(1 for f in self.follow_ups if f.answered_at is not None),
            "by_practitioner": sum(1 for c in self.conversations if c.practitioner is self.staff.practitioner),
            "library_today": sum(
                1 for b in self.bookings
                if b.cancelled_at is None and b.slot.hub_id == library.pk
                and timezone.localtime(b.slot.starts_at, self.tz).date() == self.today
            ),
        }
