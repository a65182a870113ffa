"""Scheduled refresh of the official lists from the URLs of ``RACINE_SANCTIONS_SOURCES``.

Each source is downloaded into a private temporary folder (http or https only, at most
``RACINE_SANCTIONS_DOWNLOAD_MB``, each network wait at most
``RACINE_SANCTIONS_DOWNLOAD_SECONDS``), then imported exactly as a file given to
``racine sanctions import``: read and checked whole, written in one transaction, and an
unchanged file makes no new version. A source that cannot be downloaded or read is
logged with its reason and writes nothing; the other sources go on.

``racine worker`` refreshes every ``RACINE_SANCTIONS_REFRESH_HOURS`` (:func:`refresh_if_due`),
``racine sanctions refresh`` at once. The time of the last attempt is kept in the cache
shared by every process: losing it only brings the next refresh forward.
"""

from __future__ import annotations

import logging
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from racine.core.errors import InvalidInput
from racine.sanctions import services

logger = logging.getLogger(__name__)
LAST_REFRESH_KEY = "racine:sanctions:last-refresh"
CHUNK = 1 << 16


class DownloadError(Exception):
    """A list could not be downloaded: the message says which URL and why."""


@dataclass
class Outcome:
    """What the refresh of one source did: an import report, or the reason it failed."""

    list_format: str
    urls: tuple[str, ...]
    report: services.ImportReport | None = None
    error: str = ""


def download(url: str, destination: Path, limit: int, seconds: int) -> None:
    """Write the body at ``url`` to ``destination``; raise :class:`DownloadError` on failure.

    The size is checked as it arrives (a server may announce none, or lie), and the
    whole download must end within ten times the per-read time-out.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadError(f"{url}: only http and https URLs are downloaded")
    headers = {"User-Agent": "Racine sanctions refresh"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 — scheme checked above
    deadline = time.monotonic() + 10 * seconds
    received = 0
    try:
        with urllib.request.urlopen(request, timeout=seconds) as response:  # noqa: S310 — scheme checked
            announced = response.headers.get("Content-Length")
            if announced and announced.isdigit() and int(announced) > limit:
                raise DownloadError(f"{url}: {announced} bytes, more than the {limit} allowed")
            with destination.open("wb") as handle:
                while chunk := response.read(CHUNK):
                    received += len(chunk)
                    if received > limit:
                        raise DownloadError(f"{url}: more than the {limit} bytes allowed")
                    if time.monotonic() > deadline:
                        raise DownloadError(f"{url}: the download took too long")
                    handle.write(chunk)
    except urllib.error.HTTPError as error:
        raise DownloadError(f"{url}: the server answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise DownloadError(f"{url}: {reason}") from error


def _fetch(list_format: str, urls: tuple[str, ...], folder: Path) -> Path:
    """Download one source into ``folder``; return the path to import (a folder for OFAC CSV)."""
    limit = settings.RACINE_SANCTIONS_DOWNLOAD_MB * 1024 * 1024
    seconds = settings.RACINE_SANCTIONS_DOWNLOAD_SECONDS
    if list_format != "ofac-csv":
        target = folder / (Path(urlsplit(urls[0]).path).name or "list")
        download(urls[0], target, limit, seconds)
        return target
    for url in urls:
        name = Path(urlsplit(url).path).name.lower()
        if name.removesuffix(".gz") not in services.OFAC_FILES:
            raise DownloadError(
                f"{url}: not one of OFAC's files ({', '.join(services.OFAC_FILES)})"
            )
        download(url, folder / name, limit, seconds)
    return folder


def refresh_source(list_format: str, urls: tuple[str, ...]) -> Outcome:
    """Download and import one source; never raises for a network or file problem."""
    outcome = Outcome(list_format, urls)
    with tempfile.TemporaryDirectory(prefix="racine-refresh-") as folder:
        try:
            path = _fetch(list_format, urls, Path(folder))
            listing = services.read_list(list_format, path)
            with transaction.atomic():
                outcome.report = services.import_list(None, list_format, path, listing=listing)
        except DownloadError as error:
            outcome.error = f"download failed: {error}"
        except InvalidInput as error:
            outcome.error = f"refused: {error.detail}"
    if outcome.error:
        logger.error("sanctions refresh of %s: %s (nothing written)", list_format, outcome.error)
    else:
        report = outcome.report
        logger.info(
            "sanctions refresh of %s: %s",
            list_format,
            "unchanged" if report.version is None else f"{report.code} version {report.version}",
        )
    return outcome


def refresh_all() -> list[Outcome]:
    """Refresh every configured source now; rebuild the index if a list changed."""
    cache.set(LAST_REFRESH_KEY, time.time(), None)
    outcomes = [refresh_source(fmt, urls) for fmt, urls in settings.RACINE_SANCTIONS_SOURCES]
    if any(o.report is not None and o.report.version is not None for o in outcomes):
        services.rebuild_index()
    return outcomes


def refresh_due(now: float | None = None) -> bool:
    """Return whether sources are configured and the last attempt is older than the interval."""
    if not settings.RACINE_SANCTIONS_SOURCES:
        return False
    last = cache.get(LAST_REFRESH_KEY)
    now = time.time() if now is None else now
    return last is None or now - last >= settings.RACINE_SANCTIONS_REFRESH_HOURS * 3600


def refresh_if_due() -> list[Outcome]:
    """Refresh when due (``racine worker`` calls this on every pass)."""
    return refresh_all() if refresh_due() else []
