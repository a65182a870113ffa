"""Background work of the resources app: IATI imports.

An import of a large file takes seconds (parsing, then one bulk write), too long for a web
request: the page and the API store the uploaded files in the data folder and queue this
task; ``racine worker`` runs it and the owner follows it at ``GET /api/jobs/{id}`` or on
its page. The files stay in the data folder until the job ends, whatever the outcome.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from django_tasks import TaskContext, task

from racine.core import audit, jobs
from racine.core.errors import RacineError
from racine.core.models import User
from racine.resources import services


@task(takes_context=True)
def import_iati_files(context: TaskContext, owner_id: int, folder: str, names: list[str]) -> dict:
    """Import the files stored in ``folder`` (``names`` in upload order) for ``owner_id``."""
    job_id = context.task_result.id
    path = Path(folder)
    try:
        user = User.objects.select_related("organisation").get(pk=owner_id)
        files = [
            (name, (path / f"{index:03d}.xml").read_bytes()) for index, name in enumerate(names)
        ]
        with audit.acting_as(audit.actor_for(user)):
            report = services.import_iati(
                user,
                files,
                lambda stage, done, total: jobs.report_progress(job_id, stage, done, total),
            )
        return dataclasses.asdict(report)
    except RacineError as error:
        jobs.report_failure(job_id, str(error.detail))
        raise
    finally:
        shutil.rmtree(path, ignore_errors=True)


def schedule() -> bool:
    """Nothing is periodic here: imports are queued when someone uploads files."""
    return False
