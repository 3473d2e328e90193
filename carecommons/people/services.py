"""Writes to a person's own record: their words, their sign-in, and who they share it with."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from carecommons.conversations.models import Conversation
from carecommons.core.messaging import texts_available
from carecommons.people import notifications
from carecommons.people.access import mark_other_refusal
from carecommons.people.models import (
    AccessEvent,
    BreakGlass,
    Person,
    RecordShare,
    SignInInvitation,
    WhatMattersStatement,
)
from carecommons.people.selectors import for_review
from carecommons.rules.contact import check_email, uk_mobile
from carecommons.rules.sharing import InvitationState, invitation_state, share_period, username_from


@transaction.atomic
def statement_add(*, person: Person, text: str, corrects_id: int | None = None) -> WhatMattersStatement:
    """The person adds to, or corrects, "what matters" in their own words. Nothing is overwritten."""
    corrects = None
    if corrects_id is not None:
        corrects = Conversation.objects.filter(pk=corrects_id, person=person).first()
        if corrects is None:
            raise ValueError("That conversation is not one of yours")
    return WhatMattersStatement.objects.create(person=person, text=text.strip(), corrects=corrects, created_at=timezone.now())


@transaction.atomic
def review_mark(*, reviewer: object, what: str, entry_id: int, note: str = "") -> None:
    """A manager marks a break-glass opening ("glass") or a refused attempt ("refusal") as reviewed, or a refusal an
    app keeps itself (its registered `what`, `access.register_refusal_source`)."""
    if what not in ("glass", "refusal"):
        if not mark_other_refusal(reviewer, what, entry_id):
            raise ValueError("That entry is not waiting for your review")
        return
    glass, refused = for_review(reviewer)
    qs = glass if what == "glass" else refused if what == "refusal" else None
    if qs is None or not qs.filter(pk=entry_id).exists():
        raise ValueError("That entry is not waiting for your review")
    now = timezone.now()
    if what == "glass":
        BreakGlass.objects.filter(pk=entry_id).update(reviewed_by=reviewer, reviewed_at=now, review_note=note.strip())
    else:
        AccessEvent.objects.filter(pk=entry_id).update(reviewed_by=reviewer, reviewed_at=now)


# --- Sign-in invitations ------------------------------------------------------------------------

class InvitationError(ValueError):
    """Why an invitation cannot be sent or used, in words for the person reading the page."""


class InvitationUnusable(InvitationError):
    def __init__(self, state: InvitationState | None) -> None:
        super().__init__(str(state or "unknown"))
        self.state = state  # None: no such link


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_new(*, channel: str, sent_to: str, created_by: Any, person: Person | None = None, user: Any = None,
                    share: RecordShare | None = None) -> tuple[SignInInvitation, str]:
    """A new link. Earlier unused links for the same person or account stop working: only the newest does."""
    now = timezone.now()
    earlier = SignInInvitation.objects.filter(used_at__isnull=True, expires_at__gt=now)
    earlier = earlier.filter(person=person) if person is not None else earlier.filter(user=user)
    earlier.update(expires_at=now)
    token = secrets.token_urlsafe(32)
    invitation = SignInInvitation.objects.create(
        person=person, user=user, share=share, token_hash=token_hash(token), sent_to=sent_to, channel=channel,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None, created_at=now,
        expires_at=now + dt.timedelta(days=settings.CARECOMMONS["INVITATION_DAYS"]))
    return invitation, token


def invitation_channels(person: Person) -> dict[str, str]:
    """Where a person's invitation can go: {channel: address}, from the contact details on their record."""
    channels: dict[str, str] = {}
    if person.email:
        channels[SignInInvitation.Channel.EMAIL] = person.email
    mobile = uk_mobile(person.phone)
    if mobile and texts_available():
        channels[SignInInvitation.Channel.TEXT] = mobile
    return channels


