"""The Open Referral UK API (HSDS 3.0, UK profile) for the community directory, at /oruk/.

`GET /` says which version and profile this is; `/services`, `/service_at_locations`,
`/taxonomies` and `/taxonomy_terms` are paged lists, each with a `{id}` form. Lists take the
standard query parameters and answer the standard envelope: total_items, total_pages,
page_number, size, first_page, last_page, empty, contents.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from typing import Annotated, Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cos, Power, Radians, Sin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BeforeValidator, Field, WithJsonSchema

from carecommons.core.links import site_url
from carecommons.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from carecommons.directory.openapi import follow_the_profile

PROFILE = "https://github.com/OpenReferralUK/uk-profile"

class OrukAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document (/oruk/openapi.json) follows the UK profile's: its responses' schemas are the
    profile's own (`directory.openapi`)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        prefix = path_prefix if path_prefix is not None else self.get_root_path(path_params or {})
        return follow_the_profile(document, prefix=prefix)


oruk = OrukAPI(title="Care Commons community directory (Open Referral UK)", version="3.0", urls_namespace="oruk", docs_url=None,
                description="The area's community groups, voluntary and community services and hubs, as Open Referral UK "
                            "(HSDS 3.0 with the UK profile).")


@oruk.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path")) or "query",
               "message": str(e.get("msg", "is not valid")).removeprefix("Value error, ")} for e in exc.errors]
    return oruk.create_response(request, {"errors": errors}, status=400)


@oruk.exception_handler(HttpError)
def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return oruk.create_response(request, {"errors": [{"field": "query", "message": str(exc)}]}, status=exc.status_code)


class Paging(Schema):
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(50, ge=1, le=500)


# A time of day as the directory keeps it: local, with no time zone (SQLite cannot compare times that have one).
LOCAL_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
# A date and time written out (ISO 8601), not a number of seconds. The document leaves out 29 February, which a
# pattern cannot tell from a leap year's; the API accepts it in a leap year.
_TIME = r"([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?$"
_DAYS = r"((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))"
DATE_TIME = r"^[1-9][0-9]{3}-" + _DAYS + _TIME
DATE_TIME_OR_LEAP_DAY = r"^[1-9][0-9]{3}-(" + _DAYS + r"|02-29)" + _TIME


def _written(pattern: str, message: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise ValueError(message)
        return value
    return BeforeValidator(check)


# Documented by their pattern, not as JSON Schema's "time" and "date-time" formats, which require seconds and a zone.
LocalTime = Annotated[dt.time | None, _written(LOCAL_TIME, "must be a time of day such as 10:30, without a time zone"),
                      WithJsonSchema({"type": "string", "pattern": LOCAL_TIME})]
WrittenDateTime = Annotated[dt.datetime | None, _written(DATE_TIME_OR_LEAP_DAY, "must be a date and time such as 2026-04-01T09:00:00Z"),
                            WithJsonSchema({"type": "string", "pattern": DATE_TIME})]


def _without_nul(value: Any) -> Any:
    """A NUL character can be in no stored text (PostgreSQL refuses it in a query), so a search ignores it."""
    return value.replace("\x00", "") if isinstance(value, str) else value


SearchText = Annotated[str, BeforeValidator(_without_nul), Field(max_length=200)]
PostcodeText = Annotated[str, BeforeValidator(_without_nul), Field(max_length=10)]


class ServiceQuery(Paging):
    search: SearchText = ""
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    postcode: PostcodeText = ""
    proximity: int | None = Field(None, ge=1, le=200_000, description="Metres from the postcode")
    minimum_age: int | None = Field(None, ge=0, le=130)
    maximum_age: int | None = Field(None, ge=0, le=130)
    day: str = Field("", pattern=r"^(|MO|TU|WE|TH|FR|SA|SU)$")
    start_time: LocalTime = None
    end_time: LocalTime = None
    modified_after: WrittenDateTime = None


def envelope(items: list[Any], *, total: int, page: int, per_page: int) -> dict[str, Any]:
    pages = max(math.ceil(total / per_page), 1) if total else 0
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": len(items),
            "first_page": page == 1, "last_page": page >= pages, "empty": not items, "contents": items}


def _page(qs: QuerySet[Any], paging: Paging) -> tuple[list[Any], int]:
    total = qs.count()
    start = (paging.page - 1) * paging.per_page
    return list(qs[start:start + paging.per_page]), total


def _url(request: HttpRequest, service: Service) -> str:
    """The service's own site, else its page here at the configured site address (never the request's Host)."""
    return service.url or site_url(reverse("directory:service", args=[service.pk]))


def present(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields that have a value. The UK profile types each optional field (a string, a number, an object) and
    never allows null, so a field with nothing to say is left out, as the profile's own examples do."""
    return {key: value for key, value in fields.items() if value is not None}


