"""Deciding money together: every change goes through here. Counting is in `rules/pb.py`, `rules/equal_shares.py`
and `rules/budget_split.py`; this module fetches, checks, stores and audits."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import math
import re
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from carecommons.core.inputs import csv_row
from carecommons.participation.models import (
    Area,
    AreaContract,
    AreaFigure,
    Ballot,
    Contribution,
    Decision,
    DecisionEvent,
    LetterBatch,
    LetterBatchEvent,
    PostalLetter,
    Proposal,
    Round,
    SupportModel,
    Voter,
)
from carecommons.rules import budget_split, ledger, pb, postal_codes

THEMES = {
    "choice": "Choice and control",
    "home": "Being at home",
    "connected": "Staying connected with people",
    "things_to_do": "Work and things to do",
    "continuity": "Knowing who helps me",
    "quick_help": "Getting help quickly",
    "information": "Information and advice",
    "money": "Money and charges",
    "other": "Other",
}
RULES = {
    "identifies": "It names or describes someone so they could be recognised",
    "abuse": "It is abusive, threatening or discriminatory",
    "advertising": "It advertises something",
    "off_topic": "It is not about care and support in this area",
    "complaint": "It is a complaint about one person's care: we have passed on how to complain",
}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I


class ParticipationError(ValueError):
    """Something that cannot be done; the message says why in plain words."""


def financial_year(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


# --- The five areas' money -------------------------------------------------------------------------------

@dataclass(frozen=True)
class MoneyLine:
    year: int
    kind: str  # spent, projected, decided
    pence: int
    source: str


def ledger_spending(year: int, *, up_to: dt.date | None = None) -> tuple[dict[str, int], int]:
    """Personal budgets' payments in the year (up to a day, if given), shared between areas by the kinds of paid
    support in each plan. Returns (pence per area slug, pence that fits no area)."""
    from carecommons.budgets.models import LedgerEntry, PlanItem

    start, end = year_range(year)
    if up_to is not None:
        end = min(end, up_to)
    spent = dict(LedgerEntry.objects.filter(account__contains=":paid:", transaction__on__gte=start, transaction__on__lte=end)
                 .values("budget_id").annotate(total=Sum("pence")).values_list("budget_id", "total"))
    weights: dict[int, dict[str, int]] = {}
    for budget_id, kind, weekly in (PlanItem.objects.filter(met_by="paid", plan__budget__in=list(spent))
                                    .values("plan__budget", "paid_kind").annotate(w=Sum("weekly_cost"))
                                    .values_list("plan__budget", "paid_kind", "w")):
        weights.setdefault(budget_id, {})[kind] = int(weekly or 0)
    area_of = {kind: a.slug for a in Area.objects.all() for kind in a.paid_kinds}
    per_area: dict[str, int] = {}
    elsewhere = 0
    for budget_id, total in spent.items():
        kinds = {k: w for k, w in weights.get(budget_id, {}).items() if w > 0}
        parts = ledger.split_pence(int(total), kinds) if kinds else {"": int(total)}
        for kind, pence in parts.items():
            if kind in area_of:
                per_area[area_of[kind]] = per_area.get(area_of[kind], 0) + pence
            else:
                elsewhere += pence
    return per_area, elsewhere


def contract_spending(area: Area, year: int) -> int:
    total = 0
    for link in area.contracts.select_related("tender__awarded_to"):
        tender = link.tender
        if tender.awarded_to is None or tender.awarded_at is None:
            continue
        first = financial_year(tender.awarded_at.date())
        if first <= year < first + link.years:
            total += tender.awarded_to.price // link.years
    return total


def area_money(area: Area, *, today: dt.date, ledger_share: dict[str, int] | None = None) -> list[MoneyLine]:
    """Money for an area this year and the coming years, each figure with where it comes from."""
    year = financial_year(today)
    lines: list[MoneyLine] = []
    share = ledger_share if ledger_share is not None else ledger_spending(year, up_to=today)[0]
    if area.paid_kinds:
        spent = share.get(area.slug, 0)
        lines.append(MoneyLine(year, "spent", spent,
                               "Care Commons ledger: personal budgets' payments so far this year, shared by the kinds of paid support in each plan"))
        start, end = year_range(year)
        days = (today - start).days + 1
        if spent and days >= 28:  # a forecast from less than four weeks would mislead
            whole = spent * ((end - start).days + 1) // days
            lines.append(MoneyLine(year, "projected", whole,
                                   f"Care Commons forecast: the ledger's payments so far, at the same rate for the rest of the year ({days} of {(end - start).days + 1} days gone)"))
    contracts = contract_spending(area, year)
    if contracts or area.contracts.exists():
        lines.append(MoneyLine(year, "spent", contracts, "Care Commons contracts: awarded contracts counted in this area, spread over their years"))
    if area.slug == LEAVING_HOSPITAL:
        lines.extend(reablement_money(today))
    seen: set[tuple[int, str]] = set()
    for figure in area.figures.filter(year__gte=year - 1).order_by("year", "kind", "-entered_at"):
        if (figure.year, figure.kind) in seen:
            continue
        seen.add((figure.year, figure.kind))
        lines.append(MoneyLine(figure.year, figure.kind, figure.pence, f"Entered by the council: {figure.source}"))
    slugs = list(Area.objects.values_list("slug", flat=True))
    for decision in Decision.objects.filter(year__gte=year).select_related("round"):
        shares = decision.area_shares
        if area.slug in shares and decision.round.split_total:
            pence = budget_split.share_of(decision.round.split_total, [shares[s] for s in slugs])[slugs.index(area.slug)]
            lines.append(MoneyLine(decision.year, "decided", pence,
                                   f"Decided with residents in '{decision.round.title}': {shares[area.slug] / 100:.2f}% of the money shared between the five areas"))
        funded = Proposal.objects.filter(pk__in=decision.funded, area=area).aggregate(t=Sum("cost"))["t"] or 0
        if funded:
            lines.append(MoneyLine(decision.year, "decided", funded, f"Proposals funded in '{decision.round.title}'"))
    return sorted(lines, key=lambda m: (m.year, ["spent", "projected", "decided"].index(m.kind)))


LEAVING_HOSPITAL = "leaving-hospital"


def reablement_money(today: dt.date) -> list[MoneyLine]:
    """Leaving hospital's reablement spending this financial year so far, from the hospital team's episodes and the
    council's weekly cost per person (`hospital.flow`). No weekly cost recorded: no line, never a made-up £0."""
    from carecommons.hospital import flow

    spent = flow.reablement_spending(today)
    if spent.spending.pence is None:
        return []
    return [MoneyLine(financial_year(today), "spent", spent.spending.pence, spent.source)]


