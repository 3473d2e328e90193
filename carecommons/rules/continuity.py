"""Continuity of care: a small group of familiar people, not "a stream of strangers".

From visit records: how many different workers a person saw in the window, the share of visits
made by their three most familiar workers, and an alert when the council's thresholds are crossed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Continuity:
    visits: int
    workers: int
    familiar_share: int  # percent of visits by the three most familiar workers
    strangers_alert: bool
    reasons: tuple[str, ...]


def continuity(visits: Iterable[tuple[dt.datetime, str]], *, since: dt.datetime, until: dt.datetime, max_workers: int,
               min_familiar_share: int) -> Continuity:
    """`visits` are (when, worker). Counted from `since` up to, not including, `until`."""
    counts = Counter(worker for when, worker in visits if since <= when < until)
    total = sum(counts.values())
    days = (until - since).days
    if not total:
        return Continuity(0, 0, 0, False, (f"No visits recorded in the last {days} days.",))
    top3 = sum(n for _, n in counts.most_common(3))
    share = round(100 * top3 / total)
    alert = len(counts) > max_workers or share < min_familiar_share
    reasons = [
        f"{total} visit{'s' if total != 1 else ''} in the last {days} days, by {len(counts)} different worker{'s' if len(counts) != 1 else ''}.",
        f"The three most familiar workers made {share}% of the visits.",
    ]
    if alert:
        reasons.append(f"This is more than {max_workers} different workers, or fewer than {min_familiar_share}% of visits by familiar "
                       "faces: care is becoming a stream of strangers. Time to talk with the provider."
                       if len(counts) > max_workers else
                       f"Fewer than {min_familiar_share}% of visits were by familiar faces: care is becoming a stream of strangers. "
                       "Time to talk with the provider.")
    return Continuity(total, len(counts), share, alert, tuple(reasons))
