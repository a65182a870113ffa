"""The briefing note as PDF (WeasyPrint), with nothing fetched from any network.

Imported only when a PDF is asked for: WeasyPrint needs the Pango system library, which
the rest of the platform does not.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

SCHEME = "racine-static:"


class StaticFilesFetcher(URLFetcher):
    """Give WeasyPrint Racine's own static files from disk and refuse every other address.

    Fetching the stylesheet over HTTP would ask the server for it while the same server is
    busy writing the PDF; and a briefing must never reach outside the ministry's network.
    """

    def fetch(self, url, headers=None):
        path = finders.find(url[len(SCHEME) :]) if url.startswith(SCHEME) else None
        if path is None:
            raise ValueError(f"the briefing note loads only Racine's static files, not {url}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    """Return the PDF of a page whose static links start with STATIC_URL."""
    html = html.replace(f'href="{settings.STATIC_URL}', f'href="{SCHEME}')
    return HTML(string=html, url_fetcher=StaticFilesFetcher()).write_pdf()
