"""The care market: ratings that are out of date, concentration, ethical scorecards and tender evaluation.

Everything a commissioner decides with these rules is explained line by line, and the lines add up
to the result. Weights and thresholds are the council's, passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from carecommons.rules.dated import months_after
from carecommons.rules.money import pounds

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
LEGAL_FORMS = {
    "company": "a for-profit company",
    "charity": "a charity",
    "cic": "a community interest company",
    "cooperative": "a co-operative",
    "user_led": "a user-led organisation",
    "council": "a council service",
    "sole_trader": "a sole trader or partnership",
}
NOT_FOR_PROFIT = frozenset({"charity", "cic", "cooperative", "user_led", "council"})


class MarketError(ValueError):
    """Facts the rules cannot use; the message says why."""


def profile_link_expires(*, made_at: dt.datetime, months: int) -> dt.datetime:
    """A provider's private link to publish its profile works for `months` from when it was made."""
    return months_after(made_at, months)


def profile_link_open(*, made_at: dt.datetime, months: int, now: dt.datetime) -> bool:
    return now < profile_link_expires(made_at=made_at, months=months)


def rating_out_of_date(rated_on: dt.date | None, *, today: dt.date, max_age_days: int) -> bool:
    """A rating older than the council's limit (or none at all) is flagged, so nobody relies on it blindly."""
    return rated_on is None or (today - rated_on).days > max_age_days


# --- Concentration ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Concentration:
    hhi: int  # 0 to 10,000
    level: str  # "unconcentrated", "moderately concentrated", "highly concentrated"
    providers: int
    largest_share_percent: int
    reasons: tuple[str, ...]


def concentration(capacity_by_provider: Mapping[str, int], *, moderate_from: int = 1500, high_from: int = 2500) -> Concentration:
    """The Herfindahl-Hirschman Index of capacity shares (beds, or locations where there are no beds).

    HHI is the sum of squared percentage shares: one provider with everything scores 10,000;
    a hundred equal providers score 100. The default thresholds are those of the US Horizontal
    Merger Guidelines (2010); the council may set its own.
    """
    if any(c < 0 for c in capacity_by_provider.values()):
        raise MarketError("Capacity cannot be negative.")
    total = sum(capacity_by_provider.values())
    if not total:
        return Concentration(0, "no capacity", 0, 0, ("There is no capacity of this kind here.",))
    shares = {k: Fraction(v * 100, total) for k, v in capacity_by_provider.items() if v}
    hhi = round(sum(s * s for s in shares.values()))
    level = "highly concentrated" if hhi >= high_from else "moderately concentrated" if hhi >= moderate_from else "unconcentrated"
    largest_name, largest = max(shares.items(), key=lambda kv: (kv[1], kv[0]))
    reasons = (
        f"{len(shares)} provider{'s' if len(shares) != 1 else ''} share the capacity; the largest, {largest_name}, has "
        f"{round(largest)}%.",
        f"HHI {hhi:,}: {level} (moderately from {moderate_from:,}, highly from {high_from:,}).",
    )
    return Concentration(hhi, level, len(shares), round(largest), reasons)


# --- The ethical scorecard -------------------------------------------------------------------

CRITERIA = {
    "good_employer": "Good employer",
    "transparency": "Transparency",
    "tax": "Pays tax in the UK",
    "not_for_profit": "Not-for-profit or user-led",
    "local_small": "Local and small",
    "quality": "Quality",
    "social_value": "Social value",
}


@dataclass(frozen=True)
class ProviderFacts:
    """What the scorecard reads. None means not published, which scores nothing and says so."""

    name: str
    lowest_hourly_pay: int | None = None  # pence
    real_living_wage: int = 0  # pence, the rate in force, London or UK
    sick_pay_above_statutory: bool | None = None
    guaranteed_hours_offered: bool | None = None
    paid_training: bool | None = None
    recognises_union: bool | None = None
    ethical_care_charter: bool | None = None
    profile_completeness: int = 0  # percent
    tax_residence: str = ""  # country of the ultimate owner's tax residence
    legal_form: str = ""
    local: bool | None = None  # head office in the council's area
    employees: int | None = None
    rating: str = ""
    rating_out_of_date: bool = True
    places_rated: int = 1  # the rating read is the lowest of this many rated places
    social_value: int | None = None  # 0-100, from the council's social value assessment


