"""The public API, /api/v1/: one NinjaAPI; each app adds a router (config/urls.py). Errors are always field by field."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError


class FieldError(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    errors: list[FieldError]


api = NinjaAPI(
    title="Care Commons calculators",
    version="1",
    description="Public calculators: the national eligibility criteria for adult social care (SI 2015/313, "
    "regulations 2 and 3) and personal assistants' pay. Send the facts; get the answer with its reasons in "
    "plain English. Nothing is stored.",
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load from a CDN; the schema is at /api/v1/openapi.json
)


def _field(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "data", "payload", "[key]")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def validation_errors(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for e in exc.errors:
        message = str(e.get("msg", "is not valid"))
        if e.get("type") == "extra_forbidden":
            message = "is not a field this calculator knows"
        elif e.get("type") == "missing":
            message = "is required"
        elif e.get("type") == "bool_type":
            message = "must be true or false"
        elif e.get("type") == "literal_error":
            what = "an outcome" if "[key]" in e.get("loc", ()) else "a value"
            message = f"is not {what} this calculator knows; use one of " + str(e.get("ctx", {}).get("expected", ""))
        message = message.removeprefix("Value error, ")
        errors.append({"field": _field(e.get("loc", ())), "message": message})
    return api.create_response(request, {"errors": errors}, status=400)


@api.exception_handler(HttpError)
def http_errors(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = "is not valid JSON" if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"errors": [{"field": "body", "message": message}]}, status=exc.status_code)


def register_routers(*routers: Router) -> None:
    """Add the apps' routers once (the URL configuration, at the top, names them: core imports no app)."""
    if not getattr(api, "_care_commons_routers", False):
        for router in routers:
            api.add_router("/", router)
        api._care_commons_routers = True  # type: ignore[attr-defined]
