"""Voting codes by post: the organiser imports a household list, prints one letter per household, confirms they are
printed, and the addresses are deleted. Residents vote with the code at a short address (`/vote/`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from carecommons.core.links import site_url
from carecommons.participation import services
from carecommons.participation.forms import CodeForm, LettersForm
from carecommons.participation.models import LetterBatch, Round
from carecommons.participation.views import vote
from carecommons.people.roles import require_page
from carecommons.rules import postal_codes

LETTERS_PER_PAGE = 100
PROBLEMS_SHOWN = 200
DOWNLOAD_CHUNK = 500


def short_address() -> str:
    """The address printed on letters, without https:// so it is short to type: "carecommons.example.org/vote"."""
    parts = urlsplit(site_url("/vote"))
    return f"{parts.netloc}{parts.path}"


def _letter_context(batch: LetterBatch) -> dict[str, Any]:
    return {"batch": batch, "round": batch.round, "short_address": short_address()}


@login_required
@require_http_methods(["GET", "POST"])
def letters(request: HttpRequest, round_id: int) -> HttpResponse:
    require_page(request.user, "participation:manage")
    round = get_object_or_404(Round, pk=round_id)
    form = LettersForm(request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > postal_codes.MAX_BYTES:
            form.add_error("file", "The file must be 2 MB or smaller: split the list into smaller files")
        else:
            try:
                batch = services.letters_import(round=round, data=upload.read(postal_codes.MAX_BYTES + 1), source=form.cleaned_data["source"],
                                                vote_by=form.cleaned_data["vote_by"], user=request.user)
            except services.ParticipationError as error:
                form.add_error("vote_by" if "last day" in str(error) else "file", str(error))
            else:
                messages.success(request, f"The list is imported: {batch.letters:,} letters to print.")
                return redirect("participation:letters-batch", round.pk, batch.pk)
    batches = Paginator(round.letter_batches.select_related("imported_by", "printed_by"), 20).get_page(request.GET.get("page"))
    return render(request, "participation/letters.html", {"round": round, "form": form, "page": batches,
                                                         "sent": round.voters.filter(letter_batch__isnull=False).count()},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def letters_batch(request: HttpRequest, round_id: int, batch_id: int) -> HttpResponse:
    require_page(request.user, "participation:manage")
    batch = get_object_or_404(LetterBatch.objects.select_related("round", "imported_by", "printed_by"), pk=batch_id, round_id=round_id)
    if request.method == "POST":
        back = reverse("participation:letters-batch", args=[round_id, batch.pk])
        if request.POST.get("confirmed") != "yes" and batch.round.status not in (Round.Status.DRAFT, Round.Status.OPEN):
            return render(request, "core/confirm_action.html", {
                "caption": batch.round.title, "back": back, "question": "Delete the addresses and codes?",
                "confirm": "Yes, delete the addresses", "carry": [], "happens": [
                    f"The {batch.letters:,} addresses and voting codes in this list are deleted from Care Commons.",
                    "Voting has finished, so the letters are no longer needed."]})
        if request.POST.get("confirmed") != "yes":
            return render(request, "core/confirm_action.html", {
                "caption": batch.round.title, "back": back, "question": "Are all the letters printed?",
                "confirm": "Yes, they are printed: delete the addresses", "carry": [], "happens": [
                    f"The {batch.letters:,} addresses and voting codes in this list are deleted from Care Commons.",
                    "Nobody can print these letters again, here or anywhere else.",
                    "The codes still work for voting: only scrambled copies of them are kept, and of the households, "
                    "so no household on this list can be sent a second code."]})
        try:
            deleted = services.letters_printed(batch=batch, user=request.user)
        except services.ParticipationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Done: {deleted:,} addresses and codes are deleted.")
        return redirect(back)
    problems = batch.problems
    return render(request, "participation/letters_batch.html", {
        "batch": batch, "round": batch.round, "problems": problems[:PROBLEMS_SHOWN], "more_problems": max(0, len(problems) - PROBLEMS_SHOWN),
        "events": batch.events.select_related("by"), "opened": batch.events.filter(what__in=("printed", "downloaded")).exists(),
        "not_printed": batch.events.filter(what="confirmed", detail__printed=False).exists()})


def _gone(request: HttpRequest, batch: LetterBatch) -> HttpResponse:
    return render(request, "core/error.html", {
        "title": "These letters were printed and their addresses deleted",
        "message": f"{batch.printed_by} confirmed on {batch.printed_at:%d %B %Y} that the letters were printed, so the addresses and codes "
                   "were deleted. Import the list again only for households that still need a letter: households already sent a code are left out."},
        status=410)


@login_required
def letters_print(request: HttpRequest, round_id: int, batch_id: int) -> HttpResponse:
    require_page(request.user, "participation:manage")
    batch = get_object_or_404(LetterBatch.objects.select_related("round", "printed_by"), pk=batch_id, round_id=round_id)
    if batch.addresses_deleted:
        return _gone(request, batch)
    page = Paginator(batch.letters_to_print.all(), LETTERS_PER_PAGE).get_page(request.GET.get("page"))
    services.letters_opened(batch=batch, how="printed", user=request.user)
    return render(request, "participation/letters_print.html", {**_letter_context(batch), "page": page})


@login_required
def letters_download(request: HttpRequest, round_id: int, batch_id: int) -> HttpResponse | StreamingHttpResponse:
    require_page(request.user, "participation:manage")
    batch = get_object_or_404(LetterBatch.objects.select_related("round", "printed_by"), pk=batch_id, round_id=round_id)
    if batch.addresses_deleted:
        return _gone(request, batch)
    services.letters_opened(batch=batch, how="downloaded", user=request.user)
    context = _letter_context(batch)

    def parts() -> Iterator[str]:  # a few hundred letters at a time: a list of 20,000 households never sits in memory as one page
        yield render_to_string("participation/letters_file.html", {**context, "head": True}, request=request)
        letters = batch.letters_to_print.all()
        for start in range(0, batch.letters, DOWNLOAD_CHUNK):
            yield render_to_string("participation/letters_file.html", {**context, "letters": letters[start:start + DOWNLOAD_CHUNK]},
                                   request=request)
        yield render_to_string("participation/letters_file.html", {**context, "foot": True}, request=request)

    response = StreamingHttpResponse(parts(), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="round-{batch.round_id}-letters-{batch.pk}.html"'
    return response


@require_http_methods(["GET", "POST"])
def vote_start(request: HttpRequest) -> HttpResponse:
    """The short address on the letters: type the code, and the ballot of the round it is for opens."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        round = services.round_for_code(form.cleaned_data["code"])
        if round is not None:
            return vote(request, round.pk)
        form.add_error("code", "This code has already been used, or voting has finished. Check the code and try again.")
    return render(request, "participation/vote_start.html", {"code_form": form}, status=400 if form.errors else 200)
