"""The demo area's Shared Lives carers, people looking for a match, and visits. All fictional."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.utils import timezone

from carecommons.core.models import Postcode
from carecommons.people.models import Person
from carecommons.relationships.models import (
    Arrangement,
    ArrangementEvent,
    Carer,
    MatchRound,
    Proposal,
    Seeker,
    Visit,
)
from carecommons.relationships.services import set_masks
from carecommons.rules import matching, places

FIRST = ("Sam", "Alex", "Jo", "Pat", "Chris", "Kim", "Lee", "Robin", "Jess", "Amir", "Nia", "Tom", "Priti", "Olu", "Marta", "Ewan")
LAST = ("Green", "Carter", "Patel", "Hughes", "Okoro", "Walsh", "Nowak", "Khan", "Evans", "Reid", "Sharma", "Price")


def wipe() -> None:
    for model in (ArrangementEvent, Arrangement, Proposal, MatchRound, Visit, Seeker, Carer):
        model._default_manager.all().delete()


def _sample(rng: random.Random, vocabulary: tuple[str, ...], k: int) -> list[str]:
    return rng.sample(list(vocabulary), k)


def _placed(profile: Carer | Seeker, known: list[tuple[str, float, float]]) -> None:
    """Put a profile at the nearest loaded postcode (the demo's are fictional: `make demo` loads them first); without
    any loaded, it keeps its drawn place and no postcode. Draws nothing, so the rest of the demo is as before."""
    if not known:
        return
    here = (profile.latitude, profile.longitude)
    profile.postcode, profile.latitude, profile.longitude = min(known, key=lambda k: places.haversine_km(here, (k[1], k[2])))


def build(*, seed: int, today: dt.date, people: list[Person], me: Person, providers: list[str]) -> dict[str, int]:
    rng = random.Random(seed * 7 + 11)
    lat0, lon0 = settings.CARECOMMONS["MARKET"]["AREA_CENTRE"]
    now = timezone.now()
    known = list(Postcode.objects.values_list("postcode", "latitude", "longitude"))
    carers = []
    for i in range(40):
        kind = ("shared_lives", "shared_lives", "homeshare", "personal_assistant")[i % 4]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} (fictional)"
        carer = Carer(kind=kind, name=name, latitude=lat0 + rng.uniform(-0.12, 0.12), longitude=lon0 + rng.uniform(-0.2, 0.2),
                      max_km=rng.choice((8, 10, 15)), offers=rng.sample(["live_in", "short_breaks", "day_support", "hours"], 2),
                      can_meet=_sample(rng, matching.NEEDS, 6), household=_sample(rng, matching.TRAITS, rng.randint(0, 2)),
                      household_will_not_accept=_sample(rng, ("smoker", "pets"), rng.randint(0, 1)),
                      interests=_sample(rng, matching.INTERESTS, 4), languages=["english", *_sample(rng, matching.LANGUAGES[1:], rng.randint(0, 1))],
                      faith=rng.choice(matching.FAITHS), about="We love a busy house and Sunday dinners. (fictional)",
                      capacity=1 if kind != "shared_lives" else rng.choice((1, 1, 2)),
                      approved_until=today + dt.timedelta(days=rng.randint(-30, 600)), checks_until=today + dt.timedelta(days=rng.randint(30, 900)),
                      created_at=now)
        _placed(carer, known)
        set_masks(carer)
        carers.append(carer)
    Carer.objects.bulk_create(carers)
    looking = [p for p in people if p.pk != me.pk and p.date_of_birth][:36]
    seekers = []
    for i, person in enumerate(looking):
        kind = ("shared_lives", "shared_lives", "homeshare", "personal_assistant")[i % 4]
        seeker = Seeker(person=person, kind=kind, latitude=lat0 + rng.uniform(-0.1, 0.1), longitude=lon0 + rng.uniform(-0.18, 0.18),
                        max_km=rng.choice((8, 10, 15)), wants=[rng.choice(["live_in", "short_breaks", "day_support", "hours"])],
                        needs=_sample(rng, matching.NEEDS, rng.randint(0, 2)), about_me=_sample(rng, ("smoker", "pets"), rng.randint(0, 1)),
                        never=_sample(rng, ("dogs", "cats", "children_at_home"), rng.randint(0, 1)),
                        interests=_sample(rng, matching.INTERESTS, 4), languages=["english"], faith=rng.choice(matching.FAITHS),
                        faith_matters=rng.random() < 0.2, what_matters="Being part of a family, and keeping my Tuesday club. (fictional)",
                        created_at=now)
        _placed(seeker, known)
        set_masks(seeker)
        seekers.append(seeker)
    Seeker.objects.bulk_create(seekers)
    _visits(rng, people=people, me=me, providers=providers or ["Vale Home Support (fictional)"], now=now)
    return {"carers": len(carers), "seekers": len(seekers), "visits": Visit.objects.count()}


def _visits(rng: random.Random, *, people: list[Person], me: Person, providers: list[str], now: Any) -> None:
    """Four weeks of home care visits: most people see a small team; some see a stream of strangers."""
    rows = []
    receiving = [me, *[p for p in people if p.pk != me.pk][40:70]]
    for n, person in enumerate(receiving):
        provider = providers[n % len(providers)]
        strangers = n % 5 == 4
        team = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(14 if strangers else 3)]
        for day in range(28):
            for hour in (8, 18):
                worker = rng.choice(team) if strangers else team[0] if rng.random() < 0.6 else rng.choice(team)
                rows.append(Visit(person=person, worker=worker, provider=provider, minutes=30,
                                  starts_at=now - dt.timedelta(days=day, hours=now.hour - hour, minutes=now.minute)))
    Visit.objects.bulk_create(rows, batch_size=2000)
