"""Ward staff withdrawing a request their ward sent, while it is still open: why (from a short list) and what
happened, in words. Another ward's request is refused like any request not theirs (and the refusal is logged)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carecommons.hospital.access import access_discharge_request
from carecommons.hospital.admin_forms import WithdrawForm
from carecommons.hospital.services import WithdrawalRefused, discharge_request_withdraw
from carecommons.people.roles import require_page
from carecommons.rules.access import Purpose
from carecommons.rules.discharge import RequestStatus, can_move


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    require_page(request.user, "hospital:ward")
    found = access_discharge_request(user=request.user, id=request_id, purpose=Purpose.CHANGE,
                                     what="withdrawing a request to leave hospital")
    still_open = can_move(status=RequestStatus(found.status), to=RequestStatus.WITHDRAWN)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            discharge_request_withdraw(request=found, reason=form.cleaned_data["reason"],
                                       words=form.cleaned_data["words"], user=request.user)
        except WithdrawalRefused as refused:
            for field, message in refused.problems.items():
                form.add_error(field if field in form.fields else None, message)
            found.refresh_from_db()
            still_open = can_move(status=RequestStatus(found.status), to=RequestStatus.WITHDRAWN)
        else:
            messages.success(request, f"Your request for {found.name} has been withdrawn. The hospital team can see "
                                      "why.")
            return redirect("hospital:ward")
    return render(request, "hospital/withdraw.html", {"r": found, "form": form, "still_open": still_open},
                  status=400 if form.errors else 200)
