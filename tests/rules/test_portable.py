from datetime import UTC, datetime, timedelta

import pytest

from carecommons.rules.portable import FORMAT, canonical_bytes, check_envelope

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
TRUSTED = {"Ashby Vale Council": "KEY-A"}


def check(**kw):
    args = {"envelope_format": FORMAT, "issuer": "Ashby Vale Council", "issued_at": NOW - timedelta(days=1),
            "signed_with": "KEY-A", "signature_valid": True, "trusted_keys": TRUSTED, "now": NOW, "max_age_days": 365}
    return check_envelope(**{**args, **kw})


def test_canonical_bytes_do_not_depend_on_key_order():
    assert canonical_bytes({"b": 1, "a": "é"}) == canonical_bytes({"a": "é", "b": 1}) == '{"a":"é","b":1}'.encode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "the signature matches"),
        ({"envelope_format": "other/1"}, "not a Care Commons assessment"),
        ({"issuer": "Elsewhere"}, "not on this council's list"),
        ({"signed_with": "KEY-B"}, "not signed with Ashby Vale Council's key"),
        ({"signature_valid": False}, "has been changed since"),
        ({"issued_at": NOW - timedelta(days=366)}, "older than the 365 days"),
        ({"issued_at": NOW + timedelta(days=2)}, "in the future"),
    ],
)
def test_envelope_checks(changes, message):
    result = check(**changes)
    assert result.ok is (changes == {})
    assert message in result.reasons[0]
