"""The CSV contract of ``racine screen``: queries in, ranked matches out.

QUERIES.csv has a header with ``id`` and ``name`` and optionally ``schema``,
``birth_date`` (YYYY or YYYY-MM-DD), ``country`` (ISO alpha-2) and ``identifier``.
RESULTS.csv has the header ``query_id,rank,score,list,entity_id,matched_name`` and one
row per match, ranks from 1 per query. A bad file stops with one error naming the row.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.utils.translation import gettext as _

from racine.core.errors import InvalidInput
from racine.sanctions.matching import Query
from racine.sanctions.services import Hit, validate_query

REQUIRED = ("id", "name")
OPTIONAL = ("schema", "birth_date", "country", "identifier")
RESULT_COLUMNS = ("query_id", "rank", "score", "list", "entity_id", "matched_name")


def parse_queries(text: str, label: str = "input") -> list[Query]:
    """Read and check every query of a CSV text; raise InvalidInput naming the first bad row."""
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise InvalidInput(
            _("%(file)s: missing column(s) %(columns)s in the header")
            % {"file": label, "columns": ", ".join(missing)},
            field="file",
        )
    queries, seen = [], set()
    for row_number, row in enumerate(reader, start=2):
        if None in row:
            raise InvalidInput(
                _("%(file)s row %(row)s: more cells than columns")
                % {"file": label, "row": row_number},
                field="file",
                row=row_number,
            )
        values = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        query = Query(**{key: values.get(key, "") for key in ("id", "name", *OPTIONAL)})
        try:
            validate_query(query, row_number)
        except InvalidInput as error:
            raise InvalidInput(
                f"{label} {error.detail}", field=error.field, row=row_number
            ) from error
        if not query.id:
            raise InvalidInput(
                _("%(file)s row %(row)s: the id is empty") % {"file": label, "row": row_number},
                field="id",
                row=row_number,
            )
        if query.id in seen:
            raise InvalidInput(
                _("%(file)s row %(row)s: the id %(id)s appears twice")
                % {"file": label, "row": row_number, "id": query.id},
                field="id",
                row=row_number,
            )
        seen.add(query.id)
        queries.append(query)
    return queries


def read_queries(path: str | Path) -> list[Query]:
    """Read a QUERIES.csv file; an unreadable file is refused in one line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            _("%(file)s: cannot read the file (%(error)s)") % {"file": path, "error": error},
            field="file",
        ) from error
    return parse_queries(text, str(path))


def result_rows(hits: list[Hit]) -> list[list[str]]:
    """Return the RESULTS.csv rows of ``hits``."""
    return [
        [
            hit.query_id,
            str(hit.rank),
            f"{hit.match.score:.4f}",
            hit.entry.sanctions_list.code,
            hit.entry.entity_id,
            hit.match.matched_name,
        ]
        for hit in hits
    ]


def write_results(path: str | Path, hits: list[Hit]) -> None:
    """Write RESULTS.csv."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RESULT_COLUMNS)
        writer.writerows(result_rows(hits))
