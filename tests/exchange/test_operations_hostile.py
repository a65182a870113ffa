"""Hostile input to the joint-operation API: a clear refusal (400 or 422), never a 500.

Hypothesis replaces fields of a valid operation, outcome or log entry with odd values
(huge numbers, NaN, nested lists, dates out of the era, markup); a refusal writes nothing,
not even an audit entry.
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from racine.core.models import AuditEntry
from racine.exchange.models import JointOperation, LogEntry, OperationParticipant, Outcome
from racine.partners.models import SharingProvision

WEIRD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", "<script>x</script>", "1e400", "-1", "NaN", "2999-01-01", "1999-12-31"]),
    st.lists(st.integers(min_value=-5, max_value=10**12), max_size=3),
)
OPERATION_FIELDS = (
    "code",
    "name",
    "starts_on",
    "ends_on",
    "objectives",
    "status",
    "handling",
    "agreement",
    "participants",
)
OUTCOME_FIELDS = (
    "kind",
    "on",
    "item",
    "drug",
    "quantity",
    "unit",
    "arrests",
    "country",
    "description",
    "value_eur",
)


def rows() -> tuple[int, ...]:
    return (
        JointOperation.objects.count(),
        OperationParticipant.objects.count(),
        Outcome.objects.count(),
        LogEntry.objects.count(),
        AuditEntry.objects.count(),
    )


def send(user, path: str, payload: dict):
    client = Client()
    client.force_login(user)
    with transaction.atomic():
        before = rows()
        answer = client.post(
            path, json.dumps(payload, allow_nan=True), content_type="application/json"
        )
        assert answer.status_code in {201, 400, 409, 422}, answer.content
        if answer.status_code != 201:
            assert answer.json()["detail"]
            assert rows() == before
        transaction.set_rollback(True)


@pytest.mark.django_db
@given(changes=st.dictionaries(st.sampled_from(OPERATION_FIELDS), WEIRD, max_size=4))
def test_hostile_operations_are_refused_cleanly(world, changes):
    agreement = world.agreements["mexico"]
    SharingProvision.objects.get_or_create(
        agreement=agreement, category="joint_operations", defaults={"handling_code": "amber"}
    )
    payload = {
        "code": "OP-1",
        "name": "Opération",
        "starts_on": "2026-03-01",
        "objectives": "Cibler.",
        "handling": "amber",
        "agreement": agreement.pk,
        "participants": [world.orgs["anam"].pk],
        **changes,
    }
    send(world.reader("embassy", "embassy"), "/api/exchange/operations", payload)


@pytest.mark.django_db
@given(
    changes=st.dictionaries(st.sampled_from(OUTCOME_FIELDS), WEIRD, max_size=4),
    kind=st.sampled_from(["seizure", "arrest", "asset"]),
    text=WEIRD,
)
def test_hostile_outcomes_and_log_entries_are_refused_cleanly(world, changes, kind, text):
    operation = JointOperation.objects.filter(code="OP-H").first()
    if operation is None:
        operation = JointOperation.objects.create(
            code="OP-H",
            name="Opération",
            leader=world.orgs["embassy"],
            starts_on="2026-03-01",
            objectives="Cibler.",
            handling="amber",
            created_by=world.reader("embassy", "embassy"),
        )
        OperationParticipant.objects.create(operation=operation, organisation=world.orgs["embassy"])
    payload = {
        "kind": kind,
        "on": "2026-04-01",
        "drug": "cocaine_hydrochloride",
        "quantity": 12,
        "unit": "kg",
        "arrests": 2,
        "country": "MX",
        "description": "Camion",
        "value_eur": 1000,
        **changes,
    }
    user = world.reader("embassy", "embassy")
    send(user, f"/api/exchange/operations/{operation.pk}/outcomes", payload)
    send(user, f"/api/exchange/operations/{operation.pk}/log", {"text": text})
