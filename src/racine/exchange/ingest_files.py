"""Read seizure-report files (JSON Lines, CSV, XLSX) into rows shaped like the API's body.

Each row comes out as ``(row number, body)`` where ``body`` has the shape of the JSON
body of ``POST /api/exchange/items`` for a seizure, so that one schema and one
validation serve every way in. Row numbers are those a person sees: the line of a JSON
Lines file, the spreadsheet row of a CSV or XLSX file (the header is row 1).

The flat template (CSV, XLSX) has one report per row. Several drugs, people and other
entities take numbered columns: ``drug_1``, ``quantity_1``, ``unit_1``, ``drug_2``…;
``person_1_name``, ``person_1_birth_date``, ``person_1_nationality``…;
``entity_1_kind``, ``entity_1_name``, ``entity_1_identifier``, ``entity_1_country``….
Lists (``transits``, ``organisations``, ``recipients``) are separated by semicolons.
A structural fault (encoding, truncated workbook, unknown column, too many rows) raises
:class:`~racine.core.errors.InvalidInput` naming the row and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from racine.core.errors import InvalidInput
from racine.core.limits import UNSTORABLE

FORMATS = ("jsonl", "csv", "xlsx")
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}
MAX_ROWS = 50_000  # reports in one file; a larger file is split (memory and request time)
MAX_COLUMNS = 300
# A workbook is a zip: its unpacked size is checked before it is read (zip bombs).
MAX_XLSX_UNPACKED = 300 * 1024 * 1024

FIXED_COLUMNS = (
    "title",
    "body",
    "seized_on",
    "country",
    "place",
    "place_name",
    "conveyance",
    "concealment",
    "origin",
    "transits",
    "destination",
    "handling",
    "distribution",
    "agreement",
    "organisations",
    "recipients",
    "source_reliability",
    "information_accuracy",
    "handling_conditions",
)
LIST_COLUMNS = frozenset({"transits", "organisations", "recipients"})
# (list in the API body, its column pattern, column part → API key)
GROUPS = (
    ("drugs", re.compile(r"(drug|quantity|unit)_(\d{1,3})"), {"drug", "quantity", "unit"}),
    (
        "people",
        re.compile(r"person_(\d{1,3})_(name|birth_date|nationality)"),
        {"name": "full_name", "birth_date": "birth_date", "nationality": "nationality"},
    ),
    (
        "entities",
        re.compile(r"entity_(\d{1,3})_(kind|name|identifier|country)"),
        {"kind", "name", "identifier", "country"},
    ),
)
FLAT_NAMES = {
    "drugs": {"drug": "drug_{n}", "quantity": "quantity_{n}", "unit": "unit_{n}"},
    "people": {
        "full_name": "person_{n}_name",
        "birth_date": "person_{n}_birth_date",
        "nationality": "person_{n}_nationality",
    },
    "entities": {key: "entity_{n}_" + key for key in ("kind", "name", "identifier", "country")},
}


def guess_format(filename: str) -> str:
    """Return the format of a file from its name's extension."""
    for extension, kind in EXTENSIONS.items():
        if filename.lower().endswith(extension):
            return kind
    raise InvalidInput(_("Unknown file type: give a .jsonl, .csv or .xlsx file."), field="file")


def _column(name: str) -> tuple[str, str, int] | None:
    """Return (group, API key, number) of a numbered column, None for a fixed one."""
    for group, pattern, keys in GROUPS:
        match = pattern.fullmatch(name)
        if match:
            if group == "drugs":
                return group, match[1], int(match[2])
            part = match[2]
            key = keys[part] if isinstance(keys, dict) else part
            return group, key, int(match[1])
    return None