def term_out(t: TaxonomyTerm) -> dict[str, Any]:
    return present({"id": str(t.pk), "code": t.code or None, "name": t.name, "description": t.description or t.name,
                    "parent_id": str(t.parent_id) if t.parent_id else None, "taxonomy": t.taxonomy.name if t.taxonomy else None,
                    "taxonomy_id": str(t.taxonomy_id) if t.taxonomy_id else None, "language": "en"})


def schedule_out(s: Schedule) -> dict[str, Any]:
    return present({"id": str(s.pk), "service_id": str(s.service_id) if s.service_id else None,
                    "service_at_location_id": str(s.service_at_location_id) if s.service_at_location_id else None,
                    "freq": s.freq or None, "byday": s.byday or None, "opens_at": s.opens_at.strftime("%H:%M") if s.opens_at else None,
                    "closes_at": s.closes_at.strftime("%H:%M") if s.closes_at else None, "description": s.description or None})


def location_out(loc: Location) -> dict[str, Any]:
    # An address has required parts (address_1, city, state_province, postal_code, country): published as text,
    # empty where not known, and only for a location with some address at all.
    known = loc.address_1 or loc.city or loc.postcode
    return present({"id": str(loc.pk), "location_type": "physical", "name": loc.name or None, "latitude": loc.latitude,
                    "longitude": loc.longitude,
                    "addresses": [{"id": str(uuid.uuid5(loc.pk, "address")), "location_id": str(loc.pk), "address_1": loc.address_1,
                                   "city": loc.city, "postal_code": loc.postcode, "state_province": "", "country": "GB",
                                   "address_type": "physical"}] if known else []})


def service_out(request: HttpRequest, s: Service, *, nested: bool = True) -> dict[str, Any]:
    out = present({
        "id": str(s.pk), "organization_id": str(s.organization_id) if s.organization_id else None, "name": s.name,
        "description": s.description or None, "url": _url(request, s), "email": s.email or None, "status": s.status,
        "minimum_age": s.minimum_age, "maximum_age": s.maximum_age, "last_modified": s.last_modified.isoformat(),
    })
    if nested:
        if s.organization:
            out["organization"] = present({"id": str(s.organization.pk), "name": s.organization.name,
                                           "description": s.organization.description,
                                           "website": s.organization.website or None, "email": s.organization.email or None})
        out["phones"] = [{"id": str(uuid.uuid5(s.pk, "phone")), "service_id": str(s.pk), "number": s.phone}] if s.phone else []
        out["schedules"] = [schedule_out(x) for x in s.schedules.all()]
        out["service_at_locations"] = [{"id": str(sal.pk), "service_id": str(s.pk), "location_id": str(sal.location_id),
                                        "location": location_out(sal.location)} for sal in s.service_at_locations.all()]
        out["attributes"] = [{"id": str(uuid.uuid5(s.pk, str(t.pk))), "link_id": str(s.pk), "link_type": "service",
                              "link_entity": "service", "value": t.name, "taxonomy_term_id": str(t.pk), "taxonomy_term": term_out(t)}
                             for t in s.taxonomy_terms.all()]
        out["cost_options"] = ([{"id": str(uuid.uuid5(s.pk, "cost")), "service_id": str(s.pk), "option": s.cost}] if s.cost else [])
    return out


def _services() -> QuerySet[Service]:
    return Service.objects.select_related("organization").prefetch_related(
        "schedules", "service_at_locations__location", "taxonomy_terms__taxonomy")


