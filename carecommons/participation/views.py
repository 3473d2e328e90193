"""Have your say (public, no account, no JavaScript) and running rounds (commissioners)."""

from __future__ import annotations

import builtins
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.core.inputs import ascii_int, is_ascii_digits
from carecommons.participation import services
from carecommons.participation.forms import (
    CodeForm,
    CommentForm,
    DecisionForm,
    FigureForm,
    ImportForm,
    ModerateForm,
    ProposalForm,
    RoundForm,
    SplitFields,
    VerifyForm,
    ViewForm,
)
from carecommons.participation.models import Area, Contribution, Decision, Proposal, Round, SupportModel
from carecommons.people.roles import require_page
from carecommons.rules import pb
from carecommons.rules.access import Role

PUBLIC_ROUNDS = (Round.Status.OPEN, Round.Status.CLOSED, Round.Status.DECIDED)


# --- Public ----------------------------------------------------------------------------------------------

def _contributed(request: HttpRequest, form: ViewForm | CommentForm, what: str, **about: Any) -> bool:
    """Save a posted view or comment for moderation; False (with the form's errors) when it cannot be."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        services.contribute(**about, **form.cleaned_data)
    except services.ParticipationError as error:
        form.add_error("text", str(error))
        return False
    messages.success(request, f"Thank you. We check every {what} against our rules before it is published.")
    return True


def home(request: HttpRequest) -> HttpResponse:
    rounds = Paginator(Round.objects.filter(status__in=PUBLIC_ROUNDS), 20).get_page(request.GET.get("page"))
    return render(request, "participation/home.html", {"areas": Area.objects.all(), "page": rounds, "models": SupportModel.objects.count()})


@require_http_methods(["GET", "POST"])
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(Area, slug=slug)
    form = ViewForm(request.POST if request.method == "POST" else None)
    if _contributed(request, form, "view", area=area):
        return redirect("participation:area", area.slug)
    money = services.area_money(area, today=timezone.localdate())
    words = {"spent": "spent", "projected": "expected"}
    bars = _bars([(f"{m.year} to {m.year + 1}, {words.get(m.kind, 'decided')}", m.pence) for m in money],
                 max((m.pence for m in money), default=0))
    return render(request, "participation/area.html", {
        "area": area, "form": form, "money": money, "money_bars": bars, "money_height": 52 * len(bars) + 8,
        "themes": services.themes(area), "models": area.models.all(), "rules": services.RULES})


def models_list(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/models.html", {"models": SupportModel.objects.prefetch_related("areas")})


@require_http_methods(["GET", "POST"])
def model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    model = get_object_or_404(SupportModel, slug=slug)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if _contributed(request, form, "comment", kind=Contribution.Kind.MODEL_COMMENT, support_model=model):
        return redirect("participation:model", model.slug)
    comments = Paginator(model.comments.filter(status=Contribution.Status.PUBLISHED).order_by("-uses_services", "-created_at"), 20)
    return render(request, "participation/model.html", {"model": model, "form": form, "page": comments.get_page(request.GET.get("page")),
                                                        "rules": services.RULES})


def _rounded(value: float) -> float:
    return builtins.round(value, 1)  # `round` is a participatory budgeting round in this module


def _bars(rows: list[tuple[str, int]], total: int) -> list[dict[str, Any]]:
    width = max(total, 1)
    return [{"label": label, "value": value, "percent": _rounded(100 * value / width), "width": _rounded(520 * value / width),
             "y": 52 * i} for i, (label, value) in enumerate(rows)]


def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round = get_object_or_404(Round, pk=round_id, status__in=PUBLIC_ROUNDS)
    proposals = list(round.proposals.select_related("area", "from_model", "to_model"))
    context: dict[str, Any] = {"round": round, "proposals": proposals}
    if round.result:
        result = round.result
        selected = set(result["selected"])
        scores = result.get("scores", {})
        context["rows"] = [{"proposal": p, "funded": p.pk in selected, "score": scores.get(str(p.pk), 0),
                            "reason": result["reasons"].get(str(p.pk), "")} for p in proposals]
        context["rows"].sort(key=lambda r: (not r["funded"], -r["score"]))
        by_area: dict[str, int] = {}
        for p in proposals:
            if p.pk in selected:
                by_area[p.area.name] = by_area.get(p.area.name, 0) + p.cost
        spent = sum(by_area.values())
        context["money_bars"] = _bars([(a.name, by_area.get(a.name, 0)) for a in Area.objects.all()] + [("Not spent", round.budget - spent)],
                                      round.budget)
        context["spent"] = spent
        context["money_height"] = 52 * len(context["money_bars"]) + 8
        if "split" in result:
            names = list(Area.objects.values_list("name", flat=True))
            context["split_rows"] = [{"name": n, "share": s / 100, "mean": m / 100, "share_w": _rounded(4 * s / 100),
                                      "mean_w": _rounded(4 * m / 100), "y": 68 * i}
                                     for i, (n, s, m) in enumerate(zip(names, result["split"]["shares"], result["split"]["mean"], strict=True))]
    decision = Decision.objects.filter(round=round).first()
    if decision:
        context["decision"] = decision
        context["events"] = decision.events.select_related("by")
        context["funded_titles"] = list(Proposal.objects.filter(pk__in=decision.funded).values_list("title", flat=True))
        context["decided_shares"] = [(a.name, decision.area_shares[a.slug] / 100) for a in Area.objects.all() if a.slug in decision.area_shares]
    return render(request, "participation/round.html", context)


def _confirm(request: HttpRequest, round: Round, **context: Any) -> HttpResponse:
    """The page before an action that cannot be undone: what will happen, then yes or go back."""
    return render(request, "core/confirm_action.html", {"caption": round.title, "back": reverse("participation:manage-round", args=[round.pk]),
                                                        **context})


def _ballot_from(request: HttpRequest, round: Round, proposals: list[Proposal]) -> tuple[list[tuple[int, int]], list[str]]:
    """Read the ballot part of the form: ticks, points or first/second/third choices."""
    errors: list[str] = []
    choices: list[tuple[int, int]] = []
    if round.ballot_kind == Round.BallotKind.APPROVAL:
        ticked = set(request.POST.getlist("support"))
        choices = [(p.pk, 1) for p in proposals if str(p.pk) in ticked]
    elif round.ballot_kind == Round.BallotKind.CUMULATIVE:
        for p in proposals:
            raw = request.POST.get(f"points_{p.pk}", "").strip()
            if not raw:
                continue
            if not is_ascii_digits(raw):
                errors.append(f"Points for '{p.title}' must be a whole number.")
            elif int(raw) > 0:
                choices.append((p.pk, int(raw)))
    else:
        for rank in ("first", "second", "third"):
            raw = request.POST.get(rank, "")
            if raw:
                choices.append((int(raw) if is_ascii_digits(raw) else -1, 1))
    return choices, errors


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, round_id: int) -> HttpResponse:
    round = get_object_or_404(Round, pk=round_id, status__in=PUBLIC_ROUNDS)
    if round.status != Round.Status.OPEN:
        messages.error(request, "Voting has finished in this round.")
        return redirect("participation:round", round.pk)
    proposals = list(round.proposals.select_related("area"))
    areas = list(Area.objects.all())
    code_form = CodeForm(request.POST if request.method == "POST" else None)
    step = request.POST.get("step", "")
    split_form = SplitFields(request.POST if step in ("ballot", "confirm", "change") else None, areas=areas)
    context: dict[str, Any] = {"round": round, "proposals": proposals, "code_form": code_form, "split_form": split_form,
                               "areas": areas, "rank_choices": ("first", "second", "third"), "errors": [], "ticked": request.POST.getlist("support"),
                               "points": {p.pk: request.POST.get(f"points_{p.pk}", "") for p in proposals},
                               "ranks": {rank: request.POST.get(rank, "") for rank in ("first", "second", "third")}}
    if request.method != "POST" or not code_form.is_valid():
        return render(request, "participation/vote_code.html", context)
    code = code_form.cleaned_data["code"]
    if step not in ("ballot", "confirm", "change"):
        if not services.code_valid(round=round, code=code):
            code_form.add_error("code", "This code has already been used, or is not a code for this round. Check it and try again.")
            return render(request, "participation/vote_code.html", context)
        return render(request, "participation/vote.html", context)
    if step == "change":  # back from "Check your vote", with everything as it was
        return render(request, "participation/vote.html", context)
    choices, errors = _ballot_from(request, round, proposals)
    split: list[int] | None = None
    if round.ask_split and split_form.is_valid():
        values = [split_form.cleaned_data.get(f"split_{a.slug}") for a in areas]
        if any(v is not None for v in values):
            split = [v or 0 for v in values]
            if sum(split) != 100:  # marked on the fields themselves, with the total so far
                split_form.add_error(f"split_{areas[0].slug}", f"The percentages must add up to 100: yours add up to {sum(split)}")
    if not errors and split_form.is_valid():
        try:
            if step == "confirm":
                services.cast(round=round, code=code, choices=choices, split=split)
                return render(request, "participation/voted.html", {"round": round})
            services.check_ballot(round, choices, split)
        except services.ParticipationError as error:
            errors.append(str(error))
        else:
            titles = {p.pk: p for p in proposals}
            return render(request, "participation/vote_check.html", {
                **context, "chosen": [(titles[pid], points) for pid, points in choices if pid in titles],
                "split_rows": [(a.name, share) for a, share in zip(areas, split, strict=True)] if split else [],
                "carry": _ballot_fields(request, round, proposals, areas)})
    context["errors"] = errors
    context["split_total"] = sum(split) if split else None
    return render(request, "participation/vote.html", context)


def _ballot_fields(request: HttpRequest, round: Round, proposals: list[Proposal], areas: list[Area]) -> list[tuple[str, str]]:
    """The ballot as it was filled in, to carry through "Check your vote" as hidden fields."""
    names = ["support", *(f"points_{p.pk}" for p in proposals), "first", "second", "third", *(f"split_{a.slug}" for a in areas)]
    return [(name, value) for name in names for value in request.POST.getlist(name) if value != ""]


def export_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    round = get_object_or_404(Round, pk=round_id, status__in=(Round.Status.CLOSED, Round.Status.DECIDED))
    response = HttpResponse(services.ballots_csv(round), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="round-{round.pk}-ballots.csv"'
    return response


def export_pb(request: HttpRequest, round_id: int) -> HttpResponse:
    round = get_object_or_404(Round, pk=round_id, status__in=(Round.Status.CLOSED, Round.Status.DECIDED))
    response = HttpResponse(services.ballots_pb(round), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="round-{round.pk}.pb"'
    return response


# --- Running rounds (commissioners) ---------------------------------------------------------------------

@login_required
def manage(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "participation:manage")
    rounds = Paginator(Round.objects.all(), 20).get_page(request.GET.get("page"))
    return render(request, "participation/manage.html", {
        "page": rounds, "waiting": Contribution.objects.filter(status=Contribution.Status.WAITING).count(), "areas": Area.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "participation:manage")
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        round = services.round_create(user=request.user, **form.cleaned_data)
        return redirect("participation:manage-round", round.pk)
    return render(request, "core/form.html", {"form": form, "title": "Start a participatory budgeting round", "submit": "Start the round",
                                                "back": reverse("participation:manage")})


@login_required
@require_http_methods(["GET", "POST"])
def manage_round(request: HttpRequest, round_id: int) -> HttpResponse:
    role = require_page(request.user, "participation:manage")
    round = get_object_or_404(Round, pk=round_id)
    action = request.POST.get("action", "")
    proposal_form = ProposalForm(request.POST if action == "proposal" else None, prefix="proposal")
    verify_form = VerifyForm(request.POST if action == "verify" else None, prefix="verify")
    decision_form = DecisionForm(request.POST if action == "decide" else None, prefix="decision",
                                 initial={"year": services.financial_year(timezone.localdate()) + 1})
    code = ""
    try:
        if action == "proposal" and proposal_form.is_valid():
            services.proposal_add(round=round, **proposal_form.cleaned_data)
            messages.success(request, "Proposal added.")
            return redirect("participation:manage-round", round.pk)
        if action == "remove":
            services.proposal_remove(round=round, proposal_id=ascii_int(request.POST.get("proposal"), 0))
            messages.success(request, "Proposal removed.")
            return redirect("participation:manage-round", round.pk)
        if action == "open":
            services.round_open(round=round)
            messages.success(request, "Voting is open. Verify residents to give them voting codes.")
            return redirect("participation:manage-round", round.pk)
        if action == "close" and request.POST.get("confirmed") != "yes":
            return _confirm(request, round, question="Close voting and publish the results?", confirm="Yes, close voting and publish",
                            carry=[("action", "close")], happens=[
                                f"Voting stops: nobody else can vote in '{round.title}', even with a code.",
                                f"The {round.ballots.count():,} ballots are counted and the results are published on the round's page for everyone to see.",
                                "You can then record the council's decision."])
        if action == "close":
            services.round_close(round=round)
            messages.success(request, "Voting is closed and the results are published.")
            return redirect("participation:manage-round", round.pk)
        if action == "verify" and verify_form.is_valid():
            cd = verify_form.cleaned_data
            code = services.verify_resident(round=round, name=cd["name"], born=cd["born"], postcode=cd["postcode"], user=request.user)
            verify_form = VerifyForm(prefix="verify")
        if action == "decide" and decision_form.is_valid():
            services.decision_record(round=round, year=decision_form.cleaned_data["year"], reasons=decision_form.cleaned_data["reasons"],
                                     user=request.user)
            messages.success(request, "The decision is recorded and published.")
            return redirect("participation:manage-round", round.pk)
        if action == "override" and role is Role.ADMIN:
            decision = get_object_or_404(Decision, round=round)
            funded = [int(x) for x in request.POST.getlist("funded") if is_ascii_digits(x)]
            if request.POST.get("confirmed") != "yes":
                reason = request.POST.get("reason", "")
                if not reason.strip():
                    raise services.ParticipationError("An override needs a reason: it is published.")
                titles = dict(round.proposals.values_list("pk", "title"))
                added = [titles[p] for p in funded if p in titles and p not in decision.funded]
                dropped = [titles[p] for p in decision.funded if p in titles and p not in funded]
                return _confirm(request, round, question="Change the decision and publish why?", confirm="Yes, change the decision",
                                carry=[("action", "override"), ("reason", reason), *(("funded", str(p)) for p in funded)],
                                quoted_label="Your reason, as it will be published", quoted=reason.strip(), happens=[
                                    "Funded as well: " + ("; ".join(added) if added else "nothing added") + ".",
                                    "No longer funded: " + ("; ".join(dropped) if dropped else "nothing taken away") + ".",
                                    "The public page says the council changed the result of the vote, with your reason, your name and the time."])
            services.decision_override(decision=decision, funded=funded, area_shares=None, reason=request.POST.get("reason", ""),
                                       user=request.user)
            messages.success(request, "The decision is changed. The change and its reason are published.")
            return redirect("participation:manage-round", round.pk)
    except services.ParticipationError as error:
        form = {"proposal": proposal_form, "verify": verify_form, "decide": decision_form}.get(action)
        if form is not None:
            form.add_error(None, str(error))
        else:  # open, close, remove, override: buttons without a form of their own
            messages.error(request, str(error))
    return render(request, "participation/manage_round.html", {
        "round": round, "proposals": round.proposals.select_related("area"), "proposal_form": proposal_form,
        "verify_form": verify_form, "decision_form": decision_form, "code": code, "role": role,
        "voters": round.voters.count(), "ballots": round.ballots.count(), "decision": Decision.objects.filter(round=round).first()})


@login_required
@require_http_methods(["GET", "POST"])
def moderation(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "participation:manage")
    if request.method == "POST":
        form = ModerateForm(request.POST)
        form.is_valid()
        try:
            services.moderate(contribution_id=ascii_int(request.POST.get("contribution"), 0), publish=request.POST.get("action") == "publish",
                              theme=form.cleaned_data.get("theme", ""), rule=form.cleaned_data.get("rule", ""), user=request.user)
        except services.ParticipationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Done.")
        return redirect("participation:moderation")
    waiting = Paginator(Contribution.objects.filter(status=Contribution.Status.WAITING).select_related("area", "support_model")
                        .order_by("created_at"), 20)
    return render(request, "participation/moderation.html", {"page": waiting.get_page(request.GET.get("page")), "form": ModerateForm(),
                                                             "rules": services.RULES})


@login_required
@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest, slug: str) -> HttpResponse:
    require_page(request.user, "participation:manage")
    area = get_object_or_404(Area, slug=slug)
    form = FigureForm(request.POST if request.POST.get("action") == "figure" else None, prefix="figure")
    if request.POST.get("action") == "figure" and form.is_valid():
        cd = form.cleaned_data
        services.figure_add(area=area, year=cd["year"], kind=cd["kind"], pence=cd["amount"], source=cd["source"], user=request.user)
        messages.success(request, "Figure added.")
        return redirect("participation:figures", area.slug)
    if request.POST.get("action") == "contract":
        try:
            services.contract_link(area=area, tender_id=ascii_int(request.POST.get("tender"), 0),
                                   years=max(1, ascii_int(request.POST.get("years"), 1)), user=request.user)
        except (services.ParticipationError, ValueError) as error:
            messages.error(request, str(error) if isinstance(error, services.ParticipationError) else "Enter the years as a whole number.")
        else:
            messages.success(request, "The contract is counted in this area.")
        return redirect("participation:figures", area.slug)
    from carecommons.market.models import Tender

    return render(request, "participation/figures.html", {
        "area": area, "form": form, "figures": area.figures.select_related("entered_by")[:50],
        "tenders": Tender.objects.filter(status=Tender.Status.AWARDED, area_link__isnull=True)[:200],
        "linked": area.contracts.select_related("tender")})


@login_required
@require_http_methods(["GET", "POST"])
def import_round(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "participation:manage")
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            text = cd["file"].read().decode("utf-8-sig")
            round = services.import_pb(text=text, area=cd["area"], rule=cd["rule"], title=cd["title"], user=request.user)
        except UnicodeDecodeError:
            form.add_error("file", "The file must be text in UTF-8.")
        except (pb.PBError, services.ParticipationError) as error:
            form.add_error("file", f"The file cannot be imported: {error}")
        else:
            messages.success(request, f"Imported and counted: {round.ballots.count():,} ballots.")
            return redirect("participation:round", round.pk)
    return render(request, "participation/import.html", {"form": form})

