"""Every message someone asked for, by email or text, goes out through here (ADR 0032, "Messages people asked for").

A caller says what kind of message it is (`Kind`), how it goes (`"email"` or `"text"`), to whom, its words and its
personalisation (the named parts of it: a name, a date, a link). `message_send` sends it once the transaction has
committed, so a message that fails never undoes what was saved, and every message is recorded, sent or failed, in
the outbox (`SentMessage`) that staff read on "Messages sent".

The backend is chosen in settings, `CARECOMMONS["MESSAGES"]["BACKEND"]`:

- `"local"` (the demo, the tests, and any installation without Notify): emails through Django's email backend,
  texts through `core.texts` (printed in the demo, kept in `texts.outbox` in tests, not offered when none is set up);
- `"notify"`: GOV.UK Notify, through its maintained client (`notifications-python-client`), with one Notify
  template per kind and channel (`NOTIFY_TEMPLATES`, e.g. `booking_confirmation_text`), the API key and base URL
  from the environment. Every template receives `((body))` (and `((subject))` for emails) as well as the kind's own
  personalisation, so a council can start with a template that is just `((body))` and write its own wording later.
  If Notify is chosen and the key or a template id is missing, the service refuses to start and says which.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from carecommons.core import texts
from carecommons.core.models import SentMessage

log = logging.getLogger(__name__)

NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"


class Kind(StrEnum):
    """The messages people ask for, each a Notify template per channel it goes by."""

    BOOKING_CONFIRMATION = "booking_confirmation"  # a conversation booked, moved, or the details sent again
    FOLLOW_UP = "follow_up"  # "Did the conversation help?"
    DIRECT_PAYMENT = "direct_payment"  # the council has written about money it wants back
    INVITATION = "invitation"  # make a sign-in to see your own record
    RECORD_SHARED = "record_shared"  # someone has shared their record with you
    STAFF_ACCOUNT = "staff_account"  # a new staff account: choose a password

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.BOOKING_CONFIRMATION: "Booking confirmation", Kind.FOLLOW_UP: "Follow-up", Kind.DIRECT_PAYMENT: "Direct payment",
    Kind.INVITATION: "Invitation to sign in", Kind.RECORD_SHARED: "Record shared", Kind.STAFF_ACCOUNT: "Staff account",
}
# The channels each kind can go by: a Notify template id is needed for each pair.
CHANNELS: Mapping[Kind, tuple[str, ...]] = {
    Kind.BOOKING_CONFIRMATION: ("email", "text"), Kind.FOLLOW_UP: ("email",), Kind.DIRECT_PAYMENT: ("email", "text"),
    Kind.INVITATION: ("email", "text"), Kind.RECORD_SHARED: ("email", "text"), Kind.STAFF_ACCOUNT: ("email",),
}
_LINK = re.compile(r"https?://\S+")
LINK_NOT_KEPT = "[link not kept]"


@dataclass(frozen=True)
class Message:
    kind: Kind
    channel: str  # "email" or "text"
    to: str
    body: str
    subject: str = ""
    personalisation: Mapping[str, str] = field(default_factory=dict)
    person_id: int | None = None  # who it is about, if anyone (kept so the outbox is listed by who may see them)


@dataclass(frozen=True)
class Outcome:
    sent: bool
    notify_id: str = ""
    problem: str = ""


def template_name(kind: Kind, channel: str) -> str:
    return f"{kind.value}_{channel}"


def _config() -> Mapping[str, Any]:
    return settings.CARECOMMONS.get("MESSAGES", {})


def backend_name() -> str:
    return str(_config().get("BACKEND", "local"))


def texts_available() -> bool:
    """Can this installation send text messages? Notify can; the local backend only with a text backend."""
    return backend_name() == "notify" or texts.available()


class Local:
    name = "local"

    def send(self, message: Message) -> Outcome:
        if message.channel == "text":
            if not texts.available():
                return Outcome(False, problem="No text message service is set up (CARECOMMONS_TEXT_BACKEND)")
            texts.send_text(message.to, message.body, raise_errors=True)
        else:
            send_mail(message.subject, message.body, None, [message.to], fail_silently=False)
        return Outcome(True)


class Notify:
    """GOV.UK Notify through its own client. Errors come back as an Outcome, never as an exception."""

    name = "notify"

    def __init__(self) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        config = _config()
        self.templates: Mapping[str, str] = config.get("NOTIFY_TEMPLATES", {})
        self.client = NotificationsAPIClient(str(config.get("NOTIFY_API_KEY", "")),
                                             base_url=str(config.get("NOTIFY_BASE_URL") or NOTIFY_BASE_URL), timeout=10)

    def send(self, message: Message) -> Outcome:
        from notifications_python_client.errors import APIError

        template = self.templates[template_name(message.kind, message.channel)]
        personalisation = {**message.personalisation, "body": message.body}
        try:
            if message.channel == "text":
                answer = self.client.send_sms_notification(phone_number=message.to, template_id=template,
                                                           personalisation=personalisation)
            else:
                answer = self.client.send_email_notification(
                    email_address=message.to, template_id=template,
                    personalisation={**personalisation, "subject": message.subject})
        except APIError as exc:
            said = exc.message
            if isinstance(said, list):  # Notify's errors: [{"error": ..., "message": ...}]
                said = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in said)
            return Outcome(False, problem=f"GOV.UK Notify said {exc.status_code}: {said}"[:500])
        except Exception as exc:  # noqa: BLE001 - a network failure is recorded, never raised into the request
            return Outcome(False, problem=f"GOV.UK Notify could not be reached: {type(exc).__name__}"[:500])
        return Outcome(True, notify_id=str(answer.get("id", "")))


def _backend() -> Local | Notify:
    return Notify() if backend_name() == "notify" else Local()


def kept_body(body: str) -> str:
    """The words kept in the outbox: links taken out (a link in a message can be a key to someone's booking)."""
    return _LINK.sub(LINK_NOT_KEPT, body)


def deliver(message: Message) -> SentMessage | None:
    """Send now and record it. Call `message_send` instead, which waits for the transaction to commit."""
    backend = _backend()
    try:
        outcome = backend.send(message)
    except Exception as exc:  # noqa: BLE001 - like send_mail(fail_silently=True): recorded, never raised
        log.exception("A message could not be sent")
        outcome = Outcome(False, problem=f"{type(exc).__name__}: {exc}"[:500])
    if not outcome.sent:
        log.warning("A %s (%s) was not sent: %s", message.channel, message.kind.value, outcome.problem)
    try:
        return SentMessage.objects.create(
            kind=message.kind.value, channel=message.channel, to=message.to[:254], subject=message.subject[:200],
            body=kept_body(message.body), person_id=message.person_id, sent_at=timezone.now(),
            status=SentMessage.Status.SENT if outcome.sent else SentMessage.Status.FAILED, sent_by=backend.name,
            notify_id=outcome.notify_id, problem=outcome.problem)
    except Exception:  # the message went (or not); failing to record it must not break the page either
        log.exception("A message could not be recorded in the outbox")
        return None


def message_send(*, kind: Kind, channel: str, to: str, body: str, subject: str = "",
                 personalisation: Mapping[str, str] | None = None, person_id: int | None = None) -> None:
    """Send a message people asked for once the transaction commits (at once outside one), and record it."""
    if channel not in ("email", "text"):
        raise ValueError(f"A message goes by email or text, not {channel!r}")
    message = Message(kind=kind, channel=channel, to=to, body=body, subject=subject,
                      personalisation=dict(personalisation or {}), person_id=person_id)
    transaction.on_commit(lambda: deliver(message))


# --- configuration ------------------------------------------------------------------------------
def configuration_problems() -> list[str]:
    """What stops this installation sending through the chosen backend, in words (empty when nothing does)."""
    name = backend_name()
    if name == "local":
        return []
    if name != "notify":
        return [f"CARECOMMONS_MESSAGES is {name!r}: choose \"local\" or \"notify\"."]
    config = _config()
    problems = []
    key = str(config.get("NOTIFY_API_KEY", ""))
    if len(key) < 74:
        problems.append("CARECOMMONS_NOTIFY_API_KEY is missing or too short: copy the whole API key from GOV.UK Notify "
                        "(its name, the service id and the secret).")
    templates = config.get("NOTIFY_TEMPLATES", {})
    missing = [template_name(kind, channel) for kind in Kind for channel in CHANNELS[kind]
               if not templates.get(template_name(kind, channel))]
    if missing:
        problems.append("GOV.UK Notify is chosen but these messages have no template id: " + ", ".join(
            f"CARECOMMONS_NOTIFY_TEMPLATE_{name.upper()}" for name in missing) + ".")
    return problems


@register()
def messages_configured(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """`check` (and so `runserver`, `migrate`): the chosen way of sending messages has everything it needs."""
    return [Error(problem, id="carecommons.E010") for problem in configuration_problems()]
