"""The demo area's budgeting together: fictional figures, views, a decided round and an open one. All made up."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from carecommons.participation import services
from carecommons.participation.models import (
    Area,
    AreaContract,
    AreaFigure,
    Ballot,
    Contribution,
    Decision,
    DecisionEvent,
    Proposal,
    Round,
    SupportModel,
    Voter,
)

VIEWS = [
    ("own-home", "good_life", "home", "Getting up when I want, with the same people helping me each day."),
    ("own-home", "dislike", "continuity", "A different carer every visit. I have to explain everything again."),
    ("own-home", "like", "choice", "My direct payment means I choose my personal assistant."),
    ("accommodation", "good_life", "home", "A home of my own with my friends nearby, not a placement far away."),
    ("day-and-work", "good_life", "things_to_do", "A real job for real pay, and people to have lunch with."),
    ("day-and-work", "dislike", "things_to_do", "The day centre is the same thing every week."),
    ("leaving-hospital", "dislike", "quick_help", "I waited in hospital for two weeks for care to start at home."),
    ("whole-community", "like", "connected", "The Tuesday café at the library is where I found out what is on."),
]
PROPOSALS = [
    ("Shared Lives short breaks", "More Shared Lives carers offering short breaks, so families get a rest.", "accommodation", "shared-lives", 42_000),
    ("Local area coordinator for the east", "A coordinator based in the east of the area for two years.", "whole-community", "local-area-coordination", 60_000),
    ("Start-up help for micro-enterprises", "Help for ten local people to start small care and support enterprises.", "own-home", "community-micro-enterprises", 25_000),
    ("Reablement at weekends", "Reablement workers at weekends so people can leave hospital on a Saturday.", "leaving-hospital", "reablement", 55_000),
    ("Supported employment", "Job coaches for people with learning disabilities.", "day-and-work", None, 38_000),
    ("Homeshare matching", "A Homeshare programme for the area.", "accommodation", "homeshare", 18_000),
]


def wipe() -> None:
    for model in (DecisionEvent, Decision, Ballot, Voter, Proposal, Round, Contribution, AreaContract, AreaFigure):
        model._default_manager.all().delete()


def _round(title: str, *, rng: random.Random, user: Any, ballot_kind: str, split_total: int) -> Round:
    round = services.round_create(user=user, title=title, description="A fictional round for the demonstration area.",
                                  budget=150_000 * 100, ballot_kind=ballot_kind, rule=Round.Rule.EQUAL_SHARES, max_choices=0, points=10,
                                  split_total=split_total)
    models = {m.slug: m for m in SupportModel.objects.all()}
    for name, text, area, model, pounds in PROPOSALS:
        services.proposal_add(round=round, title=name, description=text, kind=Proposal.Kind.COMMUNITY if model is None else Proposal.Kind.REALLOCATION,
                              area=Area.objects.get(slug=area), from_model=None, to_model=models.get(model or ""), cost=pounds * 100)
    return round


def build(*, seed: int, today: dt.date, commissioner: Any) -> dict[str, int]:
    rng = random.Random(seed * 13 + 5)
    year = services.financial_year(today)
    for area in Area.objects.all():
        base = rng.randrange(2_000_000, 9_000_000) * 100
        for offset, kind in ((0, AreaFigure.Kind.SPENT), (1, AreaFigure.Kind.PROJECTED), (2, AreaFigure.Kind.PROJECTED)):
            services.figure_add(area=area, year=year + offset, kind=kind, pence=base + offset * base // 25,
                                source="fictional demonstration figure", user=commissioner)
    for slug, kind, theme, text in VIEWS:
        item = services.contribute(kind=kind, text=text, uses_services=True, area=Area.objects.get(slug=slug))
        services.moderate(contribution_id=item.pk, publish=True, theme=theme, rule="", user=commissioner)
    services.contribute(kind="like", text="Waiting to be checked: the library café is great.", uses_services=False,
                        area=Area.objects.get(slug="whole-community"))
    comment = services.contribute(kind=Contribution.Kind.MODEL_COMMENT, text="I have lived with my Shared Lives carer for six years. It is home.",
                                  uses_services=True, support_model=SupportModel.objects.get(slug="shared-lives"))
    services.moderate(contribution_id=comment.pk, publish=True, theme="", rule="", user=commissioner)

    decided = _round("Last year's round (fictional)", rng=rng, user=commissioner, ballot_kind=Round.BallotKind.APPROVAL,
                     split_total=30_000_000 * 100)
    services.round_open(round=decided)
    ids = list(decided.proposals.values_list("pk", flat=True))
    for n in range(60):
        code = services.verify_resident(round=decided, name=f"Resident {n}", born=dt.date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
                                        postcode=f"AV{1 + n % 9} 1AA", user=commissioner)
        choices = [(pid, 1) for pid in rng.sample(ids, rng.randint(1, 3))]
        split = [rng.randint(10, 40) for _ in range(4)]
        split.append(max(0, 100 - sum(split)))
        if sum(split) != 100:
            split = [40, 20, 15, 10, 15]
        services.cast(round=decided, code=code, choices=choices, split=split)
    services.round_close(round=decided)
    services.decision_record(round=decided, year=year, reasons="The council adopted the residents' vote in full.", user=commissioner)

    open_round = _round("Next year's round (fictional)", rng=rng, user=commissioner, ballot_kind=Round.BallotKind.APPROVAL,
                        split_total=31_000_000 * 100)
    services.round_open(round=open_round)
    return {"rounds": Round.objects.count(), "ballots": Ballot.objects.count()}
