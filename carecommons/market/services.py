"""Reads and writes for the care market. Decisions come from carecommons.rules.market."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, IntegerField, Min, Q, QuerySet, Value, When
from django.db.models.functions import Cos, Power, Radians, Sin
from django.utils import timezone

from carecommons.market.models import Bid, Charge, CommissioningWeights, Location, Profile, Provider, Tender
from carecommons.rules import market as rules
from carecommons.rules.pa_pay import rate_on
from carecommons.rules.rates import WAGE_FLOORS

CARE_TYPES = {
    "care_home": "Care home (without nursing)",
    "nursing": "Care home with nursing",
    "home_care": "Care at home",
    "shared_lives": "Shared Lives",
}
RELEVANT_CHARGES = {
    True: (Charge.Kind.WEEKLY_FEE, Charge.Kind.DEPOSIT, Charge.Kind.TOP_UP, Charge.Kind.EXTRA, Charge.Kind.AFTER_DEATH),
    False: (Charge.Kind.HOURLY_RATE, Charge.Kind.EXTRA),
}


class MarketError(Exception):
    """Something that cannot be done; the message says why in plain English."""


def config() -> dict[str, Any]:
    return dict(settings.CARECOMMONS["MARKET"])


def today() -> dt.date:
    return timezone.localdate()


def stale(location: Location) -> bool:
    return rules.rating_out_of_date(location.rating_published_on, today=today(), max_age_days=config()["RATING_MAX_AGE_DAYS"])


def profile_of(provider: Provider) -> Profile:
    profile = Profile.objects.filter(provider=provider).first()
    return profile if profile is not None else Profile(provider=provider, updated_at=timezone.now())


def completeness(provider: Provider, profile: Profile | None = None, locations: list[Location] | None = None) -> int:
    """The share of what a provider could publish that it has: profile facts, and each kind of charge per location."""
    profile = profile or profile_of(provider)
    locations = locations if locations is not None else list(provider.locations.prefetch_related("charges"))
    published = len(profile.published())
    possible = len(Profile.FIELDS)
    for loc in locations:
        kinds = {c.kind for c in loc.charges.all()}
        relevant = RELEVANT_CHARGES[loc.care_home]
        possible += len(relevant)
        published += sum(1 for k in relevant if k in kinds)
    return round(100 * published / possible) if possible else 0


# --- Choosing care ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Search:
    place: str = ""
    care_type: str = ""
    rating: str = ""
    max_weekly: int | None = None  # pence
    legal_form: str = ""
    who_pays: str = ""  # "council", "self", or "" (not sure: prices are compared as a self-funder pays them)
    sort: str = ""  # "" by name, "price" lowest first (as the reader pays), "rating" best first, "distance" nearest first
    who_for: str = ""  # a CQC service user band, as CQC spells it
    free_places_since: dt.date | None = None  # only places that said they had a free place on or after this day
    near: tuple[float, float] | None = None  # where the reader's postcode is (latitude, longitude), for distances


def search(s: Search) -> QuerySet[Location]:
    """Places matching the search, by name. Every filter reads an indexed column of the location itself."""
    qs = Location.objects.filter(dormant=False).select_related("provider", "provider__profile")
    if s.place:
        place = s.place.strip()
        key = place.lower()
        qs = qs.filter(Q(area_key=key) | Q(city_key=key) | Q(postcode__startswith=place.upper()))
    if s.care_type == "care_home":
        qs = qs.filter(care_home=True, nursing=False)
    elif s.care_type == "nursing":
        qs = qs.filter(care_home=True, nursing=True)
    elif s.care_type == "home_care":
        qs = qs.filter(home_care=True)
    elif s.care_type == "shared_lives":
        qs = qs.filter(shared_lives=True)
    if s.rating == "good_or_better":
        qs = qs.filter(rating__in=["Outstanding", "Good"])
    elif s.rating in rules.RATINGS:
        qs = qs.filter(rating=s.rating)
    if s.max_weekly is not None:
        qs = qs.filter(lowest_weekly__lte=s.max_weekly) if s.who_pays == "council" else qs.filter(lowest_weekly_self__lte=s.max_weekly)
    if s.who_for:  # the band's name, quoted, inside the stored list: exact names only, on SQLite and PostgreSQL alike
        qs = qs.filter(user_bands__icontains=json.dumps(s.who_for))
    if s.free_places_since is not None:
        qs = qs.filter(vacancies__gt=0, vacancies_on__gte=s.free_places_since)
    if s.legal_form:
        qs = qs.filter(provider__profile__legal_form=s.legal_form)
    if s.near is not None:
        qs = qs.annotate(distance_h=_haversine_h(*s.near))
        if s.sort == "distance":
            return qs.order_by(F("distance_h").asc(nulls_last=True), "name", "pk")
    if s.sort == "price":
        price = "lowest_weekly" if s.who_pays == "council" else "lowest_weekly_self"
        return qs.order_by(F(price).asc(nulls_last=True), F("lowest_hourly").asc(nulls_last=True), "name", "pk")
    if s.sort == "rating":
        best = Case(*(When(rating=r, then=Value(i)) for i, r in enumerate(("Outstanding", "Good", "Requires improvement", "Inadequate"))),
                    default=Value(9), output_field=IntegerField())
        return qs.order_by(best, "name", "pk")
    return qs.order_by("name", "pk")


def _haversine_h(latitude: float, longitude: float) -> Any:
    """The haversine of the angle between a place and a point, worked out by the database: it rises with the
    great-circle distance, so ordering by it orders by distance (the miles shown come from `rules.places`).
    A place without a latitude gets none, and comes last."""
    import math

    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = Radians(F("latitude")), Radians(F("longitude"))
    return (Power(Sin((lat2 - Value(lat1)) / Value(2.0)), 2)
            + Value(math.cos(lat1)) * Cos(lat2) * Power(Sin((lon2 - Value(lon1)) / Value(2.0)), 2))


def charges_by_kind(location: Location) -> dict[str, list[Charge]]:
    grouped: dict[str, list[Charge]] = defaultdict(list)
    for c in location.charges.all():
        grouped[c.kind].append(c)
    return grouped


# --- Provider profiles -----------------------------------------------------------------------

@transaction.atomic
def profile_save(*, provider: Provider, fields: dict[str, Any], by_name: str) -> Profile:
    profile = profile_of(provider)
    for name in Profile.FIELDS:
        if name in fields:
            setattr(profile, name, fields[name])
    for name in ("ownership_chain",):
        if name in fields:
            setattr(profile, name, fields[name])
    profile.updated_at, profile.updated_by_name = timezone.now(), by_name[:150]
    profile.checked_by, profile.checked_at = None, None  # a change needs checking again
    profile.save()
    return profile


@transaction.atomic
def profile_check(*, provider: Provider, user: Any) -> Profile:
    profile = profile_of(provider)
    if profile.pk is None:
        raise MarketError("This provider has not published a profile yet, so there is nothing to check.")
    profile.checked_by, profile.checked_at = user, timezone.now()
    profile.save(update_fields=["checked_by", "checked_at"])
    return profile


@transaction.atomic
def profile_link(*, provider: Provider, by: Any = None) -> Profile:
    """Make the provider's private link to publish its profile, or replace it: the old link stops working at once.

    The new link works for `CARECOMMONS["MARKET"]["PROFILE_LINK_MONTHS"]` months; who made it, and when, is kept.
    """
    profile = profile_of(provider)
    profile.edit_token = secrets.token_urlsafe(24)
    profile.link_made_at = timezone.now()
    profile.link_made_by = by
    profile.save()
    return profile


def profile_link_expires(profile: Profile) -> dt.datetime:
    return rules.profile_link_expires(made_at=profile.link_made_at, months=_link_months())


def profile_link_open(profile: Profile, *, now: dt.datetime) -> bool:
    return rules.profile_link_open(made_at=profile.link_made_at, months=_link_months(), now=now)


def _link_months() -> int:
    return int(settings.CARECOMMONS["MARKET"]["PROFILE_LINK_MONTHS"])


VACANCIES_CURRENT_DAYS = 14  # free places a provider told us about longer ago than this are not searched on


def vacancies_set(*, location: Location, count: int, on: dt.date) -> Location:
    """The provider says how many places are free now; kept with the date it said so."""
    if not 0 <= count <= 1000:
        raise MarketError("Enter the number of free places, from 0 to 1,000")
    location.vacancies, location.vacancies_on = count, on
    location.save(update_fields=["vacancies", "vacancies_on"])
    return location


def vacancies_current(location: Location, *, today: dt.date) -> bool:
    return location.vacancies_on is not None and (today - location.vacancies_on).days <= VACANCIES_CURRENT_DAYS


def charge_add(*, location: Location, kind: str, description: str, amount: int, per: str, self_funder_only: bool) -> Charge:
    if kind not in Charge.Kind.values:
        raise MarketError("Choose what kind of charge it is")
    if not description.strip():
        raise MarketError("Say what the charge is for")
    return Charge.objects.create(location=location, kind=kind, description=description.strip()[:200], amount=amount, per=per,
                                 self_funder_only=self_funder_only)


def charge_remove(*, location: Location, charge_id: int) -> None:
    deleted, _ = Charge.objects.filter(location=location, pk=charge_id).delete()
    if not deleted:
        raise MarketError("That charge has already been taken off")


# --- The scorecard ---------------------------------------------------------------------------

def weights() -> CommissioningWeights:
    return CommissioningWeights.objects.first() or CommissioningWeights()


def facts_for(provider: Provider) -> rules.ProviderFacts:
    profile = profile_of(provider)
    locations = list(provider.locations.prefetch_related("charges"))
    rated = [loc for loc in locations if loc.rating]
    worst = min(rated, key=lambda loc: rules.RATINGS.index(loc.rating) * -1, default=None)
    rlw = rate_on(WAGE_FLOORS.real_living_wage_uk, today())
    return rules.ProviderFacts(
        name=provider.name, lowest_hourly_pay=profile.lowest_hourly_pay, real_living_wage=rlw.pence if rlw else 0,
        sick_pay_above_statutory=profile.sick_pay_above_statutory, guaranteed_hours_offered=profile.guaranteed_hours_offered,
        paid_training=profile.paid_training, recognises_union=profile.recognises_union, ethical_care_charter=profile.ethical_care_charter,
        profile_completeness=completeness(provider, profile, locations), tax_residence=profile.tax_residence,
        legal_form=profile.legal_form, local=profile.head_office_local, employees=profile.employees,
        rating=worst.rating if worst else "", rating_out_of_date=stale(worst) if worst else True, places_rated=len(rated),
        social_value=profile.social_value)


def scorecard_for(provider: Provider) -> rules.Scorecard:
    return rules.scorecard(facts_for(provider), weights().scorecard_weights())


@transaction.atomic
def weights_save(*, values: dict[str, int], user: Any) -> CommissioningWeights:
    w = CommissioningWeights.objects.select_for_update().first() or CommissioningWeights()
    if sum(values[k] for k in CommissioningWeights.SCORECARD) <= 0:
        raise MarketError("At least one scorecard weight must be more than 0")
    if values["tender_price"] + values["tender_quality"] + values["tender_ethics"] != 100:
        raise MarketError("The tender weights for price, quality and ethics must add up to 100")
    for k, v in values.items():
        setattr(w, k, v)
    w.updated_at, w.updated_by = timezone.now(), user
    w.save()
    return w


# --- Market fragility ------------------------------------------------------------------------

def capacity_by_provider(local_authority: str, care_type: str) -> dict[str, int]:
    qs = search(Search(place="", care_type=care_type)).filter(area_key=local_authority.lower())
    capacity: dict[str, int] = defaultdict(int)
    for loc in qs:
        capacity[loc.provider.name] += loc.beds or 0 if loc.care_home else 1
    return dict(capacity)


def concentration_table() -> list[dict[str, Any]]:
    c = config()
    areas = sorted(set(Location.objects.filter(dormant=False).exclude(local_authority="").values_list("local_authority", flat=True)))
    rows = []
    for area in areas:
        for care_type, words in CARE_TYPES.items():
            capacity = capacity_by_provider(area, care_type)
            if not capacity:
                continue
            result = rules.concentration(capacity, moderate_from=c["HHI_MODERATE"], high_from=c["HHI_HIGH"])
            rows.append({"area": area, "care_type": words, "measure": "beds" if care_type in ("care_home", "nursing") else "locations",
                         "result": result})
    return rows


@dataclass(frozen=True)
class Exit:
    provider: Provider
    locations: list[Location]
    beds: int
    people: list[Any]
    hours_a_week: int | None  # None when the provider publishes no hourly rate to work it out from
    alternatives: list[tuple[Location, float | None]]


def if_it_leaves(provider: Provider) -> Exit:
    """What the area loses if this provider leaves: its beds and locations, the people in Care Commons whose plans
    name it, the weekly hours of their paid support, and the nearest other capacity of the same kind."""
    from carecommons.budgets.models import PlanItem

    locations = list(provider.locations.filter(dormant=False))
    names = {provider.name.lower(), *(loc.name.lower() for loc in locations)}
    named = Q()
    for name in names:
        named |= Q(supplier__iexact=name)
    affected = list(PlanItem.objects.filter(named, met_by=PlanItem.MetBy.PAID, plan__status="agreed").select_related("plan__person"))
    people = sorted({i.plan.person for i in affected}, key=lambda p: p.full_name)
    rate = Charge.objects.filter(location__provider=provider, kind=Charge.Kind.HOURLY_RATE, amount__gt=0).aggregate(r=Min("amount"))["r"]
    weekly = sum(i.weekly_cost for i in affected if i.paid_kind == "provider")
    hours = round(weekly / rate) if rate and weekly else (0 if not weekly else None)
    others = list(Location.objects.filter(dormant=False, care_home__in={loc.care_home for loc in locations})
                  .exclude(provider=provider).select_related("provider"))
    alternatives = []
    for other in others:
        distance = _nearest_km(other, locations)
        alternatives.append((other, distance))
    alternatives.sort(key=lambda pair: (pair[1] is None, pair[1] or 0, pair[0].name))
    return Exit(provider, locations, sum(loc.beds or 0 for loc in locations), people, hours, alternatives[:5])


def _nearest_km(other: Location, locations: list[Location]) -> float | None:
    distances = [rules.km_between((loc.latitude, loc.longitude), (other.latitude, other.longitude)) for loc in locations
                 if None not in (loc.latitude, loc.longitude, other.latitude, other.longitude)]
    return min(distances) if distances else None


# --- Tenders ---------------------------------------------------------------------------------

@transaction.atomic
def tender_create(*, title: str, description: str, local_authority: str, value_estimate: int, user: Any) -> Tender:
    w = weights()
    return Tender.objects.create(title=title.strip(), description=description.strip(), local_authority=local_authority.strip(),
                                 value_estimate=value_estimate, price_weight=w.tender_price, quality_weight=w.tender_quality,
                                 ethics_weight=w.tender_ethics, created_by=user, created_at=timezone.now())


@transaction.atomic
def bid_add(*, tender: Tender, provider: Provider, price: int, quality: int, quality_notes: str) -> Bid:
    locked = Tender.objects.select_for_update().get(pk=tender.pk)
    if locked.status == Tender.Status.AWARDED:
        raise MarketError("This tender has been awarded, so no more bids can be added")
    if Bid.objects.filter(tender=locked, provider=provider).exists():
        raise MarketError(f"{provider.name} has already bid")
    if not 0 <= quality <= 100:
        raise MarketError("The quality score is out of 100")
    if price <= 0:
        raise MarketError("Enter a price above £0")
    if len(quality_notes.strip()) < 10:
        raise MarketError("Write down why the bid got that quality score")
    locked.status = Tender.Status.OPEN
    locked.save(update_fields=["status"])
    return Bid.objects.create(tender=locked, provider=provider, price=price, quality=quality, quality_notes=quality_notes.strip())


@transaction.atomic
def tender_evaluate(*, tender: Tender) -> list[Bid]:
    locked = Tender.objects.select_for_update().get(pk=tender.pk)
    if locked.status == Tender.Status.AWARDED:
        raise MarketError("This tender has already been awarded")
    bids = list(locked.bids.select_related("provider"))
    if not bids:
        raise MarketError("Add at least one bid before evaluating")
    ethics = {b.pk: scorecard_for(b.provider) for b in bids}
    results = rules.evaluate([rules.Bid(str(b.pk), b.price, b.quality, ethics[b.pk].score) for b in bids],
                             price_weight=locked.price_weight, quality_weight=locked.quality_weight, ethics_weight=locked.ethics_weight)
    by_id = {b.pk: b for b in bids}
    for r in results:
        bid = by_id[int(r.bidder)]
        bid.ethics, bid.total, bid.rank = float(ethics[bid.pk].score), float(r.total), r.rank
        bid.reasons = list(r.reasons)
        bid.save(update_fields=["ethics", "total", "rank", "reasons"])
    locked.status = Tender.Status.EVALUATED
    locked.save(update_fields=["status"])
    return sorted(bids, key=lambda b: b.rank or 0)


def award_check(*, tender: Tender, bid: Bid, reasons: str) -> None:
    """Raise MarketError if the bid cannot be awarded with these reasons (asked before the confirmation page, and again on award)."""
    if tender.status != Tender.Status.EVALUATED:
        raise MarketError("Evaluate the bids before awarding" if tender.status == Tender.Status.OPEN else "This tender has already been awarded")
    if bid.tender_id != tender.pk:
        raise MarketError("That bid is not for this tender")
    if bid.rank != 1 and len(reasons.strip()) < 20:
        raise MarketError("This bid did not score highest: give the reasons for awarding it anyway, in full")
    if len(reasons.strip()) < 10:
        raise MarketError("Give the reasons for the award")


@transaction.atomic
def tender_award(*, tender: Tender, bid: Bid, reasons: str, user: Any) -> Tender:
    locked = Tender.objects.select_for_update().get(pk=tender.pk)
    award_check(tender=locked, bid=bid, reasons=reasons)
    locked.awarded_to, locked.awarded_at, locked.award_reasons, locked.status = bid, timezone.now(), reasons.strip(), Tender.Status.AWARDED
    locked.save()
    return locked
# --- Children's placements -------------------------------------------------------------------

@dataclass(frozen=True)
class SettingRow:
    setting: Any
    summary: rules.PlacementSummary
    stale: bool


def childrens_table() -> tuple[list[SettingRow], rules.PlacementSummary]:
    from carecommons.market.models import ChildrensSetting

    c = config()
    now = today()
    rows, everyone = [], []
    for setting in ChildrensSetting.objects.prefetch_related("placements"):
        live = [p for p in setting.placements.all() if p.started_on <= now and (p.ended_on is None or p.ended_on > now)]
        pairs = [(p.weekly_fee, rules.km_between((p.home_latitude, p.home_longitude), (setting.latitude, setting.longitude)))
                 for p in live if setting.latitude is not None and setting.longitude is not None]
        everyone += pairs
        rows.append(SettingRow(setting, rules.placement_summary(pairs, far_km=c["FAR_KM"]),
                               rules.rating_out_of_date(setting.ofsted_rated_on, today=now, max_age_days=c["RATING_MAX_AGE_DAYS"])))
    rows.sort(key=lambda r: (-r.summary.weekly_spend, r.setting.name))
    return rows, rules.placement_summary(everyone, far_km=c["FAR_KM"])


@transaction.atomic
def childrens_setting_add(**fields: Any) -> Any:
    from carecommons.market.models import ChildrensSetting

    if not str(fields.get("name", "")).strip() or not str(fields.get("operator", "")).strip():
        raise MarketError("Enter the name and who runs it")
    return ChildrensSetting.objects.create(created_at=timezone.now(), **fields)


@transaction.atomic
def placement_add(*, setting: Any, reference: str, started_on: dt.date, weekly_fee: int) -> Any:
    """Record a child's placement by the council's reference only. Distance is measured from the council's area."""
    from carecommons.market.models import ChildPlacement

    reference = reference.strip()
    if not reference:
        raise MarketError("Enter the placement reference")
    if ChildPlacement.objects.filter(reference=reference).exists():
        raise MarketError("A placement with that reference is already recorded")
    lat, lon = config()["AREA_CENTRE"]
    return ChildPlacement.objects.create(setting=setting, reference=reference, home_latitude=lat, home_longitude=lon,
                                         started_on=started_on, weekly_fee=weekly_fee, created_at=timezone.now())


