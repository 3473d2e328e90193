"""Contract awards as Open Contracting Data Standard (OCDS 1.1) release packages.

One contracting process per tender, one `ocid` (the council's registered prefix and the tender's
number), one release tagged "award" when the contract is awarded. Money is in pounds as OCDS
asks; Care Commons keeps pence everywhere else.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from carecommons.market.models import Tender
from carecommons.market.services import MarketError, config

LICENCE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def _money(pence: int) -> dict[str, Any]:
    return {"amount": float(Decimal(pence) / 100), "currency": "GBP"}


def _party_id(provider_cqc_id: str) -> str:
    return f"GB-CQC-{provider_cqc_id}"  # the provider's CQC number; CQC is not (yet) an org-id.guide list, so it is also named below


def ocid(tender: Tender) -> str:
    prefix = config()["OCID_PREFIX"]
    if not prefix:
        raise MarketError("Set CARECOMMONS_OCID_PREFIX to the council's registered OCDS prefix before publishing awards.")
    return f"{prefix}-tender-{tender.pk}"


def release(tender: Tender) -> dict[str, Any]:
    if tender.status != Tender.Status.AWARDED or tender.awarded_to is None or tender.awarded_at is None:
        raise MarketError("Only an awarded tender is published.")
    council = settings.CARECOMMONS["COUNCIL_NAME"]
    bids = list(tender.bids.select_related("provider").order_by("rank", "pk"))
    winner = tender.awarded_to
    parties: list[dict[str, Any]] = [{"id": "buyer", "name": council, "roles": ["buyer", "procuringEntity"]}]
    for bid in bids:
        roles = ["tenderer", "supplier"] if bid.pk == winner.pk else ["tenderer"]
        parties.append({"id": _party_id(bid.provider.cqc_id), "name": bid.provider.name, "roles": roles,
                        "additionalIdentifiers": [{"scheme": "GB-CQC", "id": bid.provider.cqc_id,
                                                   "legalName": bid.provider.name}]})
    criteria = (f"Price {tender.price_weight}%, quality {tender.quality_weight}%, ethics {tender.ethics_weight}% "
                "(the council's published ethical commissioning scorecard).")
    evaluation = " ".join(f"{b.provider.name}: {b.total:.1f} of 100, ranked {b.rank}." for b in bids if b.total is not None)
    return {
        "ocid": ocid(tender),
        "id": f"{ocid(tender)}-award-{tender.awarded_at:%Y%m%dT%H%M%S}",
        "date": tender.awarded_at.isoformat(),
        "tag": ["award"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": {"id": "buyer", "name": council},
        "tender": {
            "id": f"tender-{tender.pk}",
            "title": tender.title,
            "description": tender.description,
            "status": "complete",
            "value": _money(tender.value_estimate),
            "procuringEntity": {"id": "buyer", "name": council},
            "awardCriteria": "ratedCriteria",
            "awardCriteriaDetails": criteria,
            "numberOfTenderers": len(bids),
            "tenderers": [{"id": _party_id(b.provider.cqc_id), "name": b.provider.name} for b in bids],
            "deliveryAddresses": [{"region": tender.local_authority, "countryName": "United Kingdom"}],
        },
        "awards": [{
            "id": f"award-{tender.pk}",
            "title": f"{tender.title}: awarded to {winner.provider.name}",
            "description": f"{tender.award_reasons} Evaluation: {evaluation}",
            "status": "active",
            "date": tender.awarded_at.isoformat(),
            "value": _money(winner.price),
            "suppliers": [{"id": _party_id(winner.provider.cqc_id), "name": winner.provider.name}],
        }],
    }


def release_package(tender: Tender, *, uri: str) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": timezone.now().isoformat(),
        "publisher": {"name": settings.CARECOMMONS["COUNCIL_NAME"]},
        "license": LICENCE,
        "releases": [release(tender)],
    }
