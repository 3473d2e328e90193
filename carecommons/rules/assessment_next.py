"""What happens next once an assessment is sent, said to whoever is looking at it.

The person hears who decides and how they will be told; a user-led or community organisation that filled it
in with them hears that its part is done; a practitioner hears that the determination is theirs (or a
colleague's) to make.
"""

from __future__ import annotations

from carecommons.rules.access import Role

_DECIDERS = frozenset({Role.PRACTITIONER, Role.MANAGER})


def after_sending(*, viewer: Role | None, person_name: str, team: str) -> tuple[str, ...]:
    """The sentences saying what happens next for `viewer`, once the assessment is sent and not yet decided."""
    who = f"A practitioner from {team}" if team else "A practitioner from the council's adult social care team"
    if viewer is Role.PERSON:
        return (f"{who} will read it and decide whether your needs are eligible for support.",
                "They will tell you what they decide, and why. You will also see it on this page.")
    if viewer is Role.HOST:
        return ("Your part is done: you do not need to do anything else.",
                f"{who} will read it and decide whether {person_name}'s needs are eligible for support. "
                f"They will tell {person_name} what they decide, and why.")
    if viewer in _DECIDERS:
        return ("It is waiting for a determination, on your team's Assessments list.",
                f"You can make the determination now, or a colleague can. Then tell {person_name} what was "
                "decided and why.")
    return (f"{who} will decide whether {person_name}'s needs are eligible for support.",)
