"""Read FollowTheMoney entity files (JSON lines, as OpenSanctions and yente publish them).

Entries are the screenable entities (people, companies, organisations, vessels,
aircraft); their list identifier is the FtM ``id``. The other entities of the file lend
them what they say: a ``Sanction`` gives its entity the programme and listing date, an
``Address`` its full text, a ``Passport``/``Identification`` its number. Relationship
entities (ownership, family, directorship) are counted and left out.

The list is ``ftm:<dataset>``: the dataset given by the caller, else the one dataset every
entry shares, else the file's name.
"""

from __future__ import annotations

import json
import re

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException

from racine.sanctions.sources.common import (
    SCREENED_SCHEMAS,
    EntityBuilder,
    Listing,
    SourceError,
    digest,
    iso_date,
)

DATASET = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,60}$")
MAX_PROBLEMS = 50


def parse(content: bytes, dataset: str | None = None, file_name: str = "entities") -> Listing:
    """Read every line; refuse the file when a line is not an FtM entity."""
    problems: list[str] = []
    records: list[tuple[int, dict]] = []
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError([f"{file_name}: not UTF-8 text ({error})"]) from error
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not record.get("id"):
                raise ValueError("not an entity with an id")
            model.get_proxy(record)  # checks the schema and property names
        except (ValueError, FollowTheMoneyException, TypeError, AttributeError) as error:
            problems.append(f"{file_name} line {number}: {error}")
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        records.append((number, record))
    if not records and not problems:
        problems.append(f"{file_name}: the file holds no entity")
    if problems:
        raise SourceError(problems)
    return _listing(records, dataset, file_name, content)


def _listing(records, dataset, file_name, content) -> Listing:
    by_id = {record["id"]: record for _line, record in records}
    builders: dict[str, EntityBuilder] = {}
    datasets: set[tuple[str, ...]] = set()
    skipped = 0
    for _line, record in records:
        proxy = model.get_proxy(record)
        if not any(proxy.schema.is_a(name) for name in SCREENED_SCHEMAS):
            continue
        builder = builders.setdefault(proxy.id, EntityBuilder(proxy.schema.name, proxy.id))
        for prop, values in proxy.properties.items():
            if proxy.schema.properties[prop].type.name == "entity":
                continue  # links to other entities are resolved below
            for value in values:
                builder.add(prop, value)
        datasets.add(tuple(sorted(record.get("datasets") or [])))
        for address_id in proxy.get("addressEntity"):
            address = by_id.get(address_id)
            if address:
                for value in address.get("properties", {}).get("full", []):
                    builder.add("address", value)
    for _line, record in records:
        schema = model.get(record["schema"])
        properties = record.get("properties", {})
        holders = properties.get("entity", []) + properties.get("holder", [])
        if schema.is_a("Sanction"):
            for holder in holders:
                if holder in builders:
                    target = builders[holder]
                    target.programmes.extend(properties.get("program", []))
                    target.programmes.extend(properties.get("programId", []))
                    for listed in properties.get("listingDate", []) + properties.get(
                        "startDate", []
                    ):
                        day = iso_date(listed)
                        if day and (target.listed_on is None or day < target.listed_on):
                            target.listed_on = day
        elif schema.is_a("Identification"):
            prop = "passportNumber" if schema.is_a("Passport") else "idNumber"
            for holder in holders:
                if holder in builders:
                    for number in properties.get("number", []):
                        builders[holder].add(prop, number)
        elif not any(schema.is_a(name) for name in SCREENED_SCHEMAS + ("Address",)):
            skipped += 1
    name = dataset or _shared_dataset(datasets) or file_name.split(".")[0]
    name = name.lower()
    if not DATASET.match(name):
        raise SourceError([f"{file_name}: {name!r} is not a usable dataset name"])
    warnings = [f"{skipped} relationship or other entities were not listed"] if skipped else []
    return Listing(
        code=f"ftm:{name}",
        title=f"FollowTheMoney dataset {name}",
        published=None,
        entities=[builder.build() for builder in builders.values()],
        warnings=warnings,
        digest=digest(content),
    )


def _shared_dataset(datasets: set[tuple[str, ...]]) -> str | None:
    if len(datasets) == 1:
        (only,) = datasets
        if len(only) == 1:
            return only[0]
    return None
