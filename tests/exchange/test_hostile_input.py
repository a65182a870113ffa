"""Hostile input to the API: a clear refusal (400 or 422), never a 500, nothing written."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from racine.core.models import AuditEntry
from racine.exchange.models import Entity, Item

WEIRD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", "MXZLO", "ZZZZZ", "1e400", "-1", "NaN", "2999-01-01", "0000-00-00"]),
    st.lists(st.integers(min_value=-5, max_value=10**12), max_size=3),
)
FIELDS = (
    "kind",
    "title",
    "handling",
    "distribution",
    "organisations",
    "recipients",
    "agreement",
    "seized_on",
    "country",
    "place",
    "drugs",
    "people",
    "entities",
    "transits",
    "addressed_to",
    "deadline",
)
DRUGS = st.lists(
    st.fixed_dictionaries(
        {
            "drug": st.sampled_from(["cocaine_hydrochloride", "sugar", "", "mdma"]),
            "quantity": st.one_of(st.floats(allow_nan=False), st.integers(), st.text(max_size=5)),
            "unit": st.sampled_from(["kg", "g", "units", "bags", ""]),
        }
    ),
    max_size=3,
)
ENTITIES = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["vessel", "container", "phone", "person", "ghost"]),
            "identifier": st.text(alphabet="0123456789ABCDEFMSCU +-", max_size=14),
            "name": st.text(max_size=10),
        }
    ),
    max_size=3,
)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.dictionaries(st.sampled_from(FIELDS), WEIRD, max_size=4),
    drugs=DRUGS,
    entities=ENTITIES,
)
def test_hostile_payloads_are_refused_cleanly(world, changes, drugs, entities):
    payload = {
        "kind": "seizure",
        "title": "Saisie",
        "handling": "amber",
        "distribution": "agreement",
        "agreement": world.agreements["mexico"].pk,
        "seized_on": "2026-03-02",
        "country": "MX",
        "drugs": drugs,
        "entities": entities,
        **changes,
    }
    client = Client()
    client.force_login(world.reader("anam", "partner"))
    with transaction.atomic():
        before = Item.objects.count(), Entity.objects.count(), AuditEntry.objects.count()
        answer = client.post(
            "/api/exchange/items", json.dumps(payload), content_type="application/json"
        )
        assert answer.status_code in {201, 400, 422}, answer.content
        body = answer.json()
        if answer.status_code == 201:
            assert Item.objects.filter(pk=body["id"]).exists()
        else:
            assert body["detail"]
            assert (Item.objects.count(), Entity.objects.count()) == before[:2]
            assert AuditEntry.objects.count() == before[2]
        transaction.set_rollback(True)


LINE_FIELDS = (
    "drugs-0-drug",
    "drugs-0-quantity",
    "drugs-0-unit",
    "drugs-1-quantity",
    "drugs-TOTAL_FORMS",
    "transits-0-country",
    "transits-TOTAL_FORMS",
    "entities-0-kind",
    "entities-0-name",
    "entities-0-identifier",
    "entities-0-birth_date",
    "entities-0-country",
    "entities-1-identifier",
    "entities-INITIAL_FORMS",
    "add_line",
)
FORM_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e400",
            "NaN",
            "99999999999999999999999",
            "vessel",
            "container",
            "IMO 9074729",
            "CSQU3054383",
            "2999-01-01",
            "0000-00-00",
            "ZZ",
            "drugs",
            "entities",
        ]
    ),
)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(st.sampled_from(LINE_FIELDS), FORM_VALUES, max_size=5))
def test_hostile_compose_page_lines_are_refused_cleanly(world, changes):
    form = {
        "title": "Saisie",
        "handling": "amber",
        "distribution": "agreement",
        "agreement": world.agreements["mexico"].pk,
        "source_reliability": "X",
        "information_accuracy": "4",
        "seized_on": "2026-03-02",
        "country": "MX",
        "drugs-TOTAL_FORMS": "2",
        "drugs-INITIAL_FORMS": "0",
        "drugs-0-drug": "cocaine_hydrochloride",
        "drugs-0-quantity": "10",
        "drugs-0-unit": "kg",
        "transits-TOTAL_FORMS": "1",
        "transits-INITIAL_FORMS": "0",
        "entities-TOTAL_FORMS": "2",
        "entities-INITIAL_FORMS": "0",
        "entities-0-kind": "vessel",
        "entities-0-identifier": "IMO 9074729",
        **{key: value.replace("\x00", "") for key, value in changes.items()},
    }
    client = Client()
    client.force_login(world.reader("anam", "partner"))
    with transaction.atomic():
        before = Item.objects.count(), Entity.objects.count()
        answer = client.post("/echanges/nouveau/seizure/", form)
        assert answer.status_code in {200, 302, 400}, answer.content[:500]
        if answer.status_code != 302:
            assert (Item.objects.count(), Entity.objects.count()) == before
        if answer.status_code == 200:
            assert "add_line" in form  # only « Add a line » answers the page without saving
        transaction.set_rollback(True)
