"""Generated seizure reports for the bulk-ingest benchmark and tests (JSON Lines, CSV, XLSX).

Deterministic for a seed. Reports follow the routes of ``../shared/DESIGN.md`` (Andes →
Caribbean, Central America, West Africa → European ports): one to three drugs, up to two
people, a vessel with a valid IMO number, a container with a valid ISO 6346 number, a
company. Nothing big is committed: files are written on demand (e.g. to ``var/``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

from racine.exchange import identifiers, ingest_files

ROUTES = [
    # (origin, transits, seizure country, UN/LOCODE of the port or airport)
    ("CO", ["PA"], "MX", "MXZLO"),
    ("EC", ["PA"], "FR", "FRLEH"),
    ("EC", [], "BE", "BEANR"),
    ("CO", ["DO"], "NL", "NLRTM"),
    ("PE", ["BR", "SN"], "ES", ""),
    ("BO", ["BR"], "FR", ""),
    ("CO", ["GN", "ML"], "FR", ""),
    ("MX", [], "FR", ""),
]
DRUGS = [
    ("cocaine_hydrochloride", "kg", 1, 2000),
    ("cocaine_base", "kg", 1, 300),
    ("cannabis_resin", "kg", 5, 5000),
    ("cannabis_herb", "kg", 1, 800),
    ("heroin", "g", 50, 90000),
    ("methamphetamine", "kg", 1, 400),
    ("mdma", "units", 100, 200000),
    ("fentanyl", "g", 1, 5000),
]
CONVEYANCES = ["container", "maritime", "air_passenger", "air_cargo", "postal", "road"]
FIRST = ["Juan", "María", "José", "Aminata", "Kofi", "Lucía", "Pierre", "Ana", "Carlos"]
LAST = ["Pérez", "Gómez", "Diallo", "Mensah", "Rodríguez", "Martin", "Silva", "Traoré"]
COMPANIES = ["Frutas del Pacífico S.A.", "Transportes Andinos", "Atlantic Reefer Ltd"]


def imo(rng: random.Random) -> str:
    """Return a random IMO number whose check digit holds."""
    digits = f"{rng.randint(100000, 999999)}"
    total = sum(int(d) * w for d, w in zip(digits, range(7, 1, -1), strict=True))
    return digits + str(total % 10)


def container(rng: random.Random) -> str:
    """Return a random ISO 6346 container number whose check digit holds."""
    code = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3)) + "U"
    code += f"{rng.randint(0, 999999):06d}"
    total = sum(
        (identifiers.LETTER_VALUES[c] if c.isalpha() else int(c)) * 2**i for i, c in enumerate(code)
    )
    return code + str(total % 11 % 10)


def report(rng: random.Random, number: int) -> dict:
    """Return one seizure report shaped like the body of POST /api/exchange/items."""
    origin, transits, country, place = rng.choice(ROUTES)
    drugs = []
    for name, unit, low, high in rng.sample(DRUGS, rng.randint(1, 3)):
        drugs.append({"drug": name, "quantity": rng.randint(low, high), "unit": unit})
    people = [
        {
            "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "birth_date": dt.date(rng.randint(1960, 2002), rng.randint(1, 12), 1).isoformat(),
            "nationality": rng.choice([origin, country]),
        }
        for _ in range(rng.randint(0, 2))
    ]
    entities = [
        {
            "kind": "vessel",
            "name": f"Vessel {number % 97}",
            "identifier": imo(rng),
            "country": "PA",
        },
        {"kind": "container", "identifier": container(rng)},
        {"kind": "company", "name": rng.choice(COMPANIES), "country": origin},
    ]
    seized_on = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
    return {
        "kind": "seizure",
        "title": f"Saisie n° {number} — {drugs[0]['drug']} ({country})",
        "body": "Rapport généré pour le banc d'essai de l'import en masse.",
        "seized_on": seized_on.isoformat(),
        "country": country,
        "place": place,
        "conveyance": rng.choice(CONVEYANCES),
        "concealment": "Double fond",
        "origin": origin,
        "transits": transits,
        "destination": country,
        "drugs": drugs,
        "people": people,
        "entities": entities,
    }


def reports(count: int, seed: int = 2026) -> list[dict]:
    """Return ``count`` generated reports (the same ones for the same seed)."""
    rng = random.Random(seed)
    return [report(rng, number) for number in range(1, count + 1)]


def write(path: Path, rows: list[dict]) -> Path:
    """Write reports as JSON Lines, CSV or XLSX, by the path's extension."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return path
    flat = [ingest_files.flatten(row) for row in rows]
    columns = list(ingest_files.TEMPLATE_COLUMNS)
    for row in flat:
        columns += [name for name in row if name not in columns]
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(flat)
        return path
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("reports")
    sheet.append(columns)
    for row in flat:
        sheet.append([row.get(name, None) for name in columns])
    workbook.save(path)
    return path
