"""Reads for the outcomes app: the release the public page shows."""

from __future__ import annotations

from carecommons.outcomes.models import OutcomesRelease


def latest_release() -> OutcomesRelease | None:
    """The most recently published release, or None when nothing has been published."""
    return OutcomesRelease.objects.order_by("-made_at", "-pk").first()
