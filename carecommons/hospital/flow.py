"""Leaving hospital, counted for commissioners and the hospital team's managers: how many wait and why, how long
people waited, what followed reablement, places free, and what reablement cost (issue 18, "Commissioners see the
flow").

Counts only. Every query here groups in the database (by day, by pathway, by reason, by sequel) and returns counts:
no name, no NHS number, no row about one person leaves this module, so no person's record is opened and no access
event is written (`people.access.open_record` is for opening a record; nothing here does). The arithmetic is
`rules.discharge_flow`'s.

Who may see it: commissioners (the pages table, `rules.access.PAGES["hospital:flow"]`) and managers on the council's
hospital team (`access.on_hospital_team`), who also record the reablement service's capacity and weekly cost.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from carecommons.hospital.access import on_hospital_team
from carecommons.hospital.models import (
    OPEN,
    DischargePlan,
    DischargeRequest,
    ReablementEpisode,
    ReablementFigure,
    StillAtHomeCheck,
)
from carecommons.people.roles import display_name, role_of
from carecommons.rules import discharge_flow as rules
from carecommons.rules.access import Role, may_open_page
from carecommons.rules.discharge import RequestStatus

PERIODS = {"4": 4, "13": 13, "52": 52}  # weeks a commissioner may choose; 4 unless they choose
DEFAULT_PERIOD = "4"
CHART_DAYS = 28
LEAVERS_CACHE_SECONDS = 60 * 60
CACHE_AFTER_DAYS = 4 * 7  # periods longer than the default four weeks keep their leavers in the cache
WITHDRAWN = RequestStatus.WITHDRAWN.value


def may_see_flow(user: Any) -> bool:
    """A commissioner, or a manager on the hospital team."""
    role = role_of(user)
    return may_open_page(role=role, page="hospital:flow") or (role is Role.MANAGER and on_hospital_team(user, role))


def require_flow(user: Any) -> None:
    if not may_see_flow(user):
        raise PermissionDenied("Only commissioners and the hospital team's managers can see how leaving hospital flows.")


def financial_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


# --- The figures the council records ----------------------------------------------------------------------------

@dataclass(frozen=True)
class InForce:
    capacity: ReablementFigure | None
    weekly_cost: ReablementFigure | None
    rates: tuple[rules.Rate, ...]
    cost_sources: dict[dt.date, str]


def figures_in_force(today: dt.date) -> InForce:
    """Today's capacity and weekly cost (the latest to take effect on or before today; of two taking effect on the
    same day, the later entered), and every weekly cost to take effect, for costing the days they were in force.
    One query: the council records a handful of these."""
    figures = list(ReablementFigure.objects.order_by("effective_from", "entered_at", "id"))
    current: dict[str, ReablementFigure] = {}
    costs: dict[dt.date, ReablementFigure] = {}
    for figure in figures:
        if figure.effective_from <= today:
            current[figure.kind] = figure
        if figure.kind == ReablementFigure.Kind.WEEKLY_COST:
            costs[figure.effective_from] = figure  # the later entered wins for its day
    return InForce(current.get(ReablementFigure.Kind.CAPACITY), current.get(ReablementFigure.Kind.WEEKLY_COST),
                   tuple(rules.Rate(day, f.value) for day, f in sorted(costs.items())),
                   {day: f.source for day, f in costs.items()})


def record_figure(*, kind: str, value: int, source: str, effective_from: dt.date, user: Any) -> ReablementFigure:
    """Record a capacity or weekly cost from a day on. Nothing is overwritten: the history keeps every figure."""
    if kind not in ReablementFigure.Kind.values:
        raise ValueError(f"no such figure: {kind}")
    if not source.strip():
        raise ValueError("a figure needs its source")
    return ReablementFigure.objects.create(kind=kind, value=value, source=" ".join(source.split()),
                                           effective_from=effective_from, entered_by=user,
                                           entered_by_name=display_name(user), entered_at=timezone.now())


# --- Money -------------------------------------------------------------------------------------------------------

def episode_spans(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date | None, int]]:
    """Reablement episodes that overlap `first` to `last`, grouped by (started on, ended on): a few thousand groups
    for a year, read from one index (`hospital_episode_dates`)."""
    rows = (ReablementEpisode.objects.filter(started_on__lte=last).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
            .values("started_on", "ended_on").annotate(n=Count("id")).order_by())
    return [(r["started_on"], r["ended_on"], r["n"]) for r in rows]


def reablement_per_day(first: dt.date, last: dt.date,
                       spans: list[tuple[dt.date, dt.date | None, int]] | None = None) -> dict[dt.date, int]:
    """People having reablement each day from `first` to `last` (an episode counts on the day it starts and the day
    it ends)."""
    starts: Counter[dt.date] = Counter()
    stops: Counter[dt.date] = Counter()
    for started_on, ended_on, n in (spans if spans is not None else episode_spans(first, last)):
        if started_on > last or (ended_on is not None and ended_on < first):
            continue
        starts[started_on] += n
        if ended_on is not None:
            stops[ended_on + dt.timedelta(days=1)] += n
    return rules.active_each_day(starts=starts, stops=stops, first=first, last=last)


@dataclass(frozen=True)
class YearSpending:
    first: dt.date
    last: dt.date
    spending: rules.Spending
    source: str


def reablement_spending(today: dt.date, figures: InForce | None = None,
                        spans: list[tuple[dt.date, dt.date | None, int]] | None = None) -> YearSpending:
    """Reablement spending this financial year to today: each day's people × the weekly cost in force ÷ 7."""
    figures = figures if figures is not None else figures_in_force(today)
    first = financial_year_start(today)
    counted = rules.spending(per_day=reablement_per_day(first, today, spans), rates=figures.rates)
    in_force = [day for day in figures.cost_sources if day <= today]
    sources = "; ".join(f"from {day:%-d %B %Y}, {figures.cost_sources[day]}" for day in in_force)
    source = ("Care Commons reablement episodes: each day's people having reablement this financial year so far, "
              "times the weekly cost per person in force that day, divided by 7. The weekly cost was entered by "
              f"the council ({sources}).") if sources else ""
    return YearSpending(first, today, counted, source)


