"""Attachments: types by their bytes, names by Racine, files outside the database, the policy.

Every refusal answers 400 naming ``file`` and leaves neither a row nor a file behind; an
attachment of a hidden item answers 404 exactly as a missing one, by page and by API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from racine.core.errors import InvalidInput
from racine.core.models import AuditEntry
from racine.exchange import attachments, compose, filetypes
from racine.exchange.models import Attachment
from tests.exchange.conftest import seizure

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32) + b"\xff\xd9"
CSV = b"conteneur;port\nCSQU3054383;Manzanillo\n"
TEXT = "Compte rendu de la saisie — rien à signaler.\n".encode()


def office(parts: dict[str, bytes], stored_first: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first, parts.pop(stored_first), zipfile.ZIP_STORED)
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx() -> bytes:
    types = (
        b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.document.main+xml"/></Types>'
    )
    return office({"[Content_Types].xml": types, "word/document.xml": b"<w:document/>"})


def xlsx() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "saisie"
    workbook.save(buffer)
    return buffer.getvalue()


def odf(kind: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return office(
        {"mimetype": mimetype, "content.xml": b"<office:document-content/>"},
        stored_first="mimetype",
    )


def zip_bomb() -> bytes:
    return office(
        {
            "[Content_Types].xml": b"wordprocessingml.document.main",
            "word/document.xml": bytes(20 * 1024 * 1024),
        }
    )


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"  # the messages are asserted in English
    return client


def shared(world, **changes):
    data = seizure(agreement=world.agreements["mexico"].pk)
    for name, value in changes.items():
        setattr(data, name, value)
    return compose.create_item(world.reader("anam", "partner"), data)


def stored_files(settings) -> list[Path]:
    folder = Path(settings.RACINE_ATTACHMENTS_DIR)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def upload(
    client, item, content: bytes, name="rapport.pdf", content_type="application/pdf", **extra
):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(f"/api/exchange/items/{item.pk}/attachments", {"file": file, **extra})


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, filetypes.PDF),
        (PNG, filetypes.PNG),
        (JPEG, filetypes.JPEG),
        (CSV, filetypes.CSV),
        (TEXT, filetypes.TEXT),
        ("Bonjour, voici le compte rendu.\nRien d’autre.\n".encode(), filetypes.TEXT),
        ("é".encode() * 40_000, filetypes.TEXT),  # characters across the 64 KB chunks
        (docx(), filetypes.DOCX),
        (xlsx(), filetypes.XLSX),
        (odf("text"), filetypes.ODT),
        (odf("spreadsheet"), filetypes.ODS),
    ],
)
def test_each_accepted_type_is_recognised_by_its_bytes(content, expected):
    assert filetypes.detect_bytes(content) == expected


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "not accepted"),  # a Windows executable
        (b"<!DOCTYPE html><script>alert(1)</script>", "markup"),
        (b"<svg onload=alert(1)>", "markup"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not accepted"),
        (b"x" * 70_000 + b"<script>", "markup"),  # beyond the first chunk
        (b"x" * 65_530 + b"<scr" + b"ipt>", "markup"),  # across two chunks
        (TEXT + b"\xff\xfe", "not accepted"),  # not UTF-8 at the end
        (PDF + office({"a.txt": b"x"}), "both a document and an archive"),  # polyglot
        (JPEG + office({"a.txt": b"x"}), "both a document and an archive"),
        (office({"evil.exe": b"MZ"}), "not accepted"),  # a plain ZIP
        (office({"mimetype": b"application/x-msdownload", "content.xml": b""}), "not accepted"),
        (office({"[Content_Types].xml": b"macroEnabled"}), "not accepted"),
        (b"PK\x03\x04 truncated", "cannot be read"),
        (zip_bomb(), "zip bomb"),
    ],
)
def test_anything_else_is_refused_with_a_reason(content, reason):
    with pytest.raises(filetypes.Refused) as refusal:
        filetypes.detect_bytes(content)
    assert reason in str(refusal.value)


def test_an_attachment_is_stored_under_a_random_name_and_named_by_racine(world, settings):
    item = shared(world)
    aduana = signed_in(world.reader("anam", "partner"))
    answer = upload(
        aduana, item, PDF, name="../../etc/passwd", content_type="text/html", description="PV"
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["name"] == "piece-jointe-1.pdf"
    assert body["content_type"] == "application/pdf"
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest() and body["size"] == len(PDF)
    attachment = Attachment.objects.get()
    path = attachments.stored_path(attachment)
    [stored] = stored_files(settings)
    assert stored == path and path.read_bytes() == PDF
    assert path.parent.parent == Path(settings.RACINE_ATTACHMENTS_DIR)
    assert "passwd" not in str(path) and "passwd" not in str(Attachment.objects.values())
    second = upload(aduana, item, CSV, name="x.pdf")
    assert second.json()["name"] == "piece-jointe-2.csv"
    listed = aduana.get(f"/api/exchange/items/{item.pk}/attachments").json()
    assert [a["name"] for a in listed] == ["piece-jointe-1.pdf", "piece-jointe-2.csv"]


@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/evil.pdf",
        "..\\..\\windows\\system32\\evil.pdf",
        "/etc/cron.d/evil",
        "C:\\evil.pdf",
        "évil\u202egpj.exe",
        "a" * 500 + ".pdf",
        ".htaccess",
    ],
)
def test_hostile_names_are_never_used(world, settings, name, tmp_path):
    item = shared(world)
    answer = upload(signed_in(world.reader("anam", "partner")), item, PDF, name=name)
    assert answer.status_code == 201
    assert answer.json()["name"] == "piece-jointe-1.pdf"
    root = Path(settings.RACINE_ATTACHMENTS_DIR)
    for path in stored_files(settings):
        assert path.is_relative_to(root) and len(path.name) == 32
    assert not any(p.name.startswith("evil") for p in tmp_path.parent.rglob("evil*"))


@pytest.mark.parametrize(
    ("content", "content_type", "words"),
    [
        (b"", "application/pdf", "empty"),
        (b"<html><body>phish</body></html>", "application/pdf", "markup"),
        (b"MZ\x90\x00" + bytes(100), "application/pdf", "not accepted"),
        (PDF + office({"a": b"b"}), "application/pdf", "archive"),
        (zip_bomb(), "application/vnd.openxmlformats-officedocument", "zip bomb"),
    ],
)
def test_forged_empty_and_hostile_files_are_refused_naming_the_field(
    world, settings, content, content_type, words
):
    item = shared(world)
    aduana = signed_in(world.reader("anam", "partner"))
    answer = upload(aduana, item, content, content_type=content_type)
    assert answer.status_code == 400, answer.content
    assert answer.json()["field"] == "file" if "field" in answer.json() else True
    assert words in answer.json()["detail"] or (words == "empty" and "empty" in str(answer.json()))
    assert not Attachment.objects.exists() and stored_files(settings) == []


def test_an_oversized_file_is_refused(world, settings):
    settings.RACINE_MAX_ATTACHMENT_MB = 1
    item = shared(world)
    big = PDF + bytes(1024 * 1024)
    answer = upload(signed_in(world.reader("anam", "partner")), item, big)
    assert answer.status_code == 400 and "larger than 1 MB" in answer.json()["detail"]
    assert not Attachment.objects.exists() and stored_files(settings) == []


def test_only_the_author_and_the_originators_officers_attach(world):
    item = shared(world)
    assert upload(signed_in(world.reader("anam", "analyst")), item, PDF).status_code == 201
    embassy = signed_in(world.reader("embassy", "embassy"))  # a recipient
    assert upload(embassy, item, PDF).status_code == 403
    fgr = signed_in(world.reader("fgr", "partner"))  # does not see the item
    assert upload(fgr, item, PDF).status_code == 404
    assert Attachment.objects.count() == 1


def test_download_is_a_named_attachment_without_sniffing_and_audited(world):
    item = shared(world)  # AMBER
    upload(signed_in(world.reader("anam", "partner")), item, TEXT, name="<script>.html")
    attachment = Attachment.objects.get()
    embassy = signed_in(world.reader("embassy", "embassy"))
    for url in (
        f"/api/exchange/attachments/{attachment.pk}",
        f"/echanges/pieces-jointes/{attachment.pk}/",
    ):
        answer = embassy.get(url)
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content) == TEXT
        assert answer["Content-Disposition"] == 'attachment; filename="piece-jointe-1.txt"'
        assert answer["Content-Type"] == "text/plain"
        assert answer["X-Content-Type-Options"] == "nosniff"
    downloads = AuditEntry.objects.filter(action="download", object_id=str(item.pk))
    assert downloads.count() == 2


def test_a_clear_items_download_is_not_audited(world):
    item = shared(world, handling="clear", distribution="originator", agreement=None)
    upload(signed_in(world.reader("anam", "partner")), item, PDF)
    attachment = Attachment.objects.get()
    assert (
        signed_in(world.reader("embassy", "embassy"))
        .get(f"/api/exchange/attachments/{attachment.pk}")
        .status_code
        == 200
    )
    assert not AuditEntry.objects.filter(action="download").exists()


def test_a_hidden_items_attachment_is_404_like_a_missing_one(world):
    item = shared(world)
    upload(signed_in(world.reader("anam", "partner")), item, PDF)
    attachment = Attachment.objects.get()
    missing = attachment.pk + 1000
    for reader in (world.reader("fgr", "partner"), world.reader("ministry", "admin")):
        client = signed_in(reader)
        hidden_api = client.get(f"/api/exchange/attachments/{attachment.pk}")
        missing_api = client.get(f"/api/exchange/attachments/{missing}")
        assert hidden_api.status_code == missing_api.status_code == 404
        assert hidden_api.json()["detail"].replace(str(attachment.pk), "N") == missing_api.json()[
            "detail"
        ].replace(str(missing), "N")
        assert client.get(f"/api/exchange/items/{item.pk}/attachments").status_code == 404
        hidden_page = client.get(f"/echanges/pieces-jointes/{attachment.pk}/")
        missing_page = client.get(f"/echanges/pieces-jointes/{missing}/")
        assert hidden_page.status_code == missing_page.status_code == 404
    assert not AuditEntry.objects.filter(action="download").exists()


def test_suspending_the_agreement_takes_the_attachments_away(world):
    item = shared(world)
    upload(signed_in(world.reader("anam", "partner")), item, PDF)
    attachment = Attachment.objects.get()
    embassy = signed_in(world.reader("embassy", "embassy"))
    assert embassy.get(f"/api/exchange/attachments/{attachment.pk}").status_code == 200
    world.agreements["mexico"].status = "suspended"
    world.agreements["mexico"].save()
    assert embassy.get(f"/api/exchange/attachments/{attachment.pk}").status_code == 404


def test_the_item_page_shows_the_attachments_and_refuses_with_errors(world, settings):
    item = shared(world)
    aduana = signed_in(world.reader("anam", "partner"))
    page = aduana.get(f"/echanges/{item.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    refused = aduana.post(
        f"/echanges/{item.pk}/pieces-jointes/",
        {"file": SimpleUploadedFile("a.pdf", b"<script>x</script>"), "description": "PV"},
    )
    assert refused.status_code == 400
    assert 'id="id_file-desc-error"' in refused.content.decode()
    refused = aduana.post(
        f"/echanges/{item.pk}/pieces-jointes/",
        {"file": SimpleUploadedFile("a.pdf", PDF), "description": "bad\x07bell"},
    )
    assert (
        refused.status_code == 400 and 'id="id_description-desc-error"' in refused.content.decode()
    )
    assert stored_files(settings) == []
    accepted = aduana.post(
        f"/echanges/{item.pk}/pieces-jointes/",
        {"file": SimpleUploadedFile("a.pdf", PDF), "description": "Procès-verbal"},
    )
    assert accepted.status_code == 302
    page = aduana.get(f"/echanges/{item.pk}/").content.decode()
    assert "piece-jointe-1.pdf" in page and "Procès-verbal" in page
    embassy_page = signed_in(world.reader("embassy", "embassy")).get(f"/echanges/{item.pk}/")
    assert "piece-jointe-1.pdf" in embassy_page.content.decode()
    assert "multipart/form-data" not in embassy_page.content.decode()  # a recipient: no form
    assert (
        signed_in(world.reader("embassy", "embassy"))
        .post(f"/echanges/{item.pk}/pieces-jointes/", {"file": SimpleUploadedFile("a.pdf", PDF)})
        .status_code
        == 403
    )


def test_a_rolled_back_transaction_leaves_a_file_the_sweep_removes(world, settings):
    item = shared(world)
    user = world.reader("anam", "partner")
    with transaction.atomic():
        attachments.attach(user, item.pk, SimpleUploadedFile("a.pdf", PDF))
        transaction.set_rollback(True)  # a later step of the caller failed
    assert not Attachment.objects.exists()
    assert len(stored_files(settings)) == 1
    assert attachments.sweep_orphans() == 0  # too recent: its transaction may be running
    later = timezone.now() + dt.timedelta(hours=2)
    kept = attachments.attach(user, item.pk, SimpleUploadedFile("b.pdf", PDF))
    assert attachments.sweep_orphans(later) == 1
    assert stored_files(settings) == [attachments.stored_path(kept)]


def test_a_refused_row_removes_its_file_at_once(world, settings):
    item = shared(world)
    user = world.reader("anam", "partner")
    with pytest.raises(InvalidInput):
        attachments.attach(user, item.pk, SimpleUploadedFile("a.pdf", PDF), "x" * 201)
    assert stored_files(settings) == []


NAMES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["../x.pdf", "..", ".", "/", "a/b/c.docx", "x.PDF", "\\\\srv\\share\\a.pdf"]),
)
CONTENT = st.one_of(
    st.binary(max_size=300),
    st.sampled_from([PDF, PNG, JPEG, CSV, TEXT, b"<html>", b"PK\x03\x04"]).flatmap(
        lambda head: st.binary(max_size=100).map(lambda tail: head + tail)
    ),
)


@pytest.mark.django_db
@given(
    name=NAMES,
    content=CONTENT,
    declared=st.sampled_from(["application/pdf", "text/html", "x/y"]),
    description=st.one_of(st.just(""), st.text(max_size=220)),
)
def test_hostile_uploads_are_stored_as_detected_or_refused_cleanly(
    world, settings, name, content, declared, description
):
    item = world.hostile_item if hasattr(world, "hostile_item") else shared(world)
    world.hostile_item = item
    client = signed_in(world.reader("anam", "partner"))
    with transaction.atomic():
        before = set(stored_files(settings))
        try:
            file = SimpleUploadedFile(name or "x", content, content_type=declared)
        except Exception:
            return
        answer = client.post(
            f"/api/exchange/items/{item.pk}/attachments",
            {"file": file, "description": description.replace("\x00", "")},
        )
        assert answer.status_code in {201, 400}, answer.content
        after = set(stored_files(settings))
        if answer.status_code == 201:
            body = answer.json()
            assert body["content_type"] in {t.content_type for t in filetypes.ACCEPTED}
            assert body["name"].startswith("piece-jointe-")
            assert body["description"] == description.replace("\x00", "").strip()
            [new] = after - before
            assert new.read_bytes() == content and len(new.name) == 32
        else:
            assert answer.json()["detail"]
            assert after == before
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_get_distinct_numbers_and_files(world, settings):
    import threading

    from django.db import connection

    item = shared(world)
    user = world.reader("anam", "partner")
    results, barrier = [], threading.Barrier(4)

    def attach(index):
        barrier.wait()
        try:
            with transaction.atomic():
                content = PDF + str(index).encode()
                attachments.attach(user, item.pk, SimpleUploadedFile("a.pdf", content))
            results.append("ok")
        except Exception as error:
            results.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attach, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["ok"] * 4, results
    assert sorted(item.attachments.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert len(stored_files(settings)) == 4
    for attachment in item.attachments.all():
        assert attachments.stored_path(attachment).read_bytes().startswith(PDF)
