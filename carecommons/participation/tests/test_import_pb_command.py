"""`manage.py import_pb`: a real election imported whole as a closed round, and its refusals in plain words."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carecommons.participation.models import Ballot, Round
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db
ASSEN = Path(__file__).resolve().parents[1] / "testdata" / "pabulib" / "Netherlands_Assen_2024.pb"


def test_a_real_election_is_imported_as_a_closed_round_with_its_result() -> None:
    f.UserFactory(username="chris")
    out = StringIO()
    call_command("import_pb", str(ASSEN), "--area", "whole-community", "--rule", "equal_shares", "--by", "chris", stdout=out)
    round = Round.objects.get()
    assert round.status == Round.Status.CLOSED and round.result
    assert f"Imported round {round.pk}: {round.proposals.count()} proposals, {Ballot.objects.count()} ballots." in out.getvalue()


@pytest.mark.parametrize(
    ("file", "area", "by", "message"),
    [
        ("missing.pb", "whole-community", "chris", "There is no file at"),
        (str(ASSEN), "atlantis", "chris", "There is no area 'atlantis'."),
        (str(ASSEN), "whole-community", "nobody", "There is no account 'nobody'."),
    ],
)
def test_a_missing_file_area_or_account_is_refused_and_nothing_is_written(file: str, area: str, by: str, message: str) -> None:
    f.UserFactory(username="chris")
    with pytest.raises(CommandError, match=message):
        call_command("import_pb", file, "--area", area, "--rule", "greedy", "--by", by)
    assert not Round.objects.exists()


def test_a_file_that_is_not_pabulib_is_refused(tmp_path: Path) -> None:
    f.UserFactory(username="chris")
    bad = tmp_path / "bad.pb"
    bad.write_text("not a pabulib file\n")
    with pytest.raises(CommandError):
        call_command("import_pb", str(bad), "--area", "whole-community", "--rule", "greedy", "--by", "chris")
    assert not Round.objects.exists()
