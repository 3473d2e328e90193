"""Emails and texts about signing in and sharing. Sent after the transaction commits, never from save()."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from carecommons.core import texts
from carecommons.people.models import RecordShare, SignInInvitation


def absolute(path: str) -> str:
    return settings.CARECOMMONS["BASE_URL"].rstrip("/") + path


def invitation_link(token: str) -> str:
    return absolute(reverse("people:invitation", args=[token]))


def _send(invitation: SignInInvitation, subject: str, body: str) -> None:
    if invitation.channel == SignInInvitation.Channel.TEXT:
        transaction.on_commit(lambda: texts.send_text(invitation.sent_to, body))
    else:
        transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.sent_to], fail_silently=True))


def invitation_to_person(invitation: SignInInvitation, token: str, *, name: str) -> None:
    """The link that lets a person make their sign-in and see their own record."""
    days = settings.CARECOMMONS["INVITATION_DAYS"]
    if invitation.channel == SignInInvitation.Channel.TEXT:
        body = (f"Care Commons: {name}, you can now see your record online. Make your sign-in here. "
                f"The link works once, for {days} days: {invitation_link(token)}")
    else:
        body = (f"Hello {name},\n\n"
                "You can now see your Care Commons record online: what we have written about you, and who has "
                "looked at it.\n\n"
                f"To make your sign-in, open this link and choose a password. The link works once, for {days} days:\n"
                f"{invitation_link(token)}\n\n"
                "If you did not expect this, you can ignore it.\n")
    _send(invitation, "Make your Care Commons sign-in", body)


def invitation_to_share(invitation: SignInInvitation, token: str, *, share: RecordShare, person_name: str) -> None:
    """Someone a person shared their record with, who has no sign-in yet: a link to make one."""
    days = settings.CARECOMMONS["INVITATION_DAYS"]
    body = (f"Hello,\n\n{person_name} has shared their Care Commons record with you until "
            f"{share.ends_on:%-d %B %Y}.\n\n"
            f"To see it, make a sign-in. Open this link and choose a password. The link works once, for {days} days:\n"
            f"{invitation_link(token)}\n\n"
            "If you did not expect this, you can ignore it.\n")
    _send(invitation, f"{person_name} has shared their record with you", body)


def shared_with_existing(share: RecordShare, *, email: str, person_name: str) -> None:
    """Someone who already has a sign-in: a note that a record has been shared with them."""
    if not email:
        return
    body = (f"Hello,\n\n{person_name} has shared their Care Commons record with you until "
            f"{share.ends_on:%-d %B %Y}.\n\nSign in and choose \"Shared with you\" to see it:\n"
            f"{absolute(reverse('people:shared-with-me'))}\n")
    transaction.on_commit(lambda: send_mail(f"{person_name} has shared their record with you", body, None, [email],
                                            fail_silently=True))
