"""Voting codes by post: reading a household list, knowing a household again, and a keyed hash of it.

The council imports a list of households (from the electoral register or the council tax list) for a
participatory budgeting round, and each household is sent one letter with one voting code. Only a keyed
hash of each household is kept once the letters are printed, so the same household is never sent a second
code for the round, while the list itself is not kept.

The list is a CSV file with a header row naming two columns (in any order, any case, other columns ignored):

    address   the household's address on one line, as it will be printed on the letter
    postcode  its postcode

Pure: the caller gives the file's bytes, the secret and the round; nothing here reads a clock, settings or
files.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import unicodedata
from dataclasses import dataclass, field

from carecommons.rules.contact import check_postcode

MAX_BYTES = 2 * 1024 * 1024  # 2 MB: 20,000 lines of an electoral register with names and wards
MAX_ROWS = 20_000  # imported in one request: a longer list is split into files (households already sent a code are left out)
MAX_ADDRESS = 300
COLUMNS = ("address", "postcode")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Words in addresses written more than one way. "ST" is left alone: it can be Street or Saint.
_SAME_WORDS = {
    "RD": "ROAD", "AVE": "AVENUE", "AV": "AVENUE", "LN": "LANE", "CL": "CLOSE", "CRES": "CRESCENT", "CT": "COURT",
    "DR": "DRIVE", "GDNS": "GARDENS", "GRN": "GREEN", "GR": "GROVE", "PL": "PLACE", "SQ": "SQUARE", "TER": "TERRACE",
    "TERR": "TERRACE", "PDE": "PARADE", "HSE": "HOUSE", "APT": "FLAT", "APARTMENT": "FLAT",
}
_NOT_LETTER_OR_DIGIT = re.compile(r"[^A-Z0-9]+")


class ListError(ValueError):
    """The whole file cannot be read; the message says why in plain words."""


@dataclass(frozen=True)
class Household:
    line: int  # the line of the file it came from, counting the header as line 1
    address: str  # as it will be printed: spaces tidied, nothing else changed
    postcode: str  # tidied: capitals, one space
    key: str  # the household key: what makes two lines the same household


@dataclass
class HouseholdList:
    households: list[Household] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, what is wrong), never the address itself
    repeats: list[tuple[int, int]] = field(default_factory=list)  # (line, the earlier line of the same household)
    rows: int = 0  # rows read, not counting the header or empty rows


def household_key(address: str, postcode: str) -> str:
    """Two ways of writing the same household give the same key: capitals, accents and punctuation removed,
    common short forms written out ("Rd" is "Road"), the postcode without its space.

    "Flat 2, 14 Mill Rd." and "flat 2 14 MILL ROAD" at "av1 1aa" are both "FLAT 2 14 MILL ROAD|AV11AA"."""
    text = unicodedata.normalize("NFKD", address)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper().replace("&", " AND ")
    words = [_SAME_WORDS.get(word, word) for word in _NOT_LETTER_OR_DIGIT.sub(" ", text).split()]
    return " ".join(words) + "|" + re.sub(r"\s+", "", postcode).upper()


def keyed_hash(secret: bytes, round_id: int, key: str) -> str:
    """A keyed hash (HMAC-SHA256) of a household key for a round. Without the secret it cannot be worked back to
    the address, even by trying every address in the country; with it, the same household gives the same hash."""
    message = f"household|{round_id}|{key}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without the mark spreadsheets add), else Windows-1252 (what Excel saves as
    "CSV" in the UK). Anything else is refused."""
    if b"\x00" in data:
        raise ListError("The file is not a CSV file: save the list as CSV (comma separated values) and try again")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ListError("The file's letters cannot be read: save it as CSV UTF-8 and try again") from None


def _clean(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip()


def read_list(data: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> HouseholdList:
    """Households from a CSV file, with each line that cannot be used and why. Lines for a household already on
    an earlier line (several people on the electoral register live at one address) are counted as repeats, not
    problems. Raises ListError only when the file as a whole cannot be used."""
    if not data.strip():
        raise ListError("The file is empty")
    if len(data) > max_bytes:
        raise ListError(f"The file must be {max_bytes // (1024 * 1024)} MB or smaller: split the list into smaller files")
    text = decode(data)
    result = HouseholdList()
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error:
        raise ListError("The first line is not a row of column names") from None
    names = [_clean(h).lower() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ListError("The first line must name the columns address and postcode: "
                        + ("neither is there" if len(missing) == 2 else f"there is no {missing[0]} column"))
    at = {c: names.index(c) for c in COLUMNS}
    seen: dict[str, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            result.problems.append((reader.line_num, "This line cannot be read as CSV (a quote mark may be missing)"))
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        result.rows += 1
        if result.rows > max_rows:
            raise ListError(f"The file has more than {max_rows:,} households: split the list into smaller files")
        address = _clean(row[at["address"]]) if len(row) > at["address"] else ""
        raw_postcode = _clean(row[at["postcode"]]) if len(row) > at["postcode"] else ""
        problem = _problem(address, raw_postcode)
        if problem:
            result.problems.append((line, problem))
            continue
        postcode = check_postcode(raw_postcode).value
        key = household_key(address, postcode)
        if key in seen:
            result.repeats.append((line, seen[key]))
            continue
        seen[key] = line
        result.households.append(Household(line, address, postcode, key))
    return result


def _problem(address: str, postcode: str) -> str:
    if not address:
        return "There is no address"
    if address.startswith(FORMULA_START) or postcode.startswith(FORMULA_START):
        return "A cell starts with = + - or @, which a spreadsheet runs as a formula: an address never does"
    if len(address) > MAX_ADDRESS:
        return f"The address is longer than {MAX_ADDRESS} characters"
    if any(unicodedata.category(c).startswith("C") for c in address):
        return "The address has characters that cannot be printed"
    if not re.search(r"[A-Za-z]", address):
        return "The address has no words in it"
    if not postcode:
        return "There is no postcode"
    if not check_postcode(postcode).ok:
        return "The postcode is not a real UK postcode"
    return ""
