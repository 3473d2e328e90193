"""Writes for the outcomes app: publishing a release (the only writer of `OutcomesRelease`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from carecommons.outcomes.models import OutcomesRelease
from carecommons.rules.suppression import FEWER_THAN_5, NOT_SHOWN, is_small


def _check_suppressed(figures: Any, where: str = "figures") -> None:
    """Refuse to save any count of 1 to 4 or any hidden figure that still carries its number: the last guard
    before anything is published."""
    if isinstance(figures, dict):
        if set(figures) == {"value", "label"}:
            value, label = figures["value"], figures["label"]
            if label in (FEWER_THAN_5, NOT_SHOWN) and value is not None:
                raise ValueError(f"{where}: a hidden figure still has its number")
            if isinstance(value, int) and not isinstance(value, bool) and is_small(value):
                raise ValueError(f"{where}: a count of {value} would be published")
            return
        for key, item in figures.items():
            _check_suppressed(item, f"{where}.{key}")
    elif isinstance(figures, list):
        for i, item in enumerate(figures):
            _check_suppressed(item, f"{where}[{i}]")


@transaction.atomic
def release_publish(*, period_start: dt.date, period_end: dt.date, figures: dict[str, Any], population_source: str,
                    fictional: bool) -> OutcomesRelease:
    """Publish one release of figures already suppressed (`publishing.release_figures`)."""
    if period_start > period_end:
        raise ValueError("the period must start before it ends")
    _check_suppressed(figures)
    return OutcomesRelease.objects.create(
        period_start=period_start, period_end=period_end, made_at=timezone.now(), figures=figures,
        population_source=population_source, fictional=fictional)
