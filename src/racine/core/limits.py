"""Refuse oversized or malformed requests before any view reads them.

Runs first in the middleware chain, so that nothing else has read the body yet:

- a body larger than the limit answers 413 from its ``Content-Length`` alone, without
  reading it: ``RACINE_MAX_JSON_MB`` for JSON and forms, ``RACINE_MAX_UPLOAD_MB`` (plus
  room for the other fields) for a multipart upload — a 200 MB upload never reaches a
  worker's memory or disk;
- more than ``DATA_UPLOAD_MAX_NUMBER_FILES`` files or ``DATA_UPLOAD_MAX_NUMBER_FIELDS``
  fields answer 413 (Django's own check would answer 400 on pages, 500 in the API);
- a whole number in the query string beyond 64 bits answers 400 (SQLite would overflow,
  PostgreSQL silently match nothing);
- a NUL character in the query string, or a NUL or a lone UTF-16 surrogate in a JSON
  body, answers 400: no database stores them (PostgreSQL refuses NUL, no UTF-8 encoder
  takes a lone surrogate), so they are refused at the door rather than deep in a query.

The API answers in its JSON shape (``{"detail", "code"}``); pages get a short text.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

MB = 1024 * 1024
UPLOAD_ROOM_MB = 1  # the other fields and the multipart framing around the files
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
WHOLE_NUMBER = re.compile(r"[+-]?\d+")
LARGEST_INTEGER = 2**63 - 1  # the widest integer column of SQLite and PostgreSQL
PARSED_JSON = "_racine_json"  # where the checked JSON body waits for the API's parser


def out_of_range_message() -> str:
    """Return the message for a number or date beyond what can be stored or computed."""
    return _("A number or a date in the request is out of range.")


def upload_limit() -> int:
    """Return the largest multipart request accepted, in bytes.

    The larger of the two file limits: documents and imports (``RACINE_MAX_UPLOAD_MB``),
    attachments of exchanged items (``RACINE_MAX_ATTACHMENT_MB``, checked again exactly
    by the exchange app).
    """
    largest = max(settings.RACINE_MAX_UPLOAD_MB, settings.RACINE_MAX_ATTACHMENT_MB)
    return (largest + UPLOAD_ROOM_MB) * MB


def refuse(request, status: int, code: str, detail: str) -> HttpResponse:
    """Answer a refused request: JSON under ``/api/``, plain text elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "code": code}, status=status)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


def unstorable(value) -> bool:
    """Return whether a parsed JSON value holds a NUL or a lone surrogate anywhere.

    Strings are searched where they are found, without a call each: a bulk import asks
    this of every row.
    """
    if isinstance(value, str):
        return UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        parts = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        parts = value
    else:
        return False
    search = UNSTORABLE.search
    for part in parts:
        if type(part) is str:
            if search(part) is not None:
                return True
        elif isinstance(part, dict | list | str) and unstorable(part):
            return True
    return False


def beyond_integers(value: str) -> bool:
    """Return whether ``value`` is a whole number no database integer column can hold."""
    if not WHOLE_NUMBER.fullmatch(value.strip()):
        return False
    digits = value.strip().lstrip("+-").lstrip("0")
    return len(digits) > 19 or int(digits or "0") > LARGEST_INTEGER


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestLimitsMiddleware:
    """Refuse oversized bodies (413) and unstorable characters (400) before any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._refusal(request) or self.get_response(request)

    def _refusal(self, request) -> HttpResponse | None:
        multipart = request.content_type == "multipart/form-data"
        limit = upload_limit() if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if _content_length(request) > limit:
            return refuse(
                request,
                413,
                "too_large",
                _("The request is larger than %(mb)s MB.") % {"mb": limit // MB},
            )
        if any(
            UNSTORABLE.search(key) or any(UNSTORABLE.search(v) for v in values)
            for key, values in request.GET.lists()
        ):
            return refuse(request, 400, "invalid_input", _("The address holds a NUL character."))
        # SQLite overflows on such a number and PostgreSQL silently finds nothing: refuse it
        # the same way on both.
        if any(beyond_integers(v) for _key, values in request.GET.lists() for v in values):
            return refuse(request, 400, "invalid_input", out_of_range_message())
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if multipart or request.content_type == "application/x-www-form-urlencoded":
            return self._parse_form(request)
        if request.path.startswith("/api/"):
            return self._check_json(request)
        return None

    def _parse_form(self, request) -> HttpResponse | None:
        # Parsing here, first, turns Django's limits into 413 wherever they trip.
        try:
            request.POST  # noqa: B018 (parses the body, streaming files to disk)
            request.FILES  # noqa: B018
        except MultiPartParserError:
            return refuse(request, 400, "invalid_input", _("The multipart body cannot be read."))
        except (TooManyFilesSent, TooManyFieldsSent, RequestDataTooBig):
            return refuse(
                request,
                413,
                "too_large",
                _("The request sends too many files or fields (at most %(files)s files).")
                % {"files": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
            )
        return None

    def _check_json(self, request) -> HttpResponse | None:
        try:
            body = request.body
        except RequestDataTooBig:  # a body sent without an honest Content-Length
            return refuse(request, 413, "too_large", _("The request is too large."))
        if not body:
            return None
        try:
            parsed = json.loads(body)
        except ValueError:
            return None  # the API answers its own 400 for a body that is not JSON
        if unstorable(parsed):
            return refuse(
                request,
                400,
                "invalid_input",
                _("The body holds a NUL character or a lone UTF-16 surrogate."),
            )
        setattr(request, PARSED_JSON, parsed)
        return None
