"""Writes to the community directory: importing another Open Referral UK feed, and publishing the hubs."""

from __future__ import annotations

import datetime as dt
import logging
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime, parse_time

from carecommons.core.inputs import is_safe_url
from carecommons.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

logger = logging.getLogger(__name__)
MAX_AGE = 130  # years, as the ORUK API's own age filters

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STATUSES = {s.value for s in Service.Status}


@dataclass
class FeedOutcome:
    services: int = 0
    created: int = 0
    updated: int = 0
    bad: list[dict[str, Any]] = field(default_factory=list)


def _uuid(value: Any, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        raise ValueError(f"{what} '{value}' is not a UUID") from None


def _items(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return list(data["contents"])
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [data]
    raise ValueError("The feed must be an ORUK page (with contents), a list of services, or one service")


def _link(value: Any, what: str, service_id: Any) -> str:
    """A web address from another feed, kept only if it is http(s), mailto or tel; anything else (javascript:, data:)
    is dropped with a warning in the log, so the directory never publishes or links to it."""
    text = str(value or "").strip()
    if text and not is_safe_url(text):
        logger.warning("import_oruk: dropped the %s of service %s: only http(s), mailto and tel links are kept, not %r",
                       what, service_id, text[:80])
        return ""
    return text[:200]


def _coordinate(value: Any, what: str, limit: int) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"the location's {what} must be a number from -{limit} to {limit}")
    return float(value)


def _term(raw: dict[str, Any]) -> TaxonomyTerm:
    term_id = _uuid(raw.get("id"), "taxonomy term id")
    taxonomy = None
    if raw.get("taxonomy_id"):
        taxonomy, _ = Taxonomy.objects.get_or_create(pk=_uuid(raw["taxonomy_id"], "taxonomy id"),
                                                     defaults={"name": str(raw.get("taxonomy") or "Imported")[:200]})
    term, _ = TaxonomyTerm.objects.update_or_create(pk=term_id, defaults={
        "name": str(raw.get("name") or "")[:200], "code": str(raw.get("code") or "")[:100],
        "description": str(raw.get("description") or ""), "taxonomy": taxonomy})
    return term


def _service(raw: dict[str, Any], source: str) -> bool:
    """Create or update one service and what hangs off it. True if it was new."""
    if not isinstance(raw, dict):
        raise ValueError("is not an object")
    service_id = _uuid(raw.get("id"), "id")
    name = str(raw.get("name") or "").strip()
    if not name:
        raise ValueError("name is missing")
    status = str(raw.get("status") or "active")
    if status not in STATUSES:
        raise ValueError(f"status '{status}' is not one of {', '.join(sorted(STATUSES))}")
    modified = parse_datetime(str(raw.get("last_modified") or "")) or timezone.now()
    if timezone.is_naive(modified):
        modified = timezone.make_aware(modified, dt.UTC)
    organization = None
    org = raw.get("organization")
    if isinstance(org, dict) and org.get("id"):
        organization, _ = Organization.objects.update_or_create(pk=_uuid(org["id"], "organization id"), defaults={
            "name": str(org.get("name") or "")[:300], "description": str(org.get("description") or ""),
            "website": _link(org.get("website"), "organisation's website", service_id), "email": str(org.get("email") or "")[:254]})
    ages = {}
    for key in ("minimum_age", "maximum_age"):
        value = raw.get(key)
        if value not in (None, ""):
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= MAX_AGE:
                raise ValueError(f"{key} must be a number of years from 0 to {MAX_AGE}")
            ages[key] = int(value)
        else:
            ages[key] = None
    phones = raw.get("phones") or []
    service, created = Service.objects.update_or_create(pk=service_id, defaults={
        "name": name[:300], "description": str(raw.get("description") or ""), "url": _link(raw.get("url"), "url", service_id),
        "email": str(raw.get("email") or "")[:254], "status": status, "organization": organization, "source": source[:300],
        "phone": str(phones[0].get("number") or "")[:30] if phones and isinstance(phones[0], dict) else "",
        "last_modified": modified, **ages})
    terms = [_term(a["taxonomy_term"]) for a in raw.get("attributes") or [] if isinstance(a, dict) and isinstance(a.get("taxonomy_term"), dict)]
    terms += [_term(t) for t in raw.get("taxonomy_terms") or [] if isinstance(t, dict)]
    service.taxonomy_terms.set(terms)
    Schedule.objects.filter(service=service).delete()
    for s in raw.get("schedules") or []:
        _schedule(s, service=service)
    keep = []
    for sal in raw.get("service_at_locations") or []:
        loc_raw = sal.get("location") or {}
        address = (loc_raw.get("addresses") or [{}])[0]
        location, _ = Location.objects.update_or_create(pk=_uuid(loc_raw.get("id") or sal.get("location_id"), "location id"), defaults={
            "name": str(loc_raw.get("name") or "")[:300], "latitude": _coordinate(loc_raw.get("latitude"), "latitude", 90),
            "longitude": _coordinate(loc_raw.get("longitude"), "longitude", 180),
            "address_1": str(address.get("address_1") or "")[:300], "city": str(address.get("city") or "")[:100],
            "postcode": " ".join(str(address.get("postal_code") or "").upper().split())[:10]})
        link, _ = ServiceAtLocation.objects.update_or_create(pk=_uuid(sal.get("id"), "service_at_location id"),
                                                             defaults={"service": service, "location": location})
        keep.append(link.pk)
        Schedule.objects.filter(service_at_location=link).delete()
        for s in sal.get("schedules") or []:
            _schedule(s, service_at_location=link)
    ServiceAtLocation.objects.filter(service=service).exclude(pk__in=keep).delete()
    return created


def _schedule(raw: dict[str, Any], **owner: Any) -> None:
    freq = str(raw.get("freq") or "")
    if freq and freq not in ("WEEKLY", "MONTHLY"):
        raise ValueError(f"schedule freq '{freq}' must be WEEKLY or MONTHLY")
    Schedule.objects.create(pk=_uuid(raw.get("id"), "schedule id"), freq=freq, byday=str(raw.get("byday") or "")[:40],
                            opens_at=parse_time(str(raw.get("opens_at") or "")[:8]) if raw.get("opens_at") else None,
                            closes_at=parse_time(str(raw.get("closes_at") or "")[:8]) if raw.get("closes_at") else None,
                            description=str(raw.get("description") or "")[:300], **owner)


def import_feed(data: Any, *, source: str) -> FeedOutcome:
    """Import services from another ORUK feed: new ones are added, known ones updated, bad ones reported. All or nothing."""
    outcome = FeedOutcome()
    with transaction.atomic():
        for index, raw in enumerate(_items(data), start=1):
            outcome.services += 1
            try:
                with transaction.atomic():
                    created = _service(raw, source)
            except (ValueError, TypeError, AttributeError, OverflowError) as error:
                outcome.bad.append({"item": index, "id": str(raw.get("id", "")) if isinstance(raw, dict) else "", "problem": str(error)})
                continue
            outcome.created += created
            outcome.updated += not created
    return outcome


NAMESPACE = uuid.UUID("5f0c3c57-2f2e-4d5e-8b0d-0c2a6a1f3c11")  # stable ids for the hubs' directory entries


@transaction.atomic
def publish_hubs() -> int:
    """Every open hub is a service in the directory: conversations about what matters, where and when."""
    from carecommons.hubs.models import Hub

    count = 0
    for hub in Hub.objects.select_related("host").prefetch_related("weekly_sessions"):
        service_id = uuid.uuid5(NAMESPACE, f"hub-{hub.pk}")
        organization, _ = Organization.objects.update_or_create(pk=uuid.uuid5(NAMESPACE, f"host-{hub.host_id}"), defaults={
            "name": hub.host.name, "description": hub.host.description})
        service, _ = Service.objects.update_or_create(pk=service_id, defaults={
            "name": f"Conversations about what matters, at {hub.name}", "hub": hub, "organization": organization,
            "description": "Talk with a community practitioner about what matters to you and what would help. Book a time or drop in.",
            "status": Service.Status.ACTIVE if hub.is_open else Service.Status.TEMPORARILY_CLOSED, "minimum_age": 18, "cost": "Free",
            "last_modified": timezone.now(), "source": "Care Commons hubs"})
        location, _ = Location.objects.update_or_create(pk=uuid.uuid5(NAMESPACE, f"hub-location-{hub.pk}"), defaults={
            "name": hub.name, "address_1": hub.address.splitlines()[0] if hub.address else "", "postcode": hub.postcode})
        link, _ = ServiceAtLocation.objects.update_or_create(pk=uuid.uuid5(NAMESPACE, f"hub-sal-{hub.pk}"),
                                                             defaults={"service": service, "location": location})
        Schedule.objects.filter(service_at_location=link).delete()
        for session in hub.weekly_sessions.all():
            Schedule.objects.create(pk=uuid.uuid5(NAMESPACE, f"session-{session.pk}"), service_at_location=link, freq="WEEKLY",
                                    byday=DAYS[session.weekday], opens_at=session.starts, closes_at=session.ends)
        count += 1
    return count


@transaction.atomic
def next_step_link(*, conversation: Any, service: Service, user: Any) -> Any:
    from carecommons.directory.models import NextStep

    if service.status != Service.Status.ACTIVE:
        raise ValueError("That service is not running at the moment")
    step, created = NextStep.objects.get_or_create(conversation=conversation, service=service,
                                                   defaults={"linked_by": user, "linked_at": timezone.now()})
    if not created:
        raise ValueError("That service is already linked to this conversation")
    return step


@transaction.atomic
def next_step_unlink(*, conversation: Any, step_id: int) -> None:
    from carecommons.directory.models import NextStep

    deleted, _ = NextStep.objects.filter(conversation=conversation, pk=step_id).delete()
    if not deleted:
        raise ValueError("That link has already been taken off")
