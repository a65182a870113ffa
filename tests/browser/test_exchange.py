"""In a real browser, the scenario of issue 9: Mexican customs share an AMBER seizure report
with the French embassy under the Mexico framework; the embassy answers a request; a third
organisation sees nothing until the originator accepts a dissemination; suspending the
agreement then removes the embassy's access.
"""

import datetime as dt

import pytest

from racine.core import demo
from racine.core.models import Organisation
from racine.partners.models import Agreement
from tests.browser.test_pages import serious_violations

EMBASSY = "Ambassade de France au Mexique"
MINISTRY = "Ministère de l'Europe et des Affaires étrangères"
FRAMEWORK = "Cadre de coopération douanière France–Mexique"


@pytest.fixture
def people(browser, live_server, transactional_db):
    from racine.core import reference

    reference.load()
    demo.load()
    contexts = []

    def signed_in(username):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto("/connexion/")
        page.get_by_label("Nom d’utilisateur").fill(username)
        page.get_by_label("Mot de passe").fill(demo.DEMO_PASSWORD)
        page.locator("main").get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/")
        return page

    yield signed_in
    for context in contexts:
        context.close()


def test_sharing_under_the_mexico_framework_end_to_end(people):
    embassy_id = str(Organisation.objects.get(name=EMBASSY).pk)
    framework = Agreement.objects.get(title=FRAMEWORK)
    assert framework.status == "in_force"

    aduana = people("aduana.mexico")
    aduana.goto("/echanges/nouveau/seizure/")
    assert serious_violations(aduana) == []
    aduana.locator("#id_title").fill("Saisie de 850 kg de cocaïne à Manzanillo")
    aduana.locator("#id_handling").select_option("amber")
    aduana.locator("#id_distribution").select_option("organisations")
    aduana.locator("#id_organisations").select_option(embassy_id)
    aduana.locator("#id_agreement").select_option(str(framework.pk))
    aduana.locator("#id_seized_on").fill("2026-03-02")
    aduana.locator("#id_country").select_option("MX")
    aduana.locator("#id_place").fill("MXZLO")
    aduana.locator("#id_drugs-0-drug").select_option("cocaine_hydrochloride")
    aduana.locator("#id_drugs-0-quantity").fill("850")
    aduana.locator("#id_drugs-0-unit").select_option("kg")
    aduana.locator("#id_entities-0-kind").select_option("container")
    aduana.locator("#id_entities-0-identifier").fill("CSQU3054383")
    aduana.get_by_role("button", name="Partager").click()
    aduana.wait_for_url("**/echanges/*/")
    report_url = aduana.url
    assert aduana.get_by_role(
        "heading", name="Saisie de 850 kg de cocaïne à Manzanillo"
    ).is_visible()

    aduana.goto("/echanges/nouveau/request/")
    aduana.locator("#id_title").fill("Antécédents du conteneur CSQU3054383")
    aduana.locator("#id_handling").select_option("amber_strict")
    aduana.locator("#id_distribution").select_option("organisations")
    aduana.locator("#id_organisations").select_option(embassy_id)
    aduana.locator("#id_agreement").select_option(str(framework.pk))
    aduana.locator("#id_question").fill("Ce conteneur a-t-il été contrôlé au Havre ?")
    aduana.locator("#id_addressed_to").select_option(embassy_id)
    aduana.locator("#id_deadline").fill((dt.date.today() + dt.timedelta(days=10)).isoformat())
    aduana.get_by_role("button", name="Partager").click()
    aduana.wait_for_url("**/echanges/*/")
    request_url = aduana.url

    attache = people("attache.mexique")
    attache.goto("/echanges/")
    assert attache.get_by_role("link", name="Saisie de 850 kg de cocaïne à Manzanillo").is_visible()
    assert serious_violations(attache) == []
    attache.goto(request_url)
    attache.locator("#id_body").fill("Oui, contrôlé en 2025, rien trouvé.")
    attache.get_by_role("button", name="Envoyer la réponse").click()
    attache.wait_for_load_state()
    assert attache.get_by_text("Oui, contrôlé en 2025, rien trouvé.").is_visible()
    assert serious_violations(attache) == []

    analyste = people("analyste")  # the ministry: a third organisation
    analyste.goto("/echanges/")
    assert analyste.get_by_text("Saisie de 850 kg").count() == 0
    assert analyste.goto(report_url).status == 404

    attache.goto(report_url)
    attache.locator("#id_organisation").select_option(
        str(Organisation.objects.get(name=MINISTRY).pk)
    )
    attache.get_by_role("button", name="Demander", exact=True).click()
    attache.wait_for_load_state()
    assert analyste.goto(report_url).status == 404  # asked, not yet accepted

    aduana.goto(report_url)
    aduana.get_by_role("button", name="Accepter").click()
    aduana.wait_for_load_state()
    assert aduana.get_by_text("Acceptée").first.is_visible()
    assert analyste.goto(report_url).status == 200

    attache.goto(f"/partenaires/accords/{framework.pk}/")
    attache.get_by_label("Nouveau statut").select_option("suspended")
    attache.get_by_role("button", name="Changer le statut").click()
    attache.wait_for_load_state()
    assert attache.goto(report_url).status == 404
    attache.goto("/echanges/")
    assert attache.get_by_text("Saisie de 850 kg").count() == 0
    for page in (aduana, attache, analyste):
        assert page.errors == []
