"""In a real browser: a sanctions officer screens a name and reads why it matched (axe-core)."""

import pytest

from tests import factories
from tests.browser.test_pages import serious_violations


@pytest.fixture
def officer_page(page, transactional_db, tmp_path, settings):
    from racine.core import reference
    from racine.sanctions import demo

    settings.RACINE_SCREENING_INDEX = tmp_path / "index.pickle"
    reference.load()
    ministry = factories.make_organisation("MEAE", kind="ministry", country="FR")
    factories.make_user("sophie", roles=["sanctions_officer"], organisation=ministry)
    demo.load(None)
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("sophie")
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    return page


def test_screen_a_name_and_read_the_explanation(officer_page):
    page = officer_page
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Sanctions"
    ).click()
    assert page.get_by_role("heading", name="Listes officielles").is_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Criblage").first.click()
    page.get_by_label("Nom").first.fill("QUINTANAR POZO, Aurelio")
    page.get_by_label("Date ou année de naissance").fill("1969")
    page.get_by_role("button", name="Cribler", exact=True).click()
    result = page.get_by_role("heading", name="1. Aurelio Quintanar Pozo")
    assert result.is_visible()
    assert page.get_by_text("birth_year").first.is_visible()
    assert serious_violations(page) == []
    result.get_by_role("link").click()
    assert page.get_by_text("El Contador").first.is_visible()
    assert serious_violations(page) == []
    assert page.errors == []


def test_a_hit_of_re_screening_is_announced_explained_and_leads_to_the_item(officer_page):
    """A shared note names a listed person: after the worker's pass, the officer sees it."""
    from racine.core.models import Organisation, User
    from racine.exchange.models import Entity
    from racine.sanctions import tasks
    from tests.exchange.conftest import store_item

    officer = User.objects.get(username="sophie")
    item = store_item(
        originator=Organisation.objects.get(name="MEAE"),
        author=officer,
        distribution="originator",
        personal_data=True,
        title="Note sur un comptable",
    )
    Entity.objects.create(item=item, kind="person", name="Aurelio Quintanar Pozo")
    tasks.schedule()  # what `racine worker` does

    page = officer_page
    page.goto("/sanctions/")
    tab = page.get_by_role("link", name="Correspondances sur les éléments partagés")
    assert "1 nouvelle" in tab.text_content()
    tab.click()
    assert page.get_by_role("heading", name="« Aurelio Quintanar Pozo »").is_visible()
    assert page.get_by_text("demo-001").first.is_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Ouvrir l'élément").click()
    assert page.get_by_role("heading", name="Note sur un comptable").first.is_visible()
    assert page.errors == []
