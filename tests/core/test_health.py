"""/healthz answers 200 when the database answers, 503 when it does not."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def test_healthz_is_200_with_the_database_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    port = free_port()
    env = {
        "RACINE_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        # Nothing listens on port 1: every connection is refused.
        "RACINE_DATABASE_URL": "postgresql://racine@127.0.0.1:1/racine",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "racine.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status = None
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
                status = 200
                break
            except urllib.error.HTTPError as error:
                status = error.code
                body = error.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert status == 503
        assert '"status": "unavailable"' in body
    finally:
        server.terminate()
        server.wait(timeout=10)