@transaction.atomic
def sign_in_invite(*, person: Person, by: Any, channel: str) -> SignInInvitation:
    """Staff invite a person (opened through the gate for CHANGE) to make their own sign-in."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None:
        raise InvitationError(f"{person.known_as} already has a sign-in.")
    sent_to = invitation_channels(person).get(channel)
    if not sent_to:
        raise InvitationError("Choose how to send the link")
    invitation, token = _invitation_new(person=person, channel=channel, sent_to=sent_to, created_by=by)
    notifications.invitation_to_person(invitation, token, name=person.known_as)
    return invitation


def invitation_with_booking(*, person: Person, channel: str) -> str:
    """A link to make a sign-in, for a booking confirmation going out on `channel`; "" if they have one already."""
    if person.user_id is not None:
        return ""
    sent_to = invitation_channels(person).get(channel)
    if not sent_to:
        return ""
    invitation, token = _invitation_new(person=person, channel=channel, sent_to=sent_to, created_by=None)
    return notifications.invitation_link(token, expires_at=invitation.expires_at)


def invitation_find(token: str) -> tuple[SignInInvitation | None, InvitationState | None]:
    """The invitation a link is for, and whether it still works (None, None for no such link)."""
    invitation = (SignInInvitation.objects.select_related("person__user", "user", "share__person")
                  .filter(token_hash=token_hash(token)).first())
    if invitation is None:
        return None, None
    return invitation, invitation_state(expires_at=invitation.expires_at, used=invitation.used_at is not None,
                                        now=timezone.now())


def invitation_name(invitation: SignInInvitation) -> tuple[str, str]:
    """The first and last names for the sign-in this invitation makes."""
    if invitation.person is not None:
        first, _, last = invitation.person.full_name.partition(" ")
        return first, last
    return invitation.user.first_name, invitation.user.last_name


def suggest_username(invitation: SignInInvitation) -> str:
    """A free username from their name (or email address): `stan.hughes`, or `stan.hughes2` when that is taken."""
    first, last = invitation_name(invitation)
    base = username_from(f"{first} {last}".strip() or invitation.sent_to)
    users = get_user_model().objects
    for n in range(1, 100):
        candidate = base if n == 1 else f"{base}{n}"
        if not users.filter(username__iexact=candidate).exists():
            return candidate
    return f"{base}.{secrets.token_hex(3)}"


def sign_in_problems(invitation: SignInInvitation, *, username: str, password: str) -> dict[str, str]:
    """What is wrong with the username and password chosen for this invitation's sign-in: field → message."""
    problems: dict[str, str] = {}
    users = get_user_model().objects
    username = username.strip()
    if not username:
        problems["username"] = "Choose a username"
    elif len(username) > 150:
        problems["username"] = "Your username must be 150 characters or fewer"
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            problems["username"] = "Your username can only have letters, numbers and the symbols . @ + - _"
        else:
            taken = users.filter(username__iexact=username)
            if invitation.user_id is not None:
                taken = taken.exclude(pk=invitation.user_id)
            if taken.exists():
                problems["username"] = "Someone already has that username. Choose another one"
    first, last = invitation_name(invitation)
    email = invitation.person.email if invitation.person is not None else invitation.user.email
    try:
        password_validation.validate_password(
            password, get_user_model()(username=username, first_name=first, last_name=last, email=email))
    except ValidationError as exc:
        problems["password"] = " ".join(_plain_password_message(m) for m in exc.messages)
    return problems


def _plain_password_message(message: str) -> str:
    """Django's password messages, in plainer words."""
    plain = {
        "This password is too common.": "This password is too easy to guess. Choose a different one.",
        "This password is entirely numeric.": "Your password must have letters in it, not just numbers.",
    }
    if message.startswith("This password is too short."):
        return "Your password must be at least 12 characters long."
    if message.startswith("The password is too similar"):
        return "Your password is too like your name or username. Choose a different one."
    return plain.get(message, message)


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str) -> Any:
    """Use a link once: make the sign-in with the chosen username and password. Returns the user to sign in."""
    invitation, state = invitation_find(token)
    if invitation is None or state is not InvitationState.OPEN:
        raise InvitationUnusable(state)
    problems = sign_in_problems(invitation, username=username, password=password)
    if problems:
        raise InvitationError(" ".join(problems.values()))
    now = timezone.now()
    # Spend the link first, conditionally, so two tabs submitting at once make one sign-in.
    if not SignInInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now):
        raise InvitationUnusable(InvitationState.USED)
    users = get_user_model().objects
    try:
        with transaction.atomic():
            if invitation.person is not None:
                person = Person.objects.select_for_update().get(pk=invitation.person_id)
                if person.user_id is not None:
                    raise InvitationError(f"{person.known_as} already has a sign-in.")
                first, last = invitation_name(invitation)
                user = users.create_user(username=username.strip(), password=password, first_name=first, last_name=last,
                                         email=person.email)
                Person.objects.filter(pk=person.pk, user__isnull=True).update(user=user)
            else:
                user = invitation.user
                user.username = username.strip()
                user.set_password(password)
                user.save(update_fields=["username", "password"])
    except IntegrityError:
        raise InvitationError("Someone has just taken that username. Choose another one") from None
    return user


