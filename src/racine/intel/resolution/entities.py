"""Link the entity records of shared items: plain records in, scored pairs out (no Django).

Used by the ``intel`` app's ``racine intel resolve``. Each record is a person, company,
vessel, container, vehicle, address or phone named in an exchange item. Pairs come from:

- **strong identifiers** (probability 1): the same IMO number (vessels), ISO 6346 number
  (containers), phone number, passport number with its issuing country (people), tax or
  registration number with its country (companies), plate with its country (vehicles);
- **names** (people and companies): the same normalised name and date of birth (0.95),
  the same normalised name alone (0.6, for review);
- **the Splink model** for people (``model``), on first name, surname, date of birth,
  nationality and passport, when there are people enough to score.

Only pairs touching a *fresh* record (new or changed since the last run) are produced, so a
run compares what changed against everything, never everything against everything again.
A pair's probability is the highest any of these ways gives it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from racine.intel.resolution import backends, model
from racine.intel.resolution.records import _plain

SAME_NAME_AND_BIRTH = 0.95
SAME_NAME = 0.6
# Splink needs people enough to sample u probabilities from; below, names and
# identifiers alone are compared.
MIN_SPLINK_PEOPLE = 10
IDENTIFIED_KINDS = {
    "vessel": "same IMO number",
    "container": "same container number",
    "phone": "same phone number",
    "person": "same passport number and country",
    "company": "same registration number and country",
    "vehicle": "same plate and country",
}


@dataclass(frozen=True)
class EntityRecord:
    """One named entity as resolution reads it (dates as ISO strings, country as alpha-2)."""

    id: int
    kind: str
    name: str = ""
    identifier: str = ""
    birth_date: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class ScoredPair:
    """Two records (``left`` < ``right``) the same real-world entity with ``probability``."""

    left: int
    right: int
    probability: float
    reason: str


def _identifier(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def strong_key(record: EntityRecord) -> tuple[str, ...] | None:
    """Return the record's strong-identifier key, or ``None`` when it has none usable."""
    if record.kind not in IDENTIFIED_KINDS:
        return None
    number = _identifier(record.identifier)
    if len(number) < 5:  # shorter values are placeholders, not numbers
        return None
    if record.kind in {"person", "company", "vehicle"}:  # numbers are reused across countries
        return (record.kind, record.country or "", number)
    return (record.kind, number)


def name_key(record: EntityRecord) -> tuple[str, ...] | None:
    """Return the key of a person's or company's normalised name, or ``None``."""
    if record.kind not in {"person", "company"}:
        return None
    name = _plain(record.name)
    return (record.kind, name) if name else None


def _pairs_in_groups(
    records: Sequence[EntityRecord], key: Callable, fresh: set[int]
) -> Iterator[tuple[EntityRecord, EntityRecord]]:
    """Yield every pair sharing a key with at least one fresh record, each pair once."""
    groups: dict[tuple, list[EntityRecord]] = {}
    for record in records:
        found = key(record)
        if found is not None:
            groups.setdefault(found, []).append(record)
    for members in groups.values():
        if len(members) < 2 or not any(m.id in fresh for m in members):
            continue
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                if first.id in fresh or second.id in fresh:
                    yield first, second


def _keep(found: dict[tuple[int, int], ScoredPair], a: int, b: int, p: float, why: str) -> None:
    left, right = min(a, b), max(a, b)
    if left == right:
        return
    current = found.get((left, right))
    if current is None or p > current.probability:
        found[(left, right)] = ScoredPair(left, right, p, why)


