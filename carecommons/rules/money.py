"""Money is integer pence; this is how it is written for people."""

from __future__ import annotations


def pounds(pence: int) -> str:
    """123456 -> '£1,234.56'; -50 -> '-£0.50'."""
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    return f"{sign}£{pence // 100:,}.{pence % 100:02d}"