def filter_services(q: ServiceQuery) -> QuerySet[Service]:
    qs = _services().order_by("name", "pk")
    if q.search:
        qs = qs.filter(Q(name__icontains=q.search) | Q(description__icontains=q.search))
    if q.taxonomy_term_id:
        qs = qs.filter(taxonomy_terms__id=q.taxonomy_term_id)
    if q.taxonomy_id:
        qs = qs.filter(taxonomy_terms__taxonomy_id=q.taxonomy_id)
    if q.postcode:
        postcode = " ".join(q.postcode.upper().split())
        if q.proximity:
            centre = Location.objects.filter(postcode=postcode, latitude__isnull=False).first()
            if centre is None:
                raise HttpError(400, f"proximity needs a postcode this directory knows where it is; {postcode} is not one")
            ids = locations_within(centre.latitude, centre.longitude, q.proximity)
            nearest = (ServiceAtLocation.objects.filter(service=OuterRef("pk"), location__in=ids)
                       .annotate(h=_haversine_h(centre.latitude, centre.longitude)).order_by("h").values("h")[:1])
            qs = (qs.filter(service_at_locations__location__in=ids).annotate(distance_h=Subquery(nearest))
                  .order_by("distance_h", "name", "pk"))
        else:
            outward = postcode.split(" ")[0]
            qs = qs.filter(Q(service_at_locations__location__postcode=postcode)
                           | Q(service_at_locations__location__postcode__startswith=outward + " "))
    if q.minimum_age is not None:
        qs = qs.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=q.minimum_age))
    if q.maximum_age is not None:
        qs = qs.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=q.maximum_age))
    if q.day or q.start_time or q.end_time:
        schedules = Schedule.objects.all()
        if q.day:
            schedules = schedules.filter(byday__contains=q.day)
        if q.start_time:
            schedules = schedules.filter(closes_at__gt=q.start_time)
        if q.end_time:
            schedules = schedules.filter(opens_at__lt=q.end_time)
        qs = qs.filter(Q(schedules__in=schedules) | Q(service_at_locations__schedules__in=schedules))
    if q.modified_after:
        after = q.modified_after if timezone.is_aware(q.modified_after) else timezone.make_aware(q.modified_after, dt.UTC)
        qs = qs.filter(last_modified__gt=after)
    return qs.distinct()


EARTH_METRES_A_DEGREE = 111_195.0  # a degree of latitude, on the sphere km_between uses (6,371.0088 km)


def locations_within(latitude: float, longitude: float, metres: int) -> list[uuid.UUID]:
    """Locations within `metres` of a point: a bounding box on the indexed (latitude, longitude) first, then the exact
    distance on the few inside it. The box is a little larger than the circle, so nothing inside is missed."""
    reach = (metres + 50) * 1.01  # km_between rounds to a tenth of a kilometre: up to 50 m further still counts
    dlat = reach / EARTH_METRES_A_DEGREE
    cos_lat = max(math.cos(math.radians(min(abs(latitude) + dlat, 89.9))), 1e-6)
    dlon = reach / (EARTH_METRES_A_DEGREE * cos_lat)
    box = Location.objects.filter(latitude__range=(latitude - dlat, latitude + dlat),
                                  longitude__range=(longitude - dlon, longitude + dlon))
    return [pk for pk, lat, lon in box.values_list("pk", "latitude", "longitude")
            if _metres((latitude, longitude), (lat, lon)) <= metres]


