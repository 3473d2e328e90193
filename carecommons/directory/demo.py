"""The demo area's community directory: the hubs, and community groups that are made up."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from carecommons.directory.models import (
    Location,
    NextStep,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from carecommons.directory.services import NAMESPACE, publish_hubs

GROUPS = (
    # name, organisation, description, term, day, opens, closes, postcode, minimum age
    ("Tuesday walking group (fictional)", "Ashby Vale Ramblers (fictional)", "A gentle hour's walk round the park, then tea.",
     "Getting out and about", "TU", "10:00", "11:00", "AV1 4GD", 18),
    ("Thursday lunch club (fictional)", "St Mary's Church (fictional)", "A hot two-course lunch and company, £4.",
     "Food and company", "TH", "12:00", "14:00", "AV2 3PQ", 60),
    ("Men's Shed (fictional)", "Ashby Vale Men's Shed (fictional)", "Making and mending in good company. Everyone welcome.",
     "Making and mending", "WE", "13:00", "16:00", "AV3 6DH", 18),
    ("Carers' café (fictional)", "Ashby Vale Carers Centre (fictional)", "Time out and a listening ear for unpaid carers.",
     "Support for carers", "FR", "10:00", "12:00", "AV1 9JT", 16),
    ("Telephone befriending (fictional)", "Vale Age Concern (fictional)", "A friendly call each week from the same volunteer.",
     "Food and company", "", "", "", "", 60),
    ("Digital drop-in (fictional)", "Ashby Vale Libraries (fictional)", "Help with phones, tablets and getting online.",
     "Learning and digital help", "MO", "14:00", "16:00", "AV1 4GD", 16),
)


def wipe() -> None:
    for model in (NextStep, Schedule, ServiceAtLocation, Location, Service, TaxonomyTerm, Taxonomy, Organization):
        model._default_manager.all().delete()


def build() -> dict[str, int]:
    hubs = publish_hubs()
    taxonomy = Taxonomy.objects.create(pk=uuid.uuid5(NAMESPACE, "demo-taxonomy"), name="Ashby Vale community directory (fictional)")
    for name, org_name, description, term_name, day, opens, closes, postcode, minimum in GROUPS:
        term, _ = TaxonomyTerm.objects.get_or_create(taxonomy=taxonomy, name=term_name,
                                                     defaults={"pk": uuid.uuid5(NAMESPACE, f"term-{term_name}")})
        org, _ = Organization.objects.get_or_create(name=org_name, defaults={"pk": uuid.uuid5(NAMESPACE, f"org-{org_name}")})
        service = Service.objects.create(pk=uuid.uuid5(NAMESPACE, f"service-{name}"), name=name, organization=org,
                                         description=description, minimum_age=minimum, cost="Free" if "£" not in description else "",
                                         last_modified=timezone.now(), source="Demo (fictional)")
        service.taxonomy_terms.add(term)
        if postcode:
            location = Location.objects.create(pk=uuid.uuid5(NAMESPACE, f"location-{name}"), name=org_name, postcode=postcode,
                                               address_1="1 Church Street")
            link = ServiceAtLocation.objects.create(pk=uuid.uuid5(NAMESPACE, f"sal-{name}"), service=service, location=location)
            Schedule.objects.create(pk=uuid.uuid5(NAMESPACE, f"schedule-{name}"), service_at_location=link, freq="WEEKLY", byday=day,
                                    opens_at=dt.time.fromisoformat(opens), closes_at=dt.time.fromisoformat(closes))
    return {"hubs": hubs, "groups": len(GROUPS)}
