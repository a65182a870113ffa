"""Read the UN Security Council consolidated list (official XML, ``CONSOLIDATED_LIST``).

The list's own identifier is ``DATAID``; ``REFERENCE_NUMBER`` (e.g. ``CDi.001``) is kept
as a registration number. Names come in parts (FIRST_NAME … FOURTH_NAME) in the list's
order; aliases carry a QUALITY: "Good" and "a.k.a." are strong, "Low" is weak, "f.k.a."
a former name. ``UN_LIST_TYPE`` (the committee: DRC, Al-Qaida…) is the programme.
"""

from __future__ import annotations

from racine.sanctions.sources.common import (
    EntityBuilder,
    Listing,
    SourceError,
    digest,
    iso_date,
)
from racine.sanctions.sources.xmlsafe import root_of, text

ALIAS_QUALITY = {"good": "alias", "a.k.a.": "alias", "low": "weakAlias", "f.k.a.": "previousName"}
DOCUMENTS = {
    "passport": "passportNumber",
    "numéro de passeport": "passportNumber",
    "número de pasaporte": "passportNumber",
}


def parse(content: bytes) -> Listing:
    """Read the whole list; refuse it when an entry lacks its DATAID or its name."""
    root = root_of(content, "CONSOLIDATED_LIST", "UN list")
    problems: list[str] = []
    entities = []
    seen: set[str] = set()
    for group, kind, schema in (
        ("INDIVIDUALS", "INDIVIDUAL", "Person"),
        ("ENTITIES", "ENTITY", "Organization"),
    ):
        for element in root.iterfind(f"{group}/{kind}"):
            dataid = text(element, "DATAID")
            where = f"UN list line {element.sourceline}"
            if not dataid:
                problems.append(f"{where}: an entry has no DATAID")
                continue
            if dataid in seen:
                problems.append(f"{where}: DATAID {dataid} appears twice")
                continue
            seen.add(dataid)
            name = " ".join(
                filter(
                    None,
                    (
                        text(element, f"{part}_NAME")
                        for part in ("FIRST", "SECOND", "THIRD", "FOURTH")
                    ),
                )
            )
            if not name:
                problems.append(f"{where}: entry {dataid} has no name")
                continue
            entities.append(_entity(element, kind, schema, dataid, name))
    if not entities and not problems:
        problems.append("UN list: the file holds no entry (is it truncated?)")
    if problems:
        raise SourceError(problems)
    return Listing(
        code="un-sc",
        title="UN Security Council Consolidated List",
        published=iso_date(root.get("dateGenerated")),
        entities=entities,
        digest=digest(content),
    )


def _entity(element, kind: str, schema: str, dataid: str, name: str):
    entity = EntityBuilder(schema, dataid)
    entity.add("name", name)
    entity.add("alias", text(element, "NAME_ORIGINAL_SCRIPT"))
    entity.add("notes", text(element, "COMMENTS1"))
    entity.listed_on = iso_date(text(element, "LISTED_ON"))
    entity.add("createdAt", text(element, "LISTED_ON"))
    entity.programmes = [text(element, "UN_LIST_TYPE")]
    entity.add("program", text(element, "UN_LIST_TYPE"))
    entity.add("programId", text(element, "REFERENCE_NUMBER"))
    for alias in element.iterfind(f"{kind}_ALIAS"):
        quality = ALIAS_QUALITY.get(text(alias, "QUALITY").lower(), "alias")
        entity.add(quality, text(alias, "ALIAS_NAME"))
    if schema == "Person":
        entity.add("gender", text(element, "GENDER").lower())
        for value in element.iterfind("TITLE/VALUE"):
            entity.add("title", value.text)
        for value in element.iterfind("DESIGNATION/VALUE"):
            entity.add("position", value.text)
        for value in element.iterfind("NATIONALITY/VALUE"):
            entity.add("nationality", value.text)
        for birth in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
            entity.add("birthDate", text(birth, "DATE") or text(birth, "YEAR"))
            for bound in ("FROM_YEAR", "TO_YEAR"):
                entity.add("birthDate", text(birth, bound))
        for place in element.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
            parts = [text(place, tag) for tag in ("CITY", "STATE_PROVINCE", "COUNTRY")]
            entity.add("birthPlace", ", ".join(p for p in parts if p))
        for document in element.iterfind("INDIVIDUAL_DOCUMENT"):
            kind_name = text(document, "TYPE_OF_DOCUMENT").lower()
            entity.add(DOCUMENTS.get(kind_name, "idNumber"), text(document, "NUMBER"))
    for address in element.iterfind(f"{kind}_ADDRESS"):
        parts = [
            text(address, tag)
            for tag in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
        ]
        entity.add("address", ", ".join(p for p in parts if p))
        entity.add("country", text(address, "COUNTRY"))
    return entity.build()
