"""The community directory as pages anyone can use: search, and one page for each service."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from carecommons.conversations.access import access_conversation
from carecommons.core.forms import GovukForm
from carecommons.core.inputs import ascii_int
from carecommons.directory import services
from carecommons.directory.api import ServiceQuery, filter_services
from carecommons.directory.models import Service, TaxonomyTerm
from carecommons.rules.access import Purpose


class DirectorySearch(GovukForm):
    search = forms.CharField(label="What are you looking for?", required=False, max_length=200, help_text="For example: walking, lunch club")
    term = forms.ChoiceField(label="Type of service", required=False)
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10, help_text="Services near you, like AV1 4GD")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["term"].choices = [("", "Any"), *((str(t.pk), t.name) for t in TaxonomyTerm.objects.filter(services__isnull=False)
                                                       .distinct().order_by("name"))]


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearch(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        cd = form.cleaned_data
        query = ServiceQuery(search=cd["search"], taxonomy_term_id=uuid.UUID(cd["term"]) if cd["term"] else None, postcode=cd["postcode"])
    else:
        query = ServiceQuery()
    page = Paginator(filter_services(query).filter(status=Service.Status.ACTIVE), 20).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "directory/list.html", {"form": form, "page": page, "query": params.urlencode()})


def service_page(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    found = get_object_or_404(Service.objects.select_related("organization").prefetch_related(
        "service_at_locations__location", "service_at_locations__schedules", "schedules", "taxonomy_terms"), pk=service_id)
    return render(request, "directory/service.html", {"service": found})


@login_required
@require_http_methods(["GET", "POST"])
def next_steps(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Link a conversation's next steps to services in the directory."""
    conversation = access_conversation(user=request.user, id=conversation_id, purpose=Purpose.CHANGE,
                                       what="a conversation record, to link services")
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unlink":
                services.next_step_unlink(conversation=conversation, step_id=ascii_int(request.POST.get("step"), 0))
                messages.success(request, "Link taken off.")
            else:
                chosen = request.POST.get("service", "")
                found = Service.objects.filter(pk=chosen).first() if _is_uuid(chosen) else None
                if found is None:
                    raise ValueError("Choose a service from the directory")
                services.next_step_link(conversation=conversation, service=found, user=request.user)
                messages.success(request, f"Linked {found.name}.")
        except ValueError as error:
            messages.error(request, str(error))
        return redirect("directory:next-steps", conversation.pk)
    q = request.GET.get("q", "").strip()[:200]
    results = list(filter_services(ServiceQuery(search=q, per_page=20)).filter(status=Service.Status.ACTIVE)[:20]) if q else []
    return render(request, "directory/next_steps.html", {"conversation": conversation, "q": q, "results": results,
                                                         "linked": conversation.next_steps.select_related("service")})


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
