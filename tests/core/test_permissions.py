"""Role checks: administration pages and API endpoints answer by role, the same way."""

import pytest

ADMIN_PAGES = [
    "/administration/organisations/",
    "/administration/organisations/nouvelle/",
    "/administration/utilisateurs/",
    "/administration/utilisateurs/nouveau/",
    "/administration/journal/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_administration_pages_open_for_administrators(path, administrator, login):
    assert login(administrator).get(path).status_code == 200


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_administration_pages_are_forbidden_to_other_roles(path, make_user, login):
    analyst = make_user("nora", roles=["analyst", "plan_coordinator"])
    response = login(analyst).get(path)
    assert response.status_code == 403
    assert "Administrateur" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_sign_in_page(client, reference):
    response = client.get("/administration/utilisateurs/")
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


def test_the_administration_menu_is_shown_to_administrators_only(administrator, viewer, login):
    assert "/administration/" in login(administrator).get("/").content.decode()
    assert "/administration/" not in login(viewer).get("/").content.decode()


def test_an_administrator_creates_an_organisation_from_the_page(administrator, login):
    response = login(administrator).post(
        "/administration/organisations/nouvelle/",
        {
            "name": "Policía Nacional del Perú",
            "acronym": "PNP",
            "kind": "police",
            "country": "PE",
            "active": "on",
        },
    )
    assert response.status_code == 302
    page = login(administrator).get("/administration/organisations/?q=Perú").content.decode()
    assert "Policía Nacional del Perú" in page


def test_an_administrator_creates_a_user_with_two_roles(administrator, login):
    client = login(administrator)
    response = client.post(
        "/administration/utilisateurs/nouveau/",
        {
            "username": "lucia",
            "roles": ["partner_officer", "viewer"],
            "is_active": "on",
            "password": "a long enough passphrase",
        },
    )
    assert response.status_code == 302
    from racine.core.models import User

    assert User.objects.get(username="lucia").role_codes() == {"partner_officer", "viewer"}


def test_a_user_form_with_a_weak_password_is_refused_and_writes_nothing(administrator, login):
    response = login(administrator).post(
        "/administration/utilisateurs/nouveau/",
        {"username": "lucia", "roles": ["viewer"], "password": "short"},
    )
    assert response.status_code == 200
    assert "fr-error-text" in response.content.decode()
    from racine.core.models import User

    assert not User.objects.filter(username="lucia").exists()


def test_api_user_list_is_forbidden_to_non_administrators(viewer, login):
    response = login(viewer).get("/api/users")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_api_organisation_creation_is_forbidden_to_non_administrators(viewer, login):
    response = login(viewer).post(
        "/api/organisations",
        {"name": "X", "kind": "police", "country": "PE"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_list_pages_keep_their_filters_from_page_to_page(administrator, login, make_user):
    for number in range(30):
        make_user(f"analyst{number:02}", roles=["analyst"])
    page = login(administrator).get("/administration/utilisateurs/?role=analyst").content.decode()
    assert "?role=analyst&amp;page=2" in page
    assert "1 / 2" in page


def test_a_partner_officer_does_not_see_the_other_partner_agencies(make_user, login):
    from tests.factories import make_organisation

    make_organisation("Ambassade de France au Mexique")
    anam = make_organisation("ANAM", kind="customs", country="MX", french_state=False)
    make_organisation("DIRAN", kind="police", country="CO", french_state=False)
    lucia = make_user("lucia", roles=["partner_officer"], organisation=anam)
    names = {o["name"] for o in login(lucia).get("/api/organisations").json()["results"]}
    assert "ANAM" in names and "DIRAN" not in names
    assert "Ambassade de France au Mexique" in names
