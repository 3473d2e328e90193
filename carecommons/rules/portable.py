"""Portable assessments: the canonical bytes that are signed, and the decision to accept an envelope.

Signing and verifying are done by the caller (with `cryptography`); this module decides, from the
facts of the check, whether an envelope can be accepted, and says why not in plain English.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

FORMAT = "care-commons-assessment/1"


def canonical_bytes(payload: Mapping[str, Any]) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class EnvelopeCheck:
    ok: bool
    reasons: tuple[str, ...]


def check_envelope(
    *,
    envelope_format: str,
    issuer: str,
    issued_at: datetime,
    signed_with: str,
    signature_valid: bool,
    trusted_keys: Mapping[str, str],
    now: datetime,
    max_age_days: int,
) -> EnvelopeCheck:
    """Accept only our format, from a trusted council, signed with that council's key, not too old."""
    if envelope_format != FORMAT:
        return EnvelopeCheck(False, ("This file is not a Care Commons assessment, or was made by a version this council cannot read.",))
    if issuer not in trusted_keys:
        return EnvelopeCheck(False, (f"{issuer} is not on this council's list of councils it trusts.",))
    if trusted_keys[issuer] != signed_with:
        return EnvelopeCheck(False, (f"The file says it comes from {issuer}, but it was not signed with {issuer}'s key.",))
    if not signature_valid:
        return EnvelopeCheck(False, ("The signature does not match: the file has been changed since the council signed it.",))
    if issued_at > now + timedelta(minutes=5):
        return EnvelopeCheck(False, (f"The file says it was signed on {issued_at:%-d %B %Y}, which is in the future.",))
    if now - issued_at > timedelta(days=max_age_days):
        return EnvelopeCheck(False, (
            f"This assessment was signed on {issued_at:%-d %B %Y} and is older than the {max_age_days} days this council "
            "accepts. Ask the person's previous council for a new copy.",))
    return EnvelopeCheck(True, (f"Signed by {issuer} on {issued_at:%-d %B %Y}; the signature matches and the council is trusted.",))
