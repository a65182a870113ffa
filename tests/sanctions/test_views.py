"""The sanctions pages: reserved to sanctions officers, lists, versions, entries, screening."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from racine.sanctions import services
from tests.sanctions.conftest import SMALL_SDN

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(officer, ofac_folder):
    services.import_list(officer, "ofac-csv", ofac_folder("v1", sdn=SMALL_SDN))
    services.import_list(
        officer,
        "ofac-csv",
        ofac_folder("v2", sdn=SMALL_SDN.replace(b"BANCO NACIONAL", b"BANCO POPULAR")),
    )


def test_the_menu_shows_sanctions_to_officers_only(login, officer, coordinator):
    assert "/sanctions/" in login(officer).get("/").content.decode()
    assert "/sanctions/" not in login(coordinator).get("/").content.decode()


@pytest.mark.parametrize("url", ["/sanctions/", "/sanctions/criblage/", "/sanctions/entrees/"])
def test_other_roles_get_403(login, coordinator, url):
    assert login(coordinator).get(url).status_code == 403


def test_lists_versions_and_the_diff_are_shown_in_french(login, officer, imported):
    client = login(officer)
    page = client.get("/sanctions/").content.decode()
    assert "ofac-sdn" in page and "Listes officielles" in page
    versions = client.get("/sanctions/listes/ofac-sdn/").content.decode()
    assert "/sanctions/listes/ofac-sdn/versions/2/" in versions
    diff = client.get("/sanctions/listes/ofac-sdn/versions/2/").content.decode()
    assert "Modifiées (1)" in diff and "306 — BANCO POPULAR DE CUBA" in diff
    assert "Ajoutées (0)" in diff
    assert client.get("/sanctions/listes/ofac-sdn/versions/9/").status_code == 404


def test_entries_search_and_detail(login, officer, imported):
    client = login(officer)
    page = client.get("/sanctions/entrees/?q=orejuela").content.decode()
    assert "RODRIGUEZ OREJUELA" in page and "BANCO" not in page
    entry = services.list_entries(officer, search="orejuela").get()
    detail = client.get(f"/sanctions/entrees/{entry.pk}/").content.decode()
    assert "THE CHESS PLAYER" in detail and "T321642" in detail


def test_the_screening_page_explains_each_result(login, officer, imported):
    page = (
        login(officer)
        .get("/sanctions/criblage/", {"name": "Gilberto Rodríguez Orejuela", "birth_date": "1939"})
        .content.decode()
    )
    assert "RODRIGUEZ OREJUELA, Gilberto Jose" in page
    assert "birth_year" in page and "Score" in page


def test_the_screening_page_shows_a_bad_date_on_the_form(login, officer, imported):
    page = (
        login(officer)
        .get("/sanctions/criblage/", {"name": "Gilberto", "birth_date": "39"})
        .content.decode()
    )
    assert "invalid" in page.lower() or "invalide" in page.lower()


def test_a_file_of_names_gives_a_csv_to_download(login, officer, imported):
    upload = SimpleUploadedFile(
        "names.csv", b"id,name\n1,Gilberto Rodriguez Orejuela\n2,Nadie\n", "text/csv"
    )
    response = login(officer).post("/sanctions/criblage/fichier/", {"file": upload})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(response.content.decode().splitlines()))
    assert rows[0] == ["query_id", "rank", "score", "list", "entity_id", "matched_name"]
    assert rows[1][:2] == ["1", "1"] and rows[1][4] == "4107" and len(rows) == 2


def test_a_bad_file_of_names_is_refused_on_the_form(login, officer, imported):
    upload = SimpleUploadedFile("names.csv", b"id,nom\n1,x\n", "text/csv")
    page = login(officer).post("/sanctions/criblage/fichier/", {"file": upload})
    assert page.status_code == 200 and "names.csv" in page.content.decode()


def test_an_officer_imports_ofac_files_from_the_browser_and_sees_the_version(login, officer):
    from tests.sanctions.conftest import SMALL_ALT

    files = [SimpleUploadedFile("sdn.csv", SMALL_SDN), SimpleUploadedFile("alt.csv", SMALL_ALT)]
    response = login(officer).post(
        "/sanctions/importer/", {"format": "ofac-csv", "files": files}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/sanctions/listes/ofac-sdn/versions/1/"
    assert "Ajoutées (3)" in page and "ent_num 7777" in page  # the orphan alias is reported
    again = login(officer).post(
        "/sanctions/importer/",
        {
            "format": "ofac-csv",
            "files": [
                SimpleUploadedFile("sdn.csv", SMALL_SDN),
                SimpleUploadedFile("alt.csv", SMALL_ALT),
            ],
        },
        follow=True,
    )
    assert again.redirect_chain[-1][0] == "/sanctions/listes/ofac-sdn/"


def test_a_bad_list_from_the_browser_is_refused_on_the_form_and_writes_nothing(login, officer):
    from racine.sanctions.models import ListEntry

    response = login(officer).post(
        "/sanctions/importer/",
        {"format": "un-xml", "files": [SimpleUploadedFile("un.xml", b"<CONSOLIDATED_LIST>")]},
    )
    assert response.status_code == 200 and "not well-formed XML" in response.content.decode()
    odd = login(officer).post(
        "/sanctions/importer/",
        {"format": "ofac-csv", "files": [SimpleUploadedFile("../../etc/x.csv", b"1")]},
    )
    assert "x.csv" in odd.content.decode()
    assert not ListEntry.objects.exists()


def test_other_roles_cannot_import(login, coordinator):
    response = login(coordinator).post(
        "/sanctions/importer/",
        {"format": "un-xml", "files": [SimpleUploadedFile("un.xml", b"<x/>")]},
    )
    assert response.status_code == 403
