"""Scheduled refresh: the official lists are downloaded from configured URLs and imported.

No test needs the network: a local HTTP server (one of this branch's ports, 8151–8159)
serves the real files of ``../shared/data/sanctions``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from racine import config
from racine.sanctions import refresh, tasks
from racine.sanctions.models import ListVersion, SanctionsList

DATA = Path(__file__).parents[2] / ".." / "shared" / "data" / "sanctions"
UN_FILE = "un_sc_consolidated_2026-02-27.xml"
PORTS = range(8151, 8160)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test's output stays readable
        pass


@pytest.fixture
def server():
    """Serve ``../shared/data/sanctions`` on the first free port of this branch."""
    handler = functools.partial(QuietHandler, directory=str(DATA.resolve()))
    for port in PORTS:
        try:
            httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
            break
        except OSError:
            continue
    else:
        pytest.skip("no free port in 8151–8159")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def sources(settings):
    def configure(*entries):
        settings.RACINE_SANCTIONS_SOURCES = tuple(entries)

    return configure


def test_the_worker_downloads_the_lists_when_due_and_an_unchanged_file_makes_no_version(
    db, server, sources
):
    sources(("un-xml", (f"{server}/{UN_FILE}",)))
    assert refresh.refresh_due()
    tasks.schedule()  # what `racine worker` does: refresh, index, re-screening
    un = SanctionsList.objects.get(code="un-sc")
    assert un.current_version.number == 1 and un.entries.count() > 900
    assert tasks.index_is_current()
    assert not refresh.refresh_due()  # next one in RACINE_SANCTIONS_REFRESH_HOURS

    [outcome] = refresh.refresh_all()  # `racine sanctions refresh`: at once
    assert outcome.error == "" and outcome.report.version is None
    assert ListVersion.objects.count() == 1


def test_ofac_csv_is_downloaded_file_by_file(db, server, sources):
    trio = f"{server}/ofac_2021-07-07_trio"
    sources(("ofac-csv", (f"{trio}/sdn.csv.gz", f"{trio}/add.csv.gz", f"{trio}/alt.csv.gz")))
    [outcome] = refresh.refresh_all()
    assert outcome.error == "", outcome.error
    assert outcome.report.code == "ofac-sdn" and outcome.report.entries > 5000


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/missing.xml", "404"),  # the server answers an error
        ("/ofac_sdn_2024-05-03.csv", "refused"),  # not an UN XML file: the import refuses it
    ],
)
def test_a_failed_source_is_logged_and_writes_nothing(db, server, sources, caplog, path, reason):
    sources(("un-xml", (server + path,)), ("un-xml", (f"{server}/{UN_FILE}",)))
    first, second = refresh.refresh_all()
    assert reason in first.error and first.report is None
    assert reason in caplog.text and "nothing written" in caplog.text
    assert second.report.version == 1  # the other sources go on
    assert ListVersion.objects.count() == 1


def test_an_unreachable_server_or_a_file_too_large_writes_nothing(db, server, sources, settings):
    settings.RACINE_SANCTIONS_DOWNLOAD_SECONDS = 2
    sources(("un-xml", ("http://127.0.0.1:9/list.xml",)))  # the discard port: refused
    [outcome] = refresh.refresh_all()
    assert outcome.error.startswith("download failed: http://127.0.0.1:9/list.xml")

    settings.RACINE_SANCTIONS_DOWNLOAD_MB = 1  # the UN file is 2 MB
    sources(("un-xml", (f"{server}/{UN_FILE}",)))
    [outcome] = refresh.refresh_all()
    assert "allowed" in outcome.error
    assert not SanctionsList.objects.exists() and not ListVersion.objects.exists()


def test_sources_are_read_from_the_environment():
    loaded = config.load(
        {
            "RACINE_SANCTIONS_SOURCES": "un-xml=https://example.org/un.xml\n"
            "ofac-csv=https://example.org/SDN.CSV,https://example.org/ALT.CSV",
            "RACINE_SANCTIONS_REFRESH_HOURS": "6",
        }
    )
    assert loaded.sanctions_sources == (
        ("un-xml", ("https://example.org/un.xml",)),
        ("ofac-csv", ("https://example.org/SDN.CSV", "https://example.org/ALT.CSV")),
    )
    assert loaded.sanctions_refresh_hours == 6


@pytest.mark.parametrize(
    "value, message",
    [
        ("pdf=https://example.org/list.pdf", "unknown list format 'pdf'"),
        ("un-xml=file:///etc/passwd", r"not an http\(s\) URL"),
        ("un-xml=https://a.org/1.xml,https://a.org/2.xml", "exactly one URL"),
        ("un-xml=", "exactly one URL"),
    ],
)
def test_a_malformed_source_is_refused_at_start(value, message):
    with pytest.raises(config.ConfigError, match=message):
        config.load({"RACINE_SANCTIONS_SOURCES": value})


def test_the_refresh_command_prints_each_source_and_fails_on_a_bad_one(db, server, sources, capsys):
    from racine import cli

    sources(("un-xml", (f"{server}/{UN_FILE}",)), ("un-xml", (f"{server}/gone.xml",)))
    assert cli.main(["sanctions", "refresh"]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("un-sc: version 1, ")
    assert "racine: error: un-xml: download failed: " in out.err and "404" in out.err
    assert "1 source(s) not refreshed (nothing written for them)" in out.err

    sources()
    assert cli.main(["sanctions", "refresh"]) == 1
    assert "no source configured: set RACINE_SANCTIONS_SOURCES" in capsys.readouterr().err
