"""Links to choose a password, starting from the installation's own address, and ending someone's sessions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from carecommons.core.links import site_url


def base_url() -> str:
    """The installation's own address, without a trailing slash (`links.site_url` adds paths to it)."""
    return site_url("")


def reset_hours() -> int:
    return int(settings.PASSWORD_RESET_TIMEOUT) // 3600


def password_link(user: Any) -> str:
    """A link that lets `user` choose a password: it works once, for `PASSWORD_RESET_TIMEOUT`."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site_url(reverse("core:password-reset-confirm", kwargs={"uidb64": uid, "token": token}))


def sessions_end(user: Any) -> int:
    """Sign `user` out everywhere: delete every unexpired session that belongs to them. Returns how many."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended
