"""The compose page of a seizure: several drugs, entities and transits, without JavaScript.

Each error shows on its line and field (400) and nothing is written; « Add a line »
re-renders the page with one more empty line, what was typed kept and no error shown.
"""

from __future__ import annotations

from django.test import Client

from racine.exchange.models import Entity, Item, SeizedDrug
from tests.exchange.test_views import lines
from tests.pages import field_error

URL = "/echanges/nouveau/seizure/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def report(world, drugs=(), transits=(), entities=(), **changes) -> dict:
    return {
        "title": "Saisie au port de Manzanillo",
        "handling": "amber",
        "distribution": "agreement",
        "agreement": world.agreements["mexico"].pk,
        "source_reliability": "B",
        "information_accuracy": "2",
        "seized_on": "2026-03-02",
        "country": "MX",
        "place": "MXZLO",
        "origin": "EC",
        "destination": "BE",
        **lines("drugs", *drugs),
        **lines("transits", *transits),
        **lines("entities", *entities),
        **changes,
    }


COCAINE = {"drug": "cocaine_hydrochloride", "quantity": "850", "unit": "kg"}
RESIN = {"drug": "cannabis_resin", "quantity": "1200", "unit": "g"}
VESSEL = {"kind": "vessel", "name": "MSC Flaminia", "identifier": "IMO 9074729", "country": "PA"}
CONTAINER = {"kind": "container", "identifier": "CSQU 305438 3"}
EMPTY_ENTITY = {"kind": "", "name": "", "identifier": "", "birth_date": "", "country": ""}


def nothing_written():
    return not Item.objects.exists() and not Entity.objects.exists()


def test_the_empty_page_offers_lines_for_drugs_transits_and_entities(world):
    page = signed_in(world.reader("anam", "partner")).get(URL).content.decode()
    for field in ("drugs-0-drug", "drugs-0-quantity", "transits-0-country", "entities-1-kind"):
        assert f'id="id_{field}"' in page
    assert 'id="id_drugs-1-drug"' not in page
    assert page.count('name="add_line"') == 3
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_seizure_with_two_drugs_a_vessel_a_container_and_a_route(world):
    client = signed_in(world.reader("anam", "partner"))
    data = report(
        world,
        drugs=[COCAINE, RESIN],
        transits=[{"country": "PA"}, {"country": "ES"}],
        entities=[VESSEL, EMPTY_ENTITY, CONTAINER, {"kind": "person", "name": "Juan Pérez"}],
    )
    answer = client.post(URL, data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    item = Item.objects.get()
    assert item.seizure.transits == ["PA", "ES"]
    assert (item.seizure.origin_id, item.seizure.destination_id) == ("EC", "BE")
    drugs = sorted(SeizedDrug.objects.values_list("drug", "normalised_quantity"))
    assert [(d, float(q)) for d, q in drugs] == [
        ("cannabis_resin", 1.2),
        ("cocaine_hydrochloride", 850.0),
    ]
    entities = sorted(item.entities.values_list("kind", "identifier"))
    assert entities == [("container", "CSQU3054383"), ("person", ""), ("vessel", "9074729")]
    assert item.personal_data  # a person is named


def test_add_a_line_keeps_what_was_typed_and_shows_no_error(world):
    client = signed_in(world.reader("anam", "partner"))
    data = report(world, drugs=[COCAINE], title="", add_line="drugs")
    page = client.post(URL, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="id_drugs-1-drug"' in html and 'id="id_drugs-2-drug"' not in html
    assert 'value="850"' in html
    assert "desc-error" not in html and "fr-alert--error" not in html
    page = client.post(URL, report(world, add_line="entities"))
    assert 'id="id_entities-0-kind"' in page.content.decode()
    assert nothing_written()


def test_errors_show_on_their_line_and_field_and_nothing_is_written(world):
    client = signed_in(world.reader("anam", "partner"))
    bad_container = {"kind": "container", "identifier": "CSQU3054384"}
    page = client.post(URL, report(world, drugs=[COCAINE], entities=[EMPTY_ENTITY, bad_container]))
    assert page.status_code == 400
    html = page.content.decode()
    assert "check digit" in field_error(html, "entities-1-identifier")
    assert field_error(html, "entities-0-identifier") == ""
    assert nothing_written()

    page = client.post(URL, report(world, drugs=[COCAINE, {**RESIN, "quantity": "beaucoup"}]))
    html = page.content.decode()
    assert page.status_code == 400 and field_error(html, "drugs-1-quantity")
    assert field_error(html, "drugs-0-quantity") == ""

    page = client.post(URL, report(world, drugs=[{**COCAINE, "drug": "sugar"}]))
    assert field_error(page.content.decode(), "drugs-0-drug")

    page = client.post(URL, report(world, drugs=[COCAINE], transits=[{"country": "ZZ"}]))
    assert field_error(page.content.decode(), "transits-0-country")

    bad_vessel = {**VESSEL, "identifier": "IMO 9074728"}
    page = client.post(URL, report(world, drugs=[COCAINE], entities=[CONTAINER, bad_vessel]))
    assert "check digit" in field_error(page.content.decode(), "entities-1-identifier")

    no_kind = {**EMPTY_ENTITY, "name": "Juan"}
    page = client.post(URL, report(world, drugs=[COCAINE], entities=[no_kind]))
    assert field_error(page.content.decode(), "entities-0-kind")
    assert nothing_written()


def test_a_report_without_drugs_says_so_above_the_drug_lines(world):
    page = signed_in(world.reader("anam", "partner")).post(URL, report(world))
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="drugs-errors"' in html and "at least one drug" in html
    assert nothing_written()


def test_tampered_line_counts_are_refused_cleanly(world):
    client = signed_in(world.reader("anam", "partner"))
    for total in ("1000000000", "-1", "abc", "", "51"):
        data = report(world, drugs=[COCAINE])
        data["drugs-TOTAL_FORMS"] = total
        assert client.post(URL, data).status_code == 400, total
    data = report(world, drugs=[COCAINE])
    del data["entities-TOTAL_FORMS"]
    assert client.post(URL, data).status_code == 400
    page = client.post(URL, report(world, drugs=[COCAINE], add_line="nonsense"))
    assert page.status_code == 200
    assert nothing_written()
