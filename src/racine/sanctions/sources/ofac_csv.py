"""Read OFAC's legacy SDN files: ``sdn.csv``, ``add.csv``, ``alt.csv`` (and ``sdn_comments.csv``).

The format (OFAC's ``dat_spec``) has quirks every reader must know:

- no header row; CRLF line endings; a DOS end-of-file byte (0x1A) on the last line;
- an empty field is written ``-0-`` (with a trailing space);
- names, dates of birth, identity documents and weak aliases are not columns: they are
  sentences in the ``Remarks`` column ("DOB 31 Jan 1939; Passport T321642 (Colombia);
  a.k.a. 'LUCAS'."), parsed here into FtM properties;
- ``sdn_comments.csv`` continues remarks too long for ``sdn.csv``;
- OFAC publishes the three files together, but copies found in the wild mix dates: an
  address or alias whose ``ent_num`` is not in ``sdn.csv`` is an orphan, reported as a
  warning and skipped (the entry it belonged to is gone from this list).

The list's own identifier is ``ent_num`` (OFAC's ``uid``). Files may be gzip-compressed
(``sdn.csv.gz``). A row with the wrong number of columns, a non-numeric ``ent_num`` or a
truncated last line refuses the whole folder.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path

from racine.sanctions.sources.common import EntityBuilder, Listing, SourceError, digest

COLUMNS = {"sdn": 12, "add": 6, "alt": 5, "sdn_comments": 2}
EOF_BYTE = b"\x1a"
SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "LegalEntity"}
MAX_ORPHANS_SHOWN = 10

# Identity documents in the remarks: label → FtM property.
DOCUMENTS = [
    (re.compile(r"^Passport\b", re.I), "passportNumber"),
    (
        re.compile(
            r"^(Cedula No\.|National ID No\.|Identification Number|C\.U\.R\.P\.|D\.N\.I\.|"
            r"Citizen's Card Number|Personal ID Card|Matricula Mercantil No)",
            re.I,
        ),
        "idNumber",
    ),
    (
        re.compile(r"^(Tax ID No\.|R\.F\.C\.|NIT #|RUC #|V\.A\.T\. Number|C\.U\.I\.T\.)", re.I),
        "taxNumber",
    ),
    (
        re.compile(
            r"^(Registration Number|Registration ID|Business Registration Number|"
            r"Company Number|Commercial Registry Number|Folio Mercantil No\.)",
            re.I,
        ),
        "registrationNumber",
    ),
    (re.compile(r"^SWIFT/BIC\b", re.I), "swiftBic"),
    (re.compile(r"^MMSI\b", re.I), "mmsi"),
]
DOCUMENT_NUMBER = re.compile(r"^[^0-9]*?\b([A-Z0-9][A-Z0-9./-]*\d[A-Z0-9./-]*)")
IMO = re.compile(r"IMO\s*(\d{7})")
QUOTED = re.compile(r"'(.+)'")
MONTHS = {
    month: number
    for number, month in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        start=1,
    )
}
OFAC_DATE = re.compile(r"^(?:circa )?(?:(\d{1,2}) )?(?:([A-Z][a-z]{2}) )?(\d{4})\b")


def read_folder(folder: Path) -> Listing:
    """Read the OFAC files of ``folder``; sdn.csv is required, the others optional."""
    contents: dict[str, bytes] = {}
    for name in COLUMNS:
        for candidate in (
            folder / f"{name}.csv",
            folder / f"{name}.csv.gz",
            folder / f"{name.upper()}.CSV",
        ):
            if candidate.is_file():
                data = candidate.read_bytes()
                if candidate.suffix == ".gz":
                    try:
                        data = gzip.decompress(data)
                    except (OSError, EOFError) as error:
                        raise SourceError(
                            [f"{candidate.name}: not a complete gzip file ({error})"]
                        ) from error
                contents[name] = data
                break
    if "sdn" not in contents:
        raise SourceError([f"{folder}: no sdn.csv in this folder"])
    return parse(contents)


def _rows(name: str, content: bytes, problems: list[str]) -> list[tuple[int, list[str]]]:
    """Split one file into rows of cleaned cells, noting every malformed line."""
    complete = content.rstrip(b"\r\n").endswith(EOF_BYTE)
    body = content.rstrip(b"\r\n").rstrip(EOF_BYTE)
    if not complete and body and not content.endswith((b"\n", EOF_BYTE)):
        problems.append(
            f"{name}.csv: the file is truncated (no end-of-file marker or final line break)"
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("cp1252", errors="replace")  # OFAC's files are ASCII or Windows-1252
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for cells in reader:
            line = reader.line_num
            if not cells or cells == [""]:
                continue
            if len(cells) != COLUMNS[name]:
                problems.append(
                    f"{name}.csv line {line}: {len(cells)} columns, expected {COLUMNS[name]}"
                )
                continue
            cleaned = ["" if c.strip() == "-0-" else c.strip() for c in cells]
            if not cleaned[0].isdigit():
                problems.append(f"{name}.csv line {line}: ent_num {cleaned[0]!r} is not a number")
                continue
            rows.append((line, cleaned))
    except csv.Error as error:
        problems.append(f"{name}.csv line {reader.line_num}: {error} (is the file truncated?)")
    if not rows and name == "sdn" and not problems:
        problems.append("sdn.csv: the file holds no entry")
    return rows


def ofac_date(text: str) -> str | None:
    """Return an ISO date prefix for "04 Apr 1957", "Apr 1957", "1957" or "circa 1957"."""
    match = OFAC_DATE.match(text.strip())
    if not match:
        return None
    day, month, year = match.groups()
    if month and month not in MONTHS:
        return None
    if day and month:
        return f"{year}-{MONTHS[month]:02d}-{int(day):02d}"
    if month:
        return f"{year}-{MONTHS[month]:02d}"
    return year


def _add_remarks(entity: EntityBuilder, remarks: str) -> None:
    """Turn the remarks' sentences into properties; keep the whole text as notes."""
    if not remarks:
        return
    entity.add("notes", remarks)
    for part in remarks.rstrip(".").split(";"):
        part = part.strip()
        part = part[5:].strip() if part.startswith("alt. ") else part
        if part.startswith("DOB "):
            for span in part[4:].split(" to "):
                entity.add("birthDate", ofac_date(span))
        elif part.startswith("POB "):
            entity.add("birthPlace", part[4:])
        elif part.startswith(("nationality ", "citizen ")):
            entity.add("nationality", part.split(" ", 1)[1])
        elif part.startswith("Gender "):
            entity.add("gender", part[7:].lower())
        elif part.startswith("a.k.a. "):
            quoted = QUOTED.search(part)
            entity.add("weakAlias", quoted.group(1) if quoted else part[7:])
        elif part.startswith("Vessel Registration Identification") or part.startswith("IMO"):
            imo = IMO.search(part)
            entity.add("imoNumber", f"IMO{imo.group(1)}" if imo else None)
        else:
            for label, prop in DOCUMENTS:
                if label.match(part):
                    number = DOCUMENT_NUMBER.match(label.sub("", part))
                    if number:
                        entity.add(prop, number.group(1).rstrip("."))
                    break


