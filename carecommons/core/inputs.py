"""Reading numbers, links and spreadsheet cells from outside safely: a plain answer, never a server error.

Python's own parsers accept more than a person means: `int("²")` and `"²".isdigit()` accept Unicode digits,
`Decimal("NaN")` and `float("1e999999")` give values that no comparison or sum can use, and a spreadsheet runs a
cell that begins with `=` as a formula. These helpers accept only what a form asks for (ADR: hostile input).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, overload

_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")
_POUNDS = re.compile(r"(?=\.?[0-9])[0-9]{0,9}(?:\.[0-9]{0,2})?")


def is_ascii_digits(value: Any) -> bool:
    """True only for 1 to 18 ASCII digits ("0"–"9"): never "²", "٣" or "1e3", and never a number too big for the database."""
    return isinstance(value, str) and _ASCII_DIGITS.fullmatch(value) is not None


@overload
def ascii_int(value: Any, default: int) -> int: ...
@overload
def ascii_int(value: Any, default: None = None) -> int | None: ...
def ascii_int(value: Any, default: int | None = None) -> int | None:
    """A whole number typed in ASCII digits, or `default` for anything else (a Unicode digit, a sign, a word, nothing)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else value
    return int(text) if is_ascii_digits(text) else default


def pounds_text_to_pence(text: str) -> int | None:
    """'1234.50', '1234.5', '1234' or '.5' in pounds as whole pence; None for anything else (NaN, Infinity, 1e3, '-1',
    more than two decimal places, more than nine digits of pounds)."""
    if _POUNDS.fullmatch(text) is None:
        return None
    pounds, _, pence = text.partition(".")
    return int(pounds or "0") * 100 + int((pence + "00")[:2])


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A cell for a CSV or TSV file that a spreadsheet will show, not run (OWASP CSV injection): text beginning with
    = + - @, a tab or a carriage return gets a single quote in front. Numbers (int, float, Decimal) are left as
    numbers, so a negative amount in a money column stays a number a spreadsheet can add up; only text is changed."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row made safe with `csv_safe`: pass money as a number (Decimal or int), never as text."""
    return [csv_safe(value) for value in values]


SAFE_URL_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")


def is_safe_url(value: Any) -> bool:
    """True for an http, https, mailto or tel link; false for javascript:, data:, vbscript: and anything else.

    Browsers ignore control characters and spaces inside a scheme ("java\\tscript:"), so they are removed before the
    scheme is read; a link with no scheme at all is not a link we publish."""
    if not isinstance(value, str) or not value.strip():
        return False
    match = _SCHEME.match(_IGNORED.sub("", value))
    return bool(match) and match.group(1).lower() in SAFE_URL_SCHEMES  # type: ignore[union-attr]


def local_path(value: Any, default: str = "/") -> str:
    """A `next` address to send someone back to: a path on this site ("/people/1/"), else `default`.

    Not another site ("//evil.example", "/\\evil.example", "https://..."), not a control character, and never a
    bare word: Django's `redirect("²")` reads a word as the name of a route and fails with a server error."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith(("//", "/\\")) \
            or _IGNORED.search(value.replace(" ", "")) or len(value) > 2000:
        return default
    return value


class InputError(ValueError):
    """Input refused with a plain message a person can act on."""


MAX_JSON_DEPTH = 64
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in JSON text (brackets inside strings are not counted)."""
    depth = deepest = 0
    for char in _JSON_STRING.sub("", text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def load_json(data: bytes | str, *, max_depth: int = MAX_JSON_DEPTH, max_bytes: int | None = None) -> Any:
    """JSON from outside, refused with a plain InputError when it is too large, not UTF-8, nested deeper than
    `max_depth` (Python's parser would run out of stack and give a server error) or not JSON at all."""
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"The file must be {max_bytes // 1024:,} KB or smaller")
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise InputError("The file must be text in UTF-8") from None
    if json_depth(text) > max_depth:
        raise InputError(f"The file nests lists or objects more than {max_depth} deep")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise InputError("The file is not valid JSON") from None
