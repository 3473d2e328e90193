"""A local stand-in for the GOV.UK Notify API, for tests: a threaded http.server on 127.0.0.1.

It answers `POST /v2/notifications/email` and `POST /v2/notifications/sms` as Notify does (the API documentation's
request and response shapes): it checks the `Authorization: Bearer` JWT is signed (HS256) with the API key's secret,
that its `iss` is the service id and its `iat` is within 30 seconds, then checks the fields and returns 201 with an
id. `fail_with` makes it answer the next requests with Notify's error shape and that status instead.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt

SERVICE_ID = "5b8a1f3c-2d4e-4f60-8a7b-9c0d1e2f3a4b"  # invented for the tests
SECRET = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"  # noqa: S105 - invented for the tests
API_KEY = f"carecommons_test-{SERVICE_ID}-{SECRET}"


@dataclass
class StandIn:
    base_url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)  # each accepted request: path and JSON
    refused: list[tuple[int, str]] = field(default_factory=list)  # each refused request: status and why
    fail_with: int | None = None  # answer with this status (and Notify's error shape) instead of 201
    templates: set[str] = field(default_factory=set)  # the template ids this "service" has; others are a 400


def _errors(status: int, error: str, message: str) -> dict[str, Any]:
    return {"status_code": status, "errors": [{"error": error, "message": message}]}


def _handler(state: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _refuse(self, status: int, error: str, message: str) -> None:
            state.refused.append((status, message))
            self._answer(status, _errors(status, error, message))

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer "):
                return self._refuse(401, "AuthError", "Unauthorized: authentication token must be provided")
            try:
                claims = jwt.decode(auth.removeprefix("Bearer "), SECRET, algorithms=["HS256"],
                                    options={"require": ["iss", "iat"], "verify_iat": False})
            except jwt.PyJWTError as exc:
                return self._refuse(403, "AuthError", f"Invalid token: {type(exc).__name__}")
            if claims["iss"] != SERVICE_ID:
                return self._refuse(403, "AuthError", "Invalid token: service not found")
            if abs(time.time() - int(claims["iat"])) > 30:
                return self._refuse(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")
            length = int(self.headers.get("Content-Length", "0"))
            try:
                data = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return self._refuse(400, "ValidationError", "Request body is not valid JSON")
            path = self.path.split("?")[0]
            recipient = {"/v2/notifications/email": "email_address", "/v2/notifications/sms": "phone_number"}.get(path)
            if recipient is None:
                return self._refuse(404, "NotFound", "The requested URL was not found on the server")
            for name in (recipient, "template_id"):
                if not data.get(name):
                    return self._refuse(400, "ValidationError", f"{name} is a required property")
            if state.templates and data["template_id"] not in state.templates:
                return self._refuse(400, "BadRequestError", "Template not found")
            if state.fail_with is not None:
                return self._refuse(state.fail_with, "BadRequestError",
                                    "Can't send to this recipient using a team-only API key")
            state.received.append({"path": path, **data})
            notification_id = str(uuid.uuid4())
            personalisation = data.get("personalisation") or {}
            content: dict[str, Any] = {"body": personalisation.get("body", "")}
            if recipient == "email_address":
                content.update({"subject": personalisation.get("subject", ""), "from_email": "council@notifications.example"})
            else:
                content["from_number"] = "CareCommons"
            return self._answer(201, {
                "id": notification_id, "reference": data.get("reference"), "content": content,
                "uri": f"{state.base_url}/v2/notifications/{notification_id}",
                "template": {"id": data["template_id"], "version": 1,
                             "uri": f"{state.base_url}/services/{SERVICE_ID}/templates/{data['template_id']}"},
            })

    return Handler


class Running:
    """`with Running() as notify:` a stand-in on a free port of 127.0.0.1, stopped afterwards."""

    def __init__(self) -> None:
        self.state = StandIn()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.state.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self.state

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
