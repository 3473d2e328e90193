"""Emails and texts about signing in and sharing. Sent after the transaction commits, never from save()."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from carecommons.core.links import site_url
from carecommons.core.messaging import Kind, message_send
from carecommons.core.shortlinks import short_link_make
from carecommons.people.models import RecordShare, SignInInvitation


def absolute(path: str) -> str:
    return site_url(path)


def invitation_link(token: str, *, expires_at: dt.datetime) -> str:
    """A short link to the invitation (the long one has the token in it), working as long as the invitation."""
    return short_link_make(path=reverse("people:invitation", args=[token]), expires_at=expires_at)


def _send(invitation: SignInInvitation, subject: str, body: str, *, kind: Kind, personalisation: dict[str, str],
          person_id: int | None) -> None:
    channel = "text" if invitation.channel == SignInInvitation.Channel.TEXT else "email"
    message_send(kind=kind, channel=channel, to=invitation.sent_to, subject=subject, body=body,
                 personalisation=personalisation, person_id=person_id)


def invitation_to_person(invitation: SignInInvitation, token: str, *, name: str) -> None:
    """The link that lets a person make their sign-in and see their own record."""
    days = settings.CARECOMMONS["INVITATION_DAYS"]
    link = invitation_link(token, expires_at=invitation.expires_at)
    if invitation.channel == SignInInvitation.Channel.TEXT:
        body = (f"Care Commons: {name}, you can now see your record online. Make your sign-in here. "
                f"The link works once, for {days} days: {link}")
    else:
        body = (f"Hello {name},\n\n"
                "You can now see your Care Commons record online: what we have written about you, and who has "
                "looked at it.\n\n"
                f"To make your sign-in, open this link and choose a password. The link works once, for {days} days:\n"
                f"{link}\n\n"
                "If you did not expect this, you can ignore it.\n")
    _send(invitation, "Make your Care Commons sign-in", body, kind=Kind.INVITATION,
          personalisation={"name": name, "link": link, "days": str(days)}, person_id=invitation.person_id)


def invitation_to_share(invitation: SignInInvitation, token: str, *, share: RecordShare, person_name: str) -> None:
    """Someone a person shared their record with, who has no sign-in yet: a link to make one."""
    days = settings.CARECOMMONS["INVITATION_DAYS"]
    link = invitation_link(token, expires_at=invitation.expires_at)
    body = (f"Hello,\n\n{person_name} has shared their Care Commons record with you until "
            f"{share.ends_on:%-d %B %Y}.\n\n"
            f"To see it, make a sign-in. Open this link and choose a password. The link works once, for {days} days:\n"
            f"{link}\n\n"
            "If you did not expect this, you can ignore it.\n")
    _send(invitation, f"{person_name} has shared their record with you", body, kind=Kind.RECORD_SHARED,
          personalisation={"person_name": person_name, "until": f"{share.ends_on:%-d %B %Y}", "link": link,
                           "days": str(days)}, person_id=share.person_id)


def shared_with_existing(share: RecordShare, *, email: str, person_name: str) -> None:
    """Someone who already has a sign-in: a note that a record has been shared with them."""
    if not email:
        return
    link = absolute(reverse("people:shared-with-me"))
    body = (f"Hello,\n\n{person_name} has shared their Care Commons record with you until "
            f"{share.ends_on:%-d %B %Y}.\n\nSign in and choose \"Shared with you\" to see it:\n"
            f"{link}\n")
    message_send(kind=Kind.RECORD_SHARED, channel="email", to=email, subject=f"{person_name} has shared their record with you",
                 body=body, personalisation={"person_name": person_name, "until": f"{share.ends_on:%-d %B %Y}", "link": link,
                                             "days": ""}, person_id=share.person_id)
