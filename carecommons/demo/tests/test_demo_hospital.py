"""The demo's hospital part: wards, a ward nurse and a hospital social worker who can sign in, and discharge requests
at every stage, dated back from the demo's today, so the team's pages and ASCOF 2A and 2D have something to show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from carecommons.hospital import access
from carecommons.hospital.models import DischargeRequest, ReablementEpisode, StillAtHomeCheck, Ward
from carecommons.rules.discharge import Sequel, check_due, nhs_number_valid

TODAY = dt.date(2026, 12, 7)  # /outcomes/ then publishes October 2025 to September 2026


@pytest.mark.django_db
def test_the_demo_has_discharge_requests_at_every_stage_and_two_logins_who_see_what_they_should() -> None:
    out = StringIO()
    call_command("demo_area", "--seed", "1", "--today", TODAY.isoformat(), stdout=out)
    said = out.getvalue()
    assert "40 discharge requests from two wards of Ashby Vale General Hospital (fictional)" in said
    assert "  ward " in said and "  hospital " in said
    requests = DischargeRequest.objects.select_related("plan", "ward").all()
    statuses = Counter(r.status for r in requests)
    assert statuses["received"] == 2 and statuses["planning"] == 4 and statuses["left_hospital"] == 34
    # being planned: each waiting since they were ready, with reasons from the list
    planning = [r for r in requests if r.status == "planning"]
    assert all(r.plan.left_on is None and r.plan.delay_reasons and r.ready_on < TODAY for r in planning)
    # every request labelled fictional and every NHS number in the 999 test range with a valid check digit
    assert all(r.ward.hospital.endswith("(fictional)") for r in requests)
    assert all(r.nhs_number.startswith("999") and nhs_number_valid(r.nhs_number) for r in requests)
    # reablement: some open, every sequel among the ended, the 91-day check recorded and due-but-not-done
    episodes = ReablementEpisode.objects.select_related("request__plan")
    assert episodes.filter(ended_on__isnull=True).count() == 4
    assert {e.sequel for e in episodes.exclude(ended_on=None)} == {s.value for s in Sequel}
    checks = StillAtHomeCheck.objects.all()
    assert checks.count() >= 10 and {c.answer for c in checks} >= {"at_home", "care_home", "hospital", "died"}
    due = [e for e in episodes if check_due(left_hospital_on=e.request.plan.left_on, today=TODAY)
           and not StillAtHomeCheck.objects.filter(request=e.request).exists()]
    assert len(due) >= 2
    # both age groups, most of them 65 or over
    ages = [(TODAY - r.date_of_birth).days // 365 for r in requests]
    assert sum(a >= 65 for a in ages) > 30 and any(a < 65 for a in ages)
    # the ward nurse sees her own ward's requests only; the hospital social worker sees every one
    users = get_user_model().objects
    larch = Ward.objects.get(code="AVG-LARCH")
    assert set(access.requests_in_reach(users.get(username="ward"))) == set(requests.filter(ward=larch))
    assert 0 < requests.filter(ward=larch).count() < len(requests)
    assert access.requests_in_reach(users.get(username="hospital")).count() == len(requests)
    assert access.on_hospital_team(users.get(username="hospital"))
    # /outcomes/, published from the records for the 12 months to the last complete quarter, shows 2A and 2D with
    # numbers: enough people counted, and enough not, that nothing is suppressed
    from carecommons.outcomes.management.commands.publish_outcomes import last_complete_quarters
    from carecommons.outcomes.publishing import measures_from_records

    _, results, _ = measures_from_records(*last_complete_quarters(TODAY), population=None)
    shown = {key: (results[-1][key].numerator, results[-1][key].denominator) for key in ("2A", "2D")}
    for numerator, denominator in shown.values():
        assert numerator is not None and denominator is not None, shown
        assert numerator >= 5 and denominator - numerator >= 5, shown

