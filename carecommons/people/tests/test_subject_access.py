"""The person downloads everything held about them, as a page and a file, with no staff step."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.budgets.models import LedgerEntry, LedgerTransaction, PersonalBudget, SupportPlan
from carecommons.people.access import access_person
from carecommons.people.subject_access import everything_about, parts, readable
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def _budget_with_an_entry(cast):
    assessment = f.eligible_assessment(cast.ruth, by=cast.priya)
    now = timezone.now()
    plan = SupportPlan.objects.create(person=cast.ruth, assessment=assessment, kind="adult", unmet_count=2,
                                      drafted_by=cast.priya, status="agreed", created_at=now, updated_at=now,
                                      agreed_weekly=12345)
    budget = PersonalBudget.objects.create(person=cast.ruth, plan=plan, management="direct_payment", weekly=12345,
                                           period_start=dt.date(2026, 4, 6), period_end=dt.date(2027, 4, 4), created_at=now)
    transaction = LedgerTransaction.objects.create(on=dt.date(2026, 4, 6), kind="payment", description="Swimming lessons",
                                                   payee="Ashby Vale Leisure", posted_at=now)
    LedgerEntry.objects.create(transaction=transaction, budget=budget, account=budget.account("cash"), pence=-2550)
    LedgerEntry.objects.create(transaction=transaction, budget=budget, account=budget.account("spent"), pence=2550)
    return budget


def test_the_download_holds_a_conversation_a_ledger_entry_and_the_access_log(client, cast):
    f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, what_matters="My garden and my cat")
    _budget_with_an_entry(cast)
    access_person(user=cast.priya, person_id=cast.ruth.pk)
    client.force_login(cast.ruth_user)

    page = client.get(reverse("people:my-download")).content.decode()
    assert "Everything we hold about you" in page
    assert "My garden and my cat" in page and "Swimming lessons" in page and "minus £25.50" in page
    assert "Priya Shah" in page and "Every time your record was opened" in page

    response = client.get(reverse("people:my-download-json"))
    assert response["Content-Type"].startswith("application/json") and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "care-commons-subject-access" and "pence" in data["notes"]["money"]
    conversations = data["parts"]["conversations"]
    assert conversations["records"][0]["what_matters"] == "My garden and my cat"
    assert dt.date.fromisoformat(conversations["records"][0]["held_on"])
    assert "held_on" in conversations["keys"], "keys are documented"
    entries = data["parts"]["personal_budgets"]["records"][0]["ledger_entries"]
    assert {e["amount_pence"] for e in entries} == {-2550, 2550} and entries[0]["description"] == "Swimming lessons"
    assert data["parts"]["personal_budgets"]["records"][0]["weekly_pence"] == 12345
    log = data["parts"]["access_log"]["records"]
    assert any(e["who"] == "Priya Shah" and e["grounds"] in ("met", "team") for e in log)
    assert any(e["purpose"] == "export" for e in log), "the download itself is logged"
    dt.datetime.fromisoformat(log[0]["at"])


def test_every_part_of_the_record_is_in_the_download(cast):
    names = {p.name for p in parts()}
    assert {"person", "what_matters_statements", "conversation_requests", "conversations", "follow_ups", "assessments",
            "support_plans", "personal_budgets", "financial_assessments", "timesheets", "matching_profiles",
            "arrangements", "visits", "sharing", "invitations", "messages", "access_log"} <= names
    everything = everything_about(cast.ruth)
    json.dumps(everything)  # plain values only
    assert all(set(part["keys"]) >= set().union(*(r.keys() for r in part["records"])) for part in everything["parts"].values())
    assert readable(everything)


def test_the_download_contains_only_your_own_record(client, cast):
    f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, what_matters="Ruth's own words")
    stan_user = f.UserFactory(username="stan", first_name="Stan", last_name="Hughes")
    cast.stan.user = stan_user
    cast.stan.save()
    client.force_login(stan_user)
    data = json.loads(client.get(reverse("people:my-download-json")).content)
    assert data["person_id"] == cast.stan.pk and data["parts"]["person"]["records"][0]["full_name"] == "Stan Hughes"
    assert "Ruth" not in json.dumps(data) and "Ruth" not in client.get(reverse("people:my-download")).content.decode()


@pytest.mark.parametrize("who", ["priya", "morgan", "ade"])
def test_staff_cannot_use_the_download_pages(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("people:my-download")).status_code == 403
    assert client.get(reverse("people:my-download-json")).status_code == 403


def test_the_record_page_links_to_sharing_and_download(client, cast):
    client.force_login(cast.ruth_user)
    html = client.get(reverse("people:my-record")).content.decode()
    assert reverse("people:my-sharing") in html and reverse("people:my-download") in html
