"""Background jobs as their owner sees them: status, progress, result or error message.

Jobs are django-tasks tasks on the database backend (``racine worker`` runs them); their
state is django-tasks-db's own result row (``DBTaskResult``), so no model of ours repeats
it. What that row lacks is kept beside it in the cache (files in the data folder, shared
with the web workers): the progress the task reports, and the message of a refusal.

A job started for a user takes that user's id as its ``owner_id`` keyword argument, and
only that user sees it: anyone else gets "not found", as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from racine.core.errors import NotAuthenticated, NotFound

PROGRESS_KEY = "racine:job:{}"
KEPT_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Job:
    """A background job's state, for its page and ``GET /api/jobs/{id}``."""

    id: str
    task: str
    status: str  # ready, running, successful, failed
    enqueued_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    stage: str
    done: int
    total: int
    result: Any
    error: str

    @property
    def finished(self) -> bool:
        return self.status in ("successful", "failed")


def report_progress(job_id, stage: str, done: int, total: int) -> None:
    """Record how far a job has got (called by the task as it goes)."""
    key = PROGRESS_KEY.format(job_id)
    state = cache.get(key) or {}
    cache.set(key, dict(state, stage=stage, done=done, total=total), KEPT_SECONDS)


def report_failure(job_id, message: str) -> None:
    """Record the message that explains a refusal, for the job's owner."""
    key = PROGRESS_KEY.format(job_id)
    cache.set(key, dict(cache.get(key) or {}, error=message), KEPT_SECONDS)


def get_job(user, job_id) -> Job:
    """Return a job of ``user``, or raise :class:`NotFound`."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    try:
        pk = uuid.UUID(str(job_id))
    except ValueError:
        pk = None
    row = DBTaskResult.objects.filter(pk=pk).first() if pk else None
    if row is None or (row.args_kwargs.get("kwargs") or {}).get("owner_id") != user.pk:
        raise NotFound(_("No job with id %(id)s.") % {"id": job_id})
    state = cache.get(PROGRESS_KEY.format(row.pk)) or {}
    status = row.status.lower()
    error = ""
    if status == "failed":
        error = state.get("error") or _("The job failed unexpectedly: it has been logged.")
    return Job(
        id=str(row.pk),
        task=row.task_path.rsplit(".", 1)[-1],
        status=status,
        enqueued_at=row.enqueued_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        stage=state.get("stage", ""),
        done=state.get("done", 0),
        total=state.get("total", 0),
        result=row.return_value,
        error=error,
    )
