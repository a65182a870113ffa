"""Read the EU consolidated financial sanctions list (FSF, official XML ``export`` v1.1).

The list's own identifier is the ``logicalId`` of each ``sanctionEntity``; its
``euReferenceNumber`` (e.g. ``EU.27.28``) is kept as ``programId``. Each ``nameAlias``
carries ``strong="true|false"``: weak aliases become ``weakAlias``. ``subjectType`` says
person or enterprise; the ``regulation``'s ``programme`` (e.g. ``IRQ``) and its
publication date give the programme and the listing date.
"""

from __future__ import annotations

from racine.sanctions.sources.common import EntityBuilder, Listing, SourceError, digest, iso_date
from racine.sanctions.sources.xmlsafe import root_of

NS = "{http://eu.europa.eu/fpi/fsd/export}"
SUBJECTS = {"person": "Person", "enterprise": "Organization"}
DOCUMENTS = {
    "passport": "passportNumber",
    "id": "idNumber",
    "nationalid": "idNumber",
    "tin": "taxNumber",
    "fiscalcode": "taxNumber",
    "regnumber": "registrationNumber",
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
}


def _children(element, tag: str):
    return element.iterfind(f"{NS}{tag}") if element.tag.startswith(NS) else element.iterfind(tag)


def parse(content: bytes) -> Listing:
    """Read the whole list; refuse it when an entry lacks its logicalId or its names."""
    root = root_of(content, "export", "EU list")
    problems: list[str] = []
    entities = []
    seen: set[str] = set()
    for element in _children(root, "sanctionEntity"):
        where = f"EU list line {element.sourceline}"
        logical_id = (element.get("logicalId") or "").strip()
        if not logical_id:
            problems.append(f"{where}: a sanctionEntity has no logicalId")
            continue
        if logical_id in seen:
            problems.append(f"{where}: logicalId {logical_id} appears twice")
            continue
        seen.add(logical_id)
        subject = next(_children(element, "subjectType"), None)
        code = subject.get("code", "") if subject is not None else ""
        if code not in SUBJECTS:
            problems.append(f"{where}: entry {logical_id} has an unknown subjectType {code!r}")
            continue
        names = [n for n in _children(element, "nameAlias") if (n.get("wholeName") or "").strip()]
        if not names:
            problems.append(f"{where}: entry {logical_id} has no name")
            continue
        entities.append(_entity(element, SUBJECTS[code], logical_id, names))
    if not entities and not problems:
        problems.append("EU list: the file holds no entry (is it truncated?)")
    if problems:
        raise SourceError(problems)
    return Listing(
        code="eu-fsf",
        title="EU Consolidated Financial Sanctions List",
        published=iso_date(root.get("generationDate")),
        entities=entities,
        digest=digest(content),
    )


def _entity(element, schema: str, logical_id: str, names):
    entity = EntityBuilder(schema, logical_id)
    strong = [n for n in names if n.get("strong", "true") != "false"] or names
    for position, alias in enumerate(names):
        prop = "name" if alias is strong[0] else "alias" if alias in strong else "weakAlias"
        entity.add(prop, alias.get("wholeName"))
        if position == 0 and schema == "Person":
            entity.add("gender", {"M": "male", "F": "female"}.get(alias.get("gender", "")))
        entity.add("title", alias.get("title"))
        entity.add("position", alias.get("function"))
    entity.add("programId", element.get("euReferenceNumber"))
    for remark in _children(element, "remark"):
        entity.add("notes", remark.text)
    for regulation in _children(element, "regulation"):
        entity.programmes.append((regulation.get("programme") or "").strip())
        listed = iso_date(regulation.get("publicationDate"))
        if listed and (entity.listed_on is None or listed < entity.listed_on):
            entity.listed_on = listed
    entity.add("program", "; ".join(p for p in entity.programmes if p))
    entity.add("createdAt", entity.listed_on.isoformat() if entity.listed_on else None)
    for citizenship in _children(element, "citizenship"):
        entity.add(
            "nationality" if schema == "Person" else "country", citizenship.get("countryIso2Code")
        )
    for birth in _children(element, "birthdate"):
        entity.add("birthDate", birth.get("birthdate") or birth.get("year"))
        place = [birth.get(k, "") for k in ("city", "place", "region", "countryDescription")]
        entity.add("birthPlace", ", ".join(p.strip() for p in place if p and p.strip()))
    for document in _children(element, "identification"):
        prop = DOCUMENTS.get((document.get("identificationTypeCode") or "").lower(), "idNumber")
        entity.add(prop, document.get("number") or document.get("latinNumber"))
    for address in _children(element, "address"):
        parts = [
            address.get(k, "")
            for k in ("street", "poBox", "zipCode", "city", "region", "place", "countryDescription")
        ]
        entity.add("address", ", ".join(p.strip() for p in parts if p and p.strip()))
        entity.add("country", address.get("countryIso2Code"))
    return entity.build()
