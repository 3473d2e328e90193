"""Voting codes by post: importing household lists (bad rows, repeats, re-imports), printing, deleting the addresses,
and voting with a code from a letter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.participation import services
from carecommons.participation.models import (
    Area,
    Ballot,
    LetterBatch,
    LetterBatchEvent,
    PostalLetter,
    Round,
    Voter,
)
from carecommons.rules import postal_codes
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

LIST = (b"Elector,Address,Postcode\n"
        b"Jo Green,\"Flat 2, 14 Mill Rd\",av1 1aa\n"
        b"Sam Green,\"Flat 2, 14 Mill Road\",AV1 1AA\n"
        b"Pat Walsh,=cmd|' /C calc'!A0,AV1 1AA\n"
        b"Lee Moss,3 Church Lane,AV1 1AB\n"
        b"Ann Bell,7 Church Lane,nowhere\n")


@pytest.fixture
def organiser(db: Any) -> Any:
    return f.StaffFactory(role="commissioner").user


@pytest.fixture
def round(organiser: Any) -> Round:
    round = services.round_create(user=organiser, title="Care money 2027", description="What should we fund?", budget=100_000,
                                  ballot_kind=Round.BallotKind.APPROVAL, rule=Round.Rule.EQUAL_SHARES, max_choices=0, points=10,
                                  split_total=0)
    area = Area.objects.get(slug="whole-community")
    for title in ("Bench", "Mural"):
        services.proposal_add(round=round, title=title, description=title, kind="community", area=area, from_model=None, to_model=None,
                              cost=40_000)
    return round


def later(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def upload(client: Client, round: Round, data: bytes, *, name: str = "households.csv", when: dt.date | None = None) -> Any:
    when = when or later()
    return client.post(reverse("participation:letters", args=[round.pk]), {
        "file": SimpleUploadedFile(name, data, content_type="text/csv"), "source": "Electoral register",
        "vote_by_day": str(when.day), "vote_by_month": str(when.month), "vote_by_year": str(when.year)}, follow=True)


def test_an_import_makes_one_letter_a_household_and_reports_bad_lines(round: Round, organiser: Any) -> None:
    client = client_for(organiser)
    page = upload(client, round, LIST).content.decode()
    batch = LetterBatch.objects.get()
    assert "The list is imported: 2 letters to print." in page
    assert (batch.rows, batch.letters, batch.repeats, batch.already_sent) == (5, 2, 1, 0)
    assert batch.problems == [[4, "A cell starts with = + - or @, which a spreadsheet runs as a formula: an address never does"],
                              [6, "The postcode is not a real UK postcode"]]
    assert "<td class=\"govuk-table__cell\">4</td>" in page and "The postcode is not a real UK postcode" in page
    assert "calc" not in page and "Ann Bell" not in page and "Jo Green" not in page  # names are never read, bad cells never shown
    assert list(PostalLetter.objects.values_list("address", "postcode")) == [("Flat 2, 14 Mill Rd", "AV1 1AA"), ("3 Church Lane", "AV1 1AB")]
    voters = Voter.objects.filter(round=round)
    assert voters.count() == 2 and all(v.letter_batch_id == batch.pk for v in voters)
    key = postal_codes.household_key("Flat 2, 14 Mill Road", "AV1 1AA")
    assert voters.filter(identity=postal_codes.keyed_hash(services.household_secret(), round.pk, key)).exists()
    assert not PostalLetter.objects.filter(code__in=voters.values("code_hash")).exists()  # the code hash is not the code
    assert LetterBatchEvent.objects.get().what == "imported" and LetterBatchEvent.objects.get().by == organiser


def test_a_second_import_leaves_out_households_already_sent_a_code(round: Round, organiser: Any) -> None:
    client = client_for(organiser)
    upload(client, round, LIST)
    page = upload(client, round, b"address,postcode\nFLAT 2 14 MILL ROAD,AV11AA\n3 Church Lane,AV1 1AB\n7 Church Lane,AV1 1AB\n").content.decode()
    second = LetterBatch.objects.order_by("pk").last()
    assert (second.letters, second.already_sent) == (1, 2)
    assert "The list is imported: 1 letters to print." in page
    assert Voter.objects.filter(round=round).count() == 3
    assert list(second.letters_to_print.values_list("address", flat=True)) == ["7 Church Lane"]


def test_the_same_list_after_printing_still_sends_no_second_code(round: Round, organiser: Any) -> None:
    client = client_for(organiser)
    upload(client, round, LIST)
    batch = LetterBatch.objects.get()
    client.get(reverse("participation:letters-print", args=[round.pk, batch.pk]))
    client.post(reverse("participation:letters-batch", args=[round.pk, batch.pk]), {"confirmed": "yes"})
    upload(client, round, LIST)
    assert LetterBatch.objects.order_by("pk").last().letters == 0
    assert Voter.objects.filter(round=round).count() == 2


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "empty.csv", "The file is empty"),
    (b"PK\x03\x04\x00\x00\x00", "households.xlsx", "The file is not a CSV file"),
    (b"name,ward\nJo,East\n", "households.csv", "The first line must name the columns address and postcode"),
])
def test_files_that_cannot_be_used_are_refused_with_a_reason(round: Round, organiser: Any, data: bytes, name: str, message: str) -> None:
    response = upload(client_for(organiser), round, data, name=name)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not LetterBatch.objects.exists() and not Voter.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(round: Round, organiser: Any) -> None:
    data = b"address,postcode\n" + b"1 Mill Road,AV1 1AA\n" * (postal_codes.MAX_BYTES // 20 + 10)
    response = upload(client_for(organiser), round, data)
    assert response.status_code == 400 and "The file must be 2 MB or smaller" in response.content.decode()
    assert not LetterBatch.objects.exists()


def test_the_last_day_to_vote_cannot_have_passed_and_the_choices_are_kept(round: Round, organiser: Any) -> None:
    response = upload(client_for(organiser), round, LIST, when=later(-1))
    page = response.content.decode()
    assert response.status_code == 400 and "The last day to vote must be today or later." in page
    assert 'value="Electoral register" checked' in page and 'value="Council tax list" checked' not in page
    assert f'value="{later(-1).year}"' in page  # the date typed is still there to correct
    assert not LetterBatch.objects.exists()


def test_no_codes_once_voting_has_finished(round: Round, organiser: Any) -> None:
    services.round_open(round=round)
    services.round_close(round=round)
    with pytest.raises(services.ParticipationError, match="Voting has finished"):
        services.letters_import(round=round, data=LIST, source="x", vote_by=later(), user=organiser)
    page = client_for(organiser).get(reverse("participation:letters", args=[round.pk])).content.decode()
    assert "no more codes can be sent" in page and "Import the list" not in page


def test_letters_print_then_the_addresses_are_deleted_and_the_codes_still_vote(round: Round, organiser: Any) -> None:
    client = client_for(organiser)
    upload(client, round, LIST)
    batch = LetterBatch.objects.get()
    batch_url = reverse("participation:letters-batch", args=[round.pk, batch.pk])
    assert "Open the letters to print, or download them, first." in client.get(batch_url).content.decode()
    with pytest.raises(services.ParticipationError, match="before saying they are printed"):
        services.letters_printed(batch=batch, user=organiser)

    printed = client.get(reverse("participation:letters-print", args=[round.pk, batch.pk])).content.decode()
    codes = list(PostalLetter.objects.values_list("code", flat=True))
    assert printed.count('class="cc-letter"') == 2 and all(code in printed for code in codes)
    assert "Your voting code for Care money 2027" in printed and "Flat 2, 14 Mill Rd" in printed
    assert "127.0.0.1:8000/vote" in printed and "If you cannot vote online" in printed
    assert later().strftime("%-d %B %Y") in printed

    download = client.get(reverse("participation:letters-download", args=[round.pk, batch.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="round-{round.pk}-letters-{batch.pk}.html"'
    file = b"".join(download.streaming_content).decode()
    assert file.count('<article class="cc-letter">') == 2 and all(code in file for code in codes) and "break-after: page" in file

    question = client.post(batch_url).content.decode()
    assert "Are all the letters printed?" in question and "The 2 addresses and voting codes in this list are deleted" in question
    assert PostalLetter.objects.count() == 2
    done = client.post(batch_url, {"confirmed": "yes"}, follow=True).content.decode()
    assert "Done: 2 addresses and codes are deleted." in done
    assert "the addresses and codes were deleted then" in done and "Open the letters to print" not in done
    assert not PostalLetter.objects.exists() and Voter.objects.filter(round=round).count() == 2
    batch.refresh_from_db()
    assert batch.printed_by == organiser and batch.addresses_deleted
    assert list(batch.events.values_list("what", flat=True)) == ["imported", "printed", "downloaded", "confirmed"]
    for name in ("participation:letters-print", "participation:letters-download"):
        gone = client.get(reverse(name, args=[round.pk, batch.pk]))
        assert gone.status_code == 410 and "These letters were printed and their addresses deleted" in gone.content.decode()
    assert "already confirmed" in client.post(batch_url, {"confirmed": "yes"}, follow=True).content.decode()

    services.round_open(round=round)
    resident = Client()
    start = resident.post(reverse("participation:vote-start"), {"code": codes[0].lower().replace("-", " "), "step": "code"})
    assert "Your vote" in start.content.decode() and "Bench" in start.content.decode()
    bench = str(round.proposals.get(title="Bench").pk)
    check = resident.post(reverse("participation:vote-start"), {"code": codes[0], "step": "ballot", "support": [bench]})
    assert "Check your vote" in check.content.decode()
    voted = resident.post(reverse("participation:vote-start"), {"code": codes[0], "step": "confirm", "support": [bench]})
    assert "Your vote has been recorded" in voted.content.decode()
    assert Ballot.objects.get(round=round).choices == [[int(bench), 1]]
    again = resident.post(reverse("participation:vote-start"), {"code": codes[0], "step": "code"})
    assert again.status_code == 400 and "This code has already been used, or voting has finished" in again.content.decode()
    # the other letter's code works on the round's own page too, exactly like a code given in person
    assert services.code_valid(round=round, code=codes[1])


def test_only_the_organisers_role_may_import_or_print(round: Round) -> None:
    practitioner = client_for(f.StaffFactory(role="practitioner").user)
    assert practitioner.get(reverse("participation:letters", args=[round.pk])).status_code == 403
    assert Client().get(reverse("participation:letters", args=[round.pk])).status_code == 302


def test_the_household_secret_is_its_own_setting_or_derived(settings: Any) -> None:
    settings.CARECOMMONS = {**settings.CARECOMMONS, "HOUSEHOLD_KEY": ""}
    derived = services.household_secret()
    assert derived != settings.SECRET_KEY.encode() and len(derived) == 32
    settings.CARECOMMONS = {**settings.CARECOMMONS, "HOUSEHOLD_KEY": "its-own-secret"}
    assert services.household_secret() == b"its-own-secret"


def test_once_voting_has_finished_unprinted_letters_can_be_deleted_without_printing(round: Round, organiser: Any) -> None:
    client = client_for(organiser)
    upload(client, round, LIST)
    batch = LetterBatch.objects.get()
    services.round_open(round=round)
    services.round_close(round=round)
    url = reverse("participation:letters-batch", args=[round.pk, batch.pk])
    page = client.get(url).content.decode()
    assert "These letters are no longer needed" in page and "Open the letters to print" not in page
    question = client.post(url).content.decode()
    assert "Delete the addresses and codes?" in question and "Voting has finished, so the letters are no longer needed." in question
    done = client.post(url, {"confirmed": "yes"}, follow=True).content.decode()
    assert "Voting finished before the letters were confirmed printed." in done
    assert "addresses and codes deleted after voting finished by" in done
    assert not PostalLetter.objects.exists()


def test_the_download_is_one_file_with_every_letter_in_chunks(round: Round, organiser: Any) -> None:
    rows = "".join(f"{n} Long Lane (fictional),AV1 1AA\n" for n in range(1, 1203))
    client = client_for(organiser)
    upload(client, round, ("address,postcode\n" + rows).encode())
    batch = LetterBatch.objects.get()
    response = client.get(reverse("participation:letters-download", args=[round.pk, batch.pk]))
    file = b"".join(response.streaming_content).decode()
    assert file.startswith("<!DOCTYPE html>") and file.rstrip().endswith("</html>")
    assert file.count("<body>") == 1 and file.count('<article class="cc-letter">') == 1202
    assert "1202 Long Lane (fictional)" in file and all(code in file for code in batch.letters_to_print.values_list("code", flat=True))
