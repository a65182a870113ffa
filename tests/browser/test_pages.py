"""In a real browser: sign in, switch language, and pass axe-core on every main page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories

PAGES = [
    "/",
    "/partenaires/",
    "/plan/",
    "/compte/jetons/",
    "/administration/organisations/",
    "/administration/utilisateurs/",
    "/administration/journal/",
    "/administration/utilisateurs/nouveau/",
]


@pytest.fixture
def signed_in(page, transactional_db):
    from racine.core import reference

    reference.load()
    factories.make_user("alice", roles=["administrator"])
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("alice")
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    return page


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_the_sign_in_page_is_french_by_default_even_for_an_english_browser(page, transactional_db):
    page.goto("/connexion/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Se connecter à Racine").is_visible()
    assert serious_violations(page) == []


def test_sign_in_and_switch_to_spanish_then_english(signed_in):
    page = signed_in
    assert page.get_by_role("heading", name="Bienvenue, Alice").is_visible()

    page.locator(".fr-header__tools .fr-translate__btn").click()
    page.get_by_role("button", name="ES - Español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert (
        page.get_by_role("navigation", name="Menú principal")
        .get_by_role("link", name="Socios")
        .is_visible()
    )

    page.locator(".fr-header__tools .fr-translate__btn").click()
    page.get_by_role("button", name="EN - English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Welcome, Alice").is_visible()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_main_pages_pass_axe_core_without_serious_violations(signed_in, language):
    page = signed_in
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    for path in PAGES:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert serious_violations(page) == [], path
    assert page.errors == []


def test_the_api_documentation_loads_from_our_own_server(signed_in):
    page = signed_in
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/docs")
    page.get_by_text("Racine API").first.wait_for()
    assert all(
        url.startswith(page.url.split("/api/")[0]) or url.startswith("data:") for url in requests
    )
