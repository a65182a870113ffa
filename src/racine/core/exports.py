"""Tables as CSV or XLSX downloads: typed values, and never a formula from a cell's text.

A table is headers and rows of cells. A cell is a plain value (text, ``Decimal``, ``int``,
``float``, ``date``, ``datetime``, ``None``) or a dict: ``{"text": …, "url": …}`` for a link,
``{"text": …, "value": …}`` when the page shows a formatted text ("15 %") and the export
should hold the raw value (15). Exports keep the value's type:

- XLSX: numbers are numbers (with a number format), dates are dates, in a named sheet;
- CSV: raw values, a dot decimal and ISO dates, so that any program reads them back; the
  headers carry the units ("Committed (EUR)").

Formula injection: spreadsheet software runs a cell whose text starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula (``=HYPERLINK(…)`` in a title typed by
a partner, or read from an IATI file). Such text is neutralised: in CSV it is prefixed with
an apostrophe (OWASP's advice), in XLSX it is stored as a text cell with Excel's "quote
prefix", so it shows as typed and is never evaluated. Numbers are never text: a negative
amount stays a number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def raw(cell):
    """Return the value an export holds for a cell (the ``value`` of a dict, else its text)."""
    if isinstance(cell, dict):
        return cell["value"] if "value" in cell else cell.get("text")
    return cell


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def neutralised(text: str) -> str:
    """Return text that no spreadsheet runs as a formula (for CSV)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_value(value) -> str:
    """Return a cell as CSV text: dot decimal, ISO dates, neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if is_number(value):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        return _local(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralised(str(value))


def csv_table(headers: Sequence, rows: Iterable[Sequence]) -> str:
    """Return a table as CSV text with a BOM (spreadsheets then read accents right)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([neutralised(str(header)) for header in headers])
    for row in rows:
        writer.writerow([csv_value(raw(cell)) for cell in row])
    return "\ufeff" + text.getvalue()


def xlsx_table(sheet_name: str, headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    """Return a table as an XLSX workbook of one named sheet with typed cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(sheet_name)
    for column, header in enumerate(headers, start=1):
        _write(sheet.cell(row=1, column=column), str(header))
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, cell in enumerate(row, start=1):
            _write(sheet.cell(row=number, column=column), raw(cell))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(name: str) -> str:
    """Return a name Excel accepts for a sheet."""
    return (SHEET_NAME_FORBIDDEN.sub(" ", str(name)).strip() or "Racine")[:31]


def _write(cell, value) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Decimal):
        cell.value = float(value)
        places = max(0, min(4, -value.as_tuple().exponent)) if value.is_finite() else 0
        cell.number_format = "#,##0" + ("." + "0" * places if places else "")
    elif isinstance(value, int):
        cell.value = value
    elif isinstance(value, float):
        cell.value = value
        cell.number_format = "#,##0.00"
    elif isinstance(value, dt.datetime):
        cell.value = _local(value).replace(tzinfo=None)  # XLSX has no time zones
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    else:
        # Control characters make an XLSX file unreadable: drop them.
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment
