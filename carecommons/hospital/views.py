"""Ward staff's page: their ward's requests with where each is up to, and sending a new one by form."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carecommons.hospital import forms as f
from carecommons.hospital.access import requests_in_reach
from carecommons.hospital.models import DischargeRequest, Ward
from carecommons.hospital.services import Incoming, RequestRefused, discharge_request_receive
from carecommons.people.roles import require_page
from carecommons.rules.discharge import PATHWAY_WORDS, Pathway, withdrawable_from

FIELD_OF = {"person": "nhs_number"}


def _ward(request: HttpRequest) -> Ward | None:
    return Ward.objects.filter(members__user=request.user).order_by("name", "pk").first()


@login_required
def ward(request: HttpRequest) -> HttpResponse:
    """The requests this ward sent, the soonest ready to leave first, with where each is up to."""
    require_page(request.user, "hospital:ward")
    page = Paginator(requests_in_reach(request.user).select_related("ward").order_by("-received_at", "-id"), 25) \
        .get_page(request.GET.get("page"))
    rows = [(r, PATHWAY_WORDS[Pathway(r.proposed_pathway)]) for r in page.object_list]
    return render(request, "hospital/ward.html", {"ward": _ward(request), "page": page, "rows": rows,
                                                  "withdrawable": [s.value for s in withdrawable_from()]})


@login_required
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest) -> HttpResponse:
    """Send a request to help someone leave hospital; nothing typed is lost when something needs changing."""
    require_page(request.user, "hospital:ward")
    ward = _ward(request)
    if ward is None:
        return render(request, "hospital/no_ward.html", status=403)
    form = f.WardRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = discharge_request_receive(ward=ward, through=DischargeRequest.SentThrough.FORM, sent_by=request.user,
                                              incoming=Incoming(
                identifier=data["identifier"].strip() or f"form-{uuid.uuid4().hex[:16]}", name=data["name"],
                nhs_number=data["nhs_number"], date_of_birth=data["date_of_birth"], ready_on=data["ready_on"],
                proposed_pathway=data["pathway"], what_matters=data["what_matters"]))
        except RequestRefused as refused:
            for field, message in refused.problems.items():
                form.add_error(FIELD_OF.get(field, field), message)
        else:
            messages.success(request, f"Your request for {saved.name} has been sent to the hospital team.")
            return redirect("hospital:ward")
    return render(request, "hospital/send.html", {"form": form, "ward": ward, "meanings": form.meanings()})