def figure_add(*, area: Area, year: int, kind: str, pence: int, source: str, user: Any) -> AreaFigure:
    if not source.strip():
        raise ParticipationError("Say where the figure comes from.")
    return AreaFigure.objects.create(area=area, year=year, kind=kind, pence=pence, source=source.strip(), entered_by=user,
                                     entered_at=timezone.now())


def contract_link(*, area: Area, tender_id: int, years: int, user: Any) -> AreaContract:
    from carecommons.market.models import Tender

    tender = Tender.objects.filter(pk=tender_id, status=Tender.Status.AWARDED).first()
    if tender is None:
        raise ParticipationError("Choose an awarded contract.")
    if AreaContract.objects.filter(tender=tender).exists():
        raise ParticipationError("That contract is already counted in an area.")
    return AreaContract.objects.create(area=area, tender=tender, years=years, added_by=user)


# --- Citizens' views and comments --------------------------------------------------------------------------

def contribute(*, kind: str, text: str, uses_services: bool, area: Area | None = None,
               support_model: SupportModel | None = None) -> Contribution:
    text = text.strip()
    if len(text) < 3:
        raise ParticipationError("Write what you want to say.")
    if len(text) > 2000:
        raise ParticipationError("Keep it under 2,000 characters.")
    if kind not in Contribution.Kind.values:
        raise ParticipationError("Choose what you are telling us.")
    return Contribution.objects.create(kind=kind, text=text, uses_services=uses_services, area=area, support_model=support_model,
                                       created_at=timezone.now())


