"""The one REST API (django-ninja): authentication, JSON errors, idempotency, routers.

Every endpoint authenticates with the browser session (CSRF-checked) or a personal
bearer token (``Authorization: Bearer rac_…``). Every error is JSON with a
``detail`` sentence and a ``code``. Write endpoints honour an ``Idempotency-Key``
header (see :mod:`racine.core.idempotency`).
"""

from __future__ import annotations

import functools
import logging

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from racine import __version__
from racine.core import api_messages, audit
from racine.core.errors import RacineError
from racine.core.limits import PARSED_JSON, out_of_range_message
from racine.core.services import authenticate_token
from racine.core.signals import client_address


class BearerToken(HttpBearer):
    """A personal API token in the ``Authorization`` header."""

    def authenticate(self, request: HttpRequest, token: str):
        user = authenticate_token(token, client_address(request))
        if user is None:
            return None
        request.user = user
        # Later audit events of this request are the token owner's.
        audit.current_actor.set(audit.actor_for(user, client_address(request)))
        return user


class SessionCookie(APIKeyCookie):
    """The browser session of a signed-in user (CSRF-checked on writes)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


logger = logging.getLogger(__name__)


class CheckedJsonParser(Parser):
    """Read the JSON body that :mod:`racine.core.limits` has already parsed and checked."""

    def parse_body(self, request: HttpRequest):
        if hasattr(request, PARSED_JSON):
            return getattr(request, PARSED_JSON)
        return super().parse_body(request)


ERROR_SCHEMA = {
    "title": "Error",
    "description": "Every error answer of the API.",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in a sentence."},
        "code": {
            "type": "string",
            "description": "A stable code: invalid_input, not_authenticated, "
            "permission_denied, not_found, conflict, too_large, idempotency_key_reused…",
        },
        "field": {"type": "string", "description": "The input field at fault, if one is."},
        "row": {"type": "integer", "description": "The row of an imported file at fault."},
        "rows": {
            "type": "array",
            "description": "With a refused import: one item per problem (the first 200), "
            "by row (the spreadsheet's row, or the line of a JSON Lines file) and field.",
            "items": {
                "type": "object",
                "properties": {
                    "row": {"type": "integer"},
                    "field": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        },
        "problems": {
            "type": "integer",
            "description": "With a refused import: how many problems were found in all.",
        },
        "errors": {
            "type": "array",
            "description": "With 422: one item per invalid field.",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
    "required": ["detail", "code"],
}
ERROR_ANSWERS = {
    "400": "Bad input: a value the service refuses, a body that is not JSON, a NUL "
    "character, a number or date out of range.",
    "401": "No valid session or bearer token.",
    "403": "Signed in, but the role or organisation does not allow it (or the CSRF check "
    "of a session failed).",
    "404": "No such record, or one the caller may not see.",
    "409": "Clashes with what is stored, or a request with the same Idempotency-Key is "
    "running or was already carried out.",
    "413": "The body is larger than RACINE_MAX_JSON_MB (RACINE_MAX_UPLOAD_MB for uploads), "
    "or holds more than 100 files.",
    "422": "The body does not match the operation's schema (`errors` names each field), "
    "or an Idempotency-Key is reused for another request.",
}


class RacineAPI(NinjaAPI):
    """The API, whose OpenAPI schema also documents the error answers of every operation."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        reference = {"$ref": "#/components/schemas/Error"}
        for methods in schema["paths"].values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_ANSWERS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": reference}},
                        },
                    )
        return schema


api = RacineAPI(
    title="Racine API",
    version=__version__,
    description=(
        "REST API of Racine, the platform of France's international plan against drug "
        "trafficking. Authenticate with your browser session or a personal token "
        "(`Authorization: Bearer rac_…`, created under *My API tokens*). Errors are JSON: "
        '`{"detail": "…", "code": "…"}`. Write endpoints accept an `Idempotency-Key` header.'
    ),
    auth=[BearerToken(), SessionCookie(csrf=True)],
    urls_namespace="api-1.0.0",
    parser=CheckedJsonParser(),
)


def error_response(request, status: int, detail, code: str, **extra) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(RacineError)
def _racine_error(request, error: RacineError):
    return api.create_response(request, error.as_dict(), status=error.status)


# Where ninja found a bad value (body, query…): the field's own name is what a client needs.
WHERE = ("body", "payload", "query", "form", "file", "path")