# --- People's own feedback -------------------------------------------------------------------

FEEDBACK_RULES = (
    "We publish what you say in your own words, without your name.",
    "We do not publish names of staff or other people, anything that could identify you, or abuse.",
    "A concern about someone's safety is passed to the council's safeguarding team, not published.",
)


def feedback_add(*, location: Location, text: str, author: Any) -> Any:
    from carecommons.market.models import Feedback

    text = text.strip()
    if len(text) < 10:
        raise MarketError("Tell us a bit more: at least a sentence")
    if Feedback.objects.filter(location=location, author=author, status=Feedback.Status.WAITING).exists():
        raise MarketError("You already have feedback on this place waiting to be checked")
    return Feedback.objects.create(location=location, text=text[:4000], author=author, created_at=timezone.now())


@transaction.atomic
def feedback_moderate(*, feedback_id: int, publish: bool, reason: str, user: Any) -> Any:
    from carecommons.market.models import Feedback

    item = Feedback.objects.select_for_update().filter(pk=feedback_id, status=Feedback.Status.WAITING).first()
    if item is None:
        raise MarketError("That feedback has already been checked")
    if not publish and len(reason.strip()) < 5:
        raise MarketError("Say which rule it breaks, so the person knows why")
    item.status = Feedback.Status.PUBLISHED if publish else Feedback.Status.NOT_PUBLISHED
    item.reason, item.moderated_by, item.moderated_at = reason.strip()[:300], user, timezone.now()
    item.save()
    return item
