"""A server killed (SIGKILL) in the middle of a bulk ingest leaves the file whole or absent.

A real ``racine serve`` (gunicorn) runs on a database of its own — a SQLite file in a
temporary data folder, or a PostgreSQL database created for the test on the server of
``RACINE_DATABASE_URL`` and dropped after; the suite's database decides which. A large
file is posted with an ``Idempotency-Key``; when the server's log says it is writing,
the whole process group is killed. After a restart the file's reports are all there or
none is, no key is stuck "in progress", the retry with the same key stores the file
exactly once, a further retry replays, and the audit chain verifies.

Under ``CI=true`` an unreachable PostgreSQL fails this test instead of skipping it.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.exchange.ingest_helpers import sample

REPORTS = 3000
RACINE = str(Path(sys.executable).parent / "racine")
SETUP = """
import django, os
django.setup()
from racine.core import services
org = services.create_organisation_unchecked(services.OrganisationData(
    name="Agencia Nacional de Aduanas de México", kind="customs", country="MX",
    french_state=False))
user = services.create_user_unchecked(services.UserData(
    username="aduana", organisation=org.pk, roles=["partner_officer"]), "x" * 20)
print(services.create_token(user, "kill test")[1])
"""


def _port() -> int:
    if os.environ.get("TEST_SERVER_PORT"):
        return int(os.environ["TEST_SERVER_PORT"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Database:
    """The server's own database, and a way to count what it holds from outside."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        self.url, self.name = "", ""
        if self.vendor == "postgresql":
            import psycopg

            base = os.environ["RACINE_DATABASE_URL"]
            self.name = f"racine_kill_{uuid.uuid4().hex[:8]}"
            self.url = urllib.parse.urlparse(base)._replace(path=f"/{self.name}").geturl()
            try:
                with psycopg.connect(base, dbname="postgres", autocommit=True) as admin:
                    admin.execute(f'CREATE DATABASE "{self.name}"')
            except psycopg.Error as error:
                if os.environ.get("CI") == "true":
                    pytest.fail(f"PostgreSQL is required under CI: {error}")
                pytest.skip(f"PostgreSQL unreachable: {error}")
        self.sqlite_path = tmp_path / "data" / "racine.sqlite3"

    def count(self, sql: str) -> int:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.url) as reader:
                return reader.execute(sql).fetchone()[0]
        with contextlib.closing(sqlite3.connect(self.sqlite_path)) as reader:
            return reader.execute(sql).fetchone()[0]

    def drop(self) -> None:
        if self.vendor == "postgresql":
            import psycopg

            base = os.environ["RACINE_DATABASE_URL"]
            with psycopg.connect(base, dbname="postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Server:
    """``racine serve`` in its own process group, its log in a file."""

    def __init__(self, environ: dict, log: Path):
        self.environ, self.log, self.port = environ, log, _port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [RACINE, "serve", "--port", str(self.port), "--workers", "1"],
                env=self.environ,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        for _ in range(600):
            assert self.process.poll() is None, self.log.read_text()
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            time.sleep(0.1)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def post(self, content: bytes, token: str, key: str) -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="handling"\r\n\r\n'
                f"amber\r\n--{boundary}\r\nContent-Disposition: form-data; "
                f'name="distribution"\r\n\r\noriginator\r\n--{boundary}\r\n'
                'Content-Disposition: form-data; name="file"; filename="reports.jsonl"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        client.request(
            "POST",
            "/api/exchange/imports",
            body,
            {
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": key,
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        answer = client.getresponse()
        text = answer.read()
        try:
            return answer.status, json.loads(text or b"{}")
        except ValueError:
            log = self.log.read_text(errors="replace")[-6000:]
            raise AssertionError(f"{answer.status} {text[:300]!r}\n{log}") from None


@pytest.fixture
def database(tmp_path):
    # The suite's own database only tells which engine to use; this test needs its connection
    # for nothing else.
    server_database = Database(tmp_path)
    yield server_database
    server_database.drop()


def test_sigkill_during_an_ingest_leaves_the_file_whole_or_absent(database, tmp_path):
    environ = dict(
        os.environ,
        RACINE_DATA_DIR=str(tmp_path / "data"),
        RACINE_DATABASE_URL=database.url,
        RACINE_LOG_LEVEL="INFO",
        RACINE_MAX_UPLOAD_MB="50",
        DJANGO_SETTINGS_MODULE="racine.settings",
    )
    environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run([RACINE, "migrate"], env=environ, check=True, capture_output=True)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=environ, check=True, capture_output=True, text=True
    )
    token = setup.stdout.strip().splitlines()[-1]
    rows = sample.reports(REPORTS)
    content = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
    server = Server(environ, tmp_path / "server.log")
    server.start()
    answers: list = []

    def send() -> None:
        try:
            answers.append(server.post(content, token, "lot-kill"))
        except (OSError, http.client.HTTPException) as error:
            answers.append(error)

    client = threading.Thread(target=send)
    client.start()
    try:
        deadline = time.monotonic() + 600
        while "exchange import: writing" not in server.log.read_text(errors="replace"):
            assert time.monotonic() < deadline and client.is_alive(), server.log.read_text()
            time.sleep(0.05)
        time.sleep(0.3)  # well inside the write of thousands of reports
        server.kill()
        client.join(timeout=60)
        assert not isinstance(answers[0], tuple), "the kill came after the answer: too late"

        stored = database.count("SELECT COUNT(*) FROM exchange_item")
        assert stored in (0, REPORTS), f"{stored} of {REPORTS} reports: half-written"
        keys = database.count("SELECT COUNT(*) FROM core_idempotentrequest WHERE status = 0")
        assert keys == 0, "a key stuck in progress"

        server.start()
        status, body = server.post(content, token, "lot-kill")
        assert status == 201, body
        assert body["created"] == REPORTS
        status, again = server.post(content, token, "lot-kill")
        assert (status, again) == (201, body), "the second retry replays the first answer"
        assert database.count("SELECT COUNT(*) FROM exchange_item") == REPORTS
        assert database.count("SELECT COUNT(*) FROM exchange_seizure") == REPORTS
    finally:
        with contextlib.suppress(ProcessLookupError):
            server.kill()
    verify = subprocess.run(
        [RACINE, "audit", "verify"], env=environ, capture_output=True, text=True
    )
    assert verify.returncode == 0, verify.stderr
    assert "audit chain intact" in verify.stdout
