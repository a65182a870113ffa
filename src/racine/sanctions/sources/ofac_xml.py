"""Read OFAC's "advanced" XML (``SDN_ADVANCED.XML``, ``CONS_ADVANCED.XML``).

The format is relational: reference tables (``ReferenceValueSets``: countries, feature
types, document types, programmes…) are declared once and referred to by ID from each
``DistinctParty``. The list's own identifier is the party's ``FixedRef`` (OFAC's ``uid``,
the ``ent_num`` of the CSV files). An alias typed "Name" is the primary name; A.K.A. is
strong unless ``LowQuality="true"`` (OFAC's "weak a.k.a."); F.K.A. a former name.
Features hold birth dates, places, citizenship, gender…; ``IDRegDocuments`` the identity
documents; ``SanctionsEntries`` the programmes and the date each entry was created.

The list is ``ofac-sdn`` when every entry belongs to the SDN List, else ``ofac-cons``
(OFAC's consolidated non-SDN lists share the schema).
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from racine.sanctions.sources.common import EntityBuilder, Listing, SourceError, digest
from racine.sanctions.sources.xmlsafe import root_of

NS = "{http://www.un.org/sanctions/1.0}"
PARTY_TYPES = {
    "Individual": "Person",
    "Entity": "LegalEntity",
    "Vessel": "Vessel",
    "Aircraft": "Airplane",
}
FEATURES = {
    "Birthdate": "birthDate",
    "Place of Birth": "birthPlace",
    "Citizenship Country": "nationality",
    "Nationality Country": "nationality",
    "Nationality of Registration": "country",
    "Location": "address",
    "Gender": "gender",
    "Website": "website",
    "Email Address": "email",
    "SWIFT/BIC": "swiftBic",
    "Vessel Flag": "flag",
    "VESSEL TYPE": "type",
    "Vessel Call Sign": "callSign",
    "Vessel Owner": "notes",
}
DOCUMENTS = {
    "passport": "passportNumber",
    "tax id no.": "taxNumber",
    "v.a.t. number": "taxNumber",
    "vessel registration identification": "imoNumber",
    "registration id": "registrationNumber",
    "registration number": "registrationNumber",
    "business registration number": "registrationNumber",
    "commercial registry number": "registrationNumber",
    "public registration number": "registrationNumber",
}


def _q(tag: str) -> str:
    return " / ".join(f"{NS}{part}" for part in tag.split("/")).replace(" / ", "/")


def _values(root, group: str, tag: str) -> dict[str, etree._Element]:
    return {e.get("ID"): e for e in root.iterfind(_q(f"ReferenceValueSets/{group}/{tag}"))}


def _date(element) -> str | None:
    if element is None:
        return None
    year = element.findtext(_q("Year"))
    month, day = element.findtext(_q("Month")), element.findtext(_q("Day"))
    if not year:
        return None
    if month and day:
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return year


class _Tables:
    """The reference value sets, by ID."""

    def __init__(self, root):
        self.alias_types = {
            k: v.text for k, v in _values(root, "AliasTypeValues", "AliasType").items()
        }
        party_types = {k: v.text for k, v in _values(root, "PartyTypeValues", "PartyType").items()}
        self.party_subtypes = {}
        for key, sub in _values(root, "PartySubTypeValues", "PartySubType").items():
            name = (
                sub.text
                if sub.text in ("Vessel", "Aircraft")
                else party_types.get(sub.get("PartyTypeID"))
            )
            self.party_subtypes[key] = PARTY_TYPES.get(name or "", "LegalEntity")
        self.countries = {
            k: v.get("ISO2") or v.text for k, v in _values(root, "CountryValues", "Country").items()
        }
        self.features = {
            k: v.text for k, v in _values(root, "FeatureTypeValues", "FeatureType").items()
        }
        self.details = {
            k: v.text for k, v in _values(root, "DetailReferenceValues", "DetailReference").items()
        }
        self.documents = {
            k: (v.text or "")
            for k, v in _values(root, "IDRegDocTypeValues", "IDRegDocType").items()
        }
        self.lists = {k: v.text for k, v in _values(root, "ListValues", "List").items()}
        self.locations = {loc.get("ID"): loc for loc in root.iterfind(_q("Locations/Location"))}

    def location_text(self, location_id: str) -> tuple[str, str | None]:
        location = self.locations.get(location_id)
        if location is None:
            return "", None
        parts = [
            v.text or "" for v in location.iterfind(_q("LocationPart/LocationPartValue/Value"))
        ]
        country_ref = location.find(_q("LocationCountry"))
        country = (
            self.countries.get(country_ref.get("CountryID")) if country_ref is not None else None
        )
        area = location.find(_q("LocationAreaCode"))
        if country is None and area is not None:
            country = self.countries.get(area.get("AreaCodeID"))
        return ", ".join(p.strip() for p in parts if p.strip()), country


def parse(content: bytes) -> Listing:
    """Read the whole file; refuse it when a party lacks its FixedRef or its name."""
    root = root_of(content, "Sanctions", "OFAC advanced XML")
    tables = _Tables(root)
    problems: list[str] = []
    builders: dict[str, EntityBuilder] = {}
    profiles: dict[str, EntityBuilder] = {}
    identities: dict[str, EntityBuilder] = {}
    for party in root.iterfind(_q("DistinctParties/DistinctParty")):
        fixed_ref = (party.get("FixedRef") or "").strip()
        where = f"OFAC advanced XML line {party.sourceline}"
        profile = party.find(_q("Profile"))
        if not fixed_ref or profile is None:
            problems.append(f"{where}: a DistinctParty has no FixedRef or Profile")
            continue
        if fixed_ref in builders:
            problems.append(f"{where}: FixedRef {fixed_ref} appears twice")
            continue
        schema = tables.party_subtypes.get(profile.get("PartySubTypeID"), "LegalEntity")
        entity = EntityBuilder(schema, fixed_ref)
        _names(entity, profile, tables)
        if not entity.proxy.get("name"):
            problems.append(f"{where}: party {fixed_ref} has no primary name")
            continue
        _features(entity, profile, tables)
        builders[fixed_ref] = profiles[profile.get("ID")] = entity
        for identity in profile.iterfind(_q("Identity")):
            identities[identity.get("ID")] = entity
    if not builders and not problems:
        problems.append("OFAC advanced XML: the file holds no DistinctParty (is it truncated?)")
    if problems:
        raise SourceError(problems)
    for document in root.iterfind(_q("IDRegDocuments/IDRegDocument")):
        entity = identities.get(document.get("IdentityID"))
        if entity is None:
            continue
        kind = tables.documents.get(document.get("IDRegDocTypeID"), "").lower()
        number = document.findtext(_q("IDRegistrationNo"))
        prop = DOCUMENTS.get(kind, "idNumber")
        entity.add(prop, f"IMO{number}" if prop == "imoNumber" and number else number)
    lists: set[str] = set()
    for entry in root.iterfind(_q("SanctionsEntries/SanctionsEntry")):
        entity = profiles.get(entry.get("ProfileID"))
        if entity is None:
            continue
        lists.add(tables.lists.get(entry.get("ListID"), ""))
        created = _date(entry.find(_q("EntryEvent/Date")))
        if created:
            day = dt.date.fromisoformat(created) if len(created) == 10 else None
            if day and (entity.listed_on is None or day < entity.listed_on):
                entity.listed_on = day
        for measure in entry.iterfind(_q("SanctionsMeasure")):
            program = measure.findtext(_q("Comment"))
            if program and program.strip():
                entity.programmes.append(program.strip())
    for entity in builders.values():
        entity.add("program", "; ".join(sorted(set(entity.programmes))))
        entity.add("createdAt", entity.listed_on.isoformat() if entity.listed_on else None)
    issued = _date(root.find(_q("DateOfIssue")))
    sdn_only = lists == {"SDN List"}
    return Listing(
        code="ofac-sdn" if sdn_only else "ofac-cons",
        title="OFAC Specially Designated Nationals (SDN) List"
        if sdn_only
        else "OFAC Consolidated (non-SDN) Sanctions List",
        published=dt.date.fromisoformat(issued) if issued and len(issued) == 10 else None,
        entities=[builder.build() for builder in builders.values()],
        digest=digest(content),
    )


def _names(entity: EntityBuilder, profile, tables: _Tables) -> None:
    for alias in profile.iterfind(_q("Identity/Alias")):
        kind = tables.alias_types.get(alias.get("AliasTypeID"), "")
        if alias.get("Primary") == "true" or kind == "Name":
            prop = "name"
        elif kind == "F.K.A.":
            prop = "previousName"
        elif alias.get("LowQuality") == "true":
            prop = "weakAlias"
        else:
            prop = "alias"
        for name in alias.iterfind(_q("DocumentedName")):
            parts = [v.text or "" for v in name.iterfind(_q("DocumentedNamePart/NamePartValue"))]
            entity.add(prop, " ".join(p.strip() for p in parts if p.strip()))


def _features(entity: EntityBuilder, profile, tables: _Tables) -> None:
    for feature in profile.iterfind(_q("Feature")):
        prop = FEATURES.get(tables.features.get(feature.get("FeatureTypeID"), ""))
        if prop is None:
            continue
        for version in feature.iterfind(_q("FeatureVersion")):
            period = version.find(_q("DatePeriod"))
            if period is not None:
                start = _date(period.find(_q("Start/From")))
                end = _date(period.find(_q("End/To")))
                if start and end and start[:4] == end[:4] and start != end:
                    entity.add(prop, start[:4])  # a whole year: "born in 1962"
                else:
                    entity.add(prop, start)
                    entity.add(prop, end if end != start else None)
            for detail in version.iterfind(_q("VersionDetail")):
                value = detail.text or tables.details.get(detail.get("DetailReferenceID"))
                entity.add(prop, value.lower() if prop == "gender" and value else value)
            for location in version.iterfind(_q("VersionLocation")):
                place, country = tables.location_text(location.get("LocationID"))
                if prop in ("nationality", "country", "flag"):
                    entity.add(prop, country)
                else:
                    entity.add(prop, ", ".join(p for p in (place, country or "") if p))
                    entity.add("country", country if prop == "address" else None)
