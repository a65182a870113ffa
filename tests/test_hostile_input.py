"""Hostile input, property-based: no value breaks a page, a refused write writes nothing.

Hypothesis drives every write form and API endpoint of partners, resources, plan, joint
operations and the sanctions app's designations and regimes, as every demo role, with
values chosen to break things — huge, negative, zero, NaN, Infinity, empty, 10 000
characters, impossible dates, unknown codes, markup — mixed with valid ones so that some
writes succeed and the records pile up. After each request: no 5xx, and a refused request
(4xx) left every table and the audit log as they were. Then every page and export (CSV,
XLSX, PDF briefing) is requested as every role: no 5xx anywhere.

Reproducible: the ``reproducible`` profile (``tests/conftest.py``) is derandomized — the
same examples on every run, on SQLite and PostgreSQL; ``--hypothesis-profile=thorough``
explores at random, longer. ``max_examples`` counts examples per write.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from racine.core import demo
from racine.core.models import Organisation, User
from racine.exchange.models import JointOperation
from racine.partners.models import Agreement
from racine.plan.models import Milestone, Objective, Proposal
from racine.resources.models import Course, CourseSession, StaffPost
from racine.sanctions.models import Designation

LONG = "x" * 10_000
MARKUP = "<script>alert(1)</script>"
# Hostile values by kind of field: each pool is short, so that every value gets drawn.
HOSTILE = {
    "number": [
        "100000000000000000000",
        "1e20",
        "-3",
        "0",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e-30",
        "",
        LONG,
        MARKUP,
    ],
    "date": ["1900-01-01", "2026-02-30", "9999-12-31", "0001-01-01", "abc", "", MARKUP],
    "text": ["", " ", LONG, MARKUP, "<b>gras</b> & « guillemets »", "'; DROP TABLE x; --"],
    "choice": ["bogus", "", MARKUP, "99999999999999999999", "-1", LONG],
}
# In JSON, numbers can also be out of any range, NaN or not numbers at all.
HOSTILE_JSON = [10**25, -1, 0, -(10**25), math.nan, math.inf, None, [], {}, True]
KIND_OF = {
    "text": "text",
    "date": "date",
    "amount": "number",
    "fte": "number",
    "year": "number",
    "value": "number",
    "bool": "choice",
}

# Kinds of field, each with the valid values a user would type.
VALID = {
    "text": ["Accord de test", "Saint-Domingue", "Note du SGAE"],
    "date": ["2026-01-15", "2026-03-01", "2026-06-30"],
    "amount": ["1000", "250000.50", "0"],
    "fte": ["1", "0.5"],
    "year": ["2026", "2025"],
    "value": ["1", "2", "8"],
    "bool": ["on", ""],
}


@dataclass
class Target:
    """One write: a form or an endpoint, its fields and their kinds or valid choices."""

    method: str
    path: str
    fields: dict[str, str | list] = field(default_factory=dict)
    api: bool = False
    upload: str = ""  # name of a file field, if any


def targets(ids: dict) -> list[Target]:
    embassy, agency, agreement = ids["embassy"], ids["agency"], ids["agreement"]
    agreement_fields = {
        "title": "text",
        "kind": ["customs", "security"],
        "lead_organisation": [embassy, ids["ministry"]],
        "partner_countries": [["MX"], ["CO", "PE"]],
        "partner_organisations": [[agency], []],
        "summary": "text",
        "counts_for_plan": "bool",
        "sharing": [["alerts:amber"], ["seizure_reports:red", "alerts:green"]],
    }
    post_fields = {
        "embassy": [embassy],
        "kind": ["security_attache", "customs_attache"],
        "title": "text",
        "fte": "fte",
        "starts_on": "date",
        "ends_on": "date",
    }
    budget_fields = {
        "embassy": [embassy],
        "year": "year",
        "category": ["equipment", "training"],
        "committed": "amount",
        "spent": "amount",
        "replace": "bool",
    }
    academy_fields = {
        "name": "text",
        "site": "text",
        "country": ["DO", "PA"],
        "decided_on": "date",
        "site_chosen_on": "date",
        "opened_on": "date",
    }
    objective_fields = {
        "title": "text",
        "indicator": "text",
        "baseline_value": ["0"],
        "baseline_date": ["2025-11-07"],
        "target_value": ["12", "15"],
        "deadline": ["2026-11-30"],
        "direction": ["increase"],
        "rule": ["new_agreements_region"],
        "source": "text",
    }
    role_fields = {
        "country": ["CO", "EC"],
        "role": ["transit", "production"],
        "since": "date",
        "until": "date",
        "source": "text",
    }
    operation_fields = {
        "code": "text",
        "name": "text",
        "starts_on": "date",
        "ends_on": "date",
        "objectives": "text",
        "status": ["planned", "active"],
        "handling": ["amber", "red"],
        "agreement": [agreement],
        "participants": [[agency], []],
    }
    outcome_fields = {
        "kind": ["arrest", "asset"],
        "on": "date",
        "arrests": "value",
        "country": ["MX", "FR"],
        "description": "text",
        "value_eur": "amount",
    }
    operation = ids["operation"]
    code, stage_code = "accords-region", "regime-sanctions-ue"
    proposal, milestone = ids["proposal"], ids["milestone"]
    designation_fields = {
        "schema": ["Person", "Vessel", "Company"],
        "name": "text",
        "aliases": "text",
        "birth_date": ["1966", "1970-01-02", ""],
        "countries": ["MX", "CO, PE", ""],
        "statement_of_reasons": "text",
        "evidence": "text",
        "proposing_organisation": [ids["ministry"]],
        "imo_number": ["", "IMO9000031"],
        "exchange_items": [""],
    }
    api_designation = designation_fields | {
        "aliases": [["El Ingeniero"], []],
        "countries": [["MX"], ["CO", "PE"], []],
        "exchange_items": [[]],
    }
    act_fields = {"comment": "text", "legal_act_reference": "text", "legal_act_date": "date"}
    designation, regime = ids["designation"], "/sanctions/regimes/eu-oc"
    stage_fields = {"stage": ["1", "2", "4"], "on": "date", "evidence": "text", "reference": "text"}
    return [
        # sanctions: designations and the regime's stages
        Target("post", "/sanctions/designations/nouvelle/", designation_fields),
        Target("post", f"/sanctions/designations/{ids['draft']}/modifier/", designation_fields),
        Target("post", f"/sanctions/designations/{ids['draft']}/propose/", {"comment": "text"}),
        Target("post", f"/sanctions/designations/{designation}/adopt/", act_fields),
        Target(
            "post",
            f"/sanctions/designations/{ids['adopted']}/amender/",
            designation_fields | act_fields,
        ),
        Target("post", f"{regime}/etape/", stage_fields),
        Target("post", "/api/sanctions/designations", api_designation, api=True),
        Target(
            "post",
            f"/api/sanctions/designations/{designation}/transitions",
            {"action": ["review", "adopt", "send_back"], **act_fields},
            api=True,
        ),
        Target(
            "post",
            "/api/sanctions/regimes/eu-oc/stages",
            stage_fields | {"stage": [1, 2]},
            api=True,
        ),
        # pages' forms
        Target("post", "/partenaires/accords/nouveau/", agreement_fields),
        Target("post", f"/partenaires/accords/{agreement}/modifier/", agreement_fields),
        Target(
            "post",
            f"/partenaires/accords/{agreement}/etape/",
            {"to_status": ["negotiation", "signed", "terminated"], "on": "date", "note": "text"},
        ),
        Target(
            "post",
            f"/partenaires/accords/{agreement}/documents/",
            {"kind": ["text", "annex"]},
            upload="file",
        ),
        Target("post", "/partenaires/pays/nouveau/", role_fields),
        Target("post", "/ressources/postes/nouveau/", post_fields),
        Target("post", f"/ressources/postes/{ids['post']}/", post_fields),
        Target("post", "/ressources/moyens/nouveau/", budget_fields),
        Target("post", "/ressources/aide/import/", {}, upload="files"),
        Target("post", "/ressources/academie/enregistrer/", academy_fields),
        Target("post", "/ressources/academie/cours/", {"title": "text", "topic": "text"}),
        Target(
            "post",
            "/ressources/academie/sessions/",
            {"course": [ids["course"]], "starts_on": "date", "ends_on": "date", "place": "text"},
        ),
        Target(
            "post",
            "/ressources/academie/stagiaires/",
            {
                "session": [ids["session"]],
                "full_name": "text",
                "organisation": [agency],
                "completed": "bool",
            },
        ),
        Target("post", f"/plan/objectifs/{code}/modifier/", objective_fields),
        Target("post", f"/plan/objectifs/{code}/jalons/", {"on": "date", "value": "value"}),
        Target("post", f"/plan/objectifs/{code}/jalons/{milestone}/supprimer/"),
        Target(
            "post",
            f"/plan/objectifs/{stage_code}/propositions/",
            {"value": ["1", "2"], "on": "date", "evidence": "text"},
        ),
        Target(
            "post",
            f"/plan/objectifs/{stage_code}/propositions/{proposal}/",
            {"decision": ["validate", "refuse"], "note": "text"},
        ),
        Target("post", "/echanges/operations/nouvelle/", operation_fields),
        Target("post", f"/echanges/operations/{operation}/modifier/", operation_fields),
        Target("post", f"/echanges/operations/{operation}/journal/", {"text": "text"}),
        Target("post", f"/echanges/operations/{operation}/resultats/", outcome_fields),
        # the API
        Target("post", "/api/country-roles", role_fields, api=True),
        Target("post", "/api/exchange/operations", operation_fields, api=True),
        Target("put", f"/api/exchange/operations/{operation}", operation_fields, api=True),
        Target("post", f"/api/exchange/operations/{operation}/log", {"text": "text"}, api=True),
        Target("post", f"/api/exchange/operations/{operation}/outcomes", outcome_fields, api=True),
        Target("post", "/api/agreements", _api_agreement(agreement_fields), api=True),
        Target("put", f"/api/agreements/{agreement}", _api_agreement(agreement_fields), api=True),
        Target(
            "post",
            f"/api/agreements/{agreement}/transitions",
            {"to_status": ["negotiation", "signed"], "on": "date", "note": "text"},
            api=True,
        ),
        Target("post", "/api/staff-posts", post_fields, api=True),
        Target("put", f"/api/staff-posts/{ids['post']}", post_fields, api=True),
        Target("post", "/api/budget-lines", budget_fields | {"replace": [True, False]}, api=True),
        Target("put", "/api/academy", academy_fields, api=True),
        Target("post", "/api/academy/courses", {"title": "text", "topic": "text"}, api=True),
        Target(
            "post",
            "/api/academy/sessions",
            {"course": [ids["course"]], "starts_on": "date", "ends_on": "date", "place": "text"},
            api=True,
        ),
        Target(
            "post",
            "/api/academy/trainees",
            {"session": [ids["session"]], "full_name": "text", "organisation": [agency]},
            api=True,
        ),
        Target("put", f"/api/objectives/{code}", objective_fields, api=True),
        Target(
            "post", f"/api/objectives/{code}/milestones", {"on": "date", "value": "value"}, api=True
        ),
        Target("delete", f"/api/milestones/{milestone}", api=True),
        Target(
            "post",
            f"/api/objectives/{stage_code}/proposals",
            {"value": ["1", "2"], "on": "date", "evidence": "text"},
            api=True,
        ),
        Target(
            "post",
            f"/api/proposals/{proposal}/decision",
            {"accept": [True, False], "note": "text"},
            api=True,
        ),
    ]


def _api_agreement(fields: dict) -> dict:
    sharing = [
        [{"category": "alerts", "handling_code": "amber"}],
        [
            {"category": "alerts", "handling_code": "clear"},
            {"category": "alerts", "handling_code": "red"},
        ],
    ]
    return fields | {"counts_for_plan": [True, False], "sharing": sharing}


def counts() -> tuple[int, ...]:
    """Return the row count of every table a write may touch, and of the audit log.

    One query for all of them: it runs before and after every request.
    """
    models = [
        model
        for label in ("partners", "resources", "plan", "core", "sanctions")
        for label in ("partners", "resources", "plan", "core", "exchange")
        for model in apps.get_app_config(label).get_models()
    ]
    tables = sorted({model._meta.db_table for model in models})
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables))
        return tuple(cursor.fetchone())


@pytest.fixture
def world(demo_world, db):
    clients = {}
    for person in demo.USERS:
        client = Client()
        client.force_login(User.objects.get(username=person.username))
        clients[person.username] = client
    mexico = Organisation.objects.get(name=demo.EMBASSY_MEXICO)
    ids = {
        "embassy": mexico.pk,
        "agency": Organisation.objects.get(name=demo.CUSTOMS_MEXICO).pk,
        "ministry": Organisation.objects.get(name=demo.MINISTRY).pk,
        "agreement": Agreement.objects.filter(lead_organisation=mexico).first().pk,
        "post": StaffPost.objects.filter(embassy=mexico).first().pk,
        "course": getattr(Course.objects.first(), "pk", 1),
        "session": getattr(CourseSession.objects.first(), "pk", 1),
        "milestone": Milestone.objects.first().pk,
        "proposal": getattr(Proposal.objects.first(), "pk", 1),
        **{
            name: Designation.objects.filter(status=status).values_list("pk", flat=True)[0]
            for name, status in (
                ("draft", "draft"),
                ("designation", "under_review"),
                ("adopted", "adopted"),
            )
        },
        "operation": JointOperation.objects.get(code="FR-MX-2026-01").pk,
    }
    return clients, targets(ids)


def valid_value(kind):
    return st.sampled_from(kind if isinstance(kind, list) else VALID[kind])


def hostile_value(kind, api: bool):
    pool = HOSTILE["choice"] if isinstance(kind, list) else HOSTILE[KIND_OF[kind]]
    return st.sampled_from(pool + HOSTILE_JSON if api else pool)


def send(client: Client, target: Target, body: dict, upload: bytes | None):
    if target.api and not target.upload:
        payload = json.dumps(body, allow_nan=True)
        return getattr(client, target.method)(target.path, payload, content_type="application/json")
    data = {}
    for name, value in body.items():
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None and not isinstance(value, dict):
            data[name] = str(value)
    if target.upload and upload is not None:
        data[target.upload] = SimpleUploadedFile("fichier.pdf", upload, "application/pdf")
    return client.post(target.path, data)


WRITERS = ["coordination", "attache.mexique", "sanctions"]

PAGES = [
    "/",
    "/plan/",
    "/plan/?format=csv",
    "/plan/?format=xlsx",
    "/plan/note/",
    "/plan/note.pdf",
    "/plan/carte.svg",
    "/plan/propositions/",
    "/partenaires/",
    "/partenaires/pays/",
    "/partenaires/pays/?format=csv",
    "/partenaires/accords/",
    "/partenaires/accords/?format=xlsx",
    "/ressources/",
    "/ressources/?format=csv",
    "/ressources/moyens/",
    "/ressources/moyens/?format=xlsx",
    "/ressources/aide/",
    "/ressources/academie/",
    "/api/plan",
    "/api/objectives",
    "/api/proposals",
    "/api/agreements",
    "/api/country-roles",
    "/api/staff-posts",
    "/api/budget-lines",
    "/api/aid-activities",
    "/api/academy",
    "/sanctions/",
    "/sanctions/entrees/",
    "/sanctions/entrees/?format=csv",
    "/sanctions/criblage/?name=Teodoro%20Villasenor",
    "/sanctions/regimes/",
    "/sanctions/regimes/eu-oc/",
    "/sanctions/regimes/eu-oc/export.csv",
    "/sanctions/regimes/eu-oc/export.ftm",
    "/sanctions/designations/",
    "/sanctions/designations/?format=csv",
    "/sanctions/designations/?format=xlsx",
    "/api/sanctions/lists",
    "/api/sanctions/regimes",
    "/api/sanctions/regimes/eu-oc",
    "/api/sanctions/regimes/eu-oc/export?format=csv",
    "/api/sanctions/designations",
    "/echanges/operations/",
    "/echanges/operations/?format=csv",
    "/echanges/operations/?format=xlsx",
    "/api/exchange/operations",
]


def every_page() -> list[str]:
    pages = list(PAGES)
    for code in Objective.objects.values_list("code", flat=True):
        pages += [f"/plan/objectifs/{code}/", f"/plan/objectifs/{code}/?format=csv"]
        pages += [f"/api/objectives/{code}", f"/api/objectives/{code}/history"]
    for pk in Agreement.objects.values_list("pk", flat=True):
        pages += [f"/partenaires/accords/{pk}/", f"/api/agreements/{pk}"]
    for pk in Designation.objects.values_list("pk", flat=True):
        pages += [f"/sanctions/designations/{pk}/", f"/api/sanctions/designations/{pk}"]
    for pk in JointOperation.objects.values_list("pk", flat=True):
        pages += [f"/echanges/operations/{pk}/", f"/api/exchange/operations/{pk}"]
    return pages


def test_no_hostile_input_breaks_a_page_or_half_writes(world):
    clients, writes = world
    outcomes = {"accepted": 0, "refused": 0}
    for target in writes:
        hostile_writes(clients, target, outcomes)
    print(f"hostile writes: {outcomes}")
    assert outcomes["refused"] and outcomes["accepted"]  # the run exercised both sides

    for username, client in clients.items():
        for page in every_page():
            response = client.get(page)
            assert response.status_code < 500, (username, page, response.content[:300])


def hostile_writes(clients: dict[str, Client], target: Target, outcomes: dict) -> None:
    """Send hostile versions of one write, as drawn by Hypothesis (its own examples)."""

    @given(st.data())  # examples per write: the profile's max_examples
    def one_write(data):
        # Coordinators and embassy officers write; the others are refused, so draw them less.
        username = data.draw(st.sampled_from([*WRITERS, *WRITERS, *sorted(clients)]), label="role")
        names = list(target.fields)
        hostile = data.draw(
            st.sets(st.sampled_from(names), max_size=2) if names else st.just(set()),
            label="hostile fields",
        )
        body = {
            name: data.draw(
                hostile_value(kind, target.api) if name in hostile else valid_value(kind),
                label=name,
            )
            for name, kind in target.fields.items()
        }
        upload = None
        if target.upload:
            upload = data.draw(
                st.sampled_from([None, b"", b"%PDF-1.7 test", b"<xml/>", b"MZ" + b"\0" * 10]),
                label="upload",
            )
        before = counts()
        response = send(clients[username], target, body, upload)
        assert response.status_code < 500, (username, target.path, body, response.content[:300])
        if response.status_code >= 400:
            outcomes["refused"] += 1
            assert counts() == before, ("half-written", username, target.path, body)
        else:
            outcomes["accepted"] += 1

    one_write()
