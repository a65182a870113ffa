"""Demo data of the sanctions app: a small FICTIONAL list to screen against.

Real lists are imported by the operator (`racine sanctions import`); the demo only needs
something to find. The people, companies and vessels below are invented, written as
FollowTheMoney entities and imported through the same service as real lists, so loading
the demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from racine.core.models import Organisation, User
from racine.sanctions import designations, services
from racine.sanctions.choices import RegimeStage
from racine.sanctions.reference import EU_REGIME
from racine.sanctions.sources import ftm

# (id, schema, name, aliases, birth date, nationality, identifier property, identifier)
ENTRIES = [
    (
        "demo-001",
        "Person",
        "Aurelio Quintanar Pozo",
        ["El Contador"],
        "1969-02-11",
        "mx",
        "passportNumber",
        "G00000101",
    ),
    (
        "demo-002",
        "Person",
        "María Fernanda Ocampo de la Rosa",
        [],
        "1981-07-30",
        "co",
        "idNumber",
        "1000000202",
    ),
    ("demo-003", "Person", "Wilmer Andrés Yucra Mamani", ["Tío Andrés"], "1975", "bo", None, None),
    (
        "demo-004",
        "Person",
        "Ruslan Timurovich Demidenko",
        ["Руслан Тимурович Демиденко"],
        "1972-12-01",
        "ru",
        "passportNumber",
        "750000303",
    ),
    (
        "demo-005",
        "Company",
        "Frutas Tropicales del Guayas S.A.",
        ["FRUTROGUA"],
        None,
        "ec",
        "taxNumber",
        "0990000000001",
    ),
    (
        "demo-006",
        "Company",
        "Logística Portuaria Pacífico Norte S.A. de C.V.",
        [],
        None,
        "mx",
        "taxNumber",
        "LPP000000AA0",
    ),
    ("demo-007", "Company", "Agroexportadora Caribe Verde LTDA", [], None, "co", None, None),
    (
        "demo-008",
        "Vessel",
        "MARIA DEL MAR III",
        ["SEA BREEZE 7"],
        None,
        "pa",
        "imoNumber",
        "IMO9000007",
    ),
    ("demo-009", "Vessel", "CAPITAN ORTEGA", [], None, "ec", "imoNumber", "IMO9000019"),
    ("demo-010", "Organization", "Red del Pacífico Sur", ["La Red"], None, "pe", None, None),
]


def lines() -> bytes:
    """Return the fictional list as FtM JSON lines (deterministic, so re-import is a no-op)."""
    out = []
    for key, schema, name, aliases, born, country, prop, number in ENTRIES:
        properties: dict[str, list[str]] = {"name": [name], "topics": ["sanction"]}
        if aliases:
            properties["alias"] = aliases
        if born:
            properties["birthDate"] = [born]
        if country:
            properties[
                "nationality" if schema == "Person" else "flag" if schema == "Vessel" else "country"
            ] = [country]
        if prop:
            properties[prop] = [number]
        properties["notes"] = ["Fictional entry of Racine's demo data."]
        out.append(
            json.dumps(
                {
                    "id": key,
                    "schema": schema,
                    "properties": properties,
                    "datasets": ["racine_demo"],
                },
                ensure_ascii=False,
            )
        )
    return ("\n".join(out) + "\n").encode()


# The European regime's stages so far (fictional evidence).
STAGES = [
    (
        1,
        "2026-01-26",
        "Note de la représentation permanente à Bruxelles du 26 janvier 2026 : proposition "
        "présentée au Conseil Affaires étrangères (démo).",
        "RP Bruxelles 2026-0126 (démo)",
    ),
    (
        2,
        "2026-06-18",
        "Compte rendu du groupe RELEX du 18 juin 2026 : premier examen du projet de décision "
        "(démo).",
        "RELEX CR 2026-06-18 (démo)",
    ),
    (
        3,
        "2026-07-16",
        "Accord politique au Conseil Affaires étrangères du 16 juillet 2026 (démo).",
        "CAE 2026-07-16 (démo)",
    ),
    (
        4,
        "2026-09-07",
        "Décision (PESC) et règlement du Conseil instituant le régime, adoptés le "
        "7 septembre 2026 (fictifs, démo).",
        "Décision (PESC) 2026/900 (fictive)",
    ),
]
# (schema, name, aliases, birth date, country, identifier field, value, steps to take)
DESIGNATIONS = [
    (
        "Person",
        "Teodoro Villaseñor Arriaga",
        ["El Ingeniero"],
        "1966-04-03",
        "MX",
        "passport_number",
        "G00000909",
        ["propose", "review", "adopt"],
    ),
    (
        "Vessel",
        "ESTRELLA DEL ALBA",
        ["NORTHERN DAWN"],
        "",
        "PA",
        "imo_number",
        "IMO9000031",
        ["propose", "review", "adopt", "amend"],
    ),
    (
        "Company",
        "Importadora Marítima Caribeña S.A.S.",
        [],
        "",
        "CO",
        "tax_number",
        "900000000-1",
        ["propose", "review", "adopt", "delist"],
    ),
    (
        "Person",
        "Jhonny Alexis Carabalí Mina",
        ["Flaco"],
        "1984",
        "EC",
        "",
        "",
        ["propose", "review"],
    ),
    ("Organization", "Clan del Estuario", [], "", "EC", "", "", ["propose"]),
    ("Person", "Dragan Milošević Kovač", [], "1979-10-21", "RS", "", "", []),
]
ACT = "Règlement d'exécution (UE) 2026/{number} du Conseil (fictif)"


def load_regime() -> dict[str, int]:
    """Record the regime's stages and draft, propose, adopt… the fictional designations."""
    officer = User.objects.filter(username="sanctions").first()
    coordinator = User.objects.filter(username="coordination").first()
    regime = designations.Regime.objects.filter(code=EU_REGIME).first()
    if officer is None or coordinator is None or regime is None:
        return {}  # the list alone (tests that load it without the demo's people)
    stages = 0
    if not regime.stage_changes.exists():
        for stage, day, evidence, reference in STAGES:
            if dt.date.fromisoformat(day) > timezone.localdate():
                continue  # a demo loaded before the fact: the regime is not there yet
            designations.record_stage(
                coordinator,
                EU_REGIME,
                designations.StageData(stage, dt.date.fromisoformat(day), evidence, reference),
            )
            stages += 1
    ministry = Organisation.objects.get(pk=officer.organisation_id)
    act_day = min(dt.date(2026, 9, 15), timezone.localdate())
    created = 0
    for number, (schema, name, aliases, born, country, field, value, steps) in enumerate(
        DESIGNATIONS, start=1
    ):
        if regime.designations.filter(name=name).exists():
            continue
        data = designations.DesignationData(
            schema=schema,
            name=name,
            aliases=aliases,
            birth_date=born,
            countries=[country],
            statement_of_reasons="Personne ou entité fictive des données de démonstration : "
            "impliquée dans le trafic de cocaïne entre l'Amérique latine et l'Europe.",
            evidence="Éléments fictifs (démo) : saisies partagées et décisions de justice.",
            evidence_references=[f"Dossier de démonstration n° {number}"],
            proposing_organisation=ministry.pk,
            **({field: value} if field else {}),
        )
        designation = designations.create_designation(officer, EU_REGIME, data)
        for step in steps:
            regime.refresh_from_db()
            if step == "adopt" and regime.stage != RegimeStage.ADOPTED:
                break  # a demo loaded before the regime's adoption: nothing to adopt under
            actor = officer if step == "propose" else coordinator
            act = ACT.format(number=100 + number) if step in ("adopt", "amend", "delist") else ""
            amendment = None
            if step == "amend":
                amendment = designations.data_of(designation)
                amendment.aliases = [*amendment.aliases, "ALBA STAR"]
            designations.transition(
                actor,
                designation.pk,
                designations.TransitionData(
                    step, "(démo)", act, act_day if act else None, amendment
                ),
            )
            designation.refresh_from_db()
        created += 1
    return {"regime stages": stages, "designations": created}


def load(rng) -> dict[str, int]:
    """Import the fictional list, then the regime's demo; return what was added now."""
    name = "racine-demo.ftm.json"
    listing = ftm.parse(lines(), file_name=name)
    # Its own (nested) transaction: the import locks the list's row, which needs one, and
    # some callers (browser tests) load the demo without opening one.
    with transaction.atomic():
        report = services.import_list(None, "ftm", Path(name), listing=listing)
        counts = load_regime()
    return {"demo sanctions entries": report.added, **counts}
