from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def outcomes(request: HttpRequest) -> HttpResponse:
    """The public outcomes page (built out in issue 16)."""
    return render(request, "outcomes/outcomes.html", {})