# --- The page ----------------------------------------------------------------------------------------------------

def _waiting_today(today: dt.date) -> dict[str, Any]:
    waiting = DischargeRequest.objects.filter(status__in=OPEN, ready_on__lte=today)
    by_pathway = {row["pathway"]: row["n"] for row in waiting.annotate(
        pathway=Coalesce("plan__agreed_pathway", "proposed_pathway")).values("pathway").annotate(n=Count("id"))
        .order_by()}
    by_reason = [(row["plan__delay_reasons"], row["n"]) for row in
                 waiting.values("plan__delay_reasons").annotate(n=Count("id")).order_by()]
    pathway_rows = rules.pathway_counts(by_pathway)
    return {"total": sum(r.count for r in pathway_rows), "pathways": pathway_rows,
            "reasons": rules.delay_reason_counts(by_reason)}


def _waiting_each_day(first: dt.date, last: dt.date,
                      left: list[tuple[dt.date, dt.date, int]]) -> dict[dt.date, int]:
    """People waiting each day (ready to leave on or before it, not yet left): those still waiting (one grouped
    query, on the index of status and ready day) and those who left after `first` (`left`, the groups of ready day
    and day left). Requests the ward withdrew are left out (the day they were withdrawn is not kept), and so is
    anyone who left before the day they were expected to be ready: they never waited."""
    starts: Counter[dt.date] = Counter({row["ready_on"]: row["n"] for row in DischargeRequest.objects.filter(
        status__in=OPEN, ready_on__lte=last).values("ready_on").annotate(n=Count("id")).order_by()})
    stops: Counter[dt.date] = Counter()
    for ready_on, left_on, n in left:
        if left_on > first and ready_on <= last and left_on >= ready_on:
            starts[ready_on] += n
            stops[left_on] += n
    return rules.active_each_day(starts=starts, stops=stops, first=first, last=last)


