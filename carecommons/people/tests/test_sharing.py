"""The person shares their record with someone they choose, for a period they choose, sees each look, and ends it."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.people.access import AccessRefused, access_person
from carecommons.people.models import AccessEvent, RecordShare, SignInInvitation
from carecommons.rules.access import Purpose
from carecommons.rules.sharing import add_months
from carecommons.testing import factories as f
from carecommons.testing.short_links import followed

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "kettle-garden-window-42"


def _share(client, data, capture):
    form = {"name": "Grace Okafor", "who": "grace@example.com", "relationship": "my daughter", "period": "month",
            "until_day": "", "until_month": "", "until_year": ""}
    form.update(data)
    with capture(execute=True):
        return client.post(reverse("people:my-sharing"), form)


def test_ruth_shares_with_her_daughter_who_looks_then_ruth_ends_it_and_the_daughter_is_refused(
        client, cast, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(cast.ruth_user)
    f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, what_matters="My garden and my cat")
    response = _share(client, {}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    share = RecordShare.objects.get()
    assert share.relationship == "my daughter" and share.ends_on == add_months(timezone.localdate(), 1)
    grace = share.shared_with
    assert grace.email == "grace@example.com" and not grace.has_usable_password()
    assert not hasattr(grace, "staff") and not hasattr(grace, "person"), "no role: a family member"
    assert "Your record is shared with Grace Okafor until" in client.get(reverse("people:my-sharing")).content.decode()

    # She makes her sign-in from the link in the email.
    assert mailoutbox[-1].to == ["grace@example.com"] and "Ruth Okafor has shared their" in mailoutbox[-1].body
    link = re.search(r"/sign-in/invitation/[\w-]+/", followed(mailoutbox[-1].body)).group(0)
    daughter = Client()
    assert "Ruth Okafor has shared their record with you" in daughter.get(link).content.decode()
    daughter.post(link, {"username": "grace", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert daughter.get("/").url == reverse("people:shared-with-me")
    listing = daughter.get(reverse("people:shared-with-me")).content.decode()
    assert "Ruth Okafor" in listing and "Shared with you" in listing, "in her navigation too"

    # She opens the record, read-only, through the gate.
    record = daughter.get(reverse("people:shared-record", args=[cast.ruth.pk])).content.decode()
    assert "My garden and my cat" in record and "You can read it, but not change it" in record
    assert "Correct this" not in record and "Add to or correct" not in record
    opened = AccessEvent.objects.get(user=grace)
    assert (opened.action, opened.grounds, opened.purpose, opened.role) == ("viewed", "shared", "view", "")

    # Ruth sees it on who-looked.
    log = client.get(reverse("people:my-access-log")).content.decode()
    assert "Grace Okafor" in log and "You shared your record with them" in log

    # Ruth ends the sharing; the daughter is refused, and the refusal is logged.
    assert "Stop sharing your record with Grace Okafor?" in client.get(
        reverse("people:my-sharing-end", args=[share.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:my-sharing-end", args=[share.pk]))
    share.refresh_from_db()
    assert share.ended_at is not None
    assert "You ended it" in client.get(reverse("people:my-sharing")).content.decode()
    assert daughter.get(reverse("people:shared-record", args=[cast.ruth.pk])).status_code == 403
    assert AccessEvent.objects.filter(user=grace, action="refused").count() == 1
    assert "they stopped sharing" in daughter.get(reverse("people:shared-with-me")).content.decode()


def test_sharing_with_someone_who_has_a_sign_in_by_username(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(cast.ruth_user)
    assert _share(client, {"who": "tom", "relationship": "my friend"}, django_capture_on_commit_callbacks).status_code == 302
    assert RecordShare.objects.get().shared_with == cast.tom and not SignInInvitation.objects.exists()
    access_person(user=cast.tom, person_id=cast.ruth.pk)  # Tom works in another team: the sharing lets him see


def test_the_sharing_period_is_at_most_a_year(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.ruth_user)
    late = timezone.localdate() + dt.timedelta(days=400)
    response = _share(client, {"period": "date", "until_day": str(late.day), "until_month": str(late.month),
                               "until_year": str(late.year)}, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "up to a year at a time" in response.content.decode()
    assert not RecordShare.objects.exists() and not get_user_model().objects.filter(email="grace@example.com").exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"who": "nobody-by-that-name"}, "We cannot find a sign-in with that username"),
    ({"who": "ruth"}, "That is you"),
    ({"relationship": ""}, "Say who they are to you"),
    ({"period": ""}, "Choose how long to share your record for"),
    ({"period": "date"}, "Enter the date the sharing ends"),
])
def test_sharing_explains_what_to_put_right(client, cast, django_capture_on_commit_callbacks, data, message):
    client.force_login(cast.ruth_user)
    response = _share(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and message in response.content.decode()
    assert not RecordShare.objects.exists()


def test_a_person_cannot_end_someone_elses_sharing(client, cast):
    stan_user = f.UserFactory(username="stan")
    cast.stan.user = stan_user
    cast.stan.save()
    today = timezone.localdate()
    share = RecordShare.objects.create(person=cast.stan, shared_with=cast.priya, relationship="x", starts_on=today,
                                       ends_on=today, created_at=timezone.now())
    client.force_login(cast.ruth_user)
    assert client.post(reverse("people:my-sharing-end", args=[share.pk])).status_code == 404
    share.refresh_from_db()
    assert share.ended_at is None


def test_sharing_lets_someone_see_but_not_change_or_download(cast):
    today = timezone.localdate()
    daughter = f.UserFactory(username="grace")
    RecordShare.objects.create(person=cast.ruth, shared_with=daughter, relationship="my daughter", starts_on=today,
                               ends_on=today, created_at=timezone.now())
    access_person(user=daughter, person_id=cast.ruth.pk)
    for purpose in (Purpose.CHANGE, Purpose.EXPORT):
        with pytest.raises(AccessRefused):
            access_person(user=daughter, person_id=cast.ruth.pk, purpose=purpose)


def test_someone_with_nothing_shared_cannot_open_a_record(client, cast):
    client.force_login(f.UserFactory(username="stranger"))
    assert client.get(reverse("people:shared-record", args=[cast.ruth.pk])).status_code == 403
    assert "Nobody is sharing their record with you now" in client.get(reverse("people:shared-with-me")).content.decode()


@pytest.mark.parametrize("who", ["priya", "hana"])
def test_staff_cannot_use_the_sharing_page(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("people:my-sharing")).status_code == 403
