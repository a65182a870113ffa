"""Shared by the sanctions benchmarks: the real lists of ../shared/data as engine records.

Read straight from the files with the app's own readers (no database), so a benchmark
measures the engine alone.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from racine.sanctions.matching import Record
from racine.sanctions.matching.normalise import identifier_key
from racine.sanctions.sources import ofac_csv, ofac_xml, un_xml

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def real_listings():
    """Return the Listings of every real list file (OFAC SDN 2024 + 2025 aliases, UN, OFAC cons)."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for stem, name in (
            ("sdn", "ofac_sdn_2024-05-03.csv"),
            ("add", "ofac_add_2025-01-06.csv"),
            ("alt", "ofac_alt_2025-01-06.csv"),
        ):
            shutil.copy(DATA / "sanctions" / name, folder / f"{stem}.csv")
        listings = [ofac_csv.read_folder(folder)]
    listings.append(
        un_xml.parse((DATA / "sanctions" / "un_sc_consolidated_2026-02-27.xml").read_bytes())
    )
    listings.append(
        ofac_xml.parse((DATA / "sanctions" / "ofac_cons_advanced_2020-03-17.xml").read_bytes())
    )
    return listings


def to_record(key: int, entity) -> Record:
    """Return the engine's record of a listed entity (as the app builds it from the database)."""
    years = sorted({int(d[:4]) for d in entity.properties.get("birthDate", []) if d[:4].isdigit()})
    countries = sorted(
        {c for p in ("nationality", "country", "flag") for c in entity.properties.get(p, [])}
    )
    return Record(
        key,
        entity.schema,
        tuple(entity.names()),
        tuple(years),
        tuple(countries),
        tuple(identifier_key(v) for _k, v in entity.identifiers()),
    )


def real_records():
    """Return (records, entities) of the real lists; ``records[i]`` describes ``entities[i]``."""
    entities = [(listing.code, e) for listing in real_listings() for e in listing.entities]
    return [to_record(i, e) for i, (_code, e) in enumerate(entities)], entities
