"""Voting codes by post: the household key, its keyed hash, and reading hostile household lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.postal_codes import ListError, household_key, keyed_hash, read_list

SECRET = b"test-secret"


@pytest.mark.parametrize(("a", "b"), [
    (("Flat 2, 14 Mill Rd.", "av1 1aa"), ("flat 2 14 MILL ROAD", "AV1 1AA")),
    (("14  Mill   Road", "AV11AA"), ("14 Mill Road", "AV1 1AA")),
    (("3 Rose & Crown Ct", "AV2 3BB"), ("3 Rose and Crown Court", "AV2 3BB")),
    (("Apartment 4, Café Buildings", "AV2 3BB"), ("Flat 4 Cafe Buildings", "AV2 3BB")),
    (("12 Station Ave", "AV2 3BB"), ("12 STATION AVENUE", "av2 3bb")),
])
def test_the_same_household_written_two_ways_has_one_key(a, b):
    assert household_key(*a) == household_key(*b)


@pytest.mark.parametrize(("a", "b"), [
    (("14 Mill Road", "AV1 1AA"), ("14 Mill Road", "AV1 1AB")),
    (("Flat 2, 14 Mill Road", "AV1 1AA"), ("Flat 3, 14 Mill Road", "AV1 1AA")),
    (("12 St Johns Road", "AV1 1AA"), ("12 Street Johns Road", "AV1 1AA")),  # St can be Saint: never guessed
    (("1 Mill Road", "AV1 1AA"), ("11 Mill Road", "AV1 1AA")),
])
def test_different_households_have_different_keys(a, b):
    assert household_key(*a) != household_key(*b)


def test_the_keyed_hash_depends_on_the_secret_and_the_round_and_hides_the_address():
    key = household_key("14 Mill Road", "AV1 1AA")
    one = keyed_hash(SECRET, 1, key)
    assert one == keyed_hash(SECRET, 1, key) and len(one) == 64
    assert one != keyed_hash(b"another-secret", 1, key)
    assert one != keyed_hash(SECRET, 2, key)
    assert "MILL" not in one.upper()


@given(st.text(max_size=60), st.text(max_size=10))
def test_any_text_gives_a_key_and_a_hash(address, postcode):
    key = household_key(address, postcode)
    assert key == household_key(key.split("|")[0], postcode)  # a key's address part is already normal
    assert len(keyed_hash(SECRET, 7, key)) == 64


def test_a_list_gives_households_repeats_and_problems_by_line():
    data = (b"Name,Address,Postcode,Ward\n"
            b"Jo Green,\"Flat 2, 14 Mill Rd\",av1 1aa,East\n"
            b"Sam Green,\"Flat 2, 14 Mill Road\",AV1 1AA,East\n"  # the same household: one letter
            b"\n"
            b"Pat Walsh,=HYPERLINK(\"http://evil.example\"),AV1 1AA,East\n"
            b"Lee Moss,3 Church Lane,not a postcode,East\n"
            b"Ann Bell,,AV1 1AA,East\n"
            b"Kim Roe,9 Park View\n"
            b"Max Lee,22 Hill Street,AV2 3BB,West\n")
    result = read_list(data)
    assert [(h.line, h.address, h.postcode) for h in result.households] == [(2, "Flat 2, 14 Mill Rd", "AV1 1AA"), (9, "22 Hill Street", "AV2 3BB")]
    assert result.repeats == [(3, 2)]
    assert dict(result.problems) == {
        5: "A cell starts with = + - or @, which a spreadsheet runs as a formula: an address never does",
        6: "The postcode is not a real UK postcode", 7: "There is no address", 8: "There is no postcode"}
    assert result.rows == 7
    assert all("Mill" not in why and "HYPERLINK" not in why for _, why in result.problems)


def test_windows_1252_and_a_byte_order_mark_are_read():
    assert read_list("address,postcode\n1 Café Row,AV1 1AA\n".encode("cp1252")).households[0].address == "1 Café Row"
    assert read_list("\ufeffAddress , POSTCODE\n1 Café Row,AV1 1AA\n".encode()).households[0].address == "1 Café Row"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty"),
    (b"   \n\n", "The file is empty"),
    (b"name,ward\nJo,East\n", "The first line must name the columns address and postcode: neither is there"),
    (b"address,town\n1 Mill Road,Ashby\n", "there is no postcode column"),
    (b"PK\x03\x04\x00\x00binary spreadsheet", "The file is not a CSV file"),
    (b"address,postcode\n\x81\x8d\x8f\x90\x9d,AV1 1AA\n", "The file's letters cannot be read"),
])
def test_files_that_cannot_be_used_say_why(data, message):
    with pytest.raises(ListError, match=message):
        read_list(data)


def test_size_and_row_limits():
    with pytest.raises(ListError, match="1 MB or smaller"):
        read_list(b"address,postcode\n" + b"1 Mill Road,AV1 1AA\n" * 60_000, max_bytes=1024 * 1024)
    with pytest.raises(ListError, match="more than 2 households"):
        read_list(b"address,postcode\n1 A Road,AV1 1AA\n2 A Road,AV1 1AA\n3 A Road,AV1 1AA\n", max_rows=2)


def test_hostile_cells_are_lines_with_problems_not_failures():
    huge = b"x" * 200_000  # larger than the csv module's field limit
    data = (b"address,postcode\n\"" + huge + b"\",AV1 1AA\n"
            b"1 Mill\x07 Road,AV1 1AA\n"
            b"\"" + b"9" * 400 + b"\",AV1 1AA\n"
            b"12345,AV1 1AA\n"
            b"+44 Road,AV1 1AA\n"
            b"2 Mill Road,@AV1\n"
            b"3 Mill Road,AV1 1AA\n")
    result = read_list(data)
    assert [h.address for h in result.households] == ["3 Mill Road"]
    assert len(result.problems) == 6
