"""Benchmark: the memory a worker spends on a 200 MB upload (issue 7: 2.5 GB before).

For each upload endpoint, in a fresh process on a throw-away SQLite database, streams a
200 MB multipart body to the WSGI application (as gunicorn would from the socket) and
prints the answer, the bytes of the body read, the peak of Python allocations
(tracemalloc) and the process's peak resident memory. Run it with `make bench-upload`.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENDPOINTS = ["/api/aid-activities/import", "documents"]


def measure(path: str) -> None:
    """Run in the child process: set up a database, upload, print one line."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racine.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from racine.core import reference
    from racine.core import services as core_services
    from racine.partners import services as partners
    from tests.factories import make_organisation, make_user
    from tests.partners.conftest import agreement_data
    from tests.security.test_upload_memory import UPLOAD_MB, upload

    reference.load()
    ministry = make_organisation("MEAE", kind="ministry", country="FR")
    coordinator = make_user("camille", roles=["plan_coordinator"], organisation=ministry)
    field, filename = "files", "activities.xml"
    if path == "documents":
        agreement = partners.create_agreement(coordinator, agreement_data(ministry))
        path, field, filename = f"/api/agreements/{agreement.pk}/documents", "file", "a.pdf"
    _token, secret = core_services.create_token(coordinator, "bench")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status, peak, read = upload(path, secret, field, filename)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{UPLOAD_MB} MB upload to {path:32} -> {status}, read {read / 2**20:6.1f} MB, "
        f"peak allocations {peak / 2**20:7.1f} MB, peak RSS +{(after - before) / 1024:7.1f} MB",
        flush=True,
    )


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        measure(sys.argv[2])
        return 0
    for path in ENDPOINTS:
        with tempfile.TemporaryDirectory() as data_dir:
            env = {k: v for k, v in os.environ.items() if k != "RACINE_DATABASE_URL"}
            env["RACINE_DATA_DIR"] = data_dir
            result = subprocess.run([sys.executable, __file__, "--child", path], env=env)
            if result.returncode:
                return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
