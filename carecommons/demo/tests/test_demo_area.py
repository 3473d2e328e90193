"""The fictional demo area: repeatable, complete enough to demonstrate, and never run on a live system."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.test import RequestFactory, override_settings

from carecommons.conversations.models import Booking, Conversation, ConversationRequest, FollowUp
from carecommons.hospital.models import DischargeRequest
from carecommons.hubs.models import Hub, Slot
from carecommons.people.models import AccessEvent, Person, StaffMember
from carecommons.rules.contact import check_postcode, check_uk_phone

TODAY = "2026-03-10"  # a Tuesday, a few weeks before the clocks go forward
LOGINS = ("practitioner", "manager", "host", "commissioner", "admin", "person", "safeguarding", "ward", "hospital")


def _build(seed: int = 1, today: str = TODAY) -> str:
    out = StringIO()
    call_command("demo_area", "--seed", str(seed), "--today", today, "--force", stdout=out)
    return out.getvalue()


def _dump() -> dict[str, Any]:
    """Everything that should be the same for the same seed and date, without database ids."""
    return {
        "people": list(Person.objects.order_by("full_name").values_list(
            "full_name", "preferred_name", "phone", "email", "postcode", "team__name", "date_of_birth", "created_at")),
        "requests": list(ConversationRequest.objects.order_by("reference").values_list(
            "reference", "person__full_name", "status", "asked_by", "channel", "first_contact_at", "on_their_mind",
            "preferred_hub__name", "preferred_times")),
        "bookings": list(Booking.objects.order_by("token").values_list(
            "token", "request__reference", "slot__hub__name", "slot__starts_at", "seat", "created_at", "cancelled_at")),
        "conversations": list(Conversation.objects.order_by("request__reference", "held_on").values_list(
            "person__full_name", "held_on", "practitioner__username", "what_matters", "strengths_own",
            "strengths_family_friends", "strengths_community", "outcomes", "agreed", "version", "created_at")),
        "follow_ups": list(FollowUp.objects.order_by("token").values_list(
            "token", "conversation__person__full_name", "answered_at", "useful", "difference", "anything_else")),
        "staff": list(StaffMember.objects.order_by("user__username").values_list("user__username", "role", "team__name")),
        "discharges": list(DischargeRequest.objects.order_by("ward_identifier").values_list(
            "ward_identifier", "ward__code", "status", "received_at", "name", "nhs_number", "date_of_birth", "ready_on",
            "proposed_pathway", "person__full_name", "plan__left_on", "plan__delay_reasons", "plan__agreed_at",
            "reablement__started_on", "reablement__ended_on", "reablement__sequel", "still_at_home__answer",
            "still_at_home__checked_on")),
    }


@pytest.mark.django_db
def test_same_seed_and_date_give_the_same_area() -> None:
    _build(seed=7)
    first = _dump()
    _build(seed=7)
    assert _dump() == first
    assert len(first["requests"]) > 300


@pytest.mark.django_db
def test_a_different_seed_gives_a_different_area() -> None:
    _build(seed=1)
    one = _dump()
    _build(seed=2)
    two = _dump()
    assert one["people"] != two["people"]
    assert one["bookings"] != two["bookings"]


@pytest.mark.django_db
def test_the_demo_logins_exist_and_work() -> None:
    output = _build()
    request = RequestFactory().post("/sign-in/")
    for username in LOGINS:
        user = authenticate(request, username=username, password="care-commons-demo")
        assert user is not None, username
        assert not user.is_staff and not user.is_superuser
        assert f"  {username}" in output
    assert "Demo logins (password for all: care-commons-demo)" in output
    roles = dict(StaffMember.objects.values_list("user__username", "role"))
    assert roles["practitioner"] == "practitioner"
    assert roles["manager"] == "manager"
    assert roles["host"] == "host"
    assert roles["commissioner"] == "commissioner"
    assert roles["admin"] == "admin"
    assert roles["safeguarding"] == "practitioner"
    assert roles["ward"] == "ward" and roles["hospital"] == "practitioner"
    from carecommons.safeguarding.models import SafeguardingTeam

    sg_team = StaffMember.objects.get(user__username="safeguarding").team
    assert sg_team is not None and SafeguardingTeam.objects.filter(team=sg_team).exists()  # the designated team
    assert "(fictional)" in sg_team.name
    host = StaffMember.objects.get(user__username="host")
    assert Hub.objects.filter(host=host.host, kind=Hub.Kind.LIBRARY).exists()
    assert StaffMember.objects.get(user__username="practitioner").team.name == "North Ashby Vale community team"
    # Every staff login has the one published authenticator secret (README); the person has none.
    from pathlib import Path

    from django.conf import settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from carecommons.core.second_factor import key_from_text

    secret = settings.CARECOMMONS_DEMO_TOTP_SECRET
    devices = dict(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", "key"))
    assert devices == {u: key_from_text(secret) for u in ("practitioner", "manager", "host", "commissioner", "admin",
                                                          "safeguarding", "ward", "hospital")}
    assert secret in (Path(__file__).resolve().parents[3] / "README.md").read_text()
    # The other practitioners cannot sign in: they are there to make the area look real.
    others = get_user_model().objects.exclude(username__in=LOGINS).filter(staff__isnull=False)
    assert others.count() >= 6
    assert not any(u.has_usable_password() for u in others)
    # Everyone with an email address can sign in to their own record, with the published password.
    from carecommons.people.models import Person

    with_email = Person.objects.exclude(email="").exclude(user__username="person")
    assert with_email.count() > 50 and not with_email.filter(user__isnull=True).exists()
    one = with_email.order_by("pk").first()
    assert authenticate(request, username=one.email, password="care-commons-demo") == one.user
    assert f"{with_email.count()} of them can sign in" in output


@pytest.mark.django_db
def test_the_area_has_hubs_people_and_histories() -> None:
    _build()
    kinds = set(Hub.objects.values_list("kind", flat=True))
    assert Hub.objects.count() >= 4
    assert {"library", "cafe", "gp_surgery", "fire_station"} <= kinds
    assert all("Fictional" in h.host.description for h in Hub.objects.select_related("host"))
    assert 250 <= Person.objects.count() <= 400
    for person in Person.objects.all():
        assert check_postcode(person.postcode).value == person.postcode
        if person.phone:
            assert check_uk_phone(person.phone).ok
            assert person.phone.startswith(("01632 960", "07700 900"))
    assert all(check_postcode(h.postcode).ok for h in Hub.objects.all())
    statuses = dict(ConversationRequest.objects.values_list("status").annotate(n=Count("id")))
    assert statuses["waiting"] >= 10
    assert statuses["held"] > 150
    assert statuses["booked"] > 20
    assert statuses["withdrawn"] >= 1
    # Every conversation has its first revision and a follow-up.
    assert not Conversation.objects.exclude(revisions__version=1).exists()
    assert not Conversation.objects.filter(follow_up__isnull=True).exists()
    # Waiting requests have no live booking; booked ones have one in the future.
    assert not Booking.objects.filter(request__status="waiting", cancelled_at__isnull=True).exists()
    today_start = dt.datetime(2026, 3, 10, tzinfo=dt.UTC)
    assert not Booking.objects.filter(request__status="booked", slot__starts_at__lt=today_start).exists()
    # Slots run from 120 days ago to 42 days ahead.
    first, last = Slot.objects.order_by("starts_at").first(), Slot.objects.order_by("starts_at").last()
    assert first.starts_at.date() <= dt.date(2025, 11, 12)
    assert last.starts_at.date() >= dt.date(2026, 4, 18)


@pytest.mark.django_db
def test_the_person_and_the_practitioner_have_history() -> None:
    _build()
    me = Person.objects.get(user__username="person")
    assert me.team.name == "North Ashby Vale community team"
    mine = Conversation.objects.get(person=me)
    assert mine.practitioner.username == "practitioner"
    assert mine.held_on < dt.date(2026, 3, 10)
    assert FollowUp.objects.filter(conversation=mine).exists()
    looked = AccessEvent.objects.filter(person=me, user__username="practitioner", action="viewed", grounds="met")
    assert looked.filter(what="their record").count() >= 2
    assert Conversation.objects.filter(practitioner__username="practitioner", held_on__lt="2026-03-10").count() >= 5
    # The library (hosted by `host`) has bookings today and in the days after.
    library = Hub.objects.get(kind="library")
    live = Booking.objects.filter(slot__hub=library, cancelled_at__isnull=True)
    assert live.filter(slot__starts_at__date="2026-03-10").exists()
    assert live.filter(slot__starts_at__date__gt="2026-03-10", slot__starts_at__date__lte="2026-03-14").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("force", [False, True])
def test_refuses_on_an_installation_that_is_not_a_fictional_area_even_when_forced(settings: Any, force: bool) -> None:
    settings.DEBUG = True
    settings.CARECOMMONS = {**settings.CARECOMMONS, "FICTIONAL": False}
    with pytest.raises(CommandError, match="not a fictional area"):
        call_command("demo_area", "--seed", "1", "--today", TODAY, *(["--force"] if force else []), stdout=StringIO())
    assert not Person.objects.exists()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_runs_on_a_fictional_area_with_debug_off_and_replaces_what_was_there() -> None:
    call_command("demo_area", "--seed", "1", "--today", TODAY, stdout=StringIO())
    count = Person.objects.count()
    call_command("demo_area", "--seed", "1", "--today", TODAY, stdout=StringIO())
    assert Person.objects.count() == count


@pytest.mark.django_db
def test_the_demo_gives_the_funding_comparison_fictional_estimates_and_council_tax_figures() -> None:
    from django.test import Client
    from django.urls import reverse

    from carecommons.budgets.models import CouncilTaxBase, FundingEstimate

    _build()
    rows = list(FundingEstimate.objects.values_list("source", "weekly_fee", "people"))
    assert len(rows) >= 3 and all(src.startswith("Fictional demo figures") and fee > 0 and n > 0 for src, fee, n in rows)
    assert CouncilTaxBase.objects.get().dwellings_source.startswith("Fictional demo figures")
    page = Client().get(reverse("budgets:funding") + f"?on={TODAY}").content.decode()
    assert "The council&#x27;s estimates" in page or "The council's estimates" in page
    assert "band by band" in page and "Too few people are counted" not in page
    assert "the people, their money, the council&#x27;s estimates and its council tax figures are made up" in page or \
        "the people, their money, the council's estimates and its council tax figures are made up" in page


@pytest.mark.django_db
def test_the_demo_budgets_look_like_a_real_areas() -> None:
    """Most budgets on track, a few under or over (each with its alert), none with nothing in it; an assistant's week is
    paid from the timesheet, never also as a weekly payment."""
    from collections import Counter

    from carecommons.budgets import services
    from carecommons.budgets.models import PersonalBudget

    _build()
    today = dt.date.fromisoformat(TODAY)
    alerts: Counter[str] = Counter()
    budgets = list(PersonalBudget.objects.select_related("plan"))
    assert len(budgets) >= 20
    for budget in budgets:
        s = services.summary(budget, as_of=min(max(today, budget.period_start), budget.period_end))
        assert s.allowance + s.contributions > 0, f"budget {budget.pk} has nothing in it"
        assert (s.forecast_balance < 0) == (s.alert == "overspend"), "a forecast overspend is always an alert"
        alerts[s.alert or "none"] += 1
    assert alerts["none"] > len(budgets) / 2, alerts
    assert 0 < alerts["overspend"] <= len(budgets) / 4, alerts
