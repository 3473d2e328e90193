"""The community directory as pages anyone can use: search, and one page for each service."""

from __future__ import annotations

import uuid

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from carecommons.core.forms import GovukForm
from carecommons.directory.api import ServiceQuery, filter_services
from carecommons.directory.models import Service, TaxonomyTerm


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


def service(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    found = get_object_or_404(Service.objects.select_related("organization").prefetch_related(
        "service_at_locations__location", "service_at_locations__schedules", "schedules", "taxonomy_terms"), pk=service_id)
    return render(request, "directory/service.html", {"service": found})
