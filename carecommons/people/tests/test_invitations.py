"""Staff invite a person to sign in; the link works once, until it expires; the booking confirmation offers it too."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.services import booking_create
from carecommons.core import texts
from carecommons.people.models import AccessEvent, SignInInvitation
from carecommons.people.services import token_hash
from carecommons.testing import factories as f
from carecommons.testing.short_links import followed

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/sign-in/invitation/([\w-]+)/")
GOOD_PASSWORD = "kettle-garden-window-42"


def _link(body: str) -> str:
    assert "/sign-in/invitation/" not in body, "the message shows a short link, never the long one with its token"
    match = LINK.search(followed(body))
    assert match, f"no invitation link in {body!r}"
    return reverse("people:invitation", args=[match.group(1)])


def _invite_stan(client, cast, mailoutbox, django_capture_on_commit_callbacks, channel="email"):
    cast.stan.email = "stan@example.com"
    cast.stan.phone = "07700 900982"
    cast.stan.save()
    client.force_login(cast.tom)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:invite", args=[cast.stan.pk]), {"channel": channel})
    assert response.status_code == 302
    body = mailoutbox[-1].body if channel == "email" else texts.outbox[-1].body
    return _link(body)


def test_a_practitioner_invites_a_person_who_makes_a_sign_in_once(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    link = _invite_stan(client, cast, mailoutbox, django_capture_on_commit_callbacks)
    assert mailoutbox[-1].to == ["stan@example.com"] and "works once, for 7 days" in mailoutbox[-1].body
    invitation = SignInInvitation.objects.get()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash, "only the hash is kept"
    assert invitation.created_by == cast.tom and invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    assert AccessEvent.objects.filter(person=cast.stan, user=cast.tom, purpose="change").exists(), "through the gate"

    stan = Client()
    page = stan.get(link).content.decode()
    assert "Make your sign-in" in page and 'value="stan.hughes"' in page, "a username is suggested"
    response = stan.post(link, {"username": "stan.hughes", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert response.status_code == 302
    cast.stan.refresh_from_db()
    assert cast.stan.user.username == "stan.hughes" and cast.stan.user.check_password(GOOD_PASSWORD)
    assert "Stan" in stan.get(reverse("people:my-record")).content.decode(), "and he is signed in"

    again = Client().get(link)
    assert again.status_code == 410 and "This link has been used" in again.content.decode()


def test_an_invitation_can_go_by_text_message(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    link = _invite_stan(client, cast, mailoutbox, django_capture_on_commit_callbacks, channel="text")
    assert texts.outbox[-1].to == "07700 900 982" and SignInInvitation.objects.get().channel == "text"
    assert Client().get(link).status_code == 200


def test_an_expired_link_gives_a_plain_page(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    link = _invite_stan(client, cast, mailoutbox, django_capture_on_commit_callbacks)
    SignInInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = Client().post(link, {"username": "stan", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert response.status_code == 410 and "This link has run out" in response.content.decode()
    cast.stan.refresh_from_db()
    assert cast.stan.user is None


def test_a_wrong_link_gives_a_plain_page(cast):
    response = Client().get(reverse("people:invitation", args=["not-a-real-token"]))
    assert response.status_code == 404 and "This link does not work" in response.content.decode()


def test_a_new_link_replaces_the_old_one(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    first = _invite_stan(client, cast, mailoutbox, django_capture_on_commit_callbacks)
    second = _invite_stan(client, cast, mailoutbox, django_capture_on_commit_callbacks)
    assert Client().get(first).status_code == 410 and Client().get(second).status_code == 200


@pytest.mark.parametrize(("username", "password", "again", "message"), [
    ("stan", "short", "short", "at least 12 characters"),
    ("stan", "123456789012345", "123456789012345", "not just numbers"),
    ("stan", "password1234", "password1234", "too easy to guess"),
    ("stan", GOOD_PASSWORD, "something-else-entirely", "The two passwords are not the same"),
    ("tom", GOOD_PASSWORD, GOOD_PASSWORD, "Someone already has that username"),
    ("stan hughes!", GOOD_PASSWORD, GOOD_PASSWORD, "can only have letters, numbers"),
])
def test_the_password_and_username_are_checked_with_clear_messages(client, cast, mailoutbox,
                                                                  django_capture_on_commit_callbacks, username, password,
                                                                  again, message):
    link = _invite_stan(client, cast, mailoutbox, django_capture_on_commit_callbacks)
    response = Client().post(link, {"username": username, "password": password, "password_again": again})
    assert response.status_code == 400 and message in response.content.decode()
    assert SignInInvitation.objects.get().used_at is None, "the link still works"


def test_a_person_who_has_a_sign_in_is_not_invited(client, cast):
    cast.ruth.email = "ruth@example.com"
    cast.ruth.save()
    client.force_login(cast.priya)
    page = client.get(reverse("people:person", args=[cast.ruth.pk])).content.decode()
    assert "Ruth has a sign-in" in page or "Ruth Okafor has a sign-in" in page
    assert "Invite them to sign in" not in page
    html = client.get(reverse("people:invite", args=[cast.ruth.pk])).content.decode()
    assert "already has a sign-in" in html
    client.post(reverse("people:invite", args=[cast.ruth.pk]), {"channel": "email"})
    assert not SignInInvitation.objects.exists()


def test_the_person_page_offers_the_invitation(client, cast):
    client.force_login(cast.tom)
    assert "Invite them to sign in" in client.get(reverse("people:person", args=[cast.stan.pk])).content.decode()


def test_a_person_with_no_email_or_mobile_cannot_be_sent_a_link(client, cast):
    client.force_login(cast.tom)
    html = client.get(reverse("people:invite", args=[cast.stan.pk])).content.decode()
    assert "We do not have an email address or a mobile phone number" in html


@pytest.mark.parametrize("who", ["hana", "chris", "ruth_user"])
def test_only_practitioners_and_managers_can_invite(client, cast, who):
    cast.stan.email = "stan@example.com"
    cast.stan.save()
    client.force_login(getattr(cast, who))
    assert client.post(reverse("people:invite", args=[cast.stan.pk]), {"channel": "email"}).status_code == 403
    assert not SignInInvitation.objects.exists()


def test_a_practitioner_from_another_team_must_give_a_reason_first(client, cast):
    cast.stan.email = "stan@example.com"
    cast.stan.save()
    client.force_login(cast.priya)
    response = client.post(reverse("people:invite", args=[cast.stan.pk]), {"channel": "email"})
    assert response.status_code == 302 and "/open/" in response["Location"], "to the page asking for a reason"
    assert not SignInInvitation.objects.exists()


def test_the_booking_confirmation_offers_a_sign_in(cast, mailoutbox, django_capture_on_commit_callbacks):
    slot = f.SlotFactory(hub=cast.library)
    person = f.PersonFactory(full_name="Maggie Brown", email="maggie@example.com", team=None)
    request = f.RequestFactory(person=person)
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(request=request, slot_id=slot.pk)
    body = mailoutbox[0].body
    link = _link(body)
    assert "make your sign-in" in body.lower() and SignInInvitation.objects.get().created_by is None
    response = Client().post(link, {"username": "maggie", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user.username == "maggie"


def test_the_booking_confirmation_goes_by_text_with_the_link_when_there_is_only_a_mobile(cast, mailoutbox,
                                                                                       django_capture_on_commit_callbacks):
    slot = f.SlotFactory(hub=cast.library)
    person = f.PersonFactory(full_name="Den Price", phone="07700 900123", team=None)
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(request=f.RequestFactory(person=person), slot_id=slot.pk)
    assert mailoutbox == [] and len(texts.outbox) == 1
    assert texts.outbox[0].to == "07700 900 123" and "/sign-in/invitation/" in followed(texts.outbox[0].body)


def test_the_booking_confirmation_offers_nothing_to_someone_with_a_sign_in(cast, mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    cast.ruth.email = "ruth@example.com"
    cast.ruth.save()
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(request=f.RequestFactory(person=cast.ruth), slot_id=f.SlotFactory(hub=cast.library).pk)
    assert "/sign-in/invitation/" not in mailoutbox[0].body and not SignInInvitation.objects.exists()


def test_two_tabs_using_one_link_make_one_sign_in(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    from carecommons.people import services

    link = _invite_stan(client, cast, mailoutbox, django_capture_on_commit_callbacks)
    token = link.rstrip("/").rsplit("/", 1)[1]
    services.invitation_accept(token=token, username="stan.one", password=GOOD_PASSWORD)
    with pytest.raises(services.InvitationUnusable):
        services.invitation_accept(token=token, username="stan.two", password=GOOD_PASSWORD)
    assert not get_user_model().objects.filter(username="stan.two").exists()
