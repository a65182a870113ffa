"""The exchange pages: inbox, compose, item page, answers, disseminations, 404s, audit."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from racine.core.models import AuditEntry
from racine.exchange import compose
from racine.exchange.models import Dissemination, Item
from tests.exchange.conftest import seizure


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def lines(prefix: str, *rows: dict) -> dict:
    """Return the POST data of a formset of the compose page holding ``rows``."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def shared(world):
    return compose.create_item(
        world.reader("anam", "partner"), seizure(agreement=world.agreements["mexico"].pk)
    )


def test_the_inbox_lists_what_is_shared_with_me_with_unread_marks(world):
    item = shared(world)
    embassy = signed_in(world.reader("embassy", "embassy"))
    page = embassy.get("/echanges/")
    assert page.status_code == 200
    html = page.content.decode()
    assert item.title in html and "●" in html
    embassy.get(f"/echanges/{item.pk}/")
    assert "●" not in embassy.get("/echanges/").content.decode()
    assert item.title not in embassy.get("/echanges/?unread=1").content.decode()
    assert item.title not in embassy.get("/echanges/?q=héroïne").content.decode()
    assert item.title in embassy.get("/echanges/?q=manzanillo").content.decode()
    fgr = signed_in(world.reader("fgr", "partner"))
    assert item.title not in fgr.get("/echanges/").content.decode()


def test_a_hidden_item_is_a_404_page_like_a_missing_one(world):
    item = shared(world)
    fgr = signed_in(world.reader("fgr", "partner"))
    assert fgr.get(f"/echanges/{item.pk}/").status_code == 404
    assert fgr.get("/echanges/999999/").status_code == 404
    admin = signed_in(world.reader("ministry", "admin"))
    assert admin.get(f"/echanges/{item.pk}/").status_code == 404


def test_viewing_and_exporting_amber_items_is_audited_and_exports_carry_the_codes(world):
    item = shared(world)
    embassy = signed_in(world.reader("embassy", "embassy"))
    embassy.get(f"/echanges/{item.pk}/")
    assert AuditEntry.objects.filter(action="view", object_id=str(item.pk)).count() == 1
    export = embassy.get("/echanges/?format=csv")
    text = export.content.decode("utf-8-sig")
    assert "TLP:AMBER" in text and item.title in text
    assert AuditEntry.objects.filter(action="export", object_id=str(item.pk)).count() == 1


def test_composing_a_seizure_report_from_the_form(world):
    aduana = signed_in(world.reader("anam", "partner"))
    assert aduana.get("/echanges/nouveau/seizure/").status_code == 200
    form = {
        "title": "Saisie au port de Manzanillo",
        "handling": "amber",
        "distribution": "agreement",
        "agreement": world.agreements["mexico"].pk,
        "source_reliability": "B",
        "information_accuracy": "2",
        "seized_on": "2026-03-02",
        "country": "MX",
        "place": "MXZLO",
        **lines("drugs", {"drug": "cocaine_hydrochloride", "quantity": "850", "unit": "kg"}),
        **lines("transits"),
        **lines("entities", {"kind": "container", "identifier": "CSQU3054383"}),
    }
    answer = aduana.post("/echanges/nouveau/seizure/", form)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    item = Item.objects.get()
    assert item.source_reliability == "B" and item.seizure.place == "MXZLO"
    form["entities-0-identifier"] = "CSQU3054384"
    refused = aduana.post("/echanges/nouveau/seizure/", form)
    assert refused.status_code == 400 and "clé de contrôle" in refused.content.decode()
    assert Item.objects.count() == 1


def test_dissemination_and_answers_through_the_pages(world):
    item = shared(world)
    embassy = signed_in(world.reader("embassy", "embassy"))
    embassy.post(f"/echanges/{item.pk}/diffusions/", {"organisation": world.orgs["fgr"].pk})
    dissemination = Dissemination.objects.get()
    aduana = signed_in(world.reader("anam", "analyst"))
    assert "awaits your decision" in aduana.get("/echanges/").content.decode() or (
        "attend votre décision" in aduana.get("/echanges/").content.decode()
    )
    assert embassy.post(f"/echanges/diffusions/{dissemination.pk}/decision/", {"accept": "1"})
    dissemination.refresh_from_db()
    assert dissemination.status == "requested"  # the embassy is not the originator
    aduana.post(f"/echanges/diffusions/{dissemination.pk}/decision/", {"accept": "1"})
    dissemination.refresh_from_db()
    assert dissemination.status == "accepted"
    assert signed_in(world.reader("fgr", "partner")).get(f"/echanges/{item.pk}/").status_code == 200
    request = compose.create_item(
        world.reader("anam", "partner"),
        compose.ItemData(
            kind="request",
            title="Antécédents",
            handling="amber",
            distribution="agreement",
            agreement=world.agreements["mexico"].pk,
            request=compose.RequestData(
                "Déjà contrôlé ?", world.orgs["embassy"].pk, dt.date.today() + dt.timedelta(7)
            ),
        ),
    )
    embassy.post(f"/echanges/{request.pk}/reponses/", {"body": "Oui, en 2025."})
    page = embassy.get(f"/echanges/{request.pk}/").content.decode()
    assert "Oui, en 2025." in page


def test_the_compose_page_is_refused_to_roles_that_cannot_share(world):
    for role in ("admin", "coordinator", "viewer"):
        page = signed_in(world.reader("ministry", role)).get("/echanges/nouveau/seizure/")
        assert page.status_code == 403
        assert b'name="csrfmiddlewaretoken"' not in page.content.split(b"<main")[-1]
    assert (
        signed_in(world.reader("ministry", "analyst")).get("/echanges/nouveau/alert/").status_code
        == 200
    )
    assert (
        signed_in(world.reader("ministry", "analyst")).get("/echanges/nouveau/nothing/").status_code
        == 404
    )