def parse(contents: dict[str, bytes]) -> Listing:
    """Read the files (by name: sdn, add, alt, sdn_comments); refuse them on any bad line."""
    problems: list[str] = []
    rows = {name: _rows(name, data, problems) for name, data in contents.items()}
    if problems:
        raise SourceError(problems)
    comments: dict[str, str] = {}
    for _line, (ent_num, text) in rows.get("sdn_comments", []):
        comments[ent_num] = comments.get(ent_num, "") + text
    builders: dict[str, EntityBuilder] = {}
    for line, cells in rows["sdn"]:
        ent_num, name, sdn_type, program = cells[:4]
        title, call_sign, vess_type, tonnage, grt, flag, owner, remarks = cells[4:]
        schema = SCHEMAS.get(sdn_type.lower())
        if schema is None:
            problems.append(f"sdn.csv line {line}: unknown SDN_Type {sdn_type!r}")
            continue
        if ent_num in builders:
            problems.append(f"sdn.csv line {line}: ent_num {ent_num} appears twice")
            continue
        if not name:
            problems.append(f"sdn.csv line {line}: entry {ent_num} has no name")
            continue
        entity = builders[ent_num] = EntityBuilder(schema, ent_num)
        entity.add("name", name)
        entity.programmes = [p.strip() for p in program.split("] [")]
        entity.add("program", "; ".join(entity.programmes))
        if schema == "Person":
            entity.add("position", title)
        if schema == "Vessel":
            entity.add("callSign", call_sign)
            entity.add("type", vess_type)
            entity.add("tonnage", tonnage.replace(",", ""))
            entity.add("grossRegisteredTonnage", grt.replace(",", ""))
            entity.add("flag", flag)
            # FtM's "owner" links to another entity; the owner's name goes to the notes.
            entity.add("notes", f"Owner: {owner}" if owner else None)
        _add_remarks(entity, remarks + comments.get(ent_num, ""))
    if problems:
        raise SourceError(problems)
    warnings: list[str] = []
    for name, apply in (("add", _add_address), ("alt", _add_alias)):
        orphans = []
        for line, cells in rows.get(name, []):
            entity = builders.get(cells[0])
            if entity is None:
                orphans.append((line, cells[0]))
            else:
                apply(entity, cells)
        if orphans:
            shown = ", ".join(
                f"line {line} (ent_num {num})" for line, num in orphans[:MAX_ORPHANS_SHOWN]
            )
            more = f" and {len(orphans) - MAX_ORPHANS_SHOWN} more" if len(orphans) > 10 else ""
            warnings.append(
                f"{name}.csv: {len(orphans)} row(s) name an entry that is not in "
                f"sdn.csv and were skipped: {shown}{more}"
            )
    return Listing(
        code="ofac-sdn",
        title="OFAC Specially Designated Nationals (SDN) List",
        published=None,
        entities=[builder.build() for builder in builders.values()],
        warnings=warnings,
        digest=digest(*(contents[name] for name in sorted(contents))),
    )


def _add_address(entity: EntityBuilder, cells: list[str]) -> None:
    _ent, _num, street, city, country, _remarks = cells
    entity.add("address", ", ".join(part for part in (street, city, country) if part))
    entity.add("country", country)


def _add_alias(entity: EntityBuilder, cells: list[str]) -> None:
    _ent, _num, alt_type, alt_name, _remarks = cells
    kind = alt_type.lower().rstrip(".")
    prop = "previousName" if kind == "fka" else "weakAlias" if kind == "weak aka" else "alias"
    entity.add(prop, alt_name)
