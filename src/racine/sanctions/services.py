"""Rules of the sanctions app: importing official lists, and screening names against them.

Only sanctions officers import lists and screen (the CLI acts as an operator with shell
access, ``user=None``). Nothing here is public. Callers own the transaction.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from racine.core.choices import RoleCode
from racine.core.errors import InvalidInput, NotFound
from racine.core.permissions import require_role
from racine.sanctions import sources
from racine.sanctions.choices import EntrySchema
from racine.sanctions.matching import (
    DEFAULT_THRESHOLD,
    Match,
    Query,
    Record,
    ScreeningIndex,
    screen_many,
)
from racine.sanctions.matching.normalise import identifier_key
from racine.sanctions.models import (
    EntryIdentifier,
    EntryName,
    ListEntry,
    ListVersion,
    Regime,
    RegimeStageChange,
    SanctionsList,
)
from racine.sanctions.sources.common import ListedEntity

Progress = Callable[[int, int], None]
BATCH = 2000
COUNTRY_PROPERTIES = ("nationality", "country", "citizenship", "flag", "jurisdiction")
# FtM schemata stored under the nearest kind Racine screens (e.g. PublicBody → Organization).
PARENT_SCHEMAS = ("Person", "Vessel", "Airplane", "Company", "Organization", "LegalEntity")


def require_officer(user) -> None:
    """Raise unless ``user`` is a sanctions officer (``None`` is the CLI's operator)."""
    if user is not None:
        require_role(user, RoleCode.SANCTIONS_OFFICER)


# --- importing a list ---------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: the list, its version (None when nothing changed) and the diff."""

    code: str
    version: int | None
    entries: int
    added: int
    removed: int
    changed: int
    warnings: list[str]


def read_list(format_name: str, path: Path, dataset: str | None = None) -> sources.Listing:
    """Read and check a whole list file (or OFAC folder); raise InvalidInput naming each problem."""
    if format_name not in sources.FORMATS:
        raise InvalidInput(
            _("Unknown list format %(format)s.") % {"format": format_name}, field="format"
        )
    try:
        return sources.read(format_name, Path(path), dataset=dataset)
    except sources.SourceError as error:
        raise InvalidInput("\n".join(error.problems), field="file") from error


OFAC_FILES = {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"}


def import_uploaded_list(
    user, format_name: str, files: list[tuple[str, bytes]], dataset: str | None = None
) -> ImportReport:
    """Import a list sent from the browser: the files are written to a private temporary
    folder under their OFAC names (or as one file), then imported like a path.
    """
    require_officer(user)
    limit = settings.RACINE_MAX_UPLOAD_MB * 1024 * 1024
    if any(len(content) > limit for _name, content in files):
        raise InvalidInput(
            _("A file is larger than %(mb)s MB.") % {"mb": settings.RACINE_MAX_UPLOAD_MB},
            field="files",
        )
    with tempfile.TemporaryDirectory() as folder:
        if format_name == "ofac-csv":
            for name, content in files:
                clean = Path(name).name.lower().removesuffix(".gz")
                if clean not in OFAC_FILES:
                    raise InvalidInput(
                        _(
                            "%(name)s is not one of OFAC's files (sdn.csv, add.csv, alt.csv, "
                            "sdn_comments.csv)."
                        )
                        % {"name": name},
                        field="files",
                    )
                (Path(folder) / Path(name).name.lower()).write_bytes(content)
            path = Path(folder)
        else:
            if len(files) != 1:
                raise InvalidInput(_("Send one file for this format."), field="files")
            name, content = files[0]
            path = Path(folder) / (Path(name).name or "list")
            path.write_bytes(content)
        listing = read_list(format_name, path, dataset or None)
        return import_list(user, format_name, path, dataset or None, listing=listing)


def _stored_schema(schema: str) -> str:
    from followthemoney import model

    found = model.get(schema)
    for parent in PARENT_SCHEMAS:
        if found is not None and found.is_a(parent):
            return parent
    return EntrySchema.LEGAL_ENTITY


def import_list(
    user,
    format_name: str,
    path: Path,
    dataset: str | None = None,
    progress: Progress | None = None,
    listing: sources.Listing | None = None,
) -> ImportReport:
    """Import a list: read and check it whole, then add, change and remove entries.

    A new :class:`ListVersion` records the diff; importing the same content again
    changes nothing and creates no version.
    """
    require_officer(user)
    listing = listing or read_list(format_name, path, dataset)
    SanctionsList.objects.get_or_create(code=listing.code, defaults={"title": listing.title})
    # Two imports of one list at once would both number their version n+1: the second
    # waits here for the first to commit, then sees its version (and its entries).
    sanctions_list = SanctionsList.objects.select_for_update().get(code=listing.code)
    current = sanctions_list.current_version
    if current is not None and current.digest == listing.digest:
        return ImportReport(listing.code, None, current.entry_count, 0, 0, 0, listing.warnings)
    stored = dict(
        ListEntry.objects.filter(sanctions_list=sanctions_list).values_list(
            "entity_id", "fingerprint"
        )
    )
    incoming = {entity.entity_id: entity for entity in listing.entities}
    fingerprints = {key: entity.fingerprint() for key, entity in incoming.items()}
    added = [key for key in incoming if key not in stored]
    removed = [key for key in stored if key not in incoming]
    changed = [key for key in incoming if key in stored and stored[key] != fingerprints[key]]
    if not (added or removed or changed):
        return ImportReport(listing.code, None, len(stored), 0, 0, 0, listing.warnings)
    number = (current.number if current else 0) + 1
    captions = (
        dict(
            ListEntry.objects.filter(
                sanctions_list=sanctions_list, entity_id__in=removed
            ).values_list("entity_id", "caption")
        )
        if removed
        else {}
    )
    version = ListVersion.objects.create(
        sanctions_list=sanctions_list,
        number=number,
        source_format=format_name,
        source_name=Path(path).name,
        digest=listing.digest,
        published=listing.published,
        imported_by=user,
        entry_count=len(incoming),
        added=[[key, incoming[key].caption] for key in added],
        removed=[[key, captions.get(key, "")] for key in removed],
        changed=[[key, incoming[key].caption] for key in changed],
        warnings=listing.warnings,
    )
    for start in range(0, len(removed), BATCH):
        ListEntry.objects.filter(
            sanctions_list=sanctions_list, entity_id__in=removed[start : start + BATCH]
        ).delete()
    to_write = added + changed
    done = 0
    for start in range(0, len(to_write), BATCH):
        chunk = to_write[start : start + BATCH]
        _write_entries(sanctions_list, [incoming[k] for k in chunk], fingerprints, number)
        done += len(chunk)
        if progress:
            progress(done, len(to_write))
    sanctions_list.current_version = version
    sanctions_list.title = listing.title
    sanctions_list.save()
    return ImportReport(
        listing.code,
        number,
        len(incoming),
        len(added),
        len(removed),
        len(changed),
        listing.warnings,
    )


def _write_entries(sanctions_list, entities: list[ListedEntity], fingerprints, number) -> None:
    """Create or replace entries with their names and identifiers."""
    keys = [entity.entity_id for entity in entities]
    existing = {
        entry.entity_id: entry
        for entry in ListEntry.objects.filter(sanctions_list=sanctions_list, entity_id__in=keys)
    }
    EntryName.objects.filter(entry__in=existing.values()).delete()
    EntryIdentifier.objects.filter(entry__in=existing.values()).delete()
    new_entries, updated = [], []
    for entity in entities:
        entry = existing.get(entity.entity_id) or ListEntry(
            sanctions_list=sanctions_list, entity_id=entity.entity_id, first_version=number
        )
        entry.schema = _stored_schema(entity.schema)
        entry.caption = entity.caption[:500]
        entry.properties = entity.properties
        entry.programmes = entity.programmes
        entry.listed_on = entity.listed_on
        entry.birth_years = sorted(
            {int(d[:4]) for d in entity.properties.get("birthDate", []) if d[:4].isdigit()}
        )
        entry.countries = sorted(
            {c for prop in COUNTRY_PROPERTIES for c in entity.properties.get(prop, [])}
        )
        entry.fingerprint = fingerprints[entity.entity_id]
        entry.last_changed_version = number
        (updated if entry.pk else new_entries).append(entry)
    ListEntry.objects.bulk_create(new_entries)
    fields = [
        "schema",
        "caption",
        "properties",
        "programmes",
        "listed_on",
        "birth_years",
        "countries",
        "fingerprint",
        "last_changed_version",
    ]
    ListEntry.objects.bulk_update(updated, fields)
    if new_entries and new_entries[0].pk is None:  # backends that return no ids (none today)
        new_entries = list(
            ListEntry.objects.filter(sanctions_list=sanctions_list, entity_id__in=keys)
        )
    by_key = {entry.entity_id: entry for entry in [*new_entries, *updated]}
    names, identifiers = [], []
    for entity in entities:
        entry = by_key[entity.entity_id]
        names.extend(EntryName(entry=entry, name=n[:500], quality=q) for n, q in entity.names())
        identifiers.extend(
            EntryIdentifier(
                entry=entry, kind=kind, number=value[:200], normalised=identifier_key(value)[:200]
            )
            for kind, value in entity.identifiers()
        )
    EntryName.objects.bulk_create(names)
    EntryIdentifier.objects.bulk_create(identifiers)


# --- reading lists ------------------------------------------------------------------------


def list_lists(user) -> QuerySet:
    """Return every list with its current version and number of entries."""
    require_officer(user)
    lists = SanctionsList.objects.select_related("current_version")
    return lists.annotate(size=Count("entries")).order_by("code")


def get_list(user, code: str) -> SanctionsList:
    """Return one list by code, or raise NotFound."""
    found = list_lists(user).filter(code=code).first()
    if found is None:
        raise NotFound(_("No sanctions list %(code)s.") % {"code": code})
    return found


def list_versions(user, sanctions_list: SanctionsList) -> QuerySet:
    """Return a list's versions, newest first."""
    require_officer(user)
    return sanctions_list.versions.select_related("imported_by").order_by("-number")


def get_version(user, sanctions_list: SanctionsList, number: int) -> ListVersion:
    """Return one version of a list, or raise NotFound."""
    version = list_versions(user, sanctions_list).filter(number=number).first()
    if version is None:
        raise NotFound(_("No version %(number)s of this list.") % {"number": number})
    return version


def list_entries(user, sanctions_list: SanctionsList | None = None, search: str = "") -> QuerySet:
    """Return list entries, optionally one list's or those with a name containing ``search``."""
    require_officer(user)
    entries = ListEntry.objects.select_related("sanctions_list")
    if sanctions_list is not None:
        entries = entries.filter(sanctions_list=sanctions_list)
    if search:
        entries = entries.filter(names__name__icontains=search).distinct()
    return entries.order_by("sanctions_list__code", "caption", "pk")


def get_entry(user, pk: int) -> ListEntry:
    """Return one list entry with its names and identifiers, or raise NotFound."""
    entry = list_entries(user).prefetch_related("names", "identifiers").filter(pk=pk).first()
    if entry is None:
        raise NotFound(_("No list entry with id %(id)s.") % {"id": pk})
    return entry


# --- screening ----------------------------------------------------------------------------


def index_state() -> str:
    """Return what the index must reflect: every list's current version."""
    rows = SanctionsList.objects.order_by("code").values_list("code", "current_version_id")
    return ";".join(f"{code}={version}" for code, version in rows)


def list_records(sanctions_list: SanctionsList | None = None):
    """Yield the engine's records of every entry (or of one list's), names and identifiers."""
    entries, names_of, identifiers_of = (
        ListEntry.objects,
        EntryName.objects,
        EntryIdentifier.objects,
    )
    if sanctions_list is not None:
        entries = entries.filter(sanctions_list=sanctions_list)
        names_of = names_of.filter(entry__sanctions_list=sanctions_list)
        identifiers_of = identifiers_of.filter(entry__sanctions_list=sanctions_list)
    names: dict[int, list[tuple[str, str]]] = {}
    for entry_id, name, quality in names_of.values_list("entry_id", "name", "quality"):
        names.setdefault(entry_id, []).append((name, quality))
    identifiers: dict[int, list[str]] = {}
    for entry_id, key in identifiers_of.values_list("entry_id", "normalised"):
        identifiers.setdefault(entry_id, []).append(key)
    rows = entries.values_list("pk", "schema", "birth_years", "countries")
    for pk, schema, years, countries in rows.iterator(chunk_size=5000):
        yield Record(
            pk,
            schema,
            tuple(names.get(pk, ())),
            tuple(years),
            tuple(countries),
            tuple(identifiers.get(pk, ())),
        )


def rebuild_index() -> ScreeningIndex:
    """Build the screening index from the database and keep it on disk."""
    state = index_state()
    index = ScreeningIndex.build(list_records(), state=state)
    index.save(settings.RACINE_SCREENING_INDEX)
    return index


_loaded: dict[str, ScreeningIndex] = {}


def screening_index() -> ScreeningIndex:
    """Return the index of the current lists: from memory, from disk, or rebuilt."""
    state = index_state()
    path = str(settings.RACINE_SCREENING_INDEX)
    index = _loaded.get(path)
    if index is None or index.state != state:
        index = ScreeningIndex.load(settings.RACINE_SCREENING_INDEX)
    if index is None or index.state != state:
        index = rebuild_index()
    _loaded[path] = index
    return index


@dataclass
class Hit:
    """A match with the list entry it designates, for the CLI, the API and the pages."""

    query_id: str
    rank: int
    match: Match
    entry: ListEntry


def validate_query(query: Query, row: int | None = None) -> Query:
    """Check one query's fields; raise InvalidInput naming the row and the field."""
    where = _("row %(row)s: ") % {"row": row} if row is not None else ""
    if not query.name.strip():
        raise InvalidInput(where + _("the name is empty."), field="name", row=row)
    if query.schema and query.schema not in EntrySchema.values:
        raise InvalidInput(
            where
            + _("unknown schema %(schema)s (Person, Company, Organization, Vessel).")
            % {"schema": query.schema},
            field="schema",
            row=row,
        )
    if query.birth_date and not _valid_birth_date(query.birth_date):
        raise InvalidInput(
            where
            + _("invalid birth date %(date)s (YYYY or YYYY-MM-DD).") % {"date": query.birth_date},
            field="birth_date",
            row=row,
        )
    if query.country and not (len(query.country) == 2 and query.country.isalpha()):
        raise InvalidInput(
            where
            + _("invalid country %(country)s (ISO 3166 alpha-2).") % {"country": query.country},
            field="country",
            row=row,
        )
    return query


def _valid_birth_date(value: str) -> bool:
    if len(value) == 4 and value.isdigit():
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def screen(
    user, queries: list[Query], threshold: float = DEFAULT_THRESHOLD, limit: int = 10
) -> list[Hit]:
    """Screen queries against every list; return hits ranked per query."""
    require_officer(user)
    if not 0 <= threshold <= 1:
        raise InvalidInput(_("The threshold is between 0 and 1."), field="threshold")
    if limit < 1:
        raise InvalidInput(_("The limit is at least 1."), field="limit")
    index = screening_index()
    found = list(zip(queries, screen_many(index, queries, threshold, limit), strict=True))
    keys = {match.key for _q, matches in found for match in matches}
    entries = ListEntry.objects.select_related("sanctions_list").in_bulk(keys)
    hits = []
    for query, matches in found:
        rank = 0
        for match in matches:
            entry = entries.get(match.key)
            if entry is not None:  # an entry removed since the index was loaded is skipped
                rank += 1
                hits.append(Hit(query.id, rank, match, entry))
    return hits


# --- regimes, for the plan ----------------------------------------------------------------


@dataclass
class RegimeStageRecord:
    """A stage a regime reached, as the plan's objective shows it in its drill-down."""

    on: dt.date
    stage: int
    label: str
    evidence: str
    reference: str
    recorded_by: str
    recorded_at: dt.datetime


def regime_stage_history(code: str, at: dt.date | None = None) -> list[RegimeStageRecord]:
    """Return the stages a regime reached up to ``at`` (all when None), oldest first.

    Read by the plan (its objective on the European regime), which checks its own readers.
    """
    changes = RegimeStageChange.objects.filter(regime__code=code).select_related("recorded_by")
    if at is not None:
        changes = changes.filter(on__lte=at)
    return [
        RegimeStageRecord(
            change.on,
            change.stage,
            str(change.get_stage_display()),
            change.evidence,
            change.reference,
            (change.recorded_by.get_full_name() or change.recorded_by.username)
            if change.recorded_by
            else "",
            change.recorded_at,
        )
        for change in changes.order_by("on", "pk")
    ]


def regime_exists(code: str) -> bool:
    """Return whether a regime with this code exists."""
    return Regime.objects.filter(code=code).exists()
