"""factory_boy factories for tests. Everything they make is fictional."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from carecommons.conversations.models import (
    Booking,
    Conversation,
    ConversationRequest,
    ConversationRevision,
    FollowUp,
)
from carecommons.hubs.models import HostOrganisation, Hub, Slot
from carecommons.people.models import Person, StaffMember, Team
from carecommons.rules.measures import days_waited

PASSWORD = "a-test-password-123"  # noqa: S105 - fictional test users only


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Sam{n}")
    last_name = "Testwell"
    @factory.post_generation
    def password(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N805
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Community team {n}")


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostOrganisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Host organisation {n}")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    user = factory.SubFactory(UserFactory)
    role = "practitioner"
    team = factory.SubFactory(TeamFactory)


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Hub {n}")
    kind = Hub.Kind.LIBRARY
    host = factory.SubFactory(HostFactory)
    team = factory.SubFactory(TeamFactory)
    address = "1 High Street\nAshby Vale"
    postcode = "AB1 2DE"


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    hub = factory.SubFactory(HubFactory)
    starts_at = factory.Sequence(
        lambda n: (timezone.now() + dt.timedelta(days=2, hours=n)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=45))
    capacity = 1


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Alex Example {n}")
    phone = "01632 960001"
    team = factory.SubFactory(TeamFactory)
    created_at = factory.LazyFunction(timezone.now)


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationRequest

    reference = factory.Sequence(lambda n: f"CC-T{n:05d}")
    person = factory.SubFactory(PersonFactory)
    asked_by = "self"
    on_their_mind = "Getting out more"
    first_contact_at = factory.LazyFunction(timezone.now)
    first_contact_on = factory.LazyAttribute(lambda o: timezone.localdate(o.first_contact_at))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    request = factory.SubFactory(RequestFactory, status="booked")
    slot = factory.SubFactory(SlotFactory)
    seat = 1
    token = factory.Sequence(lambda n: f"booking-token-{n:08d}")
    created_at = factory.LazyFunction(timezone.now)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    practitioner = factory.SubFactory(UserFactory)
    request = None
    held_on = factory.LazyFunction(timezone.localdate)
    days_waited = factory.LazyAttribute(
        lambda o: days_waited(first_contact_on=o.request.first_contact_on, held_on=o.held_on) if o.request else None)
    what_matters = "Seeing my grandchildren and getting to the shops"
    agreed = factory.LazyFunction(lambda: ["connect"])
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)
    updated_by = factory.SelfAttribute("practitioner")

    @factory.post_generation
    def revision(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N805
        if create:
            ConversationRevision.objects.create(conversation=obj, version=obj.version, data=obj.snapshot(),
                                                saved_by=obj.practitioner, saved_at=obj.updated_at)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    conversation = factory.SubFactory(ConversationFactory)
    token = factory.Sequence(lambda n: f"follow-up-token-{n:08d}")
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=60))


def eligible_assessment(person: Person, *, by: object, unmet: tuple[str, ...] = ("nutrition", "personal_hygiene"),
                        kind: str = "adult") -> object:
    """A determined, eligible assessment for `person`, as if a practitioner had just decided it."""
    from carecommons.assessments.models import Assessment, Determination

    now = timezone.now()
    assessment = Assessment.objects.create(
        person=person, kind=kind, completed_by_kind="person", completed_by=by, what_matters="Getting out to the allotment",
        status="determined", created_at=now, updated_at=now, submitted_at=now,
    )
    Determination.objects.create(assessment=assessment, decided_by=by, decided_at=now, facts={}, eligible=True,
                                 unmet_outcomes=list(unmet), reasons=["Eligible (made for a test)."])
    return assessment


def market_location(*, name: str, provider: str = "", care_home: bool = True, rating: str = "Good", rated_on: dt.date | None = None,
                    area: str = "Ashby Vale", beds: int | None = 30, lat: float = 52.6, lon: float = -1.2) -> object:
    """A registered place and its provider, as if imported from the CQC directory. Fictional."""
    from carecommons.market.models import Location, Provider

    now = timezone.now()
    prov, _ = Provider.objects.get_or_create(name=provider or f"{name} Ltd", defaults={"cqc_id": f"1-P{Provider.objects.count() + 1}",
                                                                                       "updated_at": now})
    return Location.objects.create(provider=prov, cqc_id=f"1-L{Location.objects.count() + 1}", name=name, care_home=care_home,
                                   home_care=not care_home, beds=beds if care_home else None, rating=rating,
                                   rating_published_on=rated_on or (now.date() - dt.timedelta(days=200)), local_authority=area,
                                   area_key=area.lower(), city_key=area.lower(),
                                   city=area, postcode="AV1 1AA", street_address="1 High Street", latitude=lat, longitude=lon,
                                   updated_at=now)