# --- Sharing a record -----------------------------------------------------------------------------

class ShareInvalid(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def _someone(*, person: Person, who: str, name: str) -> tuple[Any, bool]:
    """The account to share with, found by email address or username; (a new account, True) for a new email."""
    users = get_user_model().objects
    who = who.strip()
    if "@" in who:
        email = check_email(who)
        if not email.ok:
            raise ShareInvalid({"who": email.error})
        found = list(users.filter(Q(email__iexact=email.value) | Q(person__email__iexact=email.value)).distinct()[:2])
        if len(found) > 1:
            raise ShareInvalid({"who": "More than one sign-in uses that email address. Enter their username instead"})
        if found:
            return found[0], False
        if not name.strip():
            raise ShareInvalid({"name": "Enter their name, so we can tell them who they are"})
        first, _, last = " ".join(name.split()).partition(" ")
        user = users.create_user(username=f"invited-{secrets.token_hex(8)}", email=email.value, first_name=first[:150],
                                 last_name=last[:150])  # no usable password until they use their link
        return user, True
    found_user = users.filter(username=who).first() if who else None
    if found_user is None:
        raise ShareInvalid({"who": "We cannot find a sign-in with that username. Check it, or enter their email "
                                   "address instead"})
    return found_user, False


@transaction.atomic
def record_share(*, person: Person, who: str, name: str, relationship: str, period: str,
                 until: dt.date | None) -> RecordShare:
    """The person (opened through the gate for CHANGE) shares their record with someone, for a period they choose.

    Someone with no sign-in is sent a link to make one; someone with a sign-in gets a note.
    """
    today = timezone.localdate()
    when = share_period(period=period, until=until, today=today, longest_days=settings.CARECOMMONS["SHARE_LONGEST_DAYS"])
    if not when.ok:
        raise ShareInvalid(dict(when.problems))
    if not relationship.strip():
        raise ShareInvalid({"relationship": "Say who they are to you, like \"my daughter\""})
    user, new = _someone(person=person, who=who, name=name)
    if user.pk == person.user_id:
        raise ShareInvalid({"who": "That is you. Enter the email address or username of the person you want to share "
                                   "with"})
    current = RecordShare.objects.filter(person=person, shared_with=user, ended_at__isnull=True, ends_on__gte=today).first()
    if current is not None:
        raise ShareInvalid({"who": f"You already share your record with them until {current.ends_on:%-d %B %Y}. "
                                   "End that first if you want to change it"})
    share = RecordShare.objects.create(person=person, shared_with=user, relationship=" ".join(relationship.split()),
                                       starts_on=when.starts_on, ends_on=when.ends_on, created_at=timezone.now())
    waiting = new or (not user.has_usable_password() and getattr(user, "staff", None) is None
                      and getattr(user, "person", None) is None)
    if waiting and user.email:
        invitation, token = _invitation_new(user=user, share=share, channel=SignInInvitation.Channel.EMAIL,
                                            sent_to=user.email, created_by=person.user)
        notifications.invitation_to_share(invitation, token, share=share, person_name=person.full_name)
    else:
        notifications.shared_with_existing(share, email=user.email or getattr(getattr(user, "person", None), "email", ""),
                                           person_name=person.full_name)
    return share


@transaction.atomic
def record_share_end(*, person: Person, share_id: int) -> RecordShare:
    """The person ends a sharing early. It stops at once; the record of it stays."""
    if not RecordShare.objects.filter(pk=share_id, person=person, ended_at__isnull=True).update(ended_at=timezone.now()):
        raise ValueError("That sharing has already ended, or it is not yours")
    return RecordShare.objects.get(pk=share_id)
