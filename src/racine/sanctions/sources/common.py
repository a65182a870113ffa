"""What every list reader returns: entries as FollowTheMoney entities, and its errors.

An entry keeps FtM property names (``name``, ``alias``, ``weakAlias``, ``previousName``,
``birthDate``, ``birthPlace``, ``nationality``, ``passportNumber``, ``imoNumber``,
``flag``…) so that every list, whatever its format, is stored, screened and exported the
same way. Values go through followthemoney's own cleaning (countries become ISO codes,
dates ISO prefixes), the stack's choice for names and entities.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

# Which name property says what about the name's quality (FtM's own meaning).
NAME_QUALITIES = {
    "name": "primary",
    "alias": "strong",
    "previousName": "former",
    "weakAlias": "weak",
}
# Identifier properties worth an exact lookup when screening, with the kind shown to users.
IDENTIFIER_KINDS = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "taxNumber": "tax",
    "registrationNumber": "registration",
    "imoNumber": "imo",
    "swiftBic": "swift",
    "innCode": "tax",
    "ogrnCode": "registration",
    "leiCode": "lei",
    "mmsi": "mmsi",
}
SCREENED_SCHEMAS = ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Airplane")


class SourceError(ValueError):
    """A list file was refused; ``problems`` names every line or record that is wrong."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class ListedEntity:
    """One entry of a list: its own identifier, FtM schema and properties, programmes."""

    entity_id: str
    schema: str
    properties: dict[str, list[str]]
    programmes: list[str] = field(default_factory=list)
    listed_on: dt.date | None = None

    @property
    def caption(self) -> str:
        for prop in ("name", "alias", "weakAlias", "previousName"):
            if self.properties.get(prop):
                return self.properties[prop][0]
        return self.entity_id

    def fingerprint(self) -> str:
        """Return a digest of everything stored for the entry, to tell what changed."""
        body = {
            "schema": self.schema,
            "properties": {k: sorted(v) for k, v in sorted(self.properties.items())},
            "programmes": sorted(self.programmes),
            "listed_on": self.listed_on.isoformat() if self.listed_on else None,
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()

    def names(self) -> list[tuple[str, str]]:
        """Return (name, quality) for every name and alias, each once."""
        seen, out = set(), []
        for prop, quality in NAME_QUALITIES.items():
            for value in self.properties.get(prop, []):
                if value not in seen:
                    seen.add(value)
                    out.append((value, quality))
        return out

    def identifiers(self) -> list[tuple[str, str]]:
        """Return (kind, number) for every identity document or registration number."""
        return [
            (kind, value)
            for prop, kind in IDENTIFIER_KINDS.items()
            for value in self.properties.get(prop, [])
        ]


@dataclass
class Listing:
    """A whole list as read from one file or folder."""

    code: str  # ofac-sdn, un-sc, eu-fsf, ftm:<dataset>
    title: str
    published: dt.date | None
    entities: list[ListedEntity]
    warnings: list[str] = field(default_factory=list)
    digest: str = ""  # SHA-256 of the source bytes


class EntityBuilder:
    """Collect the cleaned properties of one entry through followthemoney's schema."""

    def __init__(self, schema: str, entity_id: str):
        from followthemoney import model  # imported on first use: it takes seconds to load

        self.proxy = model.make_entity(schema)
        self.proxy.id = entity_id
        self.programmes: list[str] = []
        self.listed_on: dt.date | None = None

    def add(self, prop: str, value: str | None) -> None:
        """Add a value when it is not empty; FtM cleans it (and drops what it cannot read)."""
        if value is None:
            return
        value = " ".join(str(value).split())
        if value:
            self.proxy.add(prop, value, quiet=True)

    def build(self) -> ListedEntity:
        properties = {k: list(v) for k, v in self.proxy.properties.items() if v}
        programmes = sorted(set(p for p in self.programmes if p))
        return ListedEntity(
            self.proxy.id, self.proxy.schema.name, properties, programmes, self.listed_on
        )


def digest(*parts: bytes) -> str:
    """Return the SHA-256 of the source bytes (a re-import of the same file is a no-op)."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(hashlib.sha256(part).digest())
    return sha.hexdigest()


def iso_date(text: str | None) -> dt.date | None:
    """Return the date of an ISO ``YYYY-MM-DD`` prefix, else None."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None
