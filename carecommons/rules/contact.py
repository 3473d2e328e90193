"""Checking and tidying the contact details people give: names, UK phone numbers, postcodes, emails.

Each check returns the tidied value or a message that says how to put it right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The postcode pattern published by the UK government (Bulk Data Transfer guidance), with the
# space made optional.
_POSTCODE = re.compile(
    r"^(GIR ?0AA|"
    r"(?:[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]))"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAME_ALLOWED = re.compile(r"^[^\d<>{}\[\]\\/@#$%^*_=+|~]+$")


@dataclass(frozen=True)
class Checked:
    value: str
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def check_postcode(raw: str) -> Checked:
    text = re.sub(r"\s+", "", raw).upper()
    if not text:
        return Checked("", "Enter a postcode, like AA1 1AA")
    if not _POSTCODE.match(text):
        return Checked(raw, "Enter a real postcode, like AA1 1AA")
    return Checked(f"{text[:-3]} {text[-3:]}")


def check_uk_phone(raw: str) -> Checked:
    """UK landline or mobile, given as 01632 960 001, +44 1632 960001 or (01632) 960001."""
    text = re.sub(r"[\s()\-.]", "", raw)
    if not text:
        return Checked("", "Enter a phone number, like 01632 960 001 or 07700 900 982")
    if text.startswith("+44"):
        text = "0" + text[3:].lstrip("0")
    elif text.startswith("0044"):
        text = "0" + text[4:].lstrip("0")
    elif text.startswith("+"):
        return Checked(raw, "Enter a UK phone number, like 01632 960 001 or 07700 900 982")
    if not (text.isascii() and text.isdigit()):
        return Checked(raw, "Enter a phone number using only numbers, spaces and brackets, like 01632 960 001")
    if not text.startswith("0") or len(text) not in (10, 11):
        return Checked(raw, "Enter a UK phone number with 10 or 11 digits, like 01632 960 001 or 07700 900 982")
    if len(text) == 11 and text.startswith("07"):
        return Checked(f"{text[:5]} {text[5:8]} {text[8:]}")
    if len(text) == 11 and text.startswith("02"):
        return Checked(f"{text[:3]} {text[3:7]} {text[7:]}")
    if len(text) == 11:
        return Checked(f"{text[:5]} {text[5:]}")
    return Checked(f"{text[:4]} {text[4:]}")


def check_email(raw: str) -> Checked:
    text = raw.strip()
    if not text:
        return Checked("", "Enter an email address, like name@example.com")
    if len(text) > 254 or not _EMAIL.match(text):
        return Checked(raw, "Enter an email address in the correct format, like name@example.com")
    return Checked(text)


def check_name(raw: str, *, what: str = "name") -> Checked:
    text = " ".join(raw.split())
    if not text:
        return Checked("", f"Enter a {what}")
    if len(text) > 100:
        return Checked(raw, f"The {what} must be 100 characters or fewer")
    if not _NAME_ALLOWED.match(text):
        return Checked(raw, f"The {what} must only include letters, spaces, hyphens and apostrophes")
    return Checked(text)


def uk_mobile(raw: str) -> str:
    """The number tidied if it is a UK mobile (07…), which can take a text message; otherwise ""."""
    checked = check_uk_phone(raw)
    return checked.value if checked.ok and checked.value.startswith("07") else ""
