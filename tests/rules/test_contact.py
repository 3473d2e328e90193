import pytest

from carecommons.rules.contact import check_email, check_name, check_postcode, check_uk_phone


@pytest.mark.parametrize(("raw", "tidy"), [("sw1a1aa", "SW1A 1AA"), ("M1 1AE", "M1 1AE"), (" b33 8th ", "B33 8TH"), ("CR2 6XH", "CR2 6XH"), ("DN55 1PT", "DN55 1PT"), ("GIR0AA", "GIR 0AA")])
def test_real_postcodes_are_tidied(raw, tidy):
    assert check_postcode(raw).value == tidy


@pytest.mark.parametrize("raw", ["", "12345", "SW1A", "QQ1 1AA", "SW1A 1A", "hello"])
def test_wrong_postcodes_say_how_to_fix(raw):
    result = check_postcode(raw)
    assert not result.ok and "like AA1 1AA" in result.error


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [("01632 960001", "01632 960001"), ("01632960001", "01632 960001"), ("+44 7700 900982", "07700 900 982"),
     ("(01632) 960 001", "01632 960001"), ("020 7946 0000", "020 7946 0000"), ("0044 7700900982", "07700 900 982")],
)
def test_uk_phone_numbers_are_tidied(raw, tidy):
    result = check_uk_phone(raw)
    assert result.ok, result.error
    assert result.value == tidy


@pytest.mark.parametrize(("raw", "message"), [("", "Enter a phone number"), ("call me", "only numbers"), ("12345", "10 or 11 digits"), ("+1 202 555 0100", "Enter a UK phone number")])
def test_wrong_phone_numbers_say_how_to_fix(raw, message):
    result = check_uk_phone(raw)
    assert not result.ok and message in result.error


def test_emails():
    assert check_email(" a.b@example.org ").value == "a.b@example.org"
    assert "correct format" in check_email("not-an-email").error
    assert "Enter an email" in check_email("").error


@pytest.mark.parametrize(("raw", "ok"), [("Mary-Jane O'Neill", True), ("Zoë Ålund", True), ("R2D2", False), ("<script>", False), ("", False), ("x" * 101, False)])
def test_names(raw, ok):
    assert check_name(raw).ok is ok
