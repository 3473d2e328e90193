"""Inviting a person to sign in (from their record), and using the link to make a sign-in."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carecommons.people import services
from carecommons.people.access import open_record
from carecommons.people.forms import InviteForm, NewSignInForm
from carecommons.people.roles import TEAM_ROLES, require_role
from carecommons.rules.access import Kind, Purpose
from carecommons.rules.sharing import InvitationState

BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, person_id: int) -> HttpResponse:
    """Practitioners and managers who work with the person send them a one-time link to make a sign-in."""
    require_role(request.user, TEAM_ROLES, what="invitations to sign in")
    person = open_record(user=request.user, person_id=person_id, kind=Kind.PERSON, purpose=Purpose.CHANGE,
                         what="inviting them to sign in")
    channels = services.invitation_channels(person)
    form = InviteForm(request.POST if request.method == "POST" else None, channels=channels)
    if request.method == "POST" and person.user_id is None and form.is_valid():
        try:
            services.sign_in_invite(person=person, by=request.user, channel=form.cleaned_data["channel"])
        except services.InvitationError as exc:
            form.add_error("channel", str(exc))
        else:
            messages.success(request, f"We have sent {person.known_as} a link to make their sign-in. It works once, "
                                      f"for {_days()} days.")
            return redirect("people:person", person_id=person.pk)
    return render(request, "people/invite.html", {"person": person, "form": form, "channels": channels, "days": _days()},
                  status=400 if form.errors else 200)


def _days() -> int:
    return int(settings.CARECOMMONS["INVITATION_DAYS"])


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation: choose a username and password, and you are signed in. It works once."""
    found, state = services.invitation_find(token)
    if found is None or state is not InvitationState.OPEN:
        return render(request, "people/invitation_unusable.html", {"state": state and state.value},
                      status=404 if found is None else 410)
    if found.person is not None and found.person.user_id is not None:
        return render(request, "people/invitation_unusable.html", {"state": "has_sign_in"}, status=410)
    form = NewSignInForm(request.POST if request.method == "POST" else None,
                         initial={"username": services.suggest_username(found)},
                         problems=lambda username, password: services.sign_in_problems(
                             found, username=username, password=password))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, username=form.cleaned_data["username"],
                                              password=form.cleaned_data["password"])
        except services.InvitationUnusable as exc:
            return render(request, "people/invitation_unusable.html", {"state": exc.state and exc.state.value},
                          status=410)
        except services.InvitationError as exc:
            form.add_error("username", str(exc))
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, f"Your sign-in is ready. Your username is {user.get_username()}. "
                                      "Use it and your password to sign in next time.")
            return redirect("people:home")
    return render(request, "people/invitation.html", {"form": form, "invitation": found},
                  status=400 if form.errors else 200)
