"""Remember the plan's costly figures until the records behind them change.

An objective's value, status, forecast and chart take hundreds of milliseconds to compute
(queries, then Vega rendering), and fifty users asking for the dashboard would ask for the
same figures again and again. They are computed once per change of the records they read
and kept in Django's cache (``settings.CACHES``: files in the data folder, shared by every
gunicorn worker and the background worker, no extra server).

A cached entry is found by a key that names everything its content depends on, so nothing
needs to be deleted when records change — a changed record simply leads to a new key:

- the *version stamp* of each table it reads: row count, highest id and latest
  ``updated_at`` (one query for all tables), plus a random token that every save, delete
  or many-to-many change of a watched model renews once its transaction commits (this
  catches edits that leave count and dates alone, e.g. a milestone's value);
- the language (labels, number formats), the date of the figures and today's date
  (freshness and forecasts move with the calendar: history is recomputed daily);
- for what depends on the reader (agreements visible to them), their visibility scope.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

WATCHED_APPS = ("partners", "resources", "plan")
WATCHED_CORE = ("core.Country", "core.Organisation")
# Records of other apps an indicator rule reads (the regime's stages, through its services).
WATCHED_OTHERS = ("sanctions.Regime", "sanctions.RegimeStageChange")
TOKEN_KEY = "racine:records-token:{}"  # noqa: S105  (a cache key, not a secret)
TIMEOUT = 7 * 24 * 3600  # entries a changed record made useless expire on their own


def watched_models() -> list:
    """Return the models whose records the plan's figures and maps read."""
    models = [apps.get_model(label) for label in WATCHED_CORE]
    models += [
        apps.get_model(label)
        for label in WATCHED_OTHERS
        if apps.is_installed(f"racine.{label.split('.')[0]}")
    ]
    for label in WATCHED_APPS:
        models += list(apps.get_app_config(label).get_models())
    return models


def _renew(sender, **kwargs) -> None:
    label = sender._meta.label
    # After commit: a reader in another process must not cache the old rows under the new token.
    transaction.on_commit(lambda: cache.set(TOKEN_KEY.format(label), uuid.uuid4().hex, None))


def connect() -> None:
    """Renew a model's token whenever one of its records changes (called by the app's ready)."""
    for model in watched_models():
        uid = f"records-cache-{model._meta.label}"
        post_save.connect(_renew, sender=model, dispatch_uid=uid)
        post_delete.connect(_renew, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            through = field.remote_field.through

            def renew_owner(sender, _model=model, **kwargs):
                _renew(_model)

            m2m_changed.connect(  # a local function: held strongly, or it would be collected
                renew_owner, sender=through, weak=False, dispatch_uid=f"{uid}-{field.name}"
            )


def touch(*labels: str) -> None:
    """Renew the tokens of models written in bulk (bulk writes send no signal)."""
    for label in labels:
        _renew(apps.get_model(label))


def table_stamps() -> dict[str, str]:
    """Return a version stamp per watched model, read in one query."""
    models = watched_models()
    quote = connection.ops.quote_name
    parts = []
    for model in models:
        updated = "updated_at" if any(f.name == "updated_at" for f in model._meta.fields) else None
        pk = model._meta.pk
        highest = (
            f"CAST(MAX({quote(pk.column)}) AS TEXT)"
            if pk.get_internal_type() in ("AutoField", "BigAutoField")
            else "''"
        )
        latest = f"CAST(MAX({quote(updated)}) AS TEXT)" if updated else "''"
        table = quote(model._meta.db_table)  # names from the models, never from input
        parts.append(f"SELECT COUNT(*), {highest}, {latest} FROM {table}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        rows = cursor.fetchall()
    tokens = cache.get_many([TOKEN_KEY.format(m._meta.label) for m in models])
    return {
        model._meta.label: f"{row}{tokens.get(TOKEN_KEY.format(model._meta.label), '')}"
        for model, row in zip(models, rows, strict=True)
    }


def key(kind: str, stamps: dict[str, str], reads: Iterable[str], *parts: Any) -> str:
    """Return the cache key of ``kind`` computed from the tables ``reads`` and ``parts``."""
    reads = sorted(stamps) if reads is None else sorted(reads)
    text = repr(
        [
            kind,
            [(label, stamps[label]) for label in reads],
            get_language(),
            timezone.localdate().isoformat(),
            *parts,
        ]
    )
    return f"racine:{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


def remember(cache_key: str, compute: Callable[[], Any]) -> Any:
    """Return the cached value of ``cache_key``, computing and storing it when missing."""
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value