def _haversine_h(latitude: float, longitude: float) -> Any:
    """The haversine of the angle between a location and the point: great-circle distance rises with it, so ordering
    by it orders by distance."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = Radians(F("location__latitude")), Radians(F("location__longitude"))
    return (Power(Sin((lat2 - Value(lat1)) / Value(2.0)), 2)
            + Value(math.cos(lat1)) * Cos(lat2) * Power(Sin((lon2 - Value(lon1)) / Value(2.0)), 2))


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    from carecommons.rules.market import km_between

    return km_between(a, b) * 1000


@oruk.get("/", summary="What this API is")
def root(request: HttpRequest) -> dict[str, Any]:
    return {"version": "3.0", "profile": PROFILE, "openapi_url": site_url(reverse("oruk:openapi-json"))}


@oruk.get("/services", summary="Services, with the standard filters")
def services(request: HttpRequest, q: Query[ServiceQuery]) -> dict[str, Any]:
    if q.minimum_age is not None and q.maximum_age is not None and q.minimum_age > q.maximum_age:
        raise HttpError(400, "minimum_age must not be more than maximum_age")
    items, total = _page(filter_services(q), q)
    return envelope([service_out(request, s) for s in items], total=total, page=q.page, per_page=q.per_page)


@oruk.get("/services/{service_id}", summary="One service, in full")
def service(request: HttpRequest, service_id: uuid.UUID) -> Any:
    found = _services().filter(pk=service_id).first()
    if found is None:
        raise HttpError(404, "There is no service with that id")
    return service_out(request, found)


@oruk.get("/service_at_locations", summary="Services at their locations")
def service_at_locations(request: HttpRequest, q: Query[ServiceQuery]) -> dict[str, Any]:
    services_qs = filter_services(q)
    qs = (ServiceAtLocation.objects.filter(service__in=services_qs.values("pk")).select_related("location", "service")
          .prefetch_related("schedules").order_by("service__name", "pk"))
    items, total = _page(qs, q)
    return envelope([_sal_out(request, sal) for sal in items], total=total, page=q.page, per_page=q.per_page)


def _sal_out(request: HttpRequest, sal: ServiceAtLocation) -> dict[str, Any]:
    return {"id": str(sal.pk), "service_id": str(sal.service_id), "location_id": str(sal.location_id),
            "schedules": [schedule_out(s) for s in sal.schedules.all()], "location": location_out(sal.location),
            "service": service_out(request, sal.service, nested=False)}


@oruk.get("/service_at_locations/{sal_id}", summary="One service at one location")
def service_at_location(request: HttpRequest, sal_id: uuid.UUID) -> Any:
    found = ServiceAtLocation.objects.select_related("location", "service").filter(pk=sal_id).first()
    if found is None:
        raise HttpError(404, "There is no service at location with that id")
    return _sal_out(request, found)


@oruk.get("/taxonomies", summary="Taxonomies")
def taxonomies(request: HttpRequest, q: Query[Paging]) -> dict[str, Any]:
    items, total = _page(Taxonomy.objects.order_by("name", "pk"), q)
    return envelope([_taxonomy_out(t) for t in items], total=total, page=q.page, per_page=q.per_page)


def _taxonomy_out(t: Taxonomy) -> dict[str, Any]:
    return present({"id": str(t.pk), "name": t.name, "description": t.description or t.name, "uri": t.uri or None,
                    "version": t.version or None})


@oruk.get("/taxonomies/{taxonomy_id}", summary="One taxonomy")
def taxonomy(request: HttpRequest, taxonomy_id: uuid.UUID) -> Any:
    found = Taxonomy.objects.filter(pk=taxonomy_id).first()
    if found is None:
        raise HttpError(404, "There is no taxonomy with that id")
    return _taxonomy_out(found)


class TermQuery(Paging):
    taxonomy_id: uuid.UUID | None = None
    search: SearchText = ""


@oruk.get("/taxonomy_terms", summary="Taxonomy terms")
def taxonomy_terms(request: HttpRequest, q: Query[TermQuery]) -> dict[str, Any]:
    qs = TaxonomyTerm.objects.select_related("taxonomy").order_by("name", "pk")
    if q.taxonomy_id:
        qs = qs.filter(taxonomy_id=q.taxonomy_id)
    if q.search:
        qs = qs.filter(name__icontains=q.search)
    items, total = _page(qs, q)
    return envelope([term_out(t) for t in items], total=total, page=q.page, per_page=q.per_page)


@oruk.get("/taxonomy_terms/{term_id}", summary="One taxonomy term")
def taxonomy_term(request: HttpRequest, term_id: uuid.UUID) -> Any:
    found = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=term_id).first()
    if found is None:
        raise HttpError(404, "There is no taxonomy term with that id")
    return term_out(found)
