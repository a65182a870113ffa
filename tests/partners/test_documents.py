"""Documents attached to agreements: type and size limits, downloads behind permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from racine.core.errors import InvalidInput, NotFound
from racine.partners import services
from racine.partners.models import AgreementDocument

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def test_a_pdf_is_attached_and_downloaded_by_a_party(draft, attache, aduana, login):
    document = services.attach_document(
        attache, draft.pk, "text", SimpleUploadedFile("texte.pdf", PDF, "application/pdf")
    )
    assert (document.size, document.content_type) == (len(PDF), "application/pdf")
    response = login(aduana).get(f"/partenaires/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_document_is_hidden_from_agencies_outside_the_agreement(draft, attache, aduana):
    document = services.attach_document(
        attache, draft.pk, "text", SimpleUploadedFile("texte.pdf", PDF)
    )
    draft.partner_organisations.clear()
    with pytest.raises(NotFound):
        services.get_document(aduana, document.pk)


@pytest.mark.parametrize(
    ("name", "content"),
    [("macro.exe", b"MZ\x90\x00"), ("texte.pdf", b"MZ\x90\x00 not a pdf"), ("page.html", b"<p>")],
)
def test_other_types_and_disguised_files_are_refused(draft, attache, name, content):
    with pytest.raises(InvalidInput):
        services.attach_document(attache, draft.pk, "text", SimpleUploadedFile(name, content))
    assert not AgreementDocument.objects.exists()


@override_settings(RACINE_MAX_UPLOAD_MB=1)
def test_a_file_over_the_size_limit_is_refused(draft, attache):
    big = SimpleUploadedFile("texte.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(InvalidInput, match="1"):
        services.attach_document(attache, draft.pk, "text", big)
