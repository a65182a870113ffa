"""Bulk ingest of seizure reports: check a whole file, then store it all or nothing.

Every row goes through the same two checks as a report sent alone: the API's schema
(:class:`~racine.exchange.schemas.ItemIn`) and :func:`racine.exchange.compose.check_item`
(codes, check digits, dates, the sharing and its legal basis). Nothing is written until
every row passed; a refusal is a :class:`~racine.core.errors.RowErrors` report naming
row and field (at most :data:`MAX_REPORTED` problems). A file that passes is written by
:mod:`racine.exchange.bulk` in the caller's transaction, audit entries included.

Sharing fields (``handling``, ``distribution``, ``agreement``, ``organisations``,
``recipients``, the evaluations and handling conditions) may be given once for the file
(:class:`FileDefaults`); a row's own value wins.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import IO

from django.utils.translation import gettext as _
from pydantic import ValidationError

from racine.core import api_messages
from racine.core.errors import InvalidInput, RowErrors
from racine.core.limits import LARGEST_INTEGER, unstorable
from racine.exchange import bulk, compose, ingest_files
from racine.exchange.schemas import ItemIn

logger = logging.getLogger(__name__)

MAX_REPORTED = 200  # problems listed in a refusal; the total is counted beyond
SHARING_FIELDS = (
    "handling",
    "distribution",
    "agreement",
    "organisations",
    "recipients",
    "source_reliability",
    "information_accuracy",
    "handling_conditions",
)
ID_FIELDS = ("agreement", "organisations", "recipients")

Progress = Callable[[str, int, int], None]


@dataclass
class FileDefaults:
    """Sharing fields given once for a whole file; a row's own value wins."""

    handling: str = ""
    distribution: str = ""
    agreement: int | None = None
    organisations: list[int] = field(default_factory=list)
    recipients: list[int] = field(default_factory=list)
    source_reliability: str = ""
    information_accuracy: str = ""
    handling_conditions: str = ""

    def values(self) -> dict:
        """Return the defaults that were given, as fields of an item's body."""
        return {name: value for name, value in asdict(self).items() if value not in ("", None, [])}


@dataclass
class Report:
    """A stored file: the ids of its reports, in the file's order."""

    ids: list[int]

    @property
    def created(self) -> int:
        return len(self.ids)


class _Problems:
    """The problems found so far: the first ones kept, every one counted."""

    def __init__(self):
        self.kept: list[dict] = []
        self.total = 0

    def add(self, row: int, field_name: str | None, detail: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_REPORTED:
            self.kept.append({"row": row, "field": (field_name or "")[:80], "detail": detail})


def _api_field(field_name: str, people: int) -> str:
    """Name a composer field as the API body does (``entities[i]`` counts people first)."""
    match = re.fullmatch(r"entities\[(\d+)\](?:\.(\w+))?", field_name or "")
    if not match:
        return field_name or ""
    index, key = int(match[1]), match[2]
    if index < people:
        key = {"name": "full_name", "country": "nationality"}.get(key or "", key)
        return f"people[{index}]" + (f".{key}" if key else "")
    return f"entities[{index - people}]" + (f".{key}" if key else "")


def _location(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _ids_in_range(body: dict) -> str | None:
    """Return the first id field holding a number no database can store, if any."""
    for name in ID_FIELDS:
        values = body.get(name)
        values = values if isinstance(values, list) else [values]
        for value in values:
            try:
                if value is not None and abs(int(value)) > LARGEST_INTEGER:
                    return name
            except (TypeError, ValueError, OverflowError):
                continue  # the schema names what is not a number
    return None


def _check_row(user, body: dict, defaults: dict, lookups) -> compose.CheckedItem:
    """Check one row's body as the API and the compose form would; raise per problem."""
    if "_error" in body:
        raise InvalidInput(body["_error"], field=body.get("_field"))
    body = {k: v for k, v in body.items() if not k.startswith("_")}
    unknown = sorted(set(body) - set(ItemIn.model_fields))
    if unknown:
        raise InvalidInput(_("Unknown field."), field=str(unknown[0]))
    if unstorable(body):
        raise InvalidInput(_("A value holds a NUL character or a lone UTF-16 surrogate."))
    body.setdefault("kind", "seizure")
    if body["kind"] != "seizure":
        raise InvalidInput(_("Only seizure reports are imported."), field="kind")
    for name, value in defaults.items():
        body.setdefault(name, value)
    beyond = _ids_in_range(body)
    if beyond:
        raise InvalidInput(_("A number in the request is too large."), field=beyond)
    payload = ItemIn.model_validate(body)
    return compose.check_item(user, payload.to_data(), lookups)


def check_file(
    user, handle: IO[bytes], file_format: str, defaults: FileDefaults, progress=None
) -> list[compose.CheckedItem]:
    """Read and check every row of a file; return them checked, or raise the row report."""
    compose.require_composer(user)
    problems = _Problems()
    checked: list[compose.CheckedItem] = []
    lookups = compose.Lookups(preload=True)
    flat = file_format != "jsonl"
    given = defaults.values()

    def name(field_name: str | None, body: dict, people: int) -> str | None:
        if field_name is None:
            return None
        api = _api_field(field_name, people)
        return ingest_files.flat_field(api, body.get("_numbers", {})) if flat else api

    with bulk.cycle_collector_paused():  # see there: a fifth of the checking
        try:
            for row, body in ingest_files.read_rows(handle, file_format):
                people = (
                    len(body.get("people") or []) if isinstance(body.get("people"), list) else 0
                )
                try:
                    checked.append(_check_row(user, body, given, lookups))
                except InvalidInput as error:
                    problems.add(row, name(error.field, body, people), error.detail)
                except ValidationError as error:
                    for item in error.errors():
                        location = _location(item.get("loc", ()))
                        problems.add(row, name(location, body, people), api_messages.message(item))
                if progress is not None and (len(checked) + problems.total) % 1000 == 0:
                    progress("checking", len(checked) + problems.total, 0)
        except InvalidInput as error:  # the file itself cannot be read further
            problems.add(error.row or 0, error.field, error.detail)
    if problems.total == 0 and not checked:
        problems.add(0, "file", _("The file holds no report."))
    if problems.total:
        raise RowErrors(
            _("The file was refused, nothing was stored: %(count)s problem(s).")
            % {"count": problems.total},
            problems.kept,
            problems.total,
        )
    return checked


def store(checked: list[compose.CheckedItem], progress=None) -> Report:
    """Store the reports of a checked file, audit entries included (caller's transaction)."""
    logger.info("exchange import: writing %s reports", len(checked))

    def writing(done: int, total: int) -> None:
        if progress is not None:
            progress("writing", done, total)

    ids = bulk.store_items(checked, writing)
    logger.info("exchange import: %s reports written", len(ids))
    return Report(ids)


def import_seizures(
    user, handle: IO[bytes], file_format: str, defaults: FileDefaults, progress=None
) -> Report:
    """Check a whole file of seizure reports, then store every report (caller's transaction).

    The user must be allowed to compose items; every report is theirs and their
    organisation's, as if sent one by one.
    """
    return store(check_file(user, handle, file_format, defaults, progress), progress)


def parse_ids(text: str, field_name: str) -> list[int]:
    """Return the ids of a list given as text (``12;15`` or ``12,15``)."""
    ids = []
    for part in re.split(r"[\s;,]+", text.strip()):
        if not part:
            continue
        if not part.isdigit() or int(part) > LARGEST_INTEGER:
            raise InvalidInput(_("Give ids separated by semicolons."), field=field_name)
        ids.append(int(part))
    return ids
