"""In a real browser, a joint operation of the demo: the Mexican customs officer opens the
France–Mexico container operation, adds a log entry and a seizure, the embassy sees
them, and the Colombian police, a third organisation, gets 404.
"""

from racine.exchange.models import JointOperation
from tests.browser.test_exchange import people  # noqa: F401 (the signed-in pages fixture)
from tests.browser.test_pages import serious_violations


def test_a_partner_officer_runs_the_france_mexico_operation(people):  # noqa: F811
    operation = JointOperation.objects.get(code="FR-MX-2026-01")
    url = f"/echanges/operations/{operation.pk}/"

    aduana = people("aduana.mexico")
    aduana.goto("/echanges/operations/")
    aduana.get_by_role("table").get_by_role("link", name=operation.name).click()
    aduana.wait_for_url(f"**{url}")
    assert aduana.get_by_role("heading", name=operation.name).is_visible()
    assert serious_violations(aduana) == []
    aduana.locator("#id_text").fill("Conteneur MSCU ciblé à l'embarquement, scellé posé.")
    aduana.get_by_role("button", name="Ajouter au journal").click()
    aduana.wait_for_load_state()
    assert aduana.get_by_text("Conteneur MSCU ciblé à l'embarquement").is_visible()

    aduana.locator("#id_kind").select_option("seizure")
    aduana.locator("#id_on").fill("2026-06-02")
    aduana.locator("#id_drug").select_option("cocaine_hydrochloride")
    aduana.locator("#id_quantity").fill("750")
    aduana.locator("#id_unit").select_option("kg")
    aduana.get_by_role("button", name="Enregistrer le résultat").click()
    aduana.wait_for_load_state()
    assert aduana.get_by_text("Résultat enregistré.").is_visible()
    assert serious_violations(aduana) == []

    attache = people("attache.mexique")
    attache.goto("/echanges/operations/")
    assert "entrées du journal dans FR-MX-2026-01" in attache.content()
    attache.goto(url)
    assert attache.get_by_text("Conteneur MSCU ciblé à l'embarquement").is_visible()
    assert attache.get_by_text("2000 kg").first.is_visible()  # 1 250 kg of the demo + 750 kg

    diran = people("diran.colombia")
    assert diran.goto(url).status == 404
    diran.goto("/echanges/operations/")
    assert diran.get_by_text(operation.name).count() == 0
    for page in (aduana, attache, diran):
        assert page.errors == []
