"""Read person records from CSV and normalise them for comparison.

Normalisation is deliberately plain (lower case, accents removed, dates as ISO strings):
the model compares strings with Jaro-Winkler and Levenshtein, so spelling differences must
survive while differences of case, accents and punctuation must not count.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from racine.intel.resolution.errors import ResolutionError

COLUMNS = (
    "first_name",
    "surname",
    "full_name",
    "birth_date",
    "nationality",
    "city",
    "address",
    "postcode",
    "email",
    "phone",
    "passport",
)
DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w@.+ -]", " ", ascii_text).split())


def _date(text: str) -> str:
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    return ""  # an unreadable date is a missing date, not a reason to refuse the file


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


NORMALISERS = {
    "birth_date": _date,
    "postcode": _alnum,
    "passport": _alnum,
    "phone": lambda text: re.sub(r"\D", "", text).lstrip("0"),
    "email": lambda text: text.strip().lower(),
    "nationality": lambda text: _alnum(text)[:3],
}


def normalise(record: dict[str, str], columns: Iterable[str]) -> dict[str, str | None]:
    """Return the record's usable columns normalised; empty values become ``None``."""
    values: dict[str, str | None] = {}
    for column in columns:
        raw = (record.get(column) or "").strip()
        value = NORMALISERS.get(column, _plain)(raw) if raw else ""
        values[column] = value or None
    if "full_name" in values:  # split only when the parts are not given apart
        full = values.pop("full_name")
        values.setdefault("first_name", None)
        values.setdefault("surname", None)
        if full and not (values["first_name"] or values["surname"]):
            first, _space, rest = full.partition(" ")
            values["first_name"], values["surname"] = first, rest or None
    return values


def model_columns(usable: Iterable[str]) -> list[str]:
    """Return the columns the records hold after normalisation (a full name is split)."""
    present = set(usable)
    if "full_name" in present:
        present |= {"first_name", "surname"}
    return [column for column in COLUMNS if column in present and column != "full_name"]


def read_csv(path: str | Path) -> tuple[list[str], list[dict[str, str | None]], list[str]]:
    """Read and check a CSV file; return (ids, normalised records, usable columns).

    Raises :class:`ResolutionError` naming the file, row or column at the first problem.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            reader.fieldnames = header
            if "id" not in header:
                raise ResolutionError(f"{path}: no 'id' column in the header")
            usable = [column for column in COLUMNS if column in header]
            if not usable:
                raise ResolutionError(
                    f"{path}: no usable column (give at least one of {', '.join(COLUMNS)})"
                )
            ids, records, seen = [], [], {}
            for row_number, row in enumerate(reader, start=2):
                identifier = (row.get("id") or "").strip()
                if not identifier:
                    raise ResolutionError(f"{path}: row {row_number}: empty id")
                if identifier in seen:
                    raise ResolutionError(
                        f"{path}: row {row_number}: id {identifier!r} already on row "
                        f"{seen[identifier]}"
                    )
                seen[identifier] = row_number
                ids.append(identifier)
                records.append(normalise(row, usable))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ResolutionError(f"{path}: unreadable ({error})") from None
    return ids, records, model_columns(usable)
