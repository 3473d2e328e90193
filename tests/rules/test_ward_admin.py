"""Managing the hospital's partners: ward names and codes, key names, which accounts may become ward staff."""

import pytest

from carecommons.rules.access import Role
from carecommons.rules.ward_admin import (
    ExistingAccount,
    check_key_name,
    check_ward,
    existing_account_problem,
    removal_ends_account,
)


@pytest.mark.parametrize(("hospital", "name", "code", "taken", "problems"), [
    ("Ashby Vale General", "Ward 7", "RXX01-W7", None, {}),
    ("Ashby Vale General", "Ward 7", "rxx01_w7.a", None, {}),
    ("  ", "Ward 7", "RXX01-W7", None, {"hospital": "Enter the hospital's name"}),
    ("Ashby", " ", "RXX01-W7", None, {"name": "Enter the ward's name"}),
    ("Ashby", "Ward 7", "", None, {"code": "Enter the ward's code, as the hospital's systems name it"}),
    ("Ashby", "Ward 7", "RXX 01", None, {"code": "A ward's code can only have letters, numbers and . - _ (no spaces)"}),
    ("Ashby", "Ward 7", "-W7", None, {"code": "A ward's code can only have letters, numbers and . - _ (no spaces)"}),
    ("Ashby", "Ward 7", "W" * 41, None, {"code": "The ward's code must be 40 characters or fewer"}),
    ("A" * 151, "W" * 101, "W7", None, {"hospital": "The hospital's name must be 150 characters or fewer",
                                        "name": "The ward's name must be 100 characters or fewer"}),
    ("Ashby", "Ward 8", "W7", "Ward 7, Ashby", {"code": "Ward 7, Ashby already has this code. Each ward needs its own"}),
])
def test_a_ward_needs_a_hospital_a_name_and_a_code_of_its_own(hospital, name, code, taken, problems):
    check = check_ward(hospital=hospital, name=name, code=code, code_taken_by=taken)
    assert dict(check.problems) == problems and check.ok is (not problems)


@pytest.mark.parametrize(("name", "problem"), [
    ("Ward 7 EPR", None),
    ("   ", "Say which system will use the key, for example 'Ward 7 electronic patient record'"),
    ("x" * 101, "The system's name must be 100 characters or fewer"),
])
def test_a_key_names_the_system_that_uses_it(name, problem):
    assert check_key_name(name) == problem


@pytest.mark.parametrize(("account", "problem"), [
    (ExistingAccount(found=True, role=Role.WARD), None),
    (ExistingAccount(found=True, role=None), None),
    (ExistingAccount(found=False, role=None), "No account has this username. Check it, or add a new ward staff "
                                              "account instead"),
    (ExistingAccount(found=True, role=Role.WARD, on_this_ward=True), "They are already on this ward"),
    (ExistingAccount(found=True, role=None, is_a_person=True), "This is a person's own account. A ward staff account "
     "can only see its ward's requests, so it must be an account of its own. Add a new ward staff account for them "
     "instead"),
] + [(ExistingAccount(found=True, role=role), "council") for role in
     (Role.PRACTITIONER, Role.MANAGER, Role.HOST, Role.COMMISSIONER, Role.ADMIN, Role.PERSON)])
def test_only_ward_staff_or_an_account_with_no_role_can_be_given_the_ward_role(account, problem):
    got = existing_account_problem(account)
    if problem == "council":
        assert got is not None and got.endswith("it must be an account of its own. Add a new ward staff account for "
                                                "them instead")
    else:
        assert got == problem


def test_an_account_taken_off_its_last_ward_is_switched_off():
    assert removal_ends_account(other_wards=0) and not removal_ends_account(other_wards=1)


@pytest.mark.parametrize(("specialty", "problem"), [
    ("", None), ("430", None), (" 300 ", None),
    ("43", "The main specialty must be the three numbers of its treatment function code, or left empty"),
    ("4300", "The main specialty must be the three numbers of its treatment function code, or left empty"),
    ("&", "The main specialty must be the three numbers of its treatment function code, or left empty"),
    ("GER", "The main specialty must be the three numbers of its treatment function code, or left empty"),
])
def test_a_wards_main_specialty_is_three_digits_or_empty(specialty, problem):
    check = check_ward(hospital="Ashby Vale General", name="Ward 7", code="AVG-W7", code_taken_by=None,
                       treatment_function=specialty)
    assert check.problems.get("treatment_function") == problem
