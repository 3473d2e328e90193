"""Everything held about a person, for them to read or download: the right of access (UK GDPR Article 15).

**`everything_about(person)` is the one selector** for both the readable page and the file. Each app
says what it holds about a person by registering a *part* when Django starts
(`register_subject_access_part` in its `AppConfig.ready`), the way apps contribute access grounds to
`people.access`; so this module imports no feature app, and a new app that holds something about
people adds its part beside its models.

A part is a name (its key in the file), a title (its heading on the page), the keys of its records
with what each means (the file's documentation and the page's labels), and a function from a
person to their records. Records hold plain values: text, numbers, true/false, lists, nested
records, and `datetime.date`/`datetime.datetime`, which become ISO 8601 text. Money is whole pence,
in keys ending `_pence`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from carecommons.core.models import SentMessage
from carecommons.people.access import hidden_from_person
from carecommons.people.models import (
    AccessEvent,
    Allocation,
    Person,
    PersonMerge,
    RecordShare,
    SignInInvitation,
)
from carecommons.people.roles import display_name

FORMAT = "care-commons-subject-access"
VERSION = 1
NOTES = {
    "dates": "Dates are ISO 8601: 2026-03-27. Times are ISO 8601 with the offset from UTC: 2026-03-27T14:05:00+00:00.",
    "money": "Money is in whole pence, as an integer, in keys ending _pence: 1234 means £12.34. A minus sign means money "
             "going out.",
    "keys": "Each part lists its keys and what they mean under 'keys'. A key with a dot (ledger_entries.on) is a key "
            "of the records inside another record.",
    "links": "Secret links (to change a booking, or to sign in) are not included: they would let anyone with this "
             "file act as you.",
}

Records = Callable[[Person], list[dict[str, Any]]]


@dataclass(frozen=True)
class Part:
    name: str
    title: str
    keys: Mapping[str, str]
    records: Records
    order: int = 100


_PARTS: dict[str, Part] = {}


def register_subject_access_part(name: str, records: Records, *, title: str, keys: Mapping[str, str],
                                 order: int = 100) -> None:
    """Say what an app holds about a person. Called from the app's `AppConfig.ready`; the same name twice replaces."""
    _PARTS[name] = Part(name=name, title=title, keys=dict(keys), records=records, order=order)