@dataclass(frozen=True)
class Line:
    criterion: str
    points: Fraction  # 0 to 100
    weight: int
    contribution: Fraction  # points * weight / total weight
    why: str


@dataclass(frozen=True)
class Scorecard:
    score: Fraction  # 0 to 100
    lines: tuple[Line, ...]

    @property
    def rounded(self) -> float:
        return round(float(self.score), 1)


def _employer(f: ProviderFacts) -> tuple[Fraction, str]:
    parts: list[str] = []
    points = Fraction(0)
    if f.lowest_hourly_pay is None:
        parts.append("lowest pay not published (0 of 40)")
    elif f.real_living_wage and f.lowest_hourly_pay >= f.real_living_wage:
        points += 40
        parts.append(f"lowest pay {pounds(f.lowest_hourly_pay)} an hour is at least the Real Living Wage (40 of 40)")
    else:
        parts.append(f"lowest pay {pounds(f.lowest_hourly_pay)} an hour is below the Real Living Wage of "
                     f"{pounds(f.real_living_wage)} (0 of 40)")
    for value, words in ((f.sick_pay_above_statutory, "sick pay above the statutory minimum"),
                         (f.guaranteed_hours_offered, "guaranteed hours offered"), (f.paid_training, "paid training"),
                         (f.recognises_union, "a recognised trade union"), (f.ethical_care_charter, "signed the Ethical Care Charter")):
        if value:
            points += 12
            parts.append(f"{words} (12)")
        elif value is None:
            parts.append(f"{words}: not published (0)")
        else:
            parts.append(f"no {words} (0)")
    return points, "; ".join(parts)


def scorecard(f: ProviderFacts, weights: Mapping[str, int]) -> Scorecard:
    """Each criterion scored 0-100 with its reason, weighted by the council; the lines add up to the score."""
    if set(weights) - set(CRITERIA):
        raise MarketError(f"Unknown criteria: {', '.join(sorted(set(weights) - set(CRITERIA)))}.")
    if any(w < 0 for w in weights.values()) or not sum(weights.values()):
        raise MarketError("Weights must be zero or more, and at least one more than zero.")
    total_weight = sum(weights.values())
    scored: dict[str, tuple[Fraction, str]] = {"good_employer": _employer(f)}
    scored["transparency"] = (Fraction(max(0, min(100, f.profile_completeness))),
                              f"{f.profile_completeness}% of the transparency profile is published" if f.profile_completeness
                              else "nothing in the transparency profile is published")
    if not f.tax_residence:
        scored["tax"] = (Fraction(0), "the ultimate owner's tax residence is not published")
    elif f.tax_residence.strip().lower() in ("united kingdom", "uk", "england", "wales", "scotland", "northern ireland"):
        scored["tax"] = (Fraction(100), "the ultimate owner is tax resident in the UK")
    else:
        scored["tax"] = (Fraction(0), f"the ultimate owner is tax resident in {f.tax_residence}")
    if not f.legal_form:
        scored["not_for_profit"] = (Fraction(0), "the legal form is not published")
    elif f.legal_form in NOT_FOR_PROFIT:
        scored["not_for_profit"] = (Fraction(100), f"it is {LEGAL_FORMS[f.legal_form]}")
    else:
        scored["not_for_profit"] = (Fraction(0), f"it is {LEGAL_FORMS.get(f.legal_form, f.legal_form)}")
    local_points = Fraction((50 if f.local else 0) + (50 if f.employees is not None and f.employees < 50 else 0))
    scored["local_small"] = (local_points, "; ".join((
        "head office in the area" if f.local else "head office not in the area" if f.local is False else "head office not published",
        f"{f.employees} employees (small is under 50)" if f.employees is not None else "size not published")))
    quality = {"Outstanding": 100, "Good": 75, "Requires improvement": 25, "Inadequate": 0}.get(f.rating)
    if quality is None:
        scored["quality"] = (Fraction(0), "not yet rated by the Care Quality Commission")
    else:
        stale = f.rating_out_of_date
        which = f"its lowest-rated place of {f.places_rated} is rated {f.rating}" if f.places_rated > 1 else f"rated {f.rating}"
        scored["quality"] = (Fraction(quality, 2) if stale else Fraction(quality),
                             which + (" but the rating is out of date, so it counts half" if stale else ""))
    scored["social_value"] = ((Fraction(max(0, min(100, f.social_value))), f"social value assessed at {f.social_value} of 100")
                              if f.social_value is not None else (Fraction(0), "social value not assessed"))
    lines = tuple(
        Line(CRITERIA[key], points, weights.get(key, 0), points * weights.get(key, 0) / total_weight, why)
        for key, (points, why) in scored.items() if weights.get(key, 0)
    )
    return Scorecard(sum((line.contribution for line in lines), Fraction(0)), lines)


