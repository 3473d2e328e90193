"""Proportionate recording: what a conversation record holds, and merging two people's edits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Agreement(StrEnum):
    """What was agreed at the end of a conversation."""

    CONNECT = "connect"
    INFORMATION = "information"
    FOLLOW_UP = "follow_up"
    ASSESSMENT = "assessment"
    SAFEGUARDING = "safeguarding"
    NOTHING_MORE = "nothing_more"

    @property
    def label(self) -> str:
        return AGREEMENT_LABELS[self]


AGREEMENT_LABELS = {
    Agreement.CONNECT: "Connect to a community group or service",
    Agreement.INFORMATION: "Give information or advice",
    Agreement.FOLLOW_UP: "Follow up with another conversation",
    Agreement.ASSESSMENT: "Start a Care Act assessment",
    Agreement.SAFEGUARDING: "Raise a safeguarding concern",
    Agreement.NOTHING_MORE: "Nothing more is needed",
}


def agreement_labels(values: Iterable[str]) -> list[str]:
    """The on-screen words for stored agreement values, skipping any no longer offered."""
    return [AGREEMENT_LABELS[Agreement(v)] for v in values if v in Agreement._value2member_map_]


@dataclass(frozen=True)
class AgreementCheck:
    ok: bool
    reasons: tuple[str, ...]


def check_agreements(chosen: set[Agreement]) -> AgreementCheck:
    """'Nothing more is needed' cannot sit beside anything else that was agreed."""
    if not chosen:
        return AgreementCheck(False, ("Select what was agreed, or 'Nothing more is needed'",))
    if Agreement.NOTHING_MORE in chosen and len(chosen) > 1:
        return AgreementCheck(
            False, ("You cannot select 'Nothing more is needed' as well as something else",)
        )
    return AgreementCheck(True, ())


@dataclass(frozen=True)
class EditConflict:
    """The outcome of comparing an edit with what someone else saved in the meantime."""

    fields_they_changed: tuple[str, ...]
    fields_both_changed: tuple[str, ...]
    merged: Mapping[str, object]

    @property
    def clean(self) -> bool:
        return not self.fields_both_changed


def three_way_merge(
    *, base: Mapping[str, object], theirs: Mapping[str, object], mine: Mapping[str, object]
) -> EditConflict:
    """Compare my edit of `base` with someone else's save (`theirs`) made since I started.

    Fields only they changed keep their value; fields only I changed take mine; fields we both
    changed differently are conflicts, for which the merge keeps mine so nothing I typed is lost
    and the person decides.
    """
    they: list[str] = []
    both: list[str] = []
    merged: dict[str, object] = {}
    for key in sorted(set(base) | set(theirs) | set(mine)):
        b, t, m = base.get(key), theirs.get(key), mine.get(key)
        they_changed = t != b
        i_changed = m != b
        if they_changed and i_changed and t != m:
            both.append(key)
            merged[key] = m
        elif they_changed:
            they.append(key)
            merged[key] = t
        else:
            merged[key] = m
    return EditConflict(tuple(they), tuple(both), merged)
