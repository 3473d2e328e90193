"""Tests read the links in messages as people do: a short link (`/c/` and 8 characters) followed to its long one."""

from __future__ import annotations

import re

from carecommons.core.shortlinks import short_link_target

SHORT = re.compile(r"https?://[^\s/]+/c/([a-z0-9]{8})/")


def long_paths(body: str) -> list[str]:
    """The path each short link in a message's words stands for, in order (a test fails on one that goes nowhere)."""
    paths = []
    for code in SHORT.findall(body):
        target = short_link_target(code)
        assert target is not None, f"the short link /c/{code}/ goes nowhere"
        paths.append(target)
    return paths


def followed(body: str) -> str:
    """The words of a message with every short link replaced by the whole address it stands for."""
    return SHORT.sub(lambda m: m.group(0).split("/c/")[0] + (short_link_target(m.group(1)) or "/gone/"), body)