# --- Tender evaluation -----------------------------------------------------------------------

@dataclass(frozen=True)
class Bid:
    bidder: str
    price: int  # pence, the whole contract
    quality: int  # 0-100, from the evaluation panel's written scoring
    ethics: Fraction  # 0-100, the scorecard


@dataclass(frozen=True)
class BidResult:
    bidder: str
    price_points: Fraction
    quality_points: Fraction
    ethics_points: Fraction
    total: Fraction
    rank: int
    reasons: tuple[str, ...]


def evaluate(bids: Sequence[Bid], *, price_weight: int, quality_weight: int, ethics_weight: int) -> list[BidResult]:
    """Score bids out of 100: price (lowest price scores full marks, others in proportion), quality and ethics, weighted.

    Ties are ranked by quality, then ethics, then price, then name, so the order never depends on input order.
    """
    if not bids:
        raise MarketError("There are no bids to evaluate.")
    weights = (price_weight, quality_weight, ethics_weight)
    if any(w < 0 for w in weights) or sum(weights) != 100:
        raise MarketError("The weights for price, quality and ethics must add up to 100.")
    if any(b.price <= 0 for b in bids):
        raise MarketError("Every bid needs a price above £0.")
    if any(not 0 <= b.quality <= 100 or not 0 <= b.ethics <= 100 for b in bids):
        raise MarketError("Quality and ethics scores are out of 100.")
    lowest = min(b.price for b in bids)
    scored = []
    for b in bids:
        price_points = Fraction(lowest * 100, b.price) * price_weight / 100
        quality_points = Fraction(b.quality * quality_weight, 100)
        ethics_points = Fraction(b.ethics) * ethics_weight / 100
        scored.append((b, price_points, quality_points, ethics_points, price_points + quality_points + ethics_points))
    scored.sort(key=lambda s: (-s[4], -s[0].quality, -s[0].ethics, s[0].price, s[0].bidder))
    results = []
    for rank, (b, pp, qp, ep, total) in enumerate(scored, start=1):
        reasons = (
            f"Price {pounds(b.price)}: {float(pp):.1f} of {price_weight} (the lowest price, {pounds(lowest)}, scores full marks; "
            "others in proportion).",
            f"Quality {b.quality} of 100: {float(qp):.1f} of {quality_weight}.",
            f"Ethics {float(b.ethics):.1f} of 100 on the scorecard: {float(ep):.1f} of {ethics_weight}.",
            f"Total {float(total):.1f} of 100, ranked {rank} of {len(bids)}.",
        )
        results.append(BidResult(b.bidder, pp, qp, ep, total, rank, reasons))
    return results


# --- Children's placements -------------------------------------------------------------------

def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (haversine), to one decimal place."""
    import math

    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return round(6371.0088 * 2 * math.asin(math.sqrt(h)), 1)


@dataclass(frozen=True)
class PlacementSummary:
    placements: int
    weekly_spend: int
    average_fee: int
    median_km: float | None
    far_away: int  # placed further than `far_km`
    reasons: tuple[str, ...]


def placement_summary(placements: Sequence[tuple[int, float]], *, far_km: float) -> PlacementSummary:
    """(weekly fee in pence, km from home) for each current placement, summed up in plain words."""
    import statistics

    if not placements:
        return PlacementSummary(0, 0, 0, None, 0, ("No children are placed here now.",))
    spend = sum(fee for fee, _ in placements)
    distances = [km for _, km in placements]
    far = sum(1 for km in distances if km > far_km)
    median = round(statistics.median(distances), 1)
    reasons = (
        f"{len(placements)} {'child is' if len(placements) == 1 else 'children are'} placed here now, at {pounds(spend)} a week in all.",
        f"Half are within {median} km of home; {far} {'is' if far == 1 else 'are'} more than {far_km:g} km away.",
    )
    return PlacementSummary(len(placements), spend, spend // len(placements), median, far, reasons)