def moderate(*, contribution_id: int, publish: bool, theme: str, rule: str, user: Any) -> Contribution:
    item = Contribution.objects.filter(pk=contribution_id, status=Contribution.Status.WAITING).first()
    if item is None:
        raise ParticipationError("That has already been checked.")
    if publish:
        if item.kind != Contribution.Kind.MODEL_COMMENT and theme not in THEMES:
            raise ParticipationError("Choose a theme before publishing.")
        item.status, item.theme = Contribution.Status.PUBLISHED, theme if theme in THEMES else ""
    else:
        if rule not in RULES:
            raise ParticipationError("Choose the published rule it breaks.")
        item.status, item.rule_broken = Contribution.Status.NOT_PUBLISHED, rule
    item.moderated_by, item.moderated_at = user, timezone.now()
    item.save()
    return item


@dataclass(frozen=True)
class Theme:
    kind: str
    theme: str
    count: int
    quotes: list[str]


def themes(area: Area) -> list[Theme]:
    """Published views on an area: each kind and theme with its count and up to two quotes (most recent)."""
    published = list(area.contributions.filter(status=Contribution.Status.PUBLISHED).values_list("kind", "theme", "text"))
    counts = Counter((k, t) for k, t, _ in published)
    quotes: dict[tuple[str, str], list[str]] = {}
    for k, t, text in published:
        if len(quotes.setdefault((k, t), [])) < 2:
            quotes[(k, t)].append(text)
    return [Theme(Contribution.Kind(k).label, THEMES.get(t, "Other"), n, quotes[(k, t)])
            for (k, t), n in sorted(counts.items(), key=lambda item: (Contribution.Kind.values.index(item[0][0]), -item[1]))]


# --- Rounds, proposals, voters and ballots ---------------------------------------------------------------

def round_create(*, user: Any, **fields: Any) -> Round:
    return Round.objects.create(created_by=user, created_at=timezone.now(), **fields)


def proposal_add(*, round: Round, **fields: Any) -> Proposal:
    if round.status != Round.Status.DRAFT:
        raise ParticipationError("Proposals can only be added before voting opens.")
    if fields["cost"] <= 0:
        raise ParticipationError("A proposal needs a cost.")
    if fields["cost"] > round.budget:
        raise ParticipationError("A proposal cannot cost more than the whole budget.")
    return Proposal.objects.create(round=round, **fields)


def proposal_remove(*, round: Round, proposal_id: int) -> None:
    if round.status != Round.Status.DRAFT:
        raise ParticipationError("Proposals can only be removed before voting opens.")
    if not round.proposals.filter(pk=proposal_id).delete()[0]:
        raise ParticipationError("That proposal is not in this round.")


def round_open(*, round: Round) -> None:
    if round.status != Round.Status.DRAFT:
        raise ParticipationError("This round is not being prepared.")
    if round.proposals.count() < 2:
        raise ParticipationError("Add at least two proposals before opening the vote.")
    round.status, round.opened_at = Round.Status.OPEN, timezone.now()
    round.save(update_fields=["status", "opened_at"])


def _identity(round: Round, name: str, born: dt.date, postcode: str) -> str:
    normal = "|".join([str(round.pk), re.sub(r"\s+", " ", name.strip().lower()), born.isoformat(), re.sub(r"\s+", "", postcode.upper())])
    return hmac.new(settings.SECRET_KEY.encode(), normal.encode(), hashlib.sha256).hexdigest()


def _code_hash(code: str) -> str:
    return hashlib.sha256(re.sub(r"[^A-Z0-9]", "", code.upper()).encode()).hexdigest()


