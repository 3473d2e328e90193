"""The person shares their record with someone they choose, sees and ends that sharing; the someone reads it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.people import selectors, services
from carecommons.people.access import access_person
from carecommons.people.forms import ShareForm
from carecommons.people.models import RecordShare
from carecommons.people.roles import display_name, role_of
from carecommons.people.views import record_context
from carecommons.rules.access import Purpose, Role


def _me(request: HttpRequest, what: str, purpose: Purpose):  # type: ignore[no-untyped-def]
    if role_of(request.user) is not Role.PERSON:
        raise PermissionDenied("This page is for people to share their own record.")
    return access_person(user=request.user, person_id=request.user.person.pk, what=what, purpose=purpose)


@login_required
@require_http_methods(["GET", "POST"])
def my_sharing(request: HttpRequest) -> HttpResponse:
    posting = request.method == "POST"
    me = _me(request, "sharing their record" if posting else "who they share their record with",
             Purpose.CHANGE if posting else Purpose.VIEW)
    form = ShareForm(request.POST if posting else None)
    if posting and form.is_valid():
        data = form.cleaned_data
        try:
            share = services.record_share(person=me, who=data["who"], name=data["name"], relationship=data["relationship"],
                                          period=data["period"], until=data["until"])
        except services.ShareInvalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            told = ("We have sent them a link to make a sign-in." if not share.shared_with.has_usable_password()
                    else "They can see it when they sign in, under \"Shared with you\".")
            messages.success(request, f"Your record is shared with {display_name(share.shared_with)} until "
                                      f"{share.ends_on:%-d %B %Y}. {told}")
            return redirect("people:my-sharing")
    current, past = selectors.shares_of(me)
    return render(request, "people/my_sharing.html", {"person": me, "form": form, "current": current, "past": past},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def my_sharing_end(request: HttpRequest, share_id: int) -> HttpResponse:
    posting = request.method == "POST"
    me = _me(request, "ending a sharing of their record" if posting else "who they share their record with",
             Purpose.CHANGE if posting else Purpose.VIEW)
    share = RecordShare.objects.select_related("shared_with").filter(pk=share_id, person=me, ended_at__isnull=True).first()
    if share is None:
        raise Http404("No such sharing")
    if posting:
        services.record_share_end(person=me, share_id=share.pk)
        messages.success(request, f"You have stopped sharing your record with {display_name(share.shared_with)}. "
                                  "They cannot see it any more.")
        return redirect("people:my-sharing")
    return render(request, "people/my_sharing_end.html", {"share": share, "name": display_name(share.shared_with)})


@login_required
def shared_with_me(request: HttpRequest) -> HttpResponse:
    current, past = selectors.shared_with_me(request.user)
    return render(request, "people/shared_with_me.html", {"current": current, "past": past})


@login_required
def shared_record(request: HttpRequest, person_id: int) -> HttpResponse:
    """A record shared with the user, read-only. Opening it goes through the gate, so the person sees it."""
    someone = access_person(user=request.user, person_id=person_id, what="their record, shared with them")
    share = selectors.current_share(request.user, someone)
    return render(request, "people/shared_record.html", {**record_context(someone), "share": share,
                                                         "today": timezone.localdate()})
