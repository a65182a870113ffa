"""Benchmark: bulk ingest of seizure reports (issue 9: at least 2,000 reports per second).

Generates a realistic file (``exchange_ingest_sample``: 20,000 reports by default, with
drugs, people, a vessel, a container and a company each) as JSON Lines, CSV and XLSX,
then imports each with the service the API and the command line use — read, checked row
by row, stored with entities and audit entries in one transaction — on a fresh SQLite
database and on PostgreSQL. Each database runs in its own process. Prints reports per
second per format and database, and verifies the audit chain afterwards.

    make bench-exchange-ingest                        # SQLite, and PostgreSQL if given:
    make bench-exchange-ingest BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/racine_bench
    BENCH_REPORTS=2000 make bench-exchange-ingest     # a quick smoke run

The PostgreSQL database of BENCH_POSTGRES_URL is dropped and created again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 2000  # reports per second
FORMATS = os.environ.get("BENCH_FORMATS", "jsonl,csv,xlsx").split(",")


def run(database_url: str) -> None:
    """Import the generated files into the database of ``database_url`` ("" for SQLite)."""
    os.environ["RACINE_DATA_DIR"] = tempfile.mkdtemp(prefix="racine-bench-ingest-")
    os.environ["RACINE_DATABASE_URL"] = database_url
    os.environ.setdefault("RACINE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racine.settings")
    sys.path.insert(0, str(Path(__file__).parent))
    from serving import recreate_postgres

    if database_url.startswith("postgres"):  # start from nothing, as SQLite does
        recreate_postgres(database_url)
    import django

    django.setup()
    import exchange_ingest_sample as sample
    from django.core.management import call_command
    from django.db import connection, transaction

    from racine.core import audit, reference
    from racine.core.services import (
        OrganisationData,
        UserData,
        create_organisation_unchecked,
        create_user_unchecked,
    )
    from racine.exchange import ingest

    call_command("migrate", verbosity=0)
    reference.load()
    agency = create_organisation_unchecked(
        OrganisationData(
            name="Agencia Nacional de Aduanas de México",
            kind="customs",
            country="MX",
            french_state=False,
        )
    )
    user = create_user_unchecked(
        UserData(username="bench", organisation=agency.pk, roles=["partner_officer"]),
        "correct horse battery staple",
    )
    count = int(os.environ.get("BENCH_REPORTS", "20000"))
    rows = sample.reports(count)
    folder = Path(os.environ["RACINE_DATA_DIR"])
    defaults = ingest.FileDefaults(handling="amber", distribution="originator")
    print(f"database: {connection.vendor}; {count} reports per file", flush=True)
    for file_format in FORMATS:
        path = sample.write(folder / f"reports.{file_format}", rows)
        started, cpu = time.perf_counter(), time.process_time()
        with path.open("rb") as handle:
            checked = ingest.check_file(user, handle, file_format, defaults)
        checked_at = time.perf_counter()
        with audit.acting_as(audit.actor_for(user)), transaction.atomic():
            report = ingest.store(checked)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu  # this process only: PostgreSQL's own work is not in it
        rate = report.created / seconds
        verdict = "OK" if rate >= TARGET else "TOO SLOW"
        print(
            f"  {connection.vendor:10} {file_format:5} {path.stat().st_size / 1e6:5.1f} MB  "
            f"{seconds:6.2f} s (checking {checked_at - started:.2f} s; {cpu:.2f} s CPU)  "
            f"{rate:7.0f} reports/s  {verdict} (target {TARGET})",
            flush=True,
        )
    verification = audit.verify()
    print(f"  audit chain intact: {verification.intact} ({verification.verdict.entries} entries)")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run(sys.argv[2] if len(sys.argv) > 2 else "")
        return 0
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"cores: {os.cpu_count()}; load average {load} (figures are noisy when busy)")
    databases = [""]
    if os.environ.get("BENCH_POSTGRES_URL"):
        databases.append(os.environ["BENCH_POSTGRES_URL"])
    else:
        print("PostgreSQL skipped: set BENCH_POSTGRES_URL (its database is emptied)")
    status = 0
    for url in databases:
        status |= subprocess.call([sys.executable, __file__, "--child", url])
    print(f"load average after: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return status


if __name__ == "__main__":
    sys.exit(main())