def _new_code() -> str:
    """Twelve characters from a 32-letter alphabet, each from 5 random bits (256 is a multiple of 32: no bias)."""
    letters = "".join(CODE_ALPHABET[b % 32] for b in secrets.token_bytes(12))
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def verify_resident(*, round: Round, name: str, born: dt.date, postcode: str, user: Any) -> str:
    """Record that a resident has been verified for this round and give them a one-time voting code.

    Only a keyed hash of who they are is kept, to stop the same person being verified twice."""
    if round.status not in (Round.Status.DRAFT, Round.Status.OPEN):
        raise ParticipationError("Voting has finished in this round.")
    code = _new_code()
    try:
        with transaction.atomic():
            Voter.objects.create(round=round, identity=_identity(round, name, born, postcode), code_hash=_code_hash(code),
                                 verified_by=user, verified_at=timezone.now())
    except IntegrityError:
        raise ParticipationError("This resident has already been verified for this round: each person gets one code.") from None
    return code


def code_valid(*, round: Round, code: str) -> bool:
    return Voter.objects.filter(round=round, code_hash=_code_hash(code), has_voted=False).exists()


def round_for_code(code: str) -> Round | None:
    """The open round an unused code is for, wherever it was given (in person or by post); None for any other code."""
    voter = Voter.objects.filter(code_hash=_code_hash(code), has_voted=False, round__status=Round.Status.OPEN).select_related("round").first()
    return voter.round if voter else None


# --- Voting codes by post --------------------------------------------------------------------------------

def household_secret() -> bytes:
    """The key for households' keyed hashes: its own setting, else derived from SECRET_KEY (never SECRET_KEY itself)."""
    own = str(settings.CARECOMMONS.get("HOUSEHOLD_KEY", ""))
    if own:
        return own.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"carecommons.participation.household-key", hashlib.sha256).digest()


def _batch_event(batch: LetterBatch, what: str, user: Any, **detail: Any) -> None:
    LetterBatchEvent.objects.create(batch=batch, what=what, by=user, at=timezone.now(), detail=detail)


def letters_import(*, round: Round, data: bytes, source: str, vote_by: dt.date, user: Any) -> LetterBatch:
    """Read a household list and make one letter, with a new voting code, for each household not already sent one
    for this round. Only a keyed hash of each household and the hash of its code are kept once the letters are
    printed (`letters_printed`)."""
    if round.status not in (Round.Status.DRAFT, Round.Status.OPEN):
        raise ParticipationError("Voting has finished in this round: no more codes can be sent.")
    if vote_by < timezone.localdate():
        raise ParticipationError("The last day to vote must be today or later.")
    try:
        households = postal_codes.read_list(data)
    except postal_codes.ListError as error:
        raise ParticipationError(f"The file cannot be used: {error}.") from None
    secret = household_secret()
    hashed = [(postal_codes.keyed_hash(secret, round.pk, h.key), h) for h in households.households]
    known: set[str] = set()
    for start in range(0, len(hashed), 500):
        known |= set(Voter.objects.filter(round=round, identity__in=[k for k, _ in hashed[start:start + 500]])
                     .values_list("identity", flat=True))
    new = [(k, h) for k, h in hashed if k not in known]
    now = timezone.now()
    try:
        with transaction.atomic():
            batch = LetterBatch.objects.create(round=round, source=source.strip()[:100], vote_by=vote_by, rows=households.rows,
                                               letters=len(new), already_sent=len(hashed) - len(new), repeats=len(households.repeats),
                                               problems=[[line, why] for line, why in households.problems],
                                               imported_by=user, imported_at=now)
            codes = [_new_code() for _ in new]
            Voter.objects.bulk_create([Voter(round=round, identity=k, code_hash=_code_hash(code), verified_by=user, verified_at=now,
                                             letter_batch=batch) for (k, _), code in zip(new, codes, strict=True)], batch_size=2000)
            PostalLetter.objects.bulk_create([PostalLetter(batch=batch, line=h.line, address=h.address, postcode=h.postcode, code=code)
                                              for (_, h), code in zip(new, codes, strict=True)], batch_size=2000)
            _batch_event(batch, "imported", user, rows=batch.rows, letters=batch.letters, already_sent=batch.already_sent,
                         repeats=batch.repeats, problems=len(batch.problems))
    except IntegrityError:
        raise ParticipationError("Another list for this round was being imported at the same time. Import this one again.") from None
    return batch


