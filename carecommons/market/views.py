"""Choosing care (public, no account, no JavaScript), providers' own profiles, and commissioning."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from carecommons.core import postcodes
from carecommons.core.inputs import ascii_int, is_ascii_digits
from carecommons.core.links import site_url
from carecommons.market import ocds, services
from carecommons.market.forms import (
    TRISTATE,
    WEIGHT_FIELDS,
    AwardForm,
    BidForm,
    ChargeForm,
    ChildrensSettingForm,
    PlacementForm,
    ProfileForm,
    SearchForm,
    TenderForm,
    VacanciesForm,
    WeightsForm,
)
from carecommons.market.models import Bid, Charge, Location, Profile, Provider, Tender
from carecommons.people.roles import require_page, role_of
from carecommons.rules import places
from carecommons.rules.access import Role
from carecommons.rules.market import LEGAL_FORMS
from carecommons.rules.money import pounds
from carecommons.safeguarding.services_patterns import provider_counts

QUESTIONS = (
    "What is the weekly fee for the room and the care I need, and what exactly does it include?",
    "Is there a deposit? How much, and when and how is it returned?",
    "Is there a top-up payment, who pays it, and can it go up?",
    "What costs extra: hairdressing, chiropody, outings, newspapers, laundry, phone or television?",
    "How much are fees expected to rise each year, and how much notice is given?",
    "What is charged after someone dies, and for how long?",
    "Do people who pay for themselves pay more than people the council pays for? How much more?",
    "How do I complain, and who can I go to if I am not happy with the answer?",
    "Will the same care workers come each time? How many different workers might I see in a month?",
    "What is the lowest pay of a care worker here, and are they paid for travel time and training?",
)


# --- Choosing care ---------------------------------------------------------------------------

def _search_from(form: SearchForm, near: tuple[float, float] | None = None) -> services.Search:
    cd = form.cleaned_data
    return services.Search(near=near, place=cd.get("place", ""), care_type=cd.get("care_type", ""), rating=cd.get("rating", ""),
                           max_weekly=cd.get("max_weekly"), legal_form=cd.get("legal_form", ""), who_pays=cd.get("who_pays", ""),
                           sort=cd.get("sort", ""), who_for=cd.get("who_for", ""),
                           free_places_since=(timezone.localdate() - dt.timedelta(days=services.VACANCIES_CURRENT_DAYS))
                           if cd.get("free_places") else None)


def choose(request: HttpRequest) -> HttpResponse:
    return render(request, "market/choose.html", _choose_context(request.GET))


def _choose_context(params: QueryDict) -> dict[str, Any]:
    form = SearchForm(params or None)
    searched = bool(params) and form.is_valid()
    page = None
    near, distance_note = None, ""
    if searched:
        near, distance_note = _near(form)
        results = services.search(_search_from(form, near))
        page = Paginator(results, 20).get_page(params.get("page"))
        names = Counter(loc.name.lower() for loc in page.object_list)
        for loc in page.object_list:
            loc.stale = services.stale(loc)  # type: ignore[attr-defined]
            loc.same_name = names[loc.name.lower()] > 1  # type: ignore[attr-defined]  # told apart by town
            if near is not None and loc.latitude is not None and loc.longitude is not None:
                loc.miles = places.miles_words(places.miles_between(near, (loc.latitude, loc.longitude)))  # type: ignore[attr-defined]
    query = params.copy()
    query.pop("page", None)
    who_pays = form.cleaned_data.get("who_pays", "") if searched else ""
    return {"form": form, "page": page, "searched": searched, "query": query.urlencode(), "questions": QUESTIONS, "ticked": [],
            "who_pays": who_pays, "near": near, "distance_note": distance_note,
            "postcode": form.cleaned_data.get("postcode", "") if searched else ""}


def _near(form: SearchForm) -> tuple[tuple[float, float] | None, str]:
    """Where the reader's postcode is, or a message on the postcode question saying why it could not be used; the
    rest of the search goes ahead either way. Sorting by distance without a known postcode says so."""
    raw = form.cleaned_data.get("postcode", "")
    wants_distance = form.cleaned_data.get("sort") == "distance"
    if not raw.strip():
        return None, "Give a postcode to see the nearest places first. These are by name." if wants_distance else ""
    postcode, where = postcodes.place_of(raw)
    if where is None:
        form.add_error("postcode", postcodes.postcode_unknown(postcode) if postcode else postcodes.POSTCODE_NOT_A_POSTCODE)
        return None, "These places are not sorted by distance, because we could not find that postcode." if wants_distance else ""
    form.cleaned_data["postcode"] = postcode
    return where, ""


def location_detail(request: HttpRequest, location_id: int) -> HttpResponse:
    location = get_object_or_404(Location.objects.select_related("provider"), pk=location_id)
    profile = services.profile_of(location.provider)
    return render(request, "market/location.html", {
        "loc": location, "profile": profile if profile.pk else None, "stale": services.stale(location),
        "charges": services.charges_by_kind(location), "kinds": Charge.Kind.choices,
        "completeness": services.completeness(location.provider), "questions": QUESTIONS,
        "legal_form": LEGAL_FORMS.get(profile.legal_form, ""),
        "feedback": location.feedback.filter(status="published")[:50], "rules": services.FEEDBACK_RULES,
        "may_give_feedback": role_of(request.user) is Role.PERSON,
    })


def compare(request: HttpRequest) -> HttpResponse:
    ids = [i for i in request.GET.getlist("loc") if is_ascii_digits(i)]
    problem = ""
    if len(ids) < 2:
        problem = "Tick two or three places to compare."
    elif len(ids) > 3:
        problem = f"You ticked {len(ids)} places: you can compare up to three at a time."
    back = request.GET.get("back", "")
    if problem and back:  # from the search: stay on it, with the ticks kept and the problem said there
        context = _choose_context(QueryDict(back[:2000]))
        return render(request, "market/choose.html", {**context, "compare_problem": problem, "ticked": ids})
    locations = list(Location.objects.filter(pk__in=ids[:3]).select_related("provider").prefetch_related("charges")) if not problem else []
    if not problem and len(locations) != len(set(ids)):
        raise Http404("One of those places is not in the directory")
    columns = []
    for loc in locations:
        profile = services.profile_of(loc.provider)
        columns.append({"loc": loc, "stale": services.stale(loc), "charges": services.charges_by_kind(loc),
                        "profile": profile if profile.pk else None, "legal_form": LEGAL_FORMS.get(profile.legal_form, ""),
                        "completeness": services.completeness(loc.provider)})
    return render(request, "market/compare.html", {"columns": columns, "problem": problem, "kinds": Charge.Kind.choices,
                                                   "back": back})


# --- Providers publish their own profile -----------------------------------------------------

@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, token: str) -> HttpResponse:
    """The provider's private link: no account, but the link is secret, can be replaced by the council, and expires."""
    profile = Profile.objects.select_related("provider").filter(edit_token=token).first()
    if profile is None:
        return render(request, "market/profile_link_unusable.html", {"expired_on": None}, status=404)
    if not services.profile_link_open(profile, now=timezone.now()):
        return render(request, "market/profile_link_unusable.html",
                      {"expired_on": services.profile_link_expires(profile)}, status=410)
    provider = profile.provider
    locations = list(provider.locations.filter(dormant=False).prefetch_related("charges"))
    action = request.POST.get("action", "")
    initial = {name: getattr(profile, name) for name in (*Profile.FIELDS, "ownership_chain", "updated_by_name")}
    for name in TRISTATE:
        initial[name] = {True: "yes", False: "no", None: ""}[initial[name]]
    if initial.get("lowest_hourly_pay") is not None and not isinstance(initial["lowest_hourly_pay"], str):
        initial["lowest_hourly_pay"] = f"{initial['lowest_hourly_pay'] / 100:.2f}"
    form = ProfileForm(request.POST if action == "profile" else None, initial=initial)
    charge_form = ChargeForm(request.POST if action == "charge" else None, locations=[(str(loc.pk), loc.name) for loc in locations])
    vacancies_form = VacanciesForm(request.POST if action == "vacancies" else None, prefix="vacancies",
                                   locations=[(str(loc.pk), loc.name) for loc in locations])
    if action == "vacancies" and vacancies_form.is_valid():
        place = next(loc for loc in locations if str(loc.pk) == vacancies_form.cleaned_data["location"])
        services.vacancies_set(location=place, count=vacancies_form.cleaned_data["count"], on=timezone.localdate())
        messages.success(request, f"Free places at {place.name} published, dated today.")
        return redirect("market:profile-edit", token)
    if action == "profile" and form.is_valid():
        services.profile_save(provider=provider, fields=form.profile_fields(), by_name=form.cleaned_data["updated_by_name"])
        messages.success(request, "Published. The council will check it.")
        return redirect("market:profile-edit", token)
    if action == "charge" and charge_form.is_valid():
        cd = charge_form.cleaned_data
        location = next(loc for loc in locations if str(loc.pk) == cd["location"])
        try:
            services.charge_add(location=location, kind=cd["kind"], description=cd["description"], amount=cd["amount"], per=cd["per"],
                                self_funder_only=cd["self_funder_only"])
        except services.MarketError as error:
            charge_form.add_error(None, str(error))
        else:
            messages.success(request, "Charge published.")
            return redirect("market:profile-edit", token)
    if action == "remove":
        location = next((loc for loc in locations if str(loc.pk) == request.POST.get("location")), None)
        if location is not None:
            try:
                services.charge_remove(location=location, charge_id=ascii_int(request.POST.get("charge"), 0))
                messages.success(request, "Charge taken off.")
            except services.MarketError as error:
                messages.error(request, str(error))
        return redirect("market:profile-edit", token)
    return render(request, "market/profile_edit.html", {"provider": provider, "form": form, "charge_form": charge_form,
                                                        "vacancies_form": vacancies_form,
                                                        "locations": locations, "completeness": services.completeness(provider)})


