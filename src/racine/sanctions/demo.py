"""Demo data of the sanctions app: a small FICTIONAL list to screen against.

Real lists are imported by the operator (`racine sanctions import`); the demo only needs
something to find. The people, companies and vessels below are invented, written as
FollowTheMoney entities and imported through the same service as real lists, so loading
the demo twice changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from racine.sanctions import services
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


def load(rng) -> dict[str, int]:
    """Import the fictional list; return how many entries were added now."""
    name = "racine-demo.ftm.json"
    listing = ftm.parse(lines(), file_name=name)
    # Its own (nested) transaction: the import locks the list's row, which needs one, and
    # some callers (browser tests) load the demo without opening one.
    with transaction.atomic():
        report = services.import_list(None, "ftm", Path(name), listing=listing)
    return {"demo sanctions entries": report.added}