def letters_opened(*, batch: LetterBatch, how: str, user: Any) -> None:
    """Record that someone opened the letters to print them ("printed") or downloaded them ("downloaded")."""
    if batch.addresses_deleted:
        raise ParticipationError("These letters have been printed and their addresses deleted.")
    _batch_event(batch, how, user, letters=batch.letters)


def letters_printed(*, batch: LetterBatch, user: Any) -> int:
    """The organiser confirms the letters are printed, or, once voting has finished, that they are not needed: the
    addresses and codes are deleted. Returns how many."""
    with transaction.atomic():
        batch = LetterBatch.objects.select_for_update().select_related("round").get(pk=batch.pk)
        if batch.addresses_deleted:
            raise ParticipationError("These letters were already confirmed as printed: the addresses are deleted.")
        voting = batch.round.status in (Round.Status.DRAFT, Round.Status.OPEN)
        if voting and not batch.events.filter(what__in=("printed", "downloaded")).exists():
            raise ParticipationError("Open the letters to print, or download them, before saying they are printed.")
        deleted, _ = PostalLetter.objects.filter(batch=batch).delete()
        batch.printed_by, batch.printed_at = user, timezone.now()
        batch.save(update_fields=["printed_by", "printed_at"])
        _batch_event(batch, "confirmed", user, deleted=deleted, printed=voting)
    return deleted


def check_ballot(round: Round, choices: list[tuple[int, int]], split: list[int] | None) -> None:
    ids = set(round.proposals.values_list("pk", flat=True))
    chosen = [pid for pid, _ in choices]
    if not chosen:
        raise ParticipationError("Choose at least one proposal.")
    if len(set(chosen)) != len(chosen) or not set(chosen) <= ids:
        raise ParticipationError("Each proposal can be chosen once, from this round.")
    if round.ballot_kind == Round.BallotKind.APPROVAL and round.max_choices and len(chosen) > round.max_choices:
        raise ParticipationError(f"Choose up to {round.max_choices} proposals.")
    if round.ballot_kind == Round.BallotKind.CUMULATIVE:
        if any(points < 1 for _, points in choices):
            raise ParticipationError("Points must be whole numbers above 0.")
        if sum(points for _, points in choices) > round.points:
            raise ParticipationError(f"You have {round.points} points to share out: you used {sum(p for _, p in choices)}.")
    if round.ballot_kind == Round.BallotKind.RANKED and len(chosen) > len(pb.RANK_POINTS):
        raise ParticipationError("Put up to three proposals in order.")
    if split is not None:
        if len(split) != Area.objects.count() or any(s < 0 for s in split) or sum(split) != 100:
            raise ParticipationError(f"The shares for the five areas must be whole numbers adding up to 100 (yours add up to {sum(split)}).")


def cast(*, round: Round, code: str, choices: list[tuple[int, int]], split: list[int] | None) -> None:
    """Record a secret ballot and spend the code, together or not at all. Only one of two simultaneous
    submissions with the same code can succeed: the code is spent by a conditional update."""
    if round.status != Round.Status.OPEN:
        raise ParticipationError("Voting is not open in this round.")
    check_ballot(round, choices, split)
    with transaction.atomic():
        spent = Voter.objects.filter(round=round, code_hash=_code_hash(code), has_voted=False).update(has_voted=True)
        if spent != 1:
            raise ParticipationError("This voting code has already been used, or is not a code for this round.")
        Ballot.objects.create(round=round, choices=[[pid, points] for pid, points in choices], split=split)


# --- Counting, results and exports -----------------------------------------------------------------------

def _pounds_up(pence: int) -> int:
    return math.ceil(pence / 100)


