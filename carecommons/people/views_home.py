"""The start page: staff and people who sign in go to where their work or their record is; anyone else
sees the public home page. In the people layer because it depends on the user's role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carecommons.people.roles import role_of
from carecommons.rules.access import Role


def home(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    if role in (Role.PRACTITIONER, Role.MANAGER, Role.ADMIN, Role.COMMISSIONER):
        return redirect("insight:team")
    if role is Role.HOST:
        return redirect("hubs:list")
    if role is Role.PERSON:
        return redirect("people:my-record")
    if request.user.is_authenticated:  # no role: someone a person shared their record with
        return redirect("people:shared-with-me")
    return render(request, "people/home.html")
