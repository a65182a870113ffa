"""In a real browser, without any script of ours: a seizure report with two drugs, a vessel and
a container, composed line by line with « Ajouter une ligne », a refused check digit shown on
its line, then shared.
"""

import pytest

from racine.core import demo
from racine.exchange.models import Item
from racine.partners.models import Agreement
from tests.browser.test_pages import serious_violations

FRAMEWORK = "Cadre de coopération douanière France–Mexique"


@pytest.fixture
def aduana(page, transactional_db):
    from racine.core import reference

    reference.load()
    demo.load()
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("aduana.mexico")
    page.get_by_label("Mot de passe").fill(demo.DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    return page


def test_a_seizure_with_two_drugs_a_vessel_and_a_container(aduana):
    page = aduana
    framework = Agreement.objects.get(title=FRAMEWORK)
    before = Item.objects.count()
    page.goto("/echanges/nouveau/seizure/")
    assert serious_violations(page) == []
    page.locator("#id_title").fill("Saisie de cocaïne et de résine à Manzanillo")
    page.locator("#id_handling").select_option("amber")
    page.locator("#id_distribution").select_option("agreement")
    page.locator("#id_agreement").select_option(str(framework.pk))
    page.locator("#id_seized_on").fill("2026-03-02")
    page.locator("#id_country").select_option("MX")
    page.locator("#id_place").fill("MXZLO")
    page.locator("#id_origin").select_option("EC")
    page.locator("#id_destination").select_option("BE")
    page.locator("#id_drugs-0-drug").select_option("cocaine_hydrochloride")
    page.locator("#id_drugs-0-quantity").fill("850")
    # « Ajouter une ligne » posts the page back with one more drug line, nothing lost.
    page.locator("#drugs").get_by_role("button", name="Ajouter une ligne").click()
    page.locator("#id_drugs-1-drug").wait_for()
    assert page.locator("#id_drugs-0-quantity").input_value() == "850"
    assert page.locator("#id_title").input_value() == "Saisie de cocaïne et de résine à Manzanillo"
    page.locator("#id_drugs-1-drug").select_option("cannabis_resin")
    page.locator("#id_drugs-1-quantity").fill("1.5")
    page.locator("#id_drugs-1-unit").select_option("t")
    page.locator("#id_transits-0-country").select_option("PA")
    page.locator("#id_entities-0-kind").select_option("vessel")
    page.locator("#id_entities-0-name").fill("MSC Flaminia")
    page.locator("#id_entities-0-identifier").fill("IMO 9074729")
    page.locator("#id_entities-1-kind").select_option("container")
    page.locator("#id_entities-1-identifier").fill("CSQU3054384")  # wrong check digit
    page.get_by_role("button", name="Partager", exact=True).last.click()
    error = page.locator("#id_entities-1-identifier-desc-error")
    assert "clé de contrôle" in error.inner_text()
    assert page.locator("#id_entities-0-identifier-desc-error").count() == 0
    assert Item.objects.count() == before  # nothing written
    assert serious_violations(page) == []
    page.locator("#id_entities-1-identifier").fill("CSQU3054383")
    page.get_by_role("button", name="Partager", exact=True).last.click()
    page.wait_for_url("**/echanges/*/")
    item = Item.objects.latest("pk")
    assert item.title == "Saisie de cocaïne et de résine à Manzanillo"
    assert sorted(item.seizure.drugs.values_list("drug", flat=True)) == [
        "cannabis_resin",
        "cocaine_hydrochloride",
    ]
    assert sorted(item.entities.values_list("kind", "identifier")) == [
        ("container", "CSQU3054383"),
        ("vessel", "9074729"),
    ]
    assert item.seizure.transits == ["PA"]
    assert page.get_by_text("Résine de cannabis").is_visible()
    # The refused post answered 400 (on purpose); nothing else went wrong in the page.
    assert [e for e in page.errors if "status of 400" not in e] == []
