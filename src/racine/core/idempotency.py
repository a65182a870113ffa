"""Idempotency keys for every write API call.

A client that sends ``Idempotency-Key: <any unique string>`` with a POST, PUT, PATCH
or DELETE under ``/api/`` can retry safely: the first answer is stored and replayed
for the same caller and key, so a retried creation never creates twice. Reusing a key
for a different request is refused with 409. Keys are scoped to the caller (the
session's user or the bearer token), so two callers never see each other's answers.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from racine.core.models import IdempotentRequest

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MAX_KEY_LENGTH = 200


def _scope(request) -> str | None:
    authorization = request.headers.get("Authorization", "")
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()[:64]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _refuse(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": "idempotency"}, status=status)


class IdempotencyMiddleware:
    """Store and replay answers to API writes sent with an ``Idempotency-Key``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or request.method not in WRITE_METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH:
            return _refuse(400, _("The Idempotency-Key header is longer than 200 characters."))
        scope = _scope(request)
        if scope is None:  # not signed in: let the API answer 401 as usual
            return self.get_response(request)
        previous = IdempotentRequest.objects.filter(scope=scope, key=key).first()
        if previous is not None:
            if (previous.method, previous.path) != (request.method, request.path):
                return _refuse(409, _("This Idempotency-Key was used for another request."))
            replay = HttpResponse(
                previous.body, status=previous.status, content_type="application/json"
            )
            replay["Idempotent-Replay"] = "true"
            return replay
        response = self.get_response(request)
        if response.status_code < 500:
            try:
                with transaction.atomic():
                    IdempotentRequest.objects.create(
                        scope=scope,
                        key=key,
                        method=request.method,
                        path=request.path,
                        status=response.status_code,
                        body=response.content.decode(),
                    )
            except IntegrityError:
                pass  # a concurrent retry stored the same answer first
        return response
