"""Patterns: which care provider and place a concern is about (the one writer), the safeguarding team's counts by
provider and by place, and the counts commissioners see on the market's pages.

Nothing here opens a concern: the team's pages link to each one, opened through `access.access_concern` as usual;
the market's pages get counts only, suppressed by `rules.safeguarding.provider_concern_counts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from carecommons.market.models import Location, Provider
from carecommons.people.roles import display_name
from carecommons.rules.dated import months_after
from carecommons.rules.safeguarding import (
    ConcernFacts,
    PatternCheck,
    PatternGroup,
    ProviderConcernCounts,
    Route,
    State,
    check_place_name,
    pattern_check,
    pattern_groups,
    place_key,
    provider_concern_counts,
)
from carecommons.safeguarding.models import Concern, ConcernEvent

PERIODS = (3, 6, 12, 24)  # months the team may choose on the patterns page
DEFAULT_MONTHS = 12
COMMISSIONER_MONTHS = 12


class PlaceInvalid(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@transaction.atomic
def concern_place_link(*, concern: Concern, user: Any, provider: Provider | None, location: Location | None,
                       place_name: str) -> Concern:
    """Say which care provider, registered place or other place a concern is about (or none: every argument
    empty), at triage or afterwards, in any state. A registered place brings its provider. Kept as a `ConcernEvent`
    naming who. It changes nothing the triage decided, so it does not move the concern's version."""
    problems = check_place_name(place_name)
    if location is not None and provider is not None and location.provider_id != provider.pk:
        problems["provider"] = "That place belongs to another provider"
    if problems:
        raise PlaceInvalid(problems)
    if location is not None:
        provider = location.provider
    name = " ".join(place_name.split())
    Concern.objects.filter(pk=concern.pk).update(provider=provider, provider_location=location, place_name=name,
                                                 place_key=place_key(name))
    ConcernEvent.objects.create(concern=concern, at=timezone.now(), user=user, user_name=display_name(user),
                                action=ConcernEvent.Action.PLACE_LINKED, purpose="change")
    return Concern.objects.select_related("person", "provider", "provider_location").get(pk=concern.pk)


# --- The safeguarding team's patterns page -------------------------------------------------------------------------

def period_start(*, months: int, now: dt.datetime) -> dt.datetime:
    return months_after(now, -months)


def _facts(row: dict[str, Any]) -> ConcernFacts:
    return ConcernFacts(id=row["id"], raised_on=timezone.localtime(row["raised_at"]).date(), state=State(row["state"]),
                        route=row["route"], abuse_types=tuple(row["abuse_types"] or ()))


@dataclass(frozen=True)
class Patterns:
    by_provider: tuple[PatternGroup, ...]
    by_place: tuple[PatternGroup, ...]
    since: dt.datetime
    concerns: int  # concerns in the period about a provider or place


def patterns(*, since: dt.datetime) -> Patterns:
    """Concerns raised since `since` about a provider or a place, grouped each way. Two queries: the concerns'
    facts (no names, nothing of what happened), then the names of the providers and places they are about."""
    rows = list(Concern.objects.filter(raised_at__gte=since).filter(Q(provider__isnull=False) | ~Q(place_key=""))
                .values("id", "raised_at", "state", "route", "abuse_types", "provider_id", "provider_location_id",
                        "place_name", "place_key").order_by("-raised_at", "-id"))
    providers: dict[int, list[ConcernFacts]] = {}
    places: dict[str, list[ConcernFacts]] = {}
    place_names: dict[str, str] = {}
    for row in rows:
        facts = _facts(row)
        if row["provider_id"] is not None:
            providers.setdefault(row["provider_id"], []).append(facts)
        if row["provider_location_id"] is not None:
            key = f"location-{row['provider_location_id']}"
        elif row["place_key"]:
            key = f"place-{row['place_key']}"
            place_names.setdefault(key, row["place_name"])  # the newest spelling
        else:
            continue
        places.setdefault(key, []).append(facts)
    location_ids = [int(k.removeprefix("location-")) for k in places if k.startswith("location-")]
    names = {f"location-{pk}": f"{name}, {town or postcode}" if (town or postcode) else name
             for pk, name, town, postcode in Location.objects.filter(pk__in=location_ids)
             .values_list("pk", "name", "city", "postcode")}
    provider_names = dict(Provider.objects.filter(pk__in=list(providers)).values_list("pk", "name"))
    by_provider = pattern_groups({str(pk): (provider_names.get(pk, "A provider no longer listed"), facts)
                                  for pk, facts in providers.items()})
    by_place = pattern_groups({key: (names.get(key) or place_names.get(key, "A place no longer listed"), facts)
                               for key, facts in places.items()})
    return Patterns(by_provider, by_place, since, len(rows))


def concerns_in_group(*, since: dt.datetime, provider_id: int | None = None, location_id: int | None = None,
                      place: str = "") -> Any:
    """The concerns of one row of the patterns page, newest first."""
    found = Concern.objects.filter(raised_at__gte=since)
    if provider_id is not None:
        return found.filter(provider_id=provider_id).order_by("-raised_at", "-id")
    if location_id is not None:
        return found.filter(provider_location_id=location_id).order_by("-raised_at", "-id")
    return found.filter(place_key=place, provider_location__isnull=True).exclude(place_key="").order_by(
        "-raised_at", "-id")


def patterns_of(concern: Concern, *, now: dt.datetime) -> list[tuple[str, PatternCheck]]:
    """The pattern check for the provider and for the place a concern is now about (the default period), so the
    practitioner who links it is told at once when it makes a possible pattern."""
    since = period_start(months=DEFAULT_MONTHS, now=now)
    found: list[tuple[str, PatternCheck]] = []
    groups = []
    if concern.provider_id is not None:
        groups.append((concern.provider.name if concern.provider else "", Q(provider_id=concern.provider_id)))
    if concern.provider_location_id is not None:
        location = concern.provider_location
        groups.append((location.name if location else "", Q(provider_location_id=concern.provider_location_id)))
    elif concern.place_key:
        groups.append((concern.place_name, Q(place_key=concern.place_key, provider_location__isnull=True)))
    for name, condition in groups:
        days = [timezone.localtime(at).date() for at in Concern.objects.filter(condition, raised_at__gte=since)
                .values_list("raised_at", flat=True)]
        found.append((name, pattern_check(raised_on=days)))
    return found


# --- Counts for commissioners ---------------------------------------------------------------------------------------

def provider_counts(provider_ids: Iterable[int], *, now: dt.datetime | None = None) -> dict[int, ProviderConcernCounts]:
    """Each provider's safeguarding concerns raised in the last 12 months and how many led to a section 42 enquiry,
    suppressed for a page outside the safeguarding team: counts only, one query for any number of providers."""
    ids = list(provider_ids)
    since = period_start(months=COMMISSIONER_MONTHS, now=now or timezone.now())
    counted = {pk: (n, s42) for pk, n, s42 in Concern.objects.filter(provider_id__in=ids, raised_at__gte=since)
               .values("provider_id").annotate(n=Count("id"), s42=Count("id", filter=Q(route=Route.S42_ENQUIRY.value)))
               .values_list("provider_id", "n", "s42")} if ids else {}
    return {pk: provider_concern_counts(concerns=counted.get(pk, (0, 0))[0], s42=counted.get(pk, (0, 0))[1])
            for pk in ids}