def leavers(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date, int]]:
    """People who left hospital from `first` to `last`, grouped by (the day they were ready, the day they left).

    Four weeks are counted afresh. A year is a quarter of a million plans joined to their requests, so for the longer
    periods the groups are kept in the cache under a key
    that changes whenever a plan does: the latest plan made (its id) and the latest saved (`agreed_at`, set on every
    save by `team_services.plan_save`, the only writer of `left_on`), both read from an index. A request's
    `ready_on` is never changed once received. So a figure is never stale: a change to any plan makes a new key."""
    def counted() -> list[tuple[dt.date, dt.date, int]]:
        return [(r["request__ready_on"], r["left_on"], r["n"]) for r in DischargePlan.objects.filter(
            left_on__gte=first, left_on__lte=last).values("request__ready_on", "left_on")
            .annotate(n=Count("id")).order_by()]

    if (last - first).days < CACHE_AFTER_DAYS:
        return counted()  # four weeks are quick to count afresh
    # Two queries: SQLite answers a lone MAX from an index at once, but not two in one query.
    latest_id = DischargePlan.objects.aggregate(n=Max("id"))["n"]
    latest_at = DischargePlan.objects.aggregate(at=Max("agreed_at"))["at"]
    saved = latest_at.isoformat().replace(" ", "T") if latest_at is not None else "none"
    key = f"hospital-flow-leavers:{first}:{last}:{latest_id}:{saved}"  # no spaces: any cache backend takes it
    found = cache.get(key)
    if found is None:
        found = counted()
        cache.set(key, found, timeout=LEAVERS_CACHE_SECONDS)
    return list(found)


def check_answers(first: dt.date, last: dt.date) -> dict[str, int]:
    """The 91-day answers recorded from `first` to `last`, by answer. A check is only ever added
    (`team_services.check_record`, once a request), so for the longer periods the counts are kept in the cache under
    a key of the latest check."""
    def counted() -> dict[str, int]:
        return {row["answer"]: row["n"] for row in StillAtHomeCheck.objects.filter(
            checked_on__gte=first, checked_on__lte=last).values("answer").annotate(n=Count("id")).order_by()}

    if (last - first).days < CACHE_AFTER_DAYS:
        return counted()
    key = f"hospital-flow-answers:{first}:{last}:{StillAtHomeCheck.objects.aggregate(n=Max('id'))['n']}"
    found = cache.get(key)
    if found is None:
        found = counted()
        cache.set(key, found, timeout=LEAVERS_CACHE_SECONDS)
    return dict(found)


def flow_figures(*, today: dt.date, weeks: int) -> dict[str, Any]:
    """Everything the flow page shows, as counts. Eight grouped queries whatever the number of requests, and three
    more for the longer periods' cache keys (the test holds the page to a budget)."""
    since = today - dt.timedelta(weeks=weeks) + dt.timedelta(days=1)
    chart_first = today - dt.timedelta(days=CHART_DAYS - 1)
    # Who left from the earlier of the period's start and the chart's, by (ready day, day left): both use it.
    left = leavers(min(since, chart_first), today)
    waits = rules.wait_summary(rules.days_between(g for g in left if g[1] >= since))
    each_day = _waiting_each_day(chart_first, today, left)
    year_first = financial_year_start(today)
    spans = episode_spans(min(year_first, since), today)
    started = sum(n for s, _, n in spans if since <= s <= today)
    open_episodes = sum(n for s, e, n in spans if e is None and s <= today)
    ended = {row["sequel"]: row["n"] for row in ReablementEpisode.objects.filter(
        ended_on__gte=since, ended_on__lte=today).values("sequel").annotate(n=Count("id")).order_by()}
    answers = check_answers(since, today)
    figures = figures_in_force(today)
    return {
        "since": since, "weeks": weeks, "waiting": _waiting_today(today), "waits": waits,
        "each_day": each_day, "started": started, "sequels": rules.sequel_counts(ended),
        "ended": sum(ended.values()),
        "answers": [(label, answers.get(value, 0)) for value, label in StillAtHomeCheck.Answer.choices],
        "checked": sum(answers.values()),
        "figures": figures,
        "places": rules.places_free(capacity=figures.capacity.value if figures.capacity else None,
                                    open_episodes=open_episodes),
        "money": reablement_spending(today, figures, spans),
    }