def election(round: Round) -> pb.Election:
    """The round as a Pabulib election, counted in whole pounds (so the add-one completion adds £1 a voter)."""
    kind = round.ballot_kind
    projects = {str(p.pk): pb.Project(str(p.pk), _pounds_up(p.cost), p.title) for p in round.proposals.all()}
    ballots = []
    for number, ballot in enumerate(round.ballots.order_by("id").values_list("choices", flat=True), start=1):
        ids = tuple(str(pid) for pid, _ in ballot)
        points = tuple(int(p) for _, p in ballot) if kind == Round.BallotKind.CUMULATIVE else ()
        ballots.append(pb.Ballot(str(number), ids, points))
    meta = {"description": round.title, "budget": str(round.budget // 100), "vote_type": kind, "num_votes": str(len(ballots)),
            "num_projects": str(len(projects)), "rule": "equalshares/add1" if round.rule == Round.Rule.EQUAL_SHARES else "greedy",
            "currency": "GBP"}
    if kind == Round.BallotKind.CUMULATIVE:
        meta["max_sum_points"] = str(round.points)
    return pb.Election(meta, projects, tuple(ballots))


def count(round: Round) -> dict[str, Any]:
    """Count the round by its rule; the split between areas by Independent Markets beside the mean."""
    counted = election(round)
    result: dict[str, Any] = {"ballots": len(counted.ballots), "rule": round.get_rule_display()}
    if counted.ballots:
        outcome = pb.count(counted, round.rule)
        result.update(selected=[int(p) for p in outcome.selected], reasons=outcome.reasons, how=list(outcome.how),
                      scores=pb.scores(counted))
    else:
        result.update(selected=[], reasons=dict.fromkeys(counted.projects, "Not funded: nobody voted."), scores={})
    splits = list(round.ballots.exclude(split=None).values_list("split", flat=True))
    if splits:
        split = budget_split.independent_markets(splits)
        names = list(Area.objects.values_list("name", flat=True))
        result["split"] = {"shares": list(split.shares), "mean": list(split.mean), "participants": split.participants,
                           "explanation": split.explain(names)}
    return result


def round_close(*, round: Round) -> None:
    if round.status != Round.Status.OPEN:
        raise ParticipationError("Only an open round can be closed.")
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        locked.result = count(locked)
        locked.status, locked.closed_at = Round.Status.CLOSED, timezone.now()
        locked.save(update_fields=["result", "status", "closed_at"])
    round.refresh_from_db()


def ballots_csv(round: Round) -> str:
    """Every ballot, in random order, with a number that is not a voter and no time: nothing links it to a person."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ballot", "proposal_id", "points_or_rank", *[f"share_{slug}" for slug in Area.objects.values_list("slug", flat=True)]])
    for number, (choices, split) in enumerate(round.ballots.order_by("id").values_list("choices", "split"), start=1):
        for rank, (pid, points) in enumerate(choices, start=1):
            writer.writerow(csv_row([number, pid, rank if round.ballot_kind == Round.BallotKind.RANKED else points, *(split or [])]))
    return out.getvalue()


def ballots_pb(round: Round) -> str:
    """The round as a Pabulib `.pb` file (costs and budget in whole pounds), voters numbered in random order."""
    counted = election(round)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in counted.meta.items():
        writer.writerow(csv_row([key, value]))
    writer.writerow(["PROJECTS"])
    writer.writerow(["project_id", "cost", "name", *(["selected"] if round.result else [])])
    chosen = {str(p) for p in (round.result or {}).get("selected", [])}
    for pid, project in counted.projects.items():
        writer.writerow(csv_row([pid, project.cost, project.name, *([int(pid in chosen)] if round.result else [])]))
    writer.writerow(["VOTES"])
    cumulative = round.ballot_kind == Round.BallotKind.CUMULATIVE
    writer.writerow(["voter_id", "vote", *(["points"] if cumulative else [])])
    for ballot in counted.ballots:
        writer.writerow(csv_row([ballot.voter, ",".join(ballot.projects), *([",".join(map(str, ballot.points))] if cumulative else [])]))
    return out.getvalue()


def import_pb(*, text: str, area: Area, rule: str, title: str, user: Any) -> Round:
    """A round from a Pabulib file: its projects become proposals in `area`, its ballots are counted. Costs in the
    file are taken as whole pounds. The round is closed and its result published at once."""
    election_ = pb.parse(text)
    kind = election_.vote_type if election_.vote_type in Round.BallotKind.values else None
    if kind is None:
        raise ParticipationError(f"Ballots of type '{election_.vote_type}' cannot be imported: approval, cumulative or ordinal only.")
    with transaction.atomic():
        round = Round.objects.create(title=title or election_.meta.get("description", "Imported election")[:200],
                                     description=f"Imported from a Pabulib file: {election_.meta.get('description', '')}",
                                     budget=election_.budget * 100, ballot_kind=kind, rule=rule,
                                     points=pb.whole_number(election_.meta.get("max_sum_points") or "10", "max_sum_points"),
                                     status=Round.Status.OPEN, created_by=user, created_at=timezone.now(), opened_at=timezone.now())
        ids = {}
        for project in election_.projects.values():
            ids[project.id] = Proposal.objects.create(round=round, title=(project.name or project.id)[:200], description=project.name or "",
                                                      kind=Proposal.Kind.COMMUNITY, area=area, cost=project.cost * 100).pk
        Ballot.objects.bulk_create([
            Ballot(round=round, split=None,
                   choices=[[ids[p], points] for p, points in zip(b.projects, b.points or (1,) * len(b.projects), strict=True)])
            for b in election_.ballots], batch_size=5000)
        round_close(round=round)
    return round


# --- Decisions -------------------------------------------------------------------------------------------

def decision_record(*, round: Round, year: int, reasons: str, user: Any) -> Decision:
    """Make the closed round's outcome the decision: the proposals it funded and, where residents proposed a
    split, the Independent Markets shares for the five areas."""
    if round.status != Round.Status.CLOSED or not round.result:
        raise ParticipationError("Close the round and publish its result before recording the decision.")
    if not reasons.strip():
        raise ParticipationError("Give the reasons for the decision: they are published with it.")
    slugs = list(Area.objects.values_list("slug", flat=True))
    shares = dict(zip(slugs, round.result["split"]["shares"], strict=True)) if "split" in round.result else {}
    with transaction.atomic():
        decision = Decision.objects.create(round=round, year=year, area_shares=shares, funded=round.result["selected"],
                                           reasons=reasons.strip(), decided_by=user, decided_at=timezone.now())
        DecisionEvent.objects.create(decision=decision, what="recorded", by=user, at=timezone.now(),
                                     detail={"area_shares": shares, "funded": round.result["selected"], "reasons": decision.reasons,
                                             "ballots": round.result["ballots"]})
        round.status = Round.Status.DECIDED
        round.save(update_fields=["status"])
    return decision


def decision_override(*, decision: Decision, funded: list[int], area_shares: dict[str, int] | None, reason: str, user: Any) -> Decision:
    """An administrator changes a decision. The reason is required and published with what changed."""
    if not reason.strip():
        raise ParticipationError("An override needs a reason: it is published.")
    ids = set(decision.round.proposals.values_list("pk", flat=True))
    if not set(funded) <= ids:
        raise ParticipationError("Choose proposals from this round.")
    cost = sum(decision.round.proposals.filter(pk__in=funded).values_list("cost", flat=True))
    if cost > decision.round.budget:
        raise ParticipationError(f"Those proposals cost more than the budget of £{decision.round.budget / 100:,.2f}.")
    if area_shares is not None and (sum(area_shares.values()) != budget_split.BASIS or any(v < 0 for v in area_shares.values())):
        raise ParticipationError("The shares for the five areas must add up to 100%.")
    before = {"funded": decision.funded, "area_shares": decision.area_shares}
    with transaction.atomic():
        decision.funded = sorted(funded)
        if area_shares is not None:
            decision.area_shares = area_shares
        decision.overridden, decision.override_reason = True, reason.strip()
        decision.save()
        DecisionEvent.objects.create(decision=decision, what="overridden", by=user, at=timezone.now(),
                                     detail={"before": before, "after": {"funded": decision.funded, "area_shares": decision.area_shares},
                                             "reason": decision.override_reason})
    return decision
