"""Text messages, sent like emails: after the transaction commits, through the backend named in settings.

`CARECOMMONS["TEXT_BACKEND"]` names a class with `available` and `send(message)`, used by the local messages
backend (`core.messaging.Local`): the default (`Unavailable`) sends nothing, so staff are not offered texts;
`make demo` prints them (`Console`), tests keep them in `outbox` (`Memory`). In production texts go through
GOV.UK Notify instead (`core.messaging.Notify`); every message is sent through `core.messaging.message_send`.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


outbox: list[TextMessage] = []  # the `Memory` backend's messages, as django.core.mail.outbox is for emails


class Unavailable:
    available = False

    def send(self, message: TextMessage) -> None:
        log.warning("No text message service is set up (CARECOMMONS['TEXT_BACKEND']): a text was not sent")


class Console:
    available = True

    def send(self, message: TextMessage) -> None:
        sys.stdout.write(f"Text message to {message.to}:\n{message.body}\n{'-' * 40}\n")


class Memory:
    available = True

    def send(self, message: TextMessage) -> None:
        outbox.append(message)


def _backend() -> Unavailable | Console | Memory:
    return import_string(settings.CARECOMMONS.get("TEXT_BACKEND", "carecommons.core.texts.Unavailable"))()


def available() -> bool:
    """Can this installation send text messages?"""
    return bool(_backend().available)


def send_text(to: str, body: str, *, raise_errors: bool = False) -> None:
    """Send now. Call it from `transaction.on_commit`, never inside a transaction that may roll back."""
    try:
        _backend().send(TextMessage(to=to, body=body))
    except Exception:
        if raise_errors:
            raise  # like send_mail(fail_silently=True): a failed text never undoes what was saved
        log.exception("A text message could not be sent")