@api.exception_handler(ValidationError)
def _validation_error(request, error: ValidationError):
    fields = []
    for item in error.errors:
        location = ".".join(str(part) for part in item.get("loc", ()) if part not in WHERE)
        fields.append(
            {
                "field": location,
                "label": api_messages.field_label(location),
                "message": api_messages.message(item),
            }
        )
    # "Target: enter a number." — the field in words, in the reader's language.
    summary = "; ".join(
        _("%(field)s: %(message)s") % {"field": f["label"].capitalize(), "message": f["message"]}
        for f in fields
    )
    return error_response(
        request,
        422,
        _("Invalid input: %(errors)s") % {"errors": summary},
        "invalid_input",
        errors=fields,
    )


@api.exception_handler(OverflowError)
def _number_too_large(request, error: OverflowError):
    # A key of 20 digits in a path or a query reaches SQLite, which cannot hold it.
    return error_response(request, 400, _("A number in the request is too large."), "invalid_input")


@api.exception_handler(AuthenticationError)
def _authentication_error(request, error):
    return error_response(
        request,
        401,
        _("Authentication is required: sign in or send a valid bearer token."),
        "not_authenticated",
    )


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    return error_response(request, error.status_code, str(error), "error")


@api.exception_handler(Http404)
def _not_found(request, error):
    return error_response(request, 404, _("Not found."), "not_found")


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request, error):
    # A number beyond what the database holds, a date beyond the calendar's arithmetic.
    logger.warning("value out of range on %s: %s", request.path, error)
    return error_response(request, 400, out_of_range_message(), "invalid_input")


@api.exception_handler(Exception)
def _unexpected(request, error: Exception):
    # An API client gets JSON even for a bug; the traceback goes to the logs, not to it.
    logger.exception("unexpected API error on %s", request.path)
    return error_response(request, 500, _("Internal error: it has been logged."), "internal_error")


def not_found(request, exception=None):
    """Answer an unknown address: JSON under ``/api/``, a DSFR page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("No such API endpoint."), "code": "not_found"}, status=404)
    return render(
        request,
        "core/error.html",
        {"error": {"detail": _("This page does not exist.")}},
        status=404,
    )


# Shown when even the DSFR page cannot be drawn (the database is down, for instance).
BARE_500 = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Erreur</title></head>'
    "<body><h1>Erreur inattendue</h1><p>L'erreur a été enregistrée. Réessayez plus tard ou "
    "prévenez l'administrateur.</p></body></html>"
)


def server_error(request):
    """Answer a bug: JSON under ``/api/``, the DSFR error page in the user's language elsewhere.

    The traceback goes to the logs (Django logs it before calling this), never to the user.
    """
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Internal error: it has been logged."), "code": "internal_error"},
            status=500,
        )
    try:
        return render(
            request,
            "core/error.html",
            {
                "heading": _("Unexpected error"),
                "error": {
                    "detail": _(
                        "Something went wrong on our side and has been logged. Try again in "
                        "a moment; if it happens again, tell the administrator."
                    )
                },
            },
            status=500,
        )
    except Exception:  # noqa: BLE001 — the error page itself must never fail
        logger.exception("the error page could not be drawn")
        return HttpResponse(BARE_500, status=500, content_type="text/html; charset=utf-8")


def urls():
    """Return the API's URL patterns, its endpoints exempted from the sign-in redirect.

    Endpoints authenticate themselves and answer 401 in JSON; only the documentation
    pages (``/api/docs``, ``/api/openapi.json``) keep the redirect to the sign-in page.
    """
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if not isinstance(pattern.callback, functools.partial):
            pattern.callback.login_required = False
    return patterns, app_name, namespace


def _register_routers() -> None:
    from racine.core.api import router as core_router
    from racine.exchange.api import router as exchange_router
    from racine.intel.api import router as intel_router
    from racine.partners.api import router as partners_router
    from racine.plan.api import router as plan_router
    from racine.resources.api import router as resources_router
    from racine.sanctions.api import router as sanctions_router
    from racine.sanctions.designation_api import router as designations_router

    api.add_router("/", core_router)
    api.add_router("/", partners_router)
    api.add_router("/", resources_router)
    api.add_router("/", plan_router)
    api.add_router("/", exchange_router)
    api.add_router("/", sanctions_router)
    api.add_router("/", designations_router)
    api.add_router("/", intel_router)


_register_routers()
