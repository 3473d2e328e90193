"""The demo area's six hubs, their hosts and weekly sessions, and the slots those make.

Called by `manage.py demo_area` (carecommons/demo). Nothing here is random: the same date always
gives the same slots. All the hubs and hosts are fictional.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from carecommons.hubs.models import HostOrganisation, Hub, Slot, WeeklySession
from carecommons.hubs.services import slots_generate
from carecommons.people.demo import COUNCIL, NORTH, SOUTH
from carecommons.people.models import Team

HISTORY_DAYS = 120  # slots are made from this many days ago ...
HORIZON_DAYS = 42  # ... to this many days ahead


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


@dataclass
class Hubs:
    hosts: dict[str, HostOrganisation]  # by name
    hubs: dict[str, Hub]  # by the plan's key
    slots: dict[str, HubSlots]  # by the plan's key
    slots_made: int

    @property
    def library_host(self) -> HostOrganisation:
        return self.hosts[HUBS[0].host]


def wipe() -> None:
    for model in (Slot, WeeklySession, Hub, HostOrganisation):
        model._default_manager.all().delete()


def build(*, teams: dict[str, Team], today: dt.date) -> Hubs:
    hosts: dict[str, HostOrganisation] = {}
    hubs: dict[str, Hub] = {}
    sessions = []
    for plan in HUBS:
        if plan.host not in hosts:
            hosts[plan.host] = HostOrganisation.objects.create(name=plan.host, description=plan.host_description)
        hub = Hub.objects.create(
            name=plan.name, kind=plan.kind, host=hosts[plan.host], team=teams[plan.team],
            address=plan.address, postcode=plan.postcode, getting_there=plan.getting_there,
        )
        hubs[plan.key] = hub
        for weekday, starts, ends, minutes, places in plan.sessions:
            sessions.append(WeeklySession(
                hub=hub, weekday=weekday, starts=dt.time.fromisoformat(starts), ends=dt.time.fromisoformat(ends),
                slot_minutes=minutes, places_per_slot=places,
            ))
    WeeklySession.objects.bulk_create(sessions)
    first = today - dt.timedelta(days=HISTORY_DAYS)
    slots_made = slots_generate(start=first, days=HISTORY_DAYS + HORIZON_DAYS + 1)
    hub_slots = {key: HubSlots(hub=hub) for key, hub in hubs.items()}
    by_id = {hub.pk: key for key, hub in hubs.items()}
    for slot in Slot.objects.filter(hub__in=hubs.values()).order_by("starts_at", "hub__name"):
        hs = hub_slots[by_id[slot.hub_id]]
        hs.slots.append(slot)
        hs.starts.append(slot.starts_at)
        hs.taken.append(0)
    return Hubs(hosts=hosts, hubs=hubs, slots=hub_slots, slots_made=slots_made)
