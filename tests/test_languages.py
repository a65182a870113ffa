"""Everything in Spanish and English: the plan's own texts, labels, punctuation, API errors."""

import json

import pytest

from racine.core import demo
from racine.core.models import User
from racine.plan import reference
from racine.plan.translations import TRANSLATIONS, localized

# Words and strings that only the French interface may show.
FRENCH_ONLY = [
    "nouveaux accords",
    "Site choisi",
    "effectifs spécialisés",
    "Tripler les moyens",
    "Doubler les crédits",
    "régime de sanctions européen",
    "présentation du plan",
    "Prévision",
    "Échéance",
    "Valeur de référence",
    "En bonne voie",
    "À risque",
    "Pays partenaires",
    "Source :",
    "Source\u00a0:",
    "\u202f%",
    " %",
]


def reference_texts() -> list[str]:
    texts = [reference.ANNOUNCEMENT]
    texts += [title for _code, title in reference.AXES]
    for objective in reference.OBJECTIVES:
        texts += [objective[2], objective[3], objective[8], *objective[10]]
    return texts


def test_every_reference_text_of_the_plan_reads_in_spanish_and_english():
    for text in reference_texts():
        assert set(TRANSLATIONS.get(text, {})) >= {"es", "en"}, text
        assert localized(text, "fr") == text


def test_an_edited_text_reads_as_edited():
    assert localized("Un titre modifié par la coordination", "es") == (
        "Un titre modifié par la coordination"
    )


@pytest.fixture
def coordination(reference, client):
    demo.load()
    client.force_login(User.objects.get(username="coordination"))
    return client


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "12 nuevos acuerdos de cooperación"), ("en", "12 new cooperation agreements")],
)
def test_the_dashboard_holds_no_french_text_in_spanish_or_english(coordination, language, expected):
    coordination.cookies["django_language"] = language
    page = coordination.get("/plan/").content.decode()
    text = page.split("<main", 1)[1].split("</main>")[0]

    assert expected in text
    assert "Sede elegida" in text or "Site chosen" in text  # the academy's stage
    for french in FRENCH_ONLY:
        assert french not in text, french


def test_the_tlp_labels_of_the_agreement_form_follow_the_reader(coordination):
    coordination.cookies["django_language"] = "es"
    page = coordination.get("/partenaires/accords/nouveau/").content.decode()

    assert "TLP:CLEAR — sin restricciones" in page
    assert "aucune restriction" not in page


def test_an_api_validation_error_is_translated_and_names_the_field_in_words(coordination):
    embassy = User.objects.get(username="coordination").organisation_id
    body = {"embassy": embassy, "year": 2026, "category": "training", "committed": "beaucoup"}

    coordination.cookies["django_language"] = "es"
    spanish = coordination.post(
        "/api/budget-lines", json.dumps(body), content_type="application/json"
    ).json()
    coordination.cookies["django_language"] = "fr"
    french = coordination.post(
        "/api/budget-lines", json.dumps(body), content_type="application/json"
    ).json()

    assert spanish["errors"][0]["field"] == "committed"
    assert "Importe comprometido" in spanish["detail"], spanish["detail"]
    assert "Input should" not in spanish["detail"]
    assert "Montant engagé" in french["detail"], french["detail"]


@pytest.mark.parametrize(
    "path", ["/plan/note/", "/plan/objectifs/academie-regionale/", "/ressources/aide/"]
)
def test_the_briefing_objective_and_aid_pages_hold_no_french_text_in_english(coordination, path):
    coordination.cookies["django_language"] = "en"
    page = coordination.get(path).content.decode()
    text = page.split("<body", 1)[1]

    for french in FRENCH_ONLY:
        assert french not in text, french
