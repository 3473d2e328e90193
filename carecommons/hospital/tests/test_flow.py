"""How leaving hospital flows: who may see it, the counts it shows (worked out by hand here), its empty states, the
reablement service's figures and their history, and the handful of queries it takes."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.hospital import flow
from carecommons.hospital.models import (
    DischargePlan,
    DischargeRequest,
    ReablementEpisode,
    ReablementFigure,
    StillAtHomeCheck,
)
from carecommons.hospital.tests.conftest import staff
from carecommons.people.models import AccessEvent
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The longer periods keep their counts in the cache under a key of the latest plan; a rolled-back test's ids are
    used again by the next, so each test starts with none."""
    from django.core.cache import cache

    cache.clear()

_ids = itertools.count(1)


def _nhs(i: int) -> str:
    while True:
        base = f"{500000000 + i:09d}"
        total = sum(int(d) * w for d, w in zip(base, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            return base + str(check)
        i += 1_000_000


def make(ward: Any, *, ready: int, left: int | None = None, pathway: int = 1, reasons: list[str] | None = None,
         status: str | None = None, planned: bool = True, name: str = "Fictional Person") -> DischargeRequest:
    """A request ready `ready` days ago (negative: in the future), left `left` days ago (None: still in hospital)."""
    today = timezone.localdate()
    i = next(_ids)
    request = DischargeRequest.objects.create(
        ward=ward, ward_identifier=f"EPR-{i}", received_at=timezone.now(), sent_through="form", name=name,
        nhs_number=_nhs(i), ready_on=today - dt.timedelta(days=ready), proposed_pathway=pathway,
        status=status or ("left_hospital" if left is not None else "planning" if planned else "received"))
    if planned or left is not None:
        DischargePlan.objects.create(request=request, took_part="them", agreed_pathway=pathway,
                                     left_on=today - dt.timedelta(days=left) if left is not None else None,
                                     delay_reasons=reasons or [])
    return request


def episode(request: DischargeRequest, *, started: int, ended: int | None = None, sequel: str = "") -> ReablementEpisode:
    today = timezone.localdate()
    return ReablementEpisode.objects.create(
        request=request, person=f.PersonFactory(), started_on=today - dt.timedelta(days=started), goals="fictional",
        ended_on=today - dt.timedelta(days=ended) if ended is not None else None, sequel=sequel)


def figure(kind: str, value: int, *, days_ago: int, source: str = "The reablement contract (fictional)") -> None:
    ReablementFigure.objects.create(kind=kind, value=value, source=source,
                                    effective_from=timezone.localdate() - dt.timedelta(days=days_ago),
                                    entered_by_name="Chris Fictional", entered_at=timezone.now())


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def figure_on(response: Any, name: str) -> str:
    found = re.search(rf'data-figure="{name}">(.*?)<', response.content.decode(), re.S)
    assert found, name
    return " ".join(found.group(1).split())


def test_commissioners_and_the_hospital_teams_managers_see_it_and_nobody_else(hospital):
    manager = staff("mo", "manager", hospital["hana"].staff.team)
    other_manager = staff("meg", "manager", f.TeamFactory(name="North"))
    for user, status in ((hospital["chris"], 200), (manager, 200), (hospital["hana"], 403), (other_manager, 403),
                         (hospital["nia"], 403), (hospital["priya"], 403)):
        for name in ("hospital:flow", "hospital:flow-figures"):
            assert client_for(user).get(reverse(name)).status_code == status, (user, name)
    from django.test import Client

    assert Client().get(reverse("hospital:flow")).status_code == 302
    # The team's managers find it from the team's list; its practitioners do not see the link.
    assert "How leaving hospital flows" in text(client_for(manager).get(reverse("hospital:team")))
    assert "How leaving hospital flows" not in text(client_for(hospital["hana"]).get(reverse("hospital:team")))


def test_the_page_counts_waiting_waits_reablement_places_and_money(hospital):
    ward = hospital["ward7"]
    # Waiting today: ready 5, 3 and 0 days ago; one not ready yet; one the ward withdrew.
    make(ward, ready=5, pathway=1, reasons=["care_at_home", "bed"], name="Edna Secret")
    make(ward, ready=3, pathway=3, reasons=["bed"])
    make(ward, ready=0, pathway=0, planned=False)
    make(ward, ready=-2, pathway=1)
    make(ward, ready=9, pathway=1, status="withdrawn", planned=False)
    # Left in the last 4 weeks after waiting 0, 1, 2, 4 and 10 days; one left 60 days ago after 30 days.
    leavers = [make(ward, ready=left + waited, left=left, pathway=1) for left, waited in
               ((2, 0), (3, 1), (5, 2), (6, 4), (20, 10))]
    old = make(ward, ready=90, left=60, pathway=2)
    # Reablement: two open (started 5 and 3 days ago), one ended 1 day ago into no further support, one from before.
    episode(leavers[0], started=2)
    episode(leavers[1], started=3)
    episode(leavers[2], started=5, ended=1, sequel="no_further_support")
    episode(old, started=60, ended=30, sequel="long_term")
    StillAtHomeCheck.objects.create(request=old, answer="at_home", checked_on=timezone.localdate(), spoke_to="her",
                                    recorded_at=timezone.now())
    figure("capacity", 40, days_ago=400)
    figure("capacity", 3, days_ago=10, source="Reduced for the winter (fictional)")
    figure("weekly_cost", 70_000, days_ago=400, source="Budget line 4.1 (fictional)")
    before = AccessEvent.objects.count()

    response = client_for(hospital["chris"]).get(reverse("hospital:flow"))
    page = text(response)
    assert response.status_code == 200
    assert figure_on(response, "waiting") == "3"
    assert "Pathway 0: home, with no new support 1 " in page and "Pathway 3: a care home 1 " in page
    assert "Pathway 1: home, with support 1 " in page
    assert "Waiting for a bed (a short-term bed or a care home place) 2 " in page
    assert "Waiting for care at home to start 1 " in page and "No reason recorded yet 1 " in page
    # Waits in the last 4 weeks: 0, 1, 2, 4, 10 days: the median is 2, the 90th percentile 10 (rank ceil(4.5) = 5).
    assert figure_on(response, "left") == "5"
    assert figure_on(response, "median") == "2 days"
    assert figure_on(response, "p90") == "10 days"
    assert figure_on(response, "started") == "3" and figure_on(response, "ended") == "1"
    assert "No further support needed 1 " in page
    # 2 open episodes against a capacity of 3 from 10 days ago.
    assert figure_on(response, "places-free") == "1"
    assert "2 people are having reablement today, of the 3 the service can support at once." in page
    # Spending this year at £700 a week (£100 a day): day counts worked out from the episodes' dates.
    today = timezone.localdate()
    year = flow.financial_year_start(today)
    days = sum(max(0, (min(end, today) - max(start, year)).days + 1) for start, end in (
        (today - dt.timedelta(days=2), today), (today - dt.timedelta(days=3), today),
        (today - dt.timedelta(days=5), today - dt.timedelta(days=1)),
        (today - dt.timedelta(days=60), today - dt.timedelta(days=30))))
    assert figure_on(response, "spent") == f"£{days * 100:,}.00"
    assert "Budget line 4.1 (fictional)" in page
    # Counts only: no names, and no record opened.
    assert "Edna Secret" not in page and "Fictional Person" not in page
    assert AccessEvent.objects.count() == before
    # 13 weeks takes in the one who left 60 days ago after 30 days: 0, 1, 2, 4, 10, 30.
    longer = client_for(hospital["chris"]).get(reverse("hospital:flow"), {"weeks": "13"})
    assert figure_on(longer, "left") == "6" and figure_on(longer, "p90") == "30 days"
    assert "People who left hospital in the last 13 weeks" in text(longer)
    assert client_for(hospital["chris"]).get(reverse("hospital:flow"), {"weeks": "9999"}).status_code == 200
    # The longer periods' counts are kept, but never past a change: someone else leaves after 40 days, 50 days ago.
    later = make(ward, ready=90, left=50, pathway=1)
    DischargePlan.objects.filter(request=later).update(agreed_at=timezone.now())
    again = client_for(hospital["chris"]).get(reverse("hospital:flow"), {"weeks": "13"})
    assert figure_on(again, "left") == "7" and figure_on(again, "p90") == "40 days"
    assert "Still at home 1 " in text(again)
    StillAtHomeCheck.objects.create(request=later, answer="died", checked_on=timezone.localdate(), spoke_to="her son",
                                    recorded_at=timezone.now())
    assert "Died 1 " in text(client_for(hospital["chris"]).get(reverse("hospital:flow"), {"weeks": "13"}))


def test_the_daily_count_follows_who_was_ready_and_had_not_left(hospital):
    ward = hospital["ward7"]
    make(ward, ready=10, left=4)  # waiting from 10 days ago to 5 days ago
    make(ward, ready=2)  # waiting from 2 days ago
    make(ward, ready=3, left=6)  # left before ready: never waited
    today = timezone.localdate()
    counted = flow.flow_figures(today=today, weeks=4)["each_day"]
    assert len(counted) == 28
    assert [counted[today - dt.timedelta(days=d)] for d in (11, 10, 5, 4, 3, 2, 0)] == [0, 1, 1, 0, 0, 1, 1]


def test_empty_states_say_so_and_never_show_nothing_as_money(hospital):
    response = client_for(hospital["chris"]).get(reverse("hospital:flow"))
    page = text(response)
    assert "Nobody is waiting to leave hospital today." in page
    assert "Nobody left hospital in this period, so there is nothing to count." in page
    assert "Capacity: not recorded yet." in page
    assert "Spending: not recorded yet." in page
    assert "£0" not in page


def test_over_capacity_is_said_and_no_place_is_free(hospital):
    for _ in range(3):
        episode(make(hospital["ward7"], ready=3, left=2), started=2)
    figure("capacity", 2, days_ago=1)
    response = client_for(hospital["chris"]).get(reverse("hospital:flow"))
    assert figure_on(response, "places-free") == "0"
    assert "3 people are having reablement today: 1 more than the 2 the service can support at once." in text(response)


def test_the_page_takes_a_handful_of_queries_however_many_requests(hospital, django_assert_max_num_queries):
    ward = hospital["ward7"]
    for i in range(30):
        r = make(ward, ready=i + 3, left=i % 20 if i % 3 else None, reasons=["bed"] if i % 2 else [])
        if i % 3 and i % 4 == 0:
            episode(r, started=i % 20, ended=(i % 20) // 2 if i % 5 == 0 else None,
                    sequel="community" if i % 5 == 0 else "")
    figure("capacity", 10, days_ago=30)
    figure("weekly_cost", 50_000, days_ago=30)
    client = client_for(hospital["chris"])
    client.get(reverse("hospital:flow"))  # the session and the user warm up
    with django_assert_max_num_queries(20):
        assert client.get(reverse("hospital:flow"), {"weeks": "52"}).status_code == 200


def test_recording_the_services_figures_keeps_every_change_with_who_and_when(hospital):
    manager = staff("mo", "manager", hospital["hana"].staff.team)
    client = client_for(manager)
    today = timezone.localdate()
    response = client.post(reverse("hospital:flow-figures"), {
        "kind": "weekly_cost", "cost-weekly": "£412.50", "cost-source": "",
        "cost-effective_from_day": "1", "cost-effective_from_month": "4", "cost-effective_from_year": str(today.year)})
    assert response.status_code == 400
    page = text(response)
    assert "Say where the figure comes from, for example a contract or a budget line" in page
    assert 'value="£412.50"' in response.content.decode()  # nothing typed is lost
    assert ReablementFigure.objects.count() == 0
    for weekly, source in (("412.50", "Reablement contract, schedule 2 (fictional)"),
                           ("430", "Contract variation 1 (fictional)")):
        response = client.post(reverse("hospital:flow-figures"), {
            "kind": "weekly_cost", "cost-weekly": weekly, "cost-source": source,
            "cost-effective_from_day": str(today.day), "cost-effective_from_month": str(today.month),
            "cost-effective_from_year": str(today.year)})
        assert response.status_code == 302
    client.post(reverse("hospital:flow-figures"), {
        "kind": "capacity", "capacity-people": "35", "capacity-source": "Contract (fictional)",
        "capacity-effective_from_day": "1", "capacity-effective_from_month": "1", "capacity-effective_from_year": "2026"})
    assert [(r.kind, r.value, r.entered_by_name) for r in ReablementFigure.objects.order_by("id")] == [
        ("weekly_cost", 41_250, "Mo Fictional"), ("weekly_cost", 43_000, "Mo Fictional"),
        ("capacity", 35, "Mo Fictional")]
    page = text(client.get(reverse("hospital:flow-figures")))
    assert "£430.00 a week" in page and "£412.50 a week" in page and "35 people at once" in page
    assert "Contract variation 1 (fictional)" in page  # the later entered of the same day is in force
    in_force = flow.figures_in_force(today)
    assert in_force.weekly_cost is not None and in_force.weekly_cost.value == 43_000
    bad = client.post(reverse("hospital:flow-figures"), {"kind": "capacity", "capacity-people": "-3",
                                                          "capacity-source": "x"})
    assert "Enter the number of people as a whole number, like 40" in text(bad)
    assert "Enter the day it takes effect" in text(bad)


def test_the_leaving_hospital_area_shows_reablement_spending_with_its_source(hospital):
    from carecommons.participation import services
    from carecommons.participation.models import Area

    area = Area.objects.get(slug="leaving-hospital")
    today = timezone.localdate()
    assert not [m for m in services.area_money(area, today=today) if "reablement" in m.source.lower()]
    episode(make(hospital["ward7"], ready=3, left=2), started=2)
    figure("weekly_cost", 70_000, days_ago=10, source="Budget line 4.1 (fictional)")
    days = min(3, (today - flow.financial_year_start(today)).days + 1)
    lines = [m for m in services.area_money(area, today=today) if "reablement" in m.source.lower()]
    assert [(m.kind, m.pence) for m in lines] == [("spent", days * 10_000)]
    assert "Budget line 4.1 (fictional)" in lines[0].source


def test_the_team_list_shows_the_checks_due_longest_first_and_how_many(hospital):
    from carecommons.hospital.team_views import checks_due

    born = dt.date(1940, 1, 1)
    first, second, young, checked = (make(hospital["ward7"], ready=r, left=r) for r in (120, 100, 110, 105))
    DischargeRequest.objects.filter(pk__in=[first.pk, second.pk, checked.pk]).update(date_of_birth=born)
    DischargeRequest.objects.filter(pk=young.pk).update(date_of_birth=dt.date(1990, 1, 1))
    for r, days in ((first, 120), (second, 100), (young, 110), (checked, 105)):
        episode(r, started=days)
    StillAtHomeCheck.objects.create(request=checked, answer="at_home", checked_on=timezone.localdate(), spoke_to="x",
                                    recorded_at=timezone.now())
    rows, count = checks_due(timezone.localdate(), shown=1)
    assert count == 2 and [r.pk for r, _ in rows] == [first.pk]
    rows, count = checks_due(timezone.localdate())
    assert count == 2 and [r.pk for r, _ in rows] == [first.pk, second.pk]
