"""In a real browser: the plan's dashboard, a drill-down, an agreement's lifecycle, the PDF."""

import pytest
from pypdf import PdfReader

from racine.core import demo
from tests.browser.test_pages import serious_violations


@pytest.fixture
def coordination(page, transactional_db):
    from racine.core import reference

    reference.load()
    demo.load()
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("coordination")
    page.get_by_label("Mot de passe").fill(demo.DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    return page


def test_the_dashboard_shows_six_objectives_and_drills_down_to_the_agreements(coordination):
    page = coordination
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Plan").click()
    cards = page.locator(".racine-card")
    assert cards.count() == 6
    assert serious_violations(page) == []

    page.locator("#objective-accords-region .racine-figure").click()
    page.wait_for_url("**/plan/objectifs/accords-region/**")
    assert page.locator("#records tbody tr").count() == int(
        page.locator(".racine-figure").inner_text().split("/")[0].strip()
    )
    assert serious_violations(page) == []
    assert page.errors == []


def test_an_agreement_goes_through_its_lifecycle_in_the_ui_and_moves_the_objective(coordination):
    page = coordination
    page.goto("/plan/")
    before = page.locator("#objective-accords-region .racine-figure").inner_text()

    page.goto("/partenaires/accords/nouveau/")
    page.get_by_label("Titre").fill("Accord de coopération de sécurité France–Honduras")
    page.locator("#id_kind").select_option("security")
    page.get_by_label("Pays partenaires").select_option("HN")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/partenaires/accords/*/")
    assert page.get_by_text("Projet", exact=True).first.is_visible()

    for status in ("negotiation", "signed", "in_force"):
        page.get_by_label("Nouveau statut").select_option(status)
        page.get_by_role("button", name="Changer le statut").click()
        page.wait_for_load_state()
    assert page.locator(".racine-lifecycle li").count() == 4
    assert serious_violations(page) == []

    page.goto("/plan/")
    after = page.locator("#objective-accords-region .racine-figure").inner_text()
    assert int(after.split("/")[0]) == int(before.split("/")[0]) + 1


def test_a_refused_transition_is_explained_and_changes_nothing(coordination):
    page = coordination
    page.goto("/partenaires/accords/?status=draft")
    page.locator("table tbody a").first.click()
    page.get_by_label("Nouveau statut").select_option("negotiation")
    page.locator("#id_on").fill("2020-01-01")  # before the draft was recorded
    page.get_by_role("button", name="Changer le statut").click()
    page.wait_for_load_state()
    # The DSFR form pattern: the error under the field, what was typed kept.
    assert page.locator("#id_on-desc-error").is_visible()
    assert page.locator("#id_on").input_value() == "2020-01-01"
    assert page.locator(".racine-lifecycle li").count() == 1


def test_the_briefing_pdf_downloads_with_the_figures(coordination):
    page = coordination
    page.goto("/plan/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Note au ministre (PDF)").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "12 nouveaux accords de coopération" in text
    assert "/ 12" in text
