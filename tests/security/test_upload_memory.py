"""A 200 MB upload is refused from its Content-Length, before a byte of it is read.

The body is streamed to the WSGI application from a generator, as a worker would get
it from the socket; ``tracemalloc`` measures the memory the request takes. Before the
limit was checked first, the IATI import read every file into memory (2.5 GB of a
worker for 200 MB); now the answer is 413 and the peak stays under a few megabytes.
"""

from __future__ import annotations

import io
import tracemalloc

import pytest
from django.core.handlers.wsgi import WSGIHandler

from racine.core import services as core_services

MB = 1024 * 1024
UPLOAD_MB = 200
BOUNDARY = "racine-boundary"


class StreamedUpload(io.RawIOBase):
    """A multipart body of ``size`` bytes produced on demand, never held whole."""

    def __init__(self, field: str, filename: str, size: int):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.filler = size
        self.position = 0
        self.length = len(self.head) + size + len(self.tail)
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self.length - self.position
        n = min(len(buffer), remaining, 64 * 1024)
        if n <= 0:
            return 0
        chunk = bytearray()
        while len(chunk) < n:
            at = self.position + len(chunk)
            if at < len(self.head):
                chunk += self.head[at : at + n - len(chunk)]
            elif at < len(self.head) + self.filler:
                chunk += b"0" * min(n - len(chunk), len(self.head) + self.filler - at)
            else:
                offset = at - len(self.head) - self.filler
                chunk += self.tail[offset : offset + n - len(chunk)]
        buffer[:n] = chunk
        self.position += n
        self.read_bytes += n
        return n


def upload(path: str, secret: str, field: str, filename: str) -> tuple[int, int, int]:
    """Stream a 200 MB upload to ``path``; return (status, peak traced bytes, bytes read)."""
    body = StreamedUpload(field, filename, UPLOAD_MB * MB)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BufferedReader(body),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
        "HTTP_AUTHORIZATION": f"Bearer {secret}",
    }
    statuses = []
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        result = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        b"".join(result)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return int(statuses[0].split()[0]), peak, body.read_bytes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "field", "filename"),
    [("/api/aid-activities/import", "files", "activities.xml"), ("documents", "file", "a.pdf")],
)
def test_a_200_mb_upload_is_refused_without_reading_it(
    coordinator, ministry, path, field, filename
):
    from racine.partners import services as partners
    from tests.partners.conftest import agreement_data

    if path == "documents":
        agreement = partners.create_agreement(coordinator, agreement_data(ministry))
        path = f"/api/agreements/{agreement.pk}/documents"
    _token, secret = core_services.create_token(coordinator, "upload")
    status, peak, read = upload(path, secret, field, filename)
    assert status == 413
    assert read == 0, "the body was read before the size was checked"
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB"