def parts() -> list[Part]:
    return sorted(_PARTS.values(), key=lambda p: (p.order, p.name))


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates and times as ISO 8601 text, decimals as text, nested values likewise."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def everything_about(person: Person) -> dict[str, Any]:
    """Everything held about `person`, part by part. The caller has opened them through the gate for EXPORT."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "service": settings.CARECOMMONS["SERVICE_NAME"],
        "made_at": plain(timezone.now()),
        "person_id": person.pk,
        "notes": NOTES,
        "parts": {
            part.name: {"title": part.title, "keys": dict(part.keys), "records": plain(part.records(person))}
            for part in parts()
        },
    }


# --- What the people app itself holds -----------------------------------------------------------

def _person(person: Person) -> list[dict[str, Any]]:
    return [{
        "full_name": person.full_name, "preferred_name": person.preferred_name, "date_of_birth": person.date_of_birth,
        "phone": person.phone, "email": person.email, "postcode": person.postcode,
        "contact_by": person.get_contact_by_display() if person.contact_by else "", "access_needs": person.access_needs,
        "team": person.team.name if person.team else "", "username": person.user.get_username() if person.user else "",
        "created_at": person.created_at,
    }]


def _statements(person: Person) -> list[dict[str, Any]]:
    return [{"text": s.text, "corrects_conversation_on": s.corrects.held_on if s.corrects else None,
             "created_at": s.created_at} for s in person.statements.select_related("corrects").order_by("created_at", "pk")]


def _allocations(person: Person) -> list[dict[str, Any]]:
    return [{"practitioner": display_name(a.practitioner), "started_on": a.started_on, "ended_on": a.ended_on}
            for a in Allocation.objects.filter(person=person).select_related("practitioner").order_by("started_on", "pk")]


def _sharing(person: Person) -> list[dict[str, Any]]:
    return [{"shared_with": display_name(s.shared_with), "relationship": s.relationship, "starts_on": s.starts_on,
             "ends_on": s.ends_on, "ended_at": s.ended_at, "created_at": s.created_at}
            for s in RecordShare.objects.filter(person=person).select_related("shared_with").order_by("created_at", "pk")]


def _invitations(person: Person) -> list[dict[str, Any]]:
    invitations = SignInInvitation.objects.filter(person=person).select_related("created_by").order_by("created_at", "pk")
    return [{"channel": i.get_channel_display(), "sent_to": i.sent_to,
             "sent_by": display_name(i.created_by) if i.created_by else "Sent with a booking confirmation",
             "created_at": i.created_at, "expires_at": i.expires_at, "used_at": i.used_at} for i in invitations]


def _messages(person: Person) -> list[dict[str, Any]]:
    sent = SentMessage.objects.filter(person_id=person.pk).order_by("sent_at", "pk")
    return [{"sent_at": m.sent_at, "channel": m.get_channel_display(), "to": m.to, "subject": m.subject, "words": m.body,
             "result": m.get_status_display()} for m in sent]


def _access_log(person: Person) -> list[dict[str, Any]]:
    events = AccessEvent.objects.filter(person=person).order_by("at", "pk")
    hidden = hidden_from_person(person)
    if hidden is not None:
        events = events.exclude(hidden)
    return [{"at": e.at, "who": e.user_name, "role": e.role, "action": e.get_action_display(), "what": e.what,
             "kind": e.kind, "purpose": e.purpose, "grounds": e.grounds, "reason": e.reason} for e in events]


def _joined(person: Person) -> list[dict[str, Any]]:
    merges = PersonMerge.objects.filter(kept=person).select_related("merged", "by").order_by("at", "pk")
    return [{"record_details": _person(m.merged)[0], "joined_at": m.at, "joined_by": display_name(m.by),
             "why_matched": m.why_matched, "reason": m.reason} for m in merges]


def register() -> None:
    register_subject_access_part("person", _person, title="About you", order=10, keys={
        "full_name": "Your full name", "preferred_name": "The name you like to be called",
        "date_of_birth": "Your date of birth", "phone": "Your phone number", "email": "Your email address",
        "postcode": "Your postcode", "contact_by": "How you like us to contact you",
        "access_needs": "What helps you at a conversation", "team": "The team that supports you",
        "username": "Your username for signing in", "created_at": "When your record was made",
    })
    register_subject_access_part("what_matters_statements", _statements, title="What matters to you, in your own words",
                                 order=20, keys={
        "text": "What you wrote", "corrects_conversation_on": "The date of the conversation it corrects",
        "created_at": "When you wrote it",
    })
    register_subject_access_part("allocations", _allocations, title="Practitioners allocated to work with you",
                                 order=100, keys={
        "practitioner": "The practitioner", "started_on": "From", "ended_on": "Until",
    })
    register_subject_access_part("sharing", _sharing, title="Who you shared your record with", order=110, keys={
        "shared_with": "Who you shared it with", "relationship": "Who they are to you", "starts_on": "From",
        "ends_on": "Until", "ended_at": "When you ended it early", "created_at": "When you shared it",
    })
    register_subject_access_part("invitations", _invitations, title="Links we sent you to make a sign-in", order=120,
                                 keys={
        "channel": "How we sent it", "sent_to": "Where we sent it", "sent_by": "Who sent it",
        "created_at": "When we sent it", "expires_at": "When the link stopped working",
        "used_at": "When you used it",
    })
    register_subject_access_part("messages", _messages, title="Emails and text messages we sent you", order=125, keys={
        "sent_at": "When", "channel": "How", "to": "Where we sent it", "subject": "Its subject (emails)",
        "words": "What it said (links are not kept)", "result": "Sent or not sent",
    })
    register_subject_access_part("joined_records", _joined, title="Other records of you, joined into this one",
                                 order=126, keys={
        "record_details": "The details the other record held, kept as they were", "joined_at": "When it was joined",
        "joined_by": "Who joined it", "why_matched": "Why we thought it was you",
        "reason": "The reason they gave",
    })
    register_subject_access_part("access_log", _access_log, title="Every time your record was opened", order=130, keys={
        "at": "When", "who": "Who", "role": "Their role (empty for you, or for someone you shared your record with)",
        "action": "What happened", "what": "What they opened", "kind": "The kind of record",
        "purpose": "Why: view, change, record_money, decide or export (download)",
        "grounds": "What let them in: self, shared, met, allocated, team, sign_off, hub_booking, duty, break_glass",
        "reason": "The reason they gave, if they had to give one",
    })


# --- The readable page: the same data, in words ------------------------------------------------

@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Row:
    label: str
    text: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    records: list[list[Row]]


def _words(key: str, value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key.endswith("_pence") and isinstance(value, int):
        sign = "minus " if value < 0 else ""
        return f"{sign}£{abs(value) // 100:,}.{abs(value) % 100:02d}"
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                day = dt.date.fromisoformat(value)
                return f"{day.day} {day:%B %Y}"
            when = dt.datetime.fromisoformat(value)
            hour = when.strftime("%I").lstrip("0")
            return f"{when.day} {when:%B %Y} at {hour}:{when:%M}{when:%p}".replace("AM", "am").replace("PM", "pm")
        except ValueError:
            pass
    if isinstance(value, list):
        return "; ".join(_words(key, v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{_label(k)}: {_words(k, v)}" for k, v in value.items())
    return str(value)


def _label(key: str, keys: Mapping[str, str] | None = None) -> str:
    if keys and key in keys:
        return keys[key]
    return key.replace("_pence", "").replace("_", " ").capitalize()


def _row(key: str, value: Any, keys: Mapping[str, str]) -> Row:
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        inner = list(dict.fromkeys(k for v in value for k in v))
        nested = {k.split(".", 1)[1]: words for k, words in keys.items() if k.startswith(f"{key}.")}
        return Row(_label(key, keys), table=Table([_label(k, nested) for k in inner],
                                                  [[_words(k, v.get(k)) for k in inner] for v in value]))
    return Row(_label(key, keys), text=_words(key, value))


def readable(everything: Mapping[str, Any]) -> list[Section]:
    """`everything_about`'s data as sections of labelled rows: dates and money in words, nested records as tables."""
    sections = []
    for name, part in everything["parts"].items():
        keys = part["keys"]
        sections.append(Section(name, part["title"], [[_row(k, v, keys) for k, v in record.items()]
                                                      for record in part["records"]]))
    return sections
