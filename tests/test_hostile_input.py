"""Issue 14: each input that once gave a server error now gets a 400 or a form error with a plain message.

The Django test client re-raises a view's exception, so before each fix these tests failed with the traceback
(ValueError, InvalidOperation, OverflowError, RecursionError); now each answers a status below 500 and says why.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from carecommons.conversations import services as conversation_services
from carecommons.core.forms import GovukDateField, GovukForm
from carecommons.core.inputs import (
    ascii_int,
    csv_row,
    csv_safe,
    is_ascii_digits,
    is_safe_url,
    json_depth,
    load_json,
    local_path,
    pounds_text_to_pence,
)
from carecommons.participation import services as participation_services
from carecommons.participation.models import Area, Ballot, Contribution, Round
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

NOT_NUMBERS = ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e999999", "²", "٣", "1e3", "-1", "12.345", "0x10", " "]


# --- The shared helpers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["²", "٣", "１", "1²", "+1", "-1", "", "1" * 19, "1e3", "1.0"])
def test_only_ascii_digits_are_a_whole_number(text: str) -> None:
    assert not is_ascii_digits(text)
    assert ascii_int(text) is None and ascii_int(text, 0) == 0


def test_ascii_digits_are_read_as_numbers() -> None:
    assert is_ascii_digits("0") and is_ascii_digits("1" * 18)
    assert ascii_int("42") == 42 and ascii_int(" 42 ") == 42 and ascii_int(7) == 7 and ascii_int(None, 3) == 3


@pytest.mark.parametrize(("text", "pence"), [("13.45", 1345), ("13.4", 1340), ("13", 1300), (".5", 50), ("0", 0),
                                             ("999999999.99", 99_999_999_999)])
def test_pounds_are_read_exactly(text: str, pence: int) -> None:
    assert pounds_text_to_pence(text) == pence


@pytest.mark.parametrize("text", [*NOT_NUMBERS, "", ".", "1000000000", "1.2.3"])
def test_anything_else_is_not_pounds(text: str) -> None:
    assert pounds_text_to_pence(text) is None


def test_json_nested_too_deeply_is_refused_plainly_before_parsing() -> None:
    assert json_depth('[{"a": "[[[[ not counted"}]') == 2
    with pytest.raises(ValueError, match="more than 64 deep"):
        load_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="UTF-8"):
        load_json(b"\xff\xfe[]")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_json(b"{nope")
    with pytest.raises(ValueError, match="1 KB or smaller"):
        load_json(b"[" + b" " * 2000 + b"]", max_bytes=1024)
    assert load_json(b'{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}


# --- Public pages ----------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_NUMBERS[:8])
def test_the_care_search_explains_a_fee_that_is_not_a_number(value: str) -> None:
    response = Client().get(reverse("market:choose"), {"max_weekly": value})
    assert response.status_code == 200
    assert "Enter the highest weekly fee in pounds and pence" in response.content.decode()


PAY = {"years_of_service": "2", "increment": "0.20", "bank_holiday_multiplier": "1.5", "london": "no",
       "shifts": "25/05/2026 09:00-13:00"}


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_NUMBERS[:8])
def test_the_pay_calculator_page_explains_an_hourly_rate_that_is_not_a_number(value: str) -> None:
    response = Client().post(reverse("budgets:pa-pay"), {**PAY, "hourly_rate": value})
    html = response.content.decode()
    assert response.status_code == 200 and "Enter the hourly rate in pounds and pence" in html and "Total pay" not in html
    assert f'value="{value}"' in html, "what was typed is kept"


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "raw"), [("hourly_rate_pence", "NaN"), ("hourly_rate_pence", "Infinity"),
                                            ("hourly_rate_pence", "1e999999"), ("bank_holiday_multiplier", "NaN"),
                                            ("bank_holiday_multiplier", "-Infinity"), ("years_of_service", "1e400")])
def test_the_pay_api_refuses_numbers_that_are_not_numbers_with_a_400(field: str, raw: str) -> None:
    body = {"hourly_rate_pence": 1400, "bank_holiday_multiplier": 1.5, "years_of_service": 2,
            "service_increment_pence_per_year": 20, "london": False,
            "shifts": [{"date": "2026-06-02", "start": "09:00", "end": "10:00"}]}
    text = json.dumps(body).replace(f'"{field}": {json.dumps(body[field])}', f'"{field}": {raw}')
    response = Client().post("/api/v1/pa-pay", data=text, content_type="application/json")
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["errors"]}


def ask(client: Client, step: str, data: dict[str, str] | None = None) -> Any:
    url = reverse("conversations:ask", args=[step])
    return client.post(url, data) if data is not None else client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("slot", ["²", "٣", "１", "99999999999999999999"])
def test_the_ask_journey_explains_a_time_that_is_not_one_shown(slot: str, cast: Any) -> None:
    client = Client()
    client.get(reverse("conversations:ask-start"))
    session = client.session
    session["ask"] = {"who": "self", "full_name": "A B", "contact_by": "phone", "on_their_mind": "x", "hub": "any",
                      "access_needs": ""}
    session.save()
    response = ask(client, "time", {"slot": slot})
    assert response.status_code == 200 and "Choose one of the times shown" in response.content.decode()
    session = client.session
    session["ask"] = {**session["ask"], "slot": slot}  # an answer kept from before the fix
    session.save()
    assert ask(client, "check").status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize("slot", ["²", "٣", "99999999999999999999"])
def test_the_booking_change_page_explains_a_time_that_is_not_one_shown(slot: str, cast: Any) -> None:
    booking = conversation_services.booking_create(request=f.RequestFactory(), slot_id=f.SlotFactory(hub=cast.library).pk)
    response = Client().post(reverse("conversations:booking-rebook", args=[booking.token]), {"slot": slot})
    assert response.status_code == 409 and "Choose one of the times shown" in response.content.decode()


def _open_round(kind: str) -> tuple[Round, list[Any], str]:
    user = f.StaffFactory(role="commissioner").user
    round = participation_services.round_create(user=user, title="Round", description="x", budget=100_000, ballot_kind=kind,
                                                rule=Round.Rule.EQUAL_SHARES, max_choices=0, points=5, split_total=0)
    area = Area.objects.first()
    proposals = [participation_services.proposal_add(round=round, title=t, description=t, kind="community", area=area,
                                                     from_model=None, to_model=None, cost=50_000) for t in ("A", "B")]
    participation_services.round_open(round=round)
    code = participation_services.verify_resident(round=round, name="Resident", born=dt.date(1980, 1, 2), postcode="AV1 1AA",
                                                  user=user)
    return round, proposals, code


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999"])
def test_a_ranked_ballot_with_a_choice_that_is_not_one_shown_is_refused(value: str) -> None:
    round, (a, _b), code = _open_round(Round.BallotKind.RANKED)
    response = Client().post(reverse("participation:vote", args=[round.pk]),
                             {"step": "ballot", "code": code, "first": value, "second": str(a.pk)})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Ballot.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["³", "٣", "99999999999999999999", "NaN"])
def test_points_that_are_not_a_whole_number_are_refused(value: str) -> None:
    round, (a, b), code = _open_round(Round.BallotKind.CUMULATIVE)
    response = Client().post(reverse("participation:vote", args=[round.pk]),
                             {"step": "ballot", "code": code, f"points_{a.pk}": value, f"points_{b.pk}": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and not Ballot.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["00:00:00Z", "09:30:00+01:00", "23:59:59-05:00", "25:00:00Z", "noon"])
def test_the_oruk_api_refuses_a_time_with_an_offset_or_not_a_time_with_a_400_naming_it(value: str) -> None:
    # Opening times are the area's local times of day (ADR 0020): a time with a zone was a server error on SQLite.
    for name in ("start_time", "end_time"):
        response = Client().get("/oruk/services", {name: value})
        assert response.status_code == 400, response.content
        assert response.json()["errors"][0]["field"] == name


@pytest.mark.django_db
def test_the_oruk_api_reads_a_local_time_of_day() -> None:
    for name in ("start_time", "end_time"):
        response = Client().get("/oruk/services", {name: "12:00:00"})
        assert response.status_code == 200 and response.json()["contents"] == []


# --- Staff pages ----------------------------------------------------------------------------------------------

class _DateForm(GovukForm):
    born = GovukDateField(label="Date of birth", what="date of birth")


@pytest.mark.parametrize(("day", "month", "year"), [("99999999999999999999", "1", "2000"), ("999999999999999999", "1", "2000"),
                                                    ("1", "99999999999999999", "2000"), ("²", "1", "2000"), ("1", "1", "２０００")])
def test_a_date_with_an_enormous_or_unicode_part_is_a_form_error(day: str, month: str, year: str) -> None:
    form = _DateForm({"born_day": day, "born_month": month, "born_year": year})
    assert not form.is_valid()
    assert form.errors["born"] == ["The date of birth must be a real date, like 27 3 2026"]


def test_a_date_form_still_reads_a_real_date() -> None:
    form = _DateForm({"born_day": "27", "born_month": "3", "born_year": "2026"})
    assert form.is_valid() and form.cleaned_data["born"] == dt.date(2026, 3, 27)
    assert isinstance(form.fields["born"], forms.MultiValueField)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "²", "", "99999999999999999999", "-1"])
def test_moderating_a_contribution_that_is_not_a_number_says_so(value: str) -> None:
    user = f.StaffFactory(role="commissioner").user
    response = client_for(user).post(reverse("participation:moderation"), {"contribution": value, "action": "publish"},
                                     follow=True)
    assert response.status_code == 200 and "That has already been checked." in response.content.decode()
    assert not Contribution.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999"])
def test_moderating_feedback_that_is_not_a_number_says_so(value: str) -> None:
    user = f.StaffFactory(role="commissioner").user
    response = client_for(user).post(reverse("market:feedback"), {"feedback": value, "action": "publish"}, follow=True)
    assert response.status_code == 200 and "That feedback has already been checked" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999"])
def test_removing_a_proposal_that_is_not_a_number_says_so(value: str) -> None:
    user = f.StaffFactory(role="commissioner").user
    round = participation_services.round_create(user=user, title="R", description="x", budget=100_000, ballot_kind="approval",
                                                rule=Round.Rule.GREEDY, max_choices=0, points=10, split_total=0)
    response = client_for(user).post(reverse("participation:manage-round", args=[round.pk]),
                                     {"action": "remove", "proposal": value}, follow=True)
    assert response.status_code == 200 and "That proposal is not in this round." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), [
    (b"[" * 200_000 + b"]" * 200_000, "nests lists or objects more than 64 deep"),
    (b'{"a": ' * 5000 + b"1" + b"}" * 5000, "nests lists or objects more than 64 deep"),
    (b"\xff\xfe\x00", "must be text in UTF-8"),
])
def test_the_assessment_import_page_refuses_a_file_it_cannot_read_plainly(content: bytes, message: str, cast: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast.priya)
    response = client.post(reverse("assessments:import"), {"file": SimpleUploadedFile("deep.json", content, "application/json")})
    assert response.status_code == 400 and message in response.content.decode()


# --- CSV exports ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")'])
def test_text_a_spreadsheet_would_run_gets_a_quote_in_front(text: str) -> None:
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["First week", "", "1,000", "Sam = Jo", 12, -1234, Decimal("-12.34"), 0.5, None])
def test_everything_else_is_left_as_it_is(value: Any) -> None:
    assert csv_safe(value) == value and csv_row([value, "=x"]) == [value, "'=x"]


def test_negative_money_in_a_csv_stays_a_number() -> None:
    from carecommons.budgets.views_budgets import _pounds

    assert _pounds(-1234) == Decimal("-12.34") and csv_row([_pounds(-1234)]) == [Decimal("-12.34")]
    out = io.StringIO()
    csv.writer(out).writerow(csv_row(["-1234", _pounds(-1234)]))
    assert out.getvalue() == "'-1234,-12.34\r\n"


@pytest.mark.django_db
def test_the_statement_csv_neutralises_formulas_and_keeps_negative_money_a_number(cast: Any) -> None:
    from carecommons.budgets import services as budget_services

    for user, limit in ((cast.priya, 40_000), (cast.morgan, 150_000)):
        user.staff.budget_limit = limit
        user.staff.save()
    plan = budget_services.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya), user=cast.ruth_user)
    budget_services.plan_item_add(plan=plan, outcome="nutrition", met_by="self", description="I cook")
    budget_services.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="personal_assistant",
                                  weekly_cost=20_000, description="A personal assistant")
    budget_services.plan_choose_management(plan=plan, way="council_arranged")
    budget_services.plan_submit(plan=plan)
    budget = budget_services.plan_agree(plan=plan, practitioner=cast.priya, notes="").budget
    priya = client_for(cast.priya)
    day = budget.period_start
    priya.post(reverse("budgets:money", args=[budget.pk]), {
        "what": "payment", "amount": "150.25", "on_day": day.day, "on_month": day.month, "on_year": day.year,
        "payee": "=HYPERLINK(\"http://evil.example\",\"Sam\")", "description": "@SUM(A1:A9)"})
    text = priya.get(reverse("budgets:statement-csv", args=[budget.pk]) + f"?month={day:%Y-%m}").content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["date", "what", "money_in", "money_out", "set_aside_or_released", "balance"]
    whats = [row[1] for row in rows[1:]]
    assert any("HYPERLINK" in w or "SUM" in w for w in whats), whats
    assert all(not w.startswith(("=", "+", "-", "@")) for w in whats), whats
    money = [cell for row in rows[1:] for cell in row[2:] if cell]
    assert "150.25" in money and all(re.fullmatch(r"-?[0-9]+\.[0-9]{2}", cell) for cell in money), money


@pytest.mark.django_db
def test_the_ballot_exports_neutralise_formulas_in_names() -> None:
    round, _proposals, code = _open_round(Round.BallotKind.APPROVAL)
    Round.objects.filter(pk=round.pk).update(title="=cmd|' /C calc'!A0")
    round.proposals.filter(title="A").update(title="@SUM(1+1)")
    participation_services.cast(round=round, code=code, choices=[(_proposals[0].pk, 1)], split=None)
    participation_services.round_close(round=round)
    pb_text = Client().get(reverse("participation:export-pb", args=[round.pk])).content.decode()
    csv_text = Client().get(reverse("participation:export-csv", args=[round.pk])).content.decode()
    cells = [cell for line in pb_text.splitlines() for cell in next(csv.reader([line], delimiter=";"))]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1+1)" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in csv.reader(io.StringIO(csv_text)) for cell in line)


# --- Stored links and the ORUK import ------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["https://example.org/", "http://example.org", "mailto:a@example.org", "tel:+441632960001",
                                 "HTTPS://EXAMPLE.ORG"])
def test_web_mail_and_phone_links_are_safe(url: str) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                                 "java\nscript:alert(1)", "\x00javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)", "//evil.example", "example.org", "", None, 5])
def test_anything_else_is_not_a_safe_link(url: Any) -> None:
    assert not is_safe_url(url)


def test_the_link_filter_renders_an_unsafe_address_as_plain_text() -> None:
    from django.template import Context, Template

    template = Template("{% load govuk %}{{ url|link }}")
    assert template.render(Context({"url": "https://example.org/?a=1&b=2"})) == \
        '<a class="govuk-link" href="https://example.org/?a=1&amp;b=2">https://example.org/?a=1&amp;b=2</a>'
    rendered = template.render(Context({"url": 'javascript:alert("x")'}))
    assert "<a" not in rendered and rendered == "javascript:alert(&quot;x&quot;)"


def _feed_service(**changes: Any) -> dict[str, Any]:
    import uuid

    return {"id": str(uuid.uuid4()), "name": "Men's Shed (fictional)", "status": "active", "url": "https://example.org/shed",
            **changes}


@pytest.mark.django_db
def test_import_oruk_drops_a_javascript_link_with_a_warning_and_the_page_never_links_it(caplog: Any) -> None:
    import uuid

    from carecommons.directory.models import Organization, Service
    from carecommons.directory.services import import_feed

    org = {"id": str(uuid.uuid4()), "name": "Shed Trust", "website": "javascript:alert(document.cookie)"}
    outcome = import_feed([_feed_service(url="javascript:alert(document.cookie)", organization=org)], source="evil.json")
    assert (outcome.created, outcome.bad) == (1, [])
    service = Service.objects.get()
    assert service.url == "" and Organization.objects.get().website == ""
    assert "only http(s), mailto and tel links are kept" in caplog.text
    Service.objects.filter(pk=service.pk).update(url="javascript:alert(1)")  # one stored before this fix
    page = Client().get(reverse("directory:service", args=[service.pk])).content.decode()
    assert 'href="javascript' not in page and "javascript:alert(1)" in page


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "problem"), [
    ({"minimum_age": 1e40}, "minimum_age must be a number of years from 0 to 130"),
    ({"maximum_age": float("inf")}, "maximum_age must be a number of years"),
    ({"maximum_age": float("nan")}, "maximum_age must be a number of years"),
    ({"minimum_age": True}, "minimum_age must be a number of years"),
    ({"service_at_locations": [{"id": "8c4b7f0e-3a43-4a8f-9f47-2f8e3c0b9d11", "location": {
        "id": "2b1d9a6e-7d53-4a1b-8d47-6a0f4c1e5b22", "latitude": 1e400}}]}, "latitude must be a number"),
])
def test_import_oruk_skips_a_service_with_an_impossible_number_and_keeps_the_rest(changes: dict[str, Any], problem: str) -> None:
    from carecommons.directory.models import Service
    from carecommons.directory.services import import_feed

    outcome = import_feed([_feed_service(**changes), _feed_service(name="Lunch club (fictional)")], source="feed.json")
    assert outcome.created == 1 and [b["item"] for b in outcome.bad] == [1]
    assert problem in outcome.bad[0]["problem"]
    assert list(Service.objects.values_list("name", flat=True)) == ["Lunch club (fictional)"]


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfe\x00[", "must be text in UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "more than 64 deep"),
    (b"{not json", "not valid JSON"),
])
def test_import_oruk_refuses_a_file_it_cannot_read_plainly(content: bytes, message: str, tmp_path: Any) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "feed.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_oruk", str(path))


# --- Files: Pabulib .pb and the CQC directory ------------------------------------------------------------------

GOOD_PB = "META\nkey;value\nbudget;1000\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n1;600;Bench\n2;500;Mural\n" \
          "VOTES\nvoter_id;vote\n1;1\n2;1,2\n"
CUMULATIVE_PB = "META\nkey;value\nbudget;1000\nvote_type;cumulative\nmax_sum_points;10\nPROJECTS\nproject_id;cost;name\n" \
                "1;600;Bench\n2;500;Mural\nVOTES\nvoter_id;vote;points\n1;1,2;5,5\n"
CRAFTED_PB = [
    (GOOD_PB.replace("project_id;cost;name", "id;cost;name"), "no project_id column"),
    (GOOD_PB.replace("project_id;cost;name", "project_id;price;name"), "no cost column"),
    (GOOD_PB.replace("1;600;Bench", "1;inf;Bench"), "Project row 2 has no whole-number cost: the cost must be a whole number"),
    (GOOD_PB.replace("1;600;Bench", "1;nan;Bench"), "Project row 2 has no whole-number cost: the cost must be a whole number"),
    (GOOD_PB.replace("1;600;Bench", "1;-600;Bench"), "from 0 to"),
    (GOOD_PB.replace("1;600;Bench", "1;1e30;Bench"), "from 0 to"),
    (GOOD_PB.replace("1;600;Bench", "1;lots;Bench"), "not 'lots'"),
    (GOOD_PB.replace("budget;1000", "budget;inf"), "The budget must be a whole number"),
    (GOOD_PB.replace("budget;1000", "budget;x"), "The budget must be a whole number"),
    (CUMULATIVE_PB.replace("1;1,2;5,5", "1;1,2;x,5"), "Voter 1's points must be a whole number"),
    (CUMULATIVE_PB.replace("1;1,2;5,5", "1;1,2;5,inf"), "Voter 1's points must be a whole number"),
    (CUMULATIVE_PB.replace("max_sum_points;10", "max_sum_points;1e999"), "max_sum_points must be a whole number"),
    (GOOD_PB.replace("Bench", "B" * 200_000), "cannot be read as Pabulib"),
    (GOOD_PB.replace("Bench", "B" * 20_000), "longer than 10,000 characters"),
    (GOOD_PB.replace("VOTES\nvoter_id;vote\n", "VOTES\nvoter_id;ballot\n"), "no vote column"),
]


@pytest.mark.parametrize(("text", "message"), CRAFTED_PB)
def test_a_crafted_pb_file_is_refused_with_a_plain_message(text: str, message: str) -> None:
    from carecommons.rules import pb

    with pytest.raises(pb.PBError, match=re.escape(message)):
        pb.parse(text)


def test_a_good_pb_file_still_reads() -> None:
    from carecommons.rules import pb

    election = pb.parse(GOOD_PB)
    assert election.budget == 1000 and [p.cost for p in election.projects.values()] == [600, 500]
    assert pb.parse(CUMULATIVE_PB).ballots[0].points == (5, 5)
    assert pb.parse(GOOD_PB.replace("1;600;Bench", "1;600.7;Bench")).projects["1"].cost == 600  # cut off, as before


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), [*CRAFTED_PB[:3], CRAFTED_PB[9], CRAFTED_PB[11], CRAFTED_PB[12]])
def test_the_import_page_explains_a_crafted_pb_file(text: str, message: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = f.StaffFactory(role="commissioner").user
    response = client_for(user).post(reverse("participation:import"), {
        "file": SimpleUploadedFile("crafted.pb", text.encode()), "title": "", "area": str(Area.objects.first().pk),
        "rule": Round.Rule.GREEDY})
    html = response.content.decode()
    assert response.status_code == 200 and "The file cannot be imported" in html and "govuk-error-summary" in html
    assert not Round.objects.exists()


@pytest.mark.parametrize(("content", "message"), [(b"\xff\xfeMETA", "must be text in UTF-8"),
                                                  (CRAFTED_PB[2][0].encode(), "must be a whole number")])
def test_pb_run_refuses_a_file_it_cannot_read_plainly(content: bytes, message: str, tmp_path: Any) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "crafted.pb"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("pb_run", str(path), "--rule", "greedy")


def _cqc_sample() -> tuple[list[str], list[list[str]]]:
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "carecommons" / "market" / "testdata" / "cqc_locations_synthetic.csv"
    rows = list(csv.reader(io.StringIO(sample.read_text(encoding="utf-8-sig"))))
    return rows[0], rows[1:]


def _cqc_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("beds", [str(10**23), "10001", "-5", "²"])
def test_import_cqc_reports_an_impossible_number_of_beds_and_keeps_the_rest(beds: str) -> None:
    from carecommons.market.cqc import import_text
    from carecommons.market.models import Location

    header, rows = _cqc_sample()
    rows[0][header.index("Care homes beds")] = beds
    run = import_text(_cqc_text(header, rows))
    assert 2 in [b["line"] for b in run.bad_rows]
    assert any("Care homes beds" in b["problems"] for b in run.bad_rows if b["line"] == 2)
    assert Location.objects.count() == 35 and not Location.objects.filter(cqc_id=rows[0][0]).exists()


@pytest.mark.django_db
def test_import_cqc_refuses_a_field_over_128_kb_plainly_and_writes_nothing(tmp_path: Any) -> None:
    from django.core.management import CommandError, call_command

    from carecommons.market.models import ImportRun, Location

    header, rows = _cqc_sample()
    rows[3][header.index("Location Name")] = "x" * (128 * 1024 + 1)
    path = tmp_path / "long.csv"
    path.write_text(_cqc_text(header, rows), encoding="utf-8")
    with pytest.raises(CommandError, match="Line 5 cannot be read"):
        call_command("import_cqc", str(path), "--quiet")
    assert not Location.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), [(b"[" * 100_000 + b"]" * 100_000, "more than 64 deep"),
                                                  (b"\xff\xfe\x00", "must be text in UTF-8")])
def test_assessment_import_refuses_a_file_it_cannot_read_plainly(content: bytes, message: str, tmp_path: Any) -> None:
    from django.core.management import CommandError, call_command

    from carecommons.assessments.models import Assessment

    path = tmp_path / "deep.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("assessment_import", str(path))
    assert not Assessment.objects.exists()


# --- Found by the hostile sweep (tests/test_hostile_sweep.py) ------------------------------------------------------

@pytest.mark.parametrize("next_url", ["²", "99999999999999999999", "people:home", "abc", "", "//evil.example/", "/\\evil.example",
                                      "https://evil.example/", "/\x00", "javascript:alert(1)"])
def test_easy_read_with_a_next_that_is_not_a_path_here_goes_home_not_a_server_error(db: Any, next_url: str) -> None:
    """`redirect(next)` read a bare word as a route name: NoReverseMatch, a 500 on a public page."""
    response = Client(raise_request_exception=False).get(reverse("assessments:easy-read"), {"on": "1", "next": next_url})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_easy_read_goes_back_to_a_path_on_this_site(db: Any) -> None:
    response = Client().get(reverse("assessments:easy-read"), {"on": "1", "next": "/care/?q=day+centre"})
    assert (response.status_code, response["Location"]) == (302, "/care/?q=day+centre")


@pytest.mark.parametrize(("value", "path"), [("/people/1/", "/people/1/"), ("/", "/"), ("²", "/"), ("//x.example", "/"),
                                             ("/\\x.example", "/"), ("/a\tb", "/"), (None, "/"), ("/" + "a" * 3000, "/")])
def test_local_path(value: Any, path: str) -> None:
    assert local_path(value) == path
