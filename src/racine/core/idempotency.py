"""Idempotency keys for every write API call.

A client that sends ``Idempotency-Key: <any unique string>`` with a POST, PUT, PATCH
or DELETE under ``/api/`` can retry safely: one key gives one execution, whatever the
concurrency. How:

1. The caller is authenticated first (an active bearer token or a CSRF-checked session);
   an unauthenticated request goes on to the API, which answers 401 — a revoked token's
   key replays nothing. Keys are scoped to the user, so another user's key never replays.
2. The key is *reserved* by inserting its row in the same transaction as the work, before
   the work starts; the unique constraint on (scope, key) lets exactly one of several
   concurrent requests win (no check-then-insert). The others wait for the winner's
   transaction (PostgreSQL's unique index, SQLite's single writer) and then replay its
   answer. Because reservation and work commit together, a server killed in the middle
   (SIGKILL, power cut) leaves neither the work nor a key stuck "in progress": the retry
   simply runs. A row still marked running (written before this design) is taken over.
3. The answer (status and JSON body) is stored on the reservation; a later retry with
   the same request replays it (``Idempotent-Replay: true``). The same key with another
   method, address or body (for an upload: its fields and files) answers 422. A 5xx
   answer rolls the reservation back with the work: the client may retry.
4. An answer marked ``Cache-Control: no-store`` carries a secret (a new API token): it is
   never stored; a retry answers 409 saying the request was already carried out.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.utils import check_csrf

from racine.core.models import IdempotentRequest
from racine.core.services import token_user

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MAX_KEY_LENGTH = 200
PENDING = 0  # the status of a reserved key whose request is still running
BEARER = "bearer "


def _caller(request):
    """Return the authenticated user of an API write, or None (the API will answer 401)."""
    authorization = request.headers.get("Authorization", "")
    if authorization:
        if not authorization.lower().startswith(BEARER):
            return None
        return token_user(authorization[len(BEARER) :].strip())
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if check_csrf(request) is not None:  # the API itself will answer 403
        return None
    return user


def _fingerprint(request) -> str:
    """Return a digest of what the request asks, to tell a retry from another request."""
    digest = hashlib.sha256(f"{request.method}\n{request.get_full_path()}\n".encode())
    if request.content_type == "multipart/form-data":
        # The multipart framing differs at every send (its boundary): digest what it
        # carries instead, the files read in chunks (they may sit on disk, not in memory).
        for name, values in sorted(request.POST.lists()):
            digest.update(f"{name}={values!r}\n".encode())
        for name, uploads in sorted(request.FILES.lists()):
            for upload in uploads:
                digest.update(f"{name}:{upload.name}:{upload.size}\n".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _refuse(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


def _answer_retry(previous: IdempotentRequest | None, fingerprint: str) -> HttpResponse:
    if previous is None:  # reserved and freed (5xx) in between: the client may retry
        return _refuse(409, "idempotency_in_progress", _("Retry: the first attempt failed."))
    if previous.fingerprint != fingerprint:
        return _refuse(
            422,
            "idempotency_key_reused",
            _("This Idempotency-Key was used for another request: use a new key."),
        )
    if previous.status == PENDING:
        refusal = _refuse(
            409,
            "idempotency_in_progress",
            _("A request with this Idempotency-Key is still running: retry in a moment."),
        )
        refusal["Retry-After"] = "1"
        return refusal
    if not previous.kept:
        return _refuse(
            409,
            "idempotency_answer_not_kept",
            _(
                "This request was already carried out; its answer held a secret, "
                "which is never stored."
            ),
        )
    replay = HttpResponse(previous.body, status=previous.status, content_type="application/json")
    replay["Idempotent-Replay"] = "true"
    return replay


def run_once(user, key: str, operation: str, fingerprint: str, work) -> tuple[str, bool]:
    """Run ``work`` once per user and key outside HTTP (the command line); return its answer.

    ``work`` returns the answer as text. Called inside the caller's transaction, which
    holds the reservation, the work and the answer together as the middleware does:
    a retry with the same key returns ``(stored answer, True)`` without running again,
    one with the same key for other work raises :class:`Conflict`.
    """
    from racine.core.errors import Conflict, InvalidInput

    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(
            _("The Idempotency-Key header is longer than 200 characters."), field="key"
        )
    scope = f"user:{user.pk}"
    try:
        with transaction.atomic():
            reservation = IdempotentRequest.objects.create(
                scope=scope,
                key=key,
                method="RUN",
                path=operation[:500],
                fingerprint=fingerprint,
                status=PENDING,
                body="",
            )
    except IntegrityError:
        previous = IdempotentRequest.objects.get(scope=scope, key=key)
        if previous.fingerprint != fingerprint or previous.path != operation[:500]:
            raise Conflict(
                _("This Idempotency-Key was used for another request: use a new key.")
            ) from None
        return previous.body, True
    answer = work()
    IdempotentRequest.objects.filter(pk=reservation.pk).update(status=200, body=answer)
    return answer, False


class IdempotencyMiddleware:
    """Reserve, store and replay answers to API writes sent with an ``Idempotency-Key``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or request.method not in WRITE_METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH:
            return _refuse(
                400, "idempotency", _("The Idempotency-Key header is longer than 200 characters.")
            )
        user = _caller(request)
        if user is None:  # not authenticated: no replay; the API answers 401 or 403
            return self.get_response(request)
        scope, fingerprint = f"user:{user.pk}", _fingerprint(request)
        # One transaction for the reservation, the work and the stored answer: they are
        # all there, or none of them is (see the module's docstring).
        with transaction.atomic():
            try:
                with transaction.atomic():
                    IdempotentRequest.objects.filter(scope=scope, key=key, status=PENDING).delete()
                    reservation = IdempotentRequest.objects.create(
                        scope=scope,
                        key=key,
                        method=request.method,
                        path=request.path[:500],
                        fingerprint=fingerprint,
                        status=PENDING,
                        body="",
                    )
            except IntegrityError:
                previous = IdempotentRequest.objects.filter(scope=scope, key=key).first()
                return _answer_retry(previous, fingerprint)
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # nothing was done: the client may retry
                return response
            secret = "no-store" in response.get("Cache-Control", "") or response.streaming
            IdempotentRequest.objects.filter(pk=reservation.pk).update(
                status=response.status_code,
                body="" if secret else response.content.decode(),
                kept=not secret,
            )
        return response