# --- Commissioning ---------------------------------------------------------------------------

@login_required
def market_overview(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "market:overview")
    q = request.GET.get("q", "").strip()
    providers = Provider.objects.order_by("name")
    if q:
        providers = providers.filter(name__icontains=q)
    page = Paginator(providers, 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    counts = provider_counts([p.pk for p in page.object_list])  # counts only, suppressed (issue 17: patterns)
    for p in page.object_list:
        p.safeguarding = counts[p.pk]  # type: ignore[attr-defined]
    return render(request, "market/overview.html", {"rows": services.concentration_table(), "page": page, "q": q,
                                                    "tenders": Tender.objects.all()[:20]})


@login_required
def provider_detail(request: HttpRequest, provider_id: int) -> HttpResponse:
    require_page(request.user, "market:overview")
    provider = get_object_or_404(Provider, pk=provider_id)
    profile = services.profile_of(provider)
    return render(request, "market/provider.html", {
        "provider": provider, "profile": profile if profile.pk else None, "card": services.scorecard_for(provider),
        "exit": services.if_it_leaves(provider), "locations": provider.locations.all(),
        "safeguarding": provider_counts([provider.pk])[provider.pk],
        "link": site_url(reverse("market:profile-edit", args=[profile.edit_token])) if profile.pk else "",
        "link_expires": services.profile_link_expires(profile) if profile.pk else None,
        "link_open": services.profile_link_open(profile, now=timezone.now()) if profile.pk else False,
        "link_made_by": profile.link_made_by if profile.pk else None,
    })


@login_required
@require_POST
def provider_action(request: HttpRequest, provider_id: int) -> HttpResponse:
    require_page(request.user, "market:overview")
    provider = get_object_or_404(Provider, pk=provider_id)
    action = request.POST.get("action")
    try:
        if action == "link":
            replacing = services.profile_of(provider).pk is not None
            services.profile_link(provider=provider, by=request.user)
            messages.success(request, "A new private link has been made and the old one no longer works. Send the new one "
                                      "to the provider." if replacing else "A private link has been made. Send it to the provider.")
        elif action == "check":
            services.profile_check(provider=provider, user=request.user)
            messages.success(request, "Marked as checked by the council.")
    except services.MarketError as error:
        messages.error(request, str(error))
    return redirect("market:provider", provider.pk)


@login_required
@require_http_methods(["GET", "POST"])
def weights_edit(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "market:overview")
    current = services.weights()
    form = WeightsForm(request.POST if request.method == "POST" else None, initial={k: getattr(current, k) for k in WEIGHT_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_save(values={k: form.cleaned_data[k] for k in WEIGHT_FIELDS}, user=request.user)
        except services.MarketError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The weights are saved. New tenders use them; scorecards use them at once.")
            return redirect("market:overview")
    return render(request, "core/form.html", {"form": form, "title": "Commissioning weights", "submit": "Save the weights",
                                                "back": reverse("market:overview"),
                                                "intro": ["The scorecard weights say how much each part of being an ethical provider counts. "
                                                          "The tender weights for price, quality and ethics must add up to 100."]})


@login_required
@require_http_methods(["GET", "POST"])
def tender_new(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "market:overview")
    form = TenderForm(request.POST if request.method == "POST" else None,
                      initial={"local_authority": services.config()["LOCAL_AUTHORITY"]})
    if request.method == "POST" and form.is_valid():
        tender = services.tender_create(user=request.user, **form.cleaned_data)
        return redirect("market:tender", tender.pk)
    return render(request, "core/form.html", {"form": form, "title": "Start a tender", "submit": "Start the tender",
                                                "back": reverse("market:overview")})


@login_required
@require_http_methods(["GET", "POST"])
def tender_detail(request: HttpRequest, tender_id: int) -> HttpResponse:
    require_page(request.user, "market:overview")
    tender = get_object_or_404(Tender, pk=tender_id)
    bids = list(tender.bids.select_related("provider"))
    action = request.POST.get("action", "")
    providers = [(str(p.pk), p.name) for p in Provider.objects.exclude(bids__tender=tender).order_by("name")[:2000]]
    bid_form = BidForm(request.POST if action == "bid" else None, providers=providers, prefix="bid")
    award_form = AwardForm(request.POST if action == "award" else None, prefix="award",
                           bids=[(str(b.pk), f"{b.provider.name} (ranked {b.rank})") for b in bids if b.rank])
    try:
        if action == "bid" and bid_form.is_valid():
            cd = bid_form.cleaned_data
            services.bid_add(tender=tender, provider=Provider.objects.get(pk=cd["provider"]), price=cd["price"], quality=cd["quality"],
                             quality_notes=cd["quality_notes"])
            messages.success(request, "Bid added.")
            return redirect("market:tender", tender.pk)
        if action == "evaluate":
            services.tender_evaluate(tender=tender)
            messages.success(request, "Evaluated. Each bid's score is explained below.")
            return redirect("market:tender", tender.pk)
        if action == "award" and award_form.is_valid() and request.POST.get("confirmed") != "yes":
            bid = Bid.objects.select_related("provider").get(pk=award_form.cleaned_data["bid"])
            services.award_check(tender=tender, bid=bid, reasons=award_form.cleaned_data["reasons"])
            return render(request, "core/confirm_action.html", {
                "caption": tender.title, "question": f"Award the contract to {bid.provider.name}?", "confirm": "Yes, award the contract",
                "back": reverse("market:tender", args=[tender.pk]),
                "carry": [("action", "award"), ("award-bid", str(bid.pk)), ("award-reasons", award_form.cleaned_data["reasons"])],
                "quoted_label": "Your reasons, as they will be published", "quoted": award_form.cleaned_data["reasons"],
                "happens": [f"{bid.provider.name} is awarded the contract (bid price {pounds(bid.price)}, ranked {bid.rank}).",
                            "The award and your reasons are published as open contracting data, for anyone to read.",
                            "No more bids can be added or awarded on this tender."]})
        if action == "award" and award_form.is_valid():
            services.tender_award(tender=tender, bid=Bid.objects.get(pk=award_form.cleaned_data["bid"]),
                                  reasons=award_form.cleaned_data["reasons"], user=request.user)
            messages.success(request, "Awarded and published as open contracting data.")
            return redirect("market:tender", tender.pk)
    except services.MarketError as error:
        (award_form if action == "award" else bid_form).add_error(None, str(error))
    return render(request, "market/tender.html", {"tender": tender, "bids": bids, "bid_form": bid_form, "award_form": award_form})


def tender_ocds(request: HttpRequest, tender_id: int) -> HttpResponse:
    """Published awards as an OCDS release package: public, like the award itself."""
    tender = get_object_or_404(Tender, pk=tender_id, status=Tender.Status.AWARDED)
    try:
        package = ocds.release_package(tender, uri=site_url(request.get_full_path()))
    except services.MarketError as error:
        return JsonResponse({"errors": [{"field": "body", "message": str(error)}]}, status=503)
    return HttpResponse(json.dumps(package, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8")


def awards(request: HttpRequest) -> HttpResponse:
    page = Paginator(Tender.objects.filter(status=Tender.Status.AWARDED).select_related("awarded_to__provider").order_by("-awarded_at"), 25)
    return render(request, "market/awards.html", {"page": page.get_page(request.GET.get("page"))})



# --- Children's placements -------------------------------------------------------------------

@login_required
def childrens(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "market:overview")
    rows, overall = services.childrens_table()
    return render(request, "market/childrens.html", {"rows": rows, "overall": overall, "far_km": services.config()["FAR_KM"]})


@login_required
@require_http_methods(["GET", "POST"])
def childrens_setting_new(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "market:overview")
    form = ChildrensSettingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.childrens_setting_add(**form.cleaned_data)
        except services.MarketError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Added.")
            return redirect("market:childrens")
    return render(request, "core/form.html", {"form": form, "title": "Add a children's home or fostering agency", "submit": "Add it",
                                                "back": reverse("market:childrens")})


@login_required
@require_http_methods(["GET", "POST"])
def placement_new(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "market:overview")
    from carecommons.market.models import ChildrensSetting

    settings_list = [(str(s.pk), s.name) for s in ChildrensSetting.objects.order_by("name")]
    form = PlacementForm(request.POST if request.method == "POST" else None, settings_list=settings_list)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.placement_add(setting=ChildrensSetting.objects.get(pk=cd["setting"]), reference=cd["reference"],
                                   started_on=cd["started_on"], weekly_fee=cd["weekly_fee"])
        except services.MarketError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Placement recorded.")
            return redirect("market:childrens")
    return render(request, "core/form.html", {
        "form": form, "title": "Record a placement", "submit": "Record it", "back": reverse("market:childrens"),
        "intro": ["Only the placement reference is kept here, never the child's name. How far it is from home is measured from "
                  "the centre of the council's area."]})


# --- People's own feedback -------------------------------------------------------------------

@login_required
@require_POST
def feedback_post(request: HttpRequest, location_id: int) -> HttpResponse:
    location = get_object_or_404(Location, pk=location_id)
    if role_of(request.user) is not Role.PERSON:
        messages.error(request, "Feedback here is from people who use services, signed in to their own record.")
        return redirect("market:location", location.pk)
    try:
        services.feedback_add(location=location, text=request.POST.get("text", ""), author=request.user)
    except services.MarketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Thank you. We will check it against the rules and publish it without your name.")
    return redirect("market:location", location.pk)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_moderation(request: HttpRequest) -> HttpResponse:
    require_page(request.user, "market:overview")
    from carecommons.market.models import Feedback

    if request.method == "POST":
        try:
            services.feedback_moderate(feedback_id=ascii_int(request.POST.get("feedback"), 0), publish=request.POST.get("action") == "publish",
                                       reason=request.POST.get("reason", ""), user=request.user)
        except services.MarketError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Done.")
        return redirect("market:feedback")
    waiting = Paginator(Feedback.objects.filter(status=Feedback.Status.WAITING).select_related("location").order_by("created_at"), 20)
    return render(request, "market/feedback.html", {"page": waiting.get_page(request.GET.get("page")), "rules": services.FEEDBACK_RULES})