def check_header(header: list[str]) -> list[tuple[str, str, int] | None]:
    """Check the header row of a flat file; return what each column holds."""
    if len(header) > MAX_COLUMNS:
        raise InvalidInput(
            _("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS}, row=1
        )
    layout, seen = [], set()
    for name in header:
        if name in seen and name:
            raise InvalidInput(_("This column appears twice."), field=name, row=1)
        seen.add(name)
        numbered = _column(name)
        if numbered is None and name and name not in FIXED_COLUMNS:
            raise InvalidInput(
                _("Unknown column: see the template for the columns."), field=name, row=1
            )
        layout.append(("fixed", name, 0) if numbered is None else numbered)
    return layout


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # Spreadsheet numbers come as floats: 1200.0 is written 1200, up to 2**53, beyond
    # which a float no longer holds every integer.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value).strip()


def unflatten(row: int, header: list[str], layout: list, cells: list) -> dict:
    """Return the API-shaped body of one flat row; numbered groups keep their numbers.

    ``body["_numbers"]`` maps each list to the column numbers of its entries, so that an
    error on ``drugs[0]`` can name ``quantity_2`` when ``drug_1`` was left empty.
    """
    body: dict[str, Any] = {}
    groups: dict[str, dict[int, dict]] = {"drugs": {}, "people": {}, "entities": {}}
    for index, (name, (group, key, number), value) in enumerate(
        zip(header, layout, cells, strict=False), start=1
    ):
        text = _text(value)
        if not text:
            continue
        if not name:
            raise InvalidInput(
                _("A value sits in a column without a name."), field=f"#{index}", row=row
            )
        if UNSTORABLE.search(text):
            raise InvalidInput(_("The value holds a NUL character."), field=name, row=row)
        if group == "fixed":
            body[key] = (
                [v for v in re.split(r"\s*;\s*", text) if v] if key in LIST_COLUMNS else text
            )
        else:
            groups[group].setdefault(number, {})[key] = text
    numbers = {}
    for group, entries in groups.items():
        ordered = sorted(entries)
        if ordered:
            body[group] = [entries[n] for n in ordered]
        numbers[group] = ordered
    body["_numbers"] = numbers
    return body


def _row_or_error(row: int, header: list[str], layout: list, cells) -> dict:
    """Return the row's body, or its one problem for the checks to report (and go on)."""
    try:
        return unflatten(row, header, layout, cells)
    except InvalidInput as error:
        return {"_error": error.detail, "_field": error.field}


def flat_field(api_field: str, numbers: dict[str, list[int]]) -> str:
    """Return the template column of an API field name (``drugs[0].quantity`` → ``quantity_1``)."""
    match = re.fullmatch(r"(drugs|people|entities)\[(\d+)\](?:\.(\w+))?", api_field)
    if match:
        group, index, key = match[1], int(match[2]), match[3]
        column_numbers = numbers.get(group, [])
        number = column_numbers[index] if index < len(column_numbers) else index + 1
        key = key or next(iter(FLAT_NAMES[group]))
        pattern = FLAT_NAMES[group].get(key, FLAT_NAMES[group][next(iter(FLAT_NAMES[group]))])
        return pattern.format(n=number)
    if api_field == "drugs":
        return "drug_1"
    return re.sub(r"\[\d+\]$", "", api_field)


def _too_many(row: int) -> InvalidInput:
    return InvalidInput(
        _("The file has more than %(count)s reports: split it.") % {"count": f"{MAX_ROWS:,}"},
        row=row,
    )


def read_jsonl(handle: IO[bytes]) -> Iterator[tuple[int, dict]]:
    """Yield each line of a JSON Lines file as an object; blank lines are skipped."""
    count = 0
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(_("The line is not UTF-8 text."), row=number) from None
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        count += 1
        if count > MAX_ROWS:
            raise _too_many(number)
        try:
            body = json.loads(line)
        except (ValueError, RecursionError):
            yield number, {"_error": _("The line is not valid JSON.")}
            continue
        if not isinstance(body, dict):
            yield number, {"_error": _("Each line holds one JSON object.")}
            continue
        yield number, body


def _decoded_lines(handle: IO[bytes]) -> Iterator[str]:
    """Yield the lines of a UTF-8 file; a line that is not UTF-8 is refused by number."""
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(_("The file is not UTF-8 text."), row=number) from None
        yield line.removeprefix("\ufeff") if number == 1 else line


def read_csv(handle: IO[bytes]) -> Iterator[tuple[int, dict]]:
    """Yield each row of a CSV file (UTF-8, comma or semicolon separated) under its header."""
    lines = _decoded_lines(handle)
    first_line = next(lines, None)
    if first_line is None or not first_line.strip():
        raise InvalidInput(_("The file is empty."), field="file")
    # A spreadsheet set for French exports separates with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(itertools.chain([first_line], lines), delimiter=delimiter)
    number = 1
    try:
        header = [name.strip() for name in next(reader)]
        layout = check_header(header)
        count = 0
        for cells in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise _too_many(number)
            if len(cells) > len(header):
                yield number, {"_error": _("The row has more cells than the header has columns.")}
                continue
            yield number, _row_or_error(number, header, layout, cells)
    except csv.Error as error:
        raise InvalidInput(
            _("The CSV file cannot be read: %(reason)s.") % {"reason": error}, row=number + 1
        ) from None


# Cells of the first sheet a workbook may span (its last row × its last column). calamine
# builds the sheet as one dense grid of 32-byte cells before giving any row, and aborts the
# whole process when that allocation fails: two cells, A1 and XFD1048576, would ask for
# 512 GiB. 10 million cells (320 MB) hold 50,000 reports of 200 columns.
MAX_XLSX_CELLS = 10_000_000
# A cell element (any namespace prefix) and, separately, one that states its reference.
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_CELL_REFERENCE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?(?<=\s)r\s*=\s*[\"']([A-Z]{1,3})(\d{1,7})[\"']"
)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_extent(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose sheets would make the reader build too large a grid.

    Every part holding a ``sheetData`` is measured (which sheet is first is the reader's
    business), counting every cell that names its reference, empty or not: the bound may
    be above what the reader builds, never below. A cell without its reference (which
    Excel, LibreOffice and openpyxl always write) cannot be placed without parsing the
    sheet, so it is refused.
    """
    for info in archive.infolist():
        part = archive.read(info)
        if b"sheetData" not in part:
            continue
        references = _CELL_REFERENCE.findall(part)
        if len(references) != len(_CELL.findall(part)):
            raise InvalidInput(
                _(
                    "The workbook has cells without a reference (A1, B1…): "
                    "save it again from a spreadsheet program."
                ),
                field="file",
            )
        if not references:
            continue
        last_row = max(int(row) for _, row in references)
        last_column = max(_column_number(letters) for letters in {c for c, _ in references})
        if last_row * last_column > MAX_XLSX_CELLS:
            raise InvalidInput(
                _("The sheet spans more than %(count)s cells (rows × columns): split it.")
                % {"count": f"{MAX_XLSX_CELLS:,}"},
                field="file",
            )


def _first_sheet(handle: IO[bytes]):
    """Return the first sheet of a workbook, read by calamine, once its size is checked."""
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_XLSX_UNPACKED:
                raise InvalidInput(_("The workbook unpacks to too much data."), field="file")
            _check_extent(archive)
        handle.seek(0)
        with CalamineWorkbook.from_filelike(handle) as workbook:
            return workbook.get_sheet_by_index(0)
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001 (a damaged workbook fails in many ways, all the same to us)
        raise InvalidInput(
            _("The file is not a readable XLSX workbook (damaged or truncated?)."), field="file"
        ) from None


def _sheet_rows(sheet) -> Iterator[list]:
    """Yield the sheet's rows from row 1 and column A, as a spreadsheet shows them.

    calamine's grid starts at the first cell holding a value; ``iter_rows`` gives back
    the blank rows above it but not the blank columns before it, added here so that the
    header's columns are the sheet's own (``test_ingest.py`` checks both on an offset sheet).
    """
    padding = [""] * (sheet.start or (0, 0))[1]
    for cells in sheet.iter_rows():
        yield padding + cells if padding else cells


def read_xlsx(handle: IO[bytes]) -> Iterator[tuple[int, dict]]:
    """Yield each row of the first sheet of a workbook under its header (row 1)."""
    sheet = _first_sheet(handle)
    number = 0
    try:
        rows = _sheet_rows(sheet)
        first = next(rows, None)
        if first is None:
            raise InvalidInput(_("The file is empty."), field="file")
        number = 1
        header = [_text(name) for name in first]
        while header and not header[-1]:
            header.pop()
        layout = check_header(header)
        count = 0
        for cells in rows:
            number += 1
            if not any(_text(cell) for cell in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise _too_many(number)
            if any(_text(cell) for cell in cells[len(header) :]):
                yield number, {"_error": _("The row has more cells than the header has columns.")}
                continue
            yield number, _row_or_error(number, header, layout, cells)
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001 (a damaged sheet fails in many ways, all the same to us)
        raise InvalidInput(
            _("The file is not a readable XLSX workbook (damaged or truncated?)."),
            row=number + 1,
        ) from None


READERS = {"jsonl": read_jsonl, "csv": read_csv, "xlsx": read_xlsx}


def read_rows(handle: IO[bytes], file_format: str) -> Iterator[tuple[int, dict]]:
    """Yield ``(row number, API-shaped body)`` for each report of the file."""
    if file_format not in READERS:
        raise InvalidInput(_("Unknown format: choose jsonl, csv or xlsx."), field="format")
    return READERS[file_format](handle)


# --- the template offered for download ----------------------------------------------------

TEMPLATE_COLUMNS = (
    *FIXED_COLUMNS,
    *(f"{part}_{n}" for n in (1, 2, 3) for part in ("drug", "quantity", "unit")),
    *(f"person_{n}_{part}" for n in (1, 2) for part in ("name", "birth_date", "nationality")),
    *(
        f"entity_{n}_{part}"
        for n in (1, 2, 3)
        for part in ("kind", "name", "identifier", "country")
    ),
)
TEMPLATE_EXAMPLE = {
    "title": "Saisie de 1,2 t de cocaïne au port du Havre",
    "body": "Conteneur frigorifique de bananes en provenance de Guayaquil.",
    "seized_on": dt.date(2026, 3, 2),
    "country": "FR",
    "place": "FRLEH",
    "conveyance": "container",
    "concealment": "Dans la structure du groupe frigorifique",
    "origin": "EC",
    "transits": "PA;ES",
    "destination": "FR",
    "handling": "amber",
    "distribution": "originator",
    "source_reliability": "B",
    "information_accuracy": "2",
    "drug_1": "cocaine_hydrochloride",
    "quantity_1": 1200,
    "unit_1": "kg",
    "drug_2": "cannabis_resin",
    "quantity_2": 35.5,
    "unit_2": "kg",
    "person_1_name": "Juan Pérez Gómez",
    "person_1_birth_date": dt.date(1984, 6, 12),
    "person_1_nationality": "EC",
    "entity_1_kind": "vessel",
    "entity_1_name": "MSC Example",
    "entity_1_identifier": "9074729",
    "entity_1_country": "PA",
    "entity_2_kind": "container",
    "entity_2_identifier": "CSQU3054383",
    "entity_3_kind": "company",
    "entity_3_name": "Frutas del Pacífico S.A.",
    "entity_3_country": "EC",
}


def template_row() -> list:
    """Return the example row of the template, column by column."""
    return [TEMPLATE_EXAMPLE.get(column, "") for column in TEMPLATE_COLUMNS]


def template_csv() -> str:
    """Return the CSV template: the header and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow([_text(value) for value in template_row()])
    return out.getvalue()


def flatten(body: dict) -> dict[str, Any]:
    """Return the template columns of an API-shaped seizure report (the inverse of reading)."""
    row: dict[str, Any] = {}
    for name in FIXED_COLUMNS:
        value = body.get(name)
        if value in (None, "", []):
            continue
        row[name] = ";".join(str(v) for v in value) if isinstance(value, list) else value
    for group, names in FLAT_NAMES.items():
        for number, entry in enumerate(body.get(group) or [], start=1):
            for key, pattern in names.items():
                if entry.get(key) not in (None, ""):
                    row[pattern.format(n=number)] = entry[key]
    return row
