"""Limiting password reset emails (`rules.password_resets`): at most 3 an hour to one account and 20 an hour
because of requests from one client address (`core.client_address`), unless the settings say otherwise
(`CARECOMMONS["PASSWORD_RESET_LIMITS"]`). Every email asked for is recorded, sent or held back
(`PasswordResetEmail`), and one held back is logged. The page says the same either way."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from carecommons.core.models import PasswordResetEmail
from carecommons.rules.password_resets import ResetLimits, reset_email

log = logging.getLogger(__name__)


def limits() -> ResetLimits:
    configured = settings.CARECOMMONS.get("PASSWORD_RESET_LIMITS", {})
    default = ResetLimits()
    return ResetLimits(per_account=int(configured.get("PER_ACCOUNT", default.per_account)),
                       per_address=int(configured.get("PER_ADDRESS", default.per_address)),
                       window=dt.timedelta(minutes=int(configured.get("WINDOW_MINUTES", default.window.total_seconds() // 60))))


@transaction.atomic
def reset_email_allow(*, user: Any, client_address: str) -> bool:
    """Whether a reset email may go to `user` now; the answer is recorded either way. The account's row is locked
    first, so requests for one account at the same moment are counted one after another."""
    user.__class__.objects.select_for_update().filter(pk=user.pk).first()
    rules = limits()
    now = timezone.now()
    sent = PasswordResetEmail.objects.filter(at__gt=now - rules.window, held_by=PasswordResetEmail.Held.SENT)
    decision = reset_email(sent_to_account=sent.filter(user=user).count(),
                           sent_for_address=sent.filter(client_address=client_address).count(), limits=rules)
    held = decision.held_by.value if decision.held_by is not None else PasswordResetEmail.Held.SENT
    PasswordResetEmail.objects.create(user=user, client_address=client_address, at=now, held_by=held)
    if not decision.send:
        log.warning("Password reset email not sent to user %s (asked from %s): %s", user.pk, client_address or "unknown",
                    decision.reason)
    return decision.send