def link_records(
    records: Sequence[EntityRecord],
    fresh: Iterable[int],
    *,
    floor: float = 0.5,
    backend: str = "duckdb",
    use_model: bool = True,
    progress: Callable[[str], None] = lambda stage: None,
) -> list[ScoredPair]:
    """Return the pairs touching a ``fresh`` record with a probability of ``floor`` or more."""
    fresh_ids = set(fresh)
    found: dict[tuple[int, int], ScoredPair] = {}
    progress(f"comparing {len(fresh_ids)} new or changed record(s) on strong identifiers")
    for first, second in _pairs_in_groups(records, strong_key, fresh_ids):
        _keep(found, first.id, second.id, 1.0, IDENTIFIED_KINDS[first.kind])
    progress("comparing names")
    for first, second in _pairs_in_groups(records, name_key, fresh_ids):
        same_birth = first.birth_date and first.birth_date == second.birth_date
        if same_birth:
            _keep(found, first.id, second.id, SAME_NAME_AND_BIRTH, "same name and date of birth")
        else:
            _keep(found, first.id, second.id, SAME_NAME, "same name")
    people = [r for r in records if r.kind == "person" and _plain(r.name)]
    if use_model and len(people) >= MIN_SPLINK_PEOPLE and fresh_ids & {p.id for p in people}:
        for left, right, probability in _model_pairs(people, fresh_ids, floor, backend, progress):
            _keep(found, left, right, probability, "similar person (model)")
    return sorted(
        (pair for pair in found.values() if pair.probability >= floor),
        key=lambda pair: (pair.left, pair.right),
    )


PERSON_COLUMNS = ["first_name", "surname", "birth_date", "nationality", "passport"]


def _model_pairs(people, fresh_ids, floor, backend, progress):
    """Score people with the Splink model; only pairs with a fresh side are compared."""
    import pandas as pd
    from splink import Linker

    rows = []
    for person in people:
        first, _space, rest = _plain(person.name).partition(" ")
        rows.append(
            {
                "unique_id": person.id,
                "first_name": first or None,
                "surname": rest or None,
                "birth_date": person.birth_date or None,
                "nationality": person.country or None,
                "passport": _identifier(person.identifier) or None,
                "fresh": person.id in fresh_ids,
            }
        )
    frame = pd.DataFrame.from_records(rows)
    # A column no record fills says nothing (and DuckDB would read its NULLs as numbers).
    columns = [c for c in PERSON_COLUMNS if frame[c].notna().any()]
    if not {"first_name", "surname"} <= set(columns):
        return []
    frame = frame[["unique_id", *columns, "fresh"]]
    frame[model.NAME_CONCAT] = frame["first_name"].fillna("") + " " + frame["surname"].fillna("")
    frame[model.NAME_CONCAT] = frame[model.NAME_CONCAT].str.strip().replace("", None)
    settings = model.settings(columns)
    # The model's blocking rules, each narrowed to pairs with a fresh side.
    settings.blocking_rules_to_generate_predictions = [
        " and ".join(f"l.{c} = r.{c}" for c in rule) + " and (l.fresh or r.fresh)"
        for rule in model._rules(model.PREDICTION_RULES, columns)
    ]
    linker = Linker(
        frame, settings, db_api=backends.database_api(backend), set_up_basic_logging=False
    )
    model.train(linker, frame, columns, 1e6, progress)
    progress("scoring people with the model")
    scored = linker.inference.predict(threshold_match_probability=floor).as_pandas_dataframe()
    return zip(
        scored["unique_id_l"].tolist(),
        scored["unique_id_r"].tolist(),
        scored["match_probability"].tolist(),
        strict=True,
    )


def constrained_clusters(
    nodes: Iterable[int],
    links: Iterable[tuple[int, int, float]],
    apart: Iterable[tuple[int, int]],
) -> dict[int, int]:
    """Return each node's cluster (its smallest id): links joined strongest first, never two
    nodes that ``apart`` keeps apart, even through other nodes.

    ``links`` are (left, right, strength); a link that would put a pair of ``apart`` in one
    cluster is skipped (as nomenklatura's resolver refuses a merge a negative judgement
    forbids), so a rejected pair stays apart whatever path the other links offer.
    """
    parent = {node: node for node in nodes}
    members = {node: {node} for node in parent}
    forbidden: dict[int, set[int]] = {}
    for a, b in apart:
        forbidden.setdefault(a, set()).add(b)
        forbidden.setdefault(b, set()).add(a)

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right, _strength in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        if left not in parent or right not in parent:
            continue
        a, b = root(left), root(right)
        if a == b:
            continue
        small, large = sorted((members[a], members[b]), key=len)
        if any(forbidden.get(node, set()) & large for node in small):
            continue
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        members[keep] = members[keep] | members.pop(gone)
    return {node: min(members[root(node)]) for node in parent}
