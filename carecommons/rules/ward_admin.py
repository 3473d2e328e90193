"""Managing the hospital's partners in leaving hospital (issue 18): the wards that send requests, their staff's
accounts, their systems' keys, and which team is the council's hospital team. An administrator does all of it.

Pure: no Django. The facts about accounts and wards are parameters; the answers are messages by field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from carecommons.rules.access import Role

WARD_NAME_MAX = 100
HOSPITAL_MAX = 150
CODE_MAX = 40
KEY_NAME_MAX = 100
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
TREATMENT_FUNCTION_PATTERN = re.compile(r"^[0-9]{3}$")
"""NHS Data Dictionary TREATMENT FUNCTION CODE: three digits. The ward's main specialty goes into the hospital
discharges ASCOF 2D reads, which leave out some specialties by these codes (`rules.ascof_short_term`)."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class WardCheck:
    ok: bool
    problems: Mapping[str, str]


def check_ward(*, hospital: str, name: str, code: str, code_taken_by: str | None,
               treatment_function: str = "") -> WardCheck:
    """A new ward, or a ward's new names: a hospital, a ward name and a code no other ward has.

    The code is what the ward's system puts in FHIR `Encounter.location`: letters, numbers, dots, dashes and
    underscores (the hospital's ODS site code and the ward, for example RXX01-W7)."""
    problems: dict[str, str] = {}
    if not _one_line(hospital):
        problems["hospital"] = "Enter the hospital's name"
    elif len(_one_line(hospital)) > HOSPITAL_MAX:
        problems["hospital"] = f"The hospital's name must be {HOSPITAL_MAX} characters or fewer"
    if not _one_line(name):
        problems["name"] = "Enter the ward's name"
    elif len(_one_line(name)) > WARD_NAME_MAX:
        problems["name"] = f"The ward's name must be {WARD_NAME_MAX} characters or fewer"
    clean = code.strip()
    if not clean:
        problems["code"] = "Enter the ward's code, as the hospital's systems name it"
    elif len(clean) > CODE_MAX:
        problems["code"] = f"The ward's code must be {CODE_MAX} characters or fewer"
    elif not CODE_PATTERN.match(clean):
        problems["code"] = "A ward's code can only have letters, numbers and . - _ (no spaces)"
    elif code_taken_by is not None:
        problems["code"] = f"{code_taken_by} already has this code. Each ward needs its own"
    if treatment_function.strip() and not TREATMENT_FUNCTION_PATTERN.match(treatment_function.strip()):
        problems["treatment_function"] = ("The main specialty must be the three numbers of its treatment function "
                                          "code, or left empty")
    return WardCheck(not problems, problems)


def check_key_name(name: str) -> str | None:
    """What is wrong with the name of a new key for a ward's system, or None."""
    clean = _one_line(name)
    if not clean:
        return "Say which system will use the key, for example 'Ward 7 electronic patient record'"
    if len(clean) > KEY_NAME_MAX:
        return f"The system's name must be {KEY_NAME_MAX} characters or fewer"
    return None


@dataclass(frozen=True)
class ExistingAccount:
    """What is known about an account an administrator wants to add to a ward."""

    found: bool
    role: Role | None  # None: an account with no role at all
    on_this_ward: bool = False
    is_a_person: bool = False  # a person's own sign-in to see their record


ROLE_WORDS: Mapping[Role, str] = {
    Role.PRACTITIONER: "a practitioner's", Role.MANAGER: "a team manager's", Role.HOST: "a hub host's",
    Role.COMMISSIONER: "a commissioner's", Role.ADMIN: "an administrator's", Role.PERSON: "a person's own",
    Role.WARD: "a ward staff",
}


def existing_account_problem(account: ExistingAccount) -> str | None:
    """Whether an existing account can be given the ward role for a ward, and if not, why.

    Ward staff already on another ward join this one too. An account with no role yet becomes a ward staff account.
    Any other account is refused: a ward staff account sees only its ward's requests, so giving the role would take
    away everything else the account does (that is a change on the staff accounts page, not here)."""
    if not account.found:
        return "No account has this username. Check it, or add a new ward staff account instead"
    if account.role is Role.WARD:
        return "They are already on this ward" if account.on_this_ward else None
    if account.role is None and not account.is_a_person:
        return None
    words = ROLE_WORDS.get(account.role or Role.PERSON, "another kind of")
    return (f"This is {words} account. A ward staff account can only see its ward's requests, so it must be an "
            "account of its own. Add a new ward staff account for them instead")


def removal_ends_account(*, other_wards: int) -> bool:
    """A ward staff account taken off its last ward can do nothing more: it is deactivated and signed out."""
    return other_wards == 0
