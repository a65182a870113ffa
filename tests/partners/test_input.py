"""Bad input on the partners pages and API: refused on the field, nothing written.

Each test here was written against a defect found in the walk of issue 6 and failed
before its fix.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from racine.core.errors import InvalidInput
from racine.partners import services
from racine.partners.models import AgreementEvent, CountryRole, SharingProvision
from tests.pages import field_error
from tests.partners.conftest import agreement_data


def test_an_agreement_holds_one_level_per_category(attache, mexico):
    embassy, anam = mexico
    data = agreement_data(embassy, [anam], sharing=[("alerts", "clear"), ("alerts", "red")])
    with pytest.raises(InvalidInput) as refused:
        services.create_agreement(attache, data)
    assert refused.value.field == "sharing" and "Alert" in refused.value.detail


def test_the_agreement_form_refuses_two_levels_for_one_category_on_the_field(
    attache, mexico, login
):
    embassy, anam = mexico
    response = login(attache).post(
        "/partenaires/accords/nouveau/",
        {
            "title": "Accord contradictoire",
            "kind": "customs",
            "lead_organisation": embassy.pk,
            "partner_countries": ["MX"],
            "sharing": ["alerts:clear", "alerts:red"],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "sharing")
    assert 'value="Accord contradictoire"' in page
    assert not SharingProvision.objects.filter(category="alerts").exists()


def test_the_database_refuses_a_second_level_for_a_category(draft):
    SharingProvision.objects.create(agreement=draft, category="alerts", handling_code="amber")
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingProvision.objects.create(agreement=draft, category="alerts", handling_code="red")


def test_changing_a_level_replaces_it(draft, attache, mexico):
    embassy, anam = mexico
    data = agreement_data(embassy, [anam], sharing=[("seizure_reports", "red")])
    services.update_agreement(attache, draft.pk, data)
    levels = list(draft.sharing_provisions.values_list("category", "handling_code"))
    assert levels == [("seizure_reports", "red")]


@pytest.mark.parametrize(
    ("level", "code", "covered"),
    [
        ("amber", "clear", False),
        ("amber", "green", False),
        ("amber", "amber", True),
        ("amber", "amber_strict", True),
        ("amber", "red", True),
        ("clear", "clear", True),
        ("clear", "red", True),
        ("red", "amber_strict", False),
        ("red", "red", True),
        ("green", "bogus", False),
    ],
)
def test_a_level_covers_itself_and_every_stricter_code(draft, level, code, covered):
    draft.sharing_provisions.all().delete()
    SharingProvision.objects.create(agreement=draft, category="alerts", handling_code=level)
    assert services.provisions_cover(draft, "alerts", code) is covered
    assert services.provisions_cover(draft, "seizure_reports", code) is False


def test_a_status_change_in_error_shows_on_its_field_with_the_input_kept(draft, attache, login):
    response = login(attache).post(
        f"/partenaires/accords/{draft.pk}/etape/",
        {"to_status": "negotiation", "on": "1900-01-01", "note": "Premier tour"},
    )
    assert response.status_code == 400  # the page again, not a redirect
    page = response.content.decode()
    assert "2025-09-01" in field_error(page, "on")  # before the previous step
    assert 'value="Premier tour"' in page
    assert AgreementEvent.objects.filter(agreement=draft).count() == 1


def test_an_impossible_status_date_is_refused_on_the_field(draft, attache, login):
    response = login(attache).post(
        f"/partenaires/accords/{draft.pk}/etape/", {"to_status": "negotiation", "on": "2026-02-30"}
    )
    assert response.status_code == 400 and field_error(response.content.decode(), "on")


def test_a_document_in_error_shows_on_its_field(draft, attache, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = login(attache).post(
        f"/partenaires/accords/{draft.pk}/documents/",
        {"kind": "text", "file": SimpleUploadedFile("virus.exe", b"MZ...", "application/pdf")},
    )
    assert response.status_code == 400
    assert "PDF" in field_error(response.content.decode(), "file")
    assert not draft.documents.exists()


def test_a_document_without_a_file_says_so_on_the_field(draft, attache, login):
    response = login(attache).post(f"/partenaires/accords/{draft.pk}/documents/", {"kind": "text"})
    assert response.status_code == 400 and field_error(response.content.decode(), "file")


def test_a_country_role_from_1900_or_ending_before_it_starts_is_refused(coordinator, login):
    client = login(coordinator)
    body = {"country": "CO", "role": "production", "since": "1900-01-01", "source": "ONUDC"}
    response = client.post("/api/country-roles", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "since"
    ends_before = body | {"since": "2020-01-01", "until": "2019-01-01"}
    response = client.post("/api/country-roles", ends_before, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "until"
    assert not CountryRole.objects.exists()


def test_a_title_of_10000_characters_is_refused_on_the_field(attache, mexico):
    embassy, anam = mexico
    with pytest.raises(InvalidInput) as refused:
        services.create_agreement(attache, agreement_data(embassy, [anam], title="x" * 10_000))
    assert refused.value.field == "title"


def test_a_transition_in_1900_is_refused_by_the_service(draft, attache):
    with pytest.raises(InvalidInput) as refused:
        services.transition(attache, draft.pk, "negotiation", dt.date(1900, 1, 1))
    assert refused.value.field == "on"
