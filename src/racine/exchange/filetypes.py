"""Recognise an attachment's type from its bytes, against a short allow-list.

Django-free: bytes in, a :class:`FileType` or a :class:`Refused` reason out. The name and
the content type an uploader declares are never read: both are forged in one line of
curl. Only what partners exchange is accepted — PDF, PNG, JPEG, plain text or CSV, and
the office formats XLSX, DOCX, ODT, ODS — and nothing executable or renderable by a
browser (no HTML, SVG, scripts).

Generic detectors (libmagic, ``filetype``) answer « the first bytes look like X »; an
allow-list needs more: a ZIP is only a DOCX if its parts say so, and a PDF that is also a
ZIP archive (a polyglot) must be refused rather than guessed. So the office formats are
opened with :mod:`zipfile` and their declared parts checked, without ever decompressing
more than a few kilobytes, and an archive declaring more than :data:`MAX_UNPACKED` bytes
or :data:`MAX_MEMBERS` parts (a zip bomb) is refused before anything is read.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass

MAX_MEMBERS = 2_000
MAX_UNPACKED = 200 * 1024 * 1024  # what the parts of an office file may declare, together
MAX_RATIO = 200  # declared size / compressed size of one part
TEXT_SAMPLE = 64 * 1024
# A browser would render these as a page or run them: never « plain text ».
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed)\b", re.I)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class FileType:
    """An accepted type: its content type and the extension Racine gives the file."""

    content_type: str
    extension: str


PDF = FileType("application/pdf", "pdf")
PNG = FileType("image/png", "png")
JPEG = FileType("image/jpeg", "jpg")
TEXT = FileType("text/plain", "txt")
CSV = FileType("text/csv", "csv")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
ODT = FileType("application/vnd.oasis.opendocument.text", "odt")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ods")
ACCEPTED = (PDF, PNG, JPEG, TEXT, CSV, XLSX, DOCX, ODT, ODS)


class Refused(ValueError):
    """The bytes are not one of the accepted types (the message says why, in English)."""


def detect(head: bytes, stream) -> FileType:
    """Return the type of the file whose first bytes are ``head`` (``stream``: the whole file).

    ``stream`` is a binary file object positioned anywhere; it is read only as far as the
    check needs (the ZIP directory and a few small parts).
    """
    if not head:
        raise Refused("the file is empty")
    if head.startswith(b"%PDF-"):
        found = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head.startswith(b"PK\x03\x04"):
        return _office(stream)
    else:
        found = _text(head, stream)
    # A PDF, image or text that is also a readable ZIP archive is two files in one.
    stream.seek(0)
    if zipfile.is_zipfile(stream):
        raise Refused("the file is both a document and an archive")
    return found


def _text(head: bytes, stream) -> FileType:
    """Return TEXT or CSV if the whole file is UTF-8 text without controls or markup."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(0)
    tail = b""  # the end of the previous chunk: markup may straddle two chunks
    while chunk := stream.read(TEXT_SAMPLE):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError:
            raise Refused("the type of the file is not accepted") from None
        if CONTROL.search(text):
            raise Refused("the type of the file is not accepted")
        if MARKUP.search(tail + chunk):
            raise Refused("the file holds HTML or script markup")
        tail = chunk[-32:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise Refused("the type of the file is not accepted") from None
    first = head.decode("utf-8", "ignore").lstrip("\ufeff").splitlines()[:5]
    lines = [line for line in first if line.strip()]
    for separator in (";", ",", "\t"):
        counts = {line.count(separator) for line in lines}
        if len(lines) >= 2 and len(counts) == 1 and counts.pop() >= 1:
            return CSV
    return TEXT


def _office(stream) -> FileType:
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused("the archive cannot be read") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise Refused("the archive holds too many parts")
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > MAX_RATIO * max(member.compress_size, 1) + 1024:
                raise Refused("the archive is compressed beyond reason (a zip bomb?)")
        if total > MAX_UNPACKED:
            raise Refused("the archive unpacks beyond reason (a zip bomb?)")
        names = {member.filename for member in members}
        if "mimetype" in names:
            declared = _small_part(archive, "mimetype").strip()
            for found in (ODT, ODS):
                if declared == found.content_type.encode() and "content.xml" in names:
                    return found
            raise Refused("the type of the file is not accepted")
        if "[Content_Types].xml" in names:
            types = _small_part(archive, "[Content_Types].xml")
            if "word/document.xml" in names and b"wordprocessingml.document.main" in types:
                return DOCX
            if "xl/workbook.xml" in names and b"spreadsheetml.sheet.main" in types:
                return XLSX
    raise Refused("the type of the file is not accepted")


def _small_part(archive: zipfile.ZipFile, name: str, limit: int = 256 * 1024) -> bytes:
    try:
        with archive.open(name) as part:
            return part.read(limit)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        # RuntimeError: an encrypted part; NotImplementedError: an unknown compression.
        raise Refused("the archive cannot be read") from None


def read_head(stream, size: int = TEXT_SAMPLE) -> bytes:
    """Return the first ``size`` bytes of ``stream`` (a file object), from its start."""
    stream.seek(0)
    head = stream.read(size)
    return head if isinstance(head, bytes) else bytes(head)


def detect_bytes(content: bytes) -> FileType:
    """Return the type of ``content`` (for tests and small files)."""
    return detect(content[:TEXT_SAMPLE], io.BytesIO(content))
