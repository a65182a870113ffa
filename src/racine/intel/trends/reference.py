"""UNODC's published seizure statistics, read as reference series beside the platform's.

Two files of the UNODC annual seizure data (see ``SOURCES.md`` of the shared data):
the 2012–2016 export (UTF-8 with BOM, ``;``-separated, quoted fields, ``KgEquivalent``)
and the World Drug Report 2024 statistical annex table 7.1 for 2018–2022 (sheet
``Export``: a title row, then the header; ``Kilograms``). They name drugs differently
("Cocaine salts", "Cocaine hydrochloride"): :data:`DRUGS` maps the names that match a
drug of the exchange's list, and other rows keep their UNODC name with no code. The
2018–2022 table repeats some (country, drug, year) keys with different values; the
largest is kept — which one is right cannot be told, and adding them would count twice.
There is no 2017 in either file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pycountry

# UNODC drug name → the exchange's Drug value. "Ecstasy-type substances" (2012–2016)
# is a group, taken for MDMA, its main member; the other groups have no code.
DRUGS = {
    "Cocaine salts": "cocaine_hydrochloride",
    "Cocaine hydrochloride": "cocaine_hydrochloride",
    "Coca paste/cocaine base": "cocaine_base",
    '"Crack" cocaine': "cocaine_base",
    "Crack": "cocaine_base",
    "Hashish (resin)": "cannabis_resin",
    "Cannabis resin (hashish)": "cannabis_resin",
    "Marijuana (herb)": "cannabis_herb",
    "Cannabis herb (marijuana)": "cannabis_herb",
    "Heroin": "heroin",
    "Methamphetamine": "methamphetamine",
    "Amphetamine": "amphetamine",
    "Ecstasy-type substances": "mdma",
    "3,4-methylenedioxymethamphetamine (MDMA)": "mdma",
    "Fentanyl": "fentanyl",
}


@dataclass(frozen=True)
class ReferenceRow:
    """Kilograms of one drug seized in one country in one year, as UNODC published it."""

    source: str  # "unodc-2012-2016" or "unodc-wdr2024"
    country: str | None  # ISO alpha-2, None for a code pycountry does not know
    country_name: str
    year: int
    drug_name: str  # UNODC's
    drug: str | None  # the exchange's Drug value, when one matches
    kilograms: float


def _alpha2(alpha3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=(alpha3 or "").strip().upper())
    return country.alpha_2 if country else None


def _number(text) -> float | None:
    if text is None or text == "":
        return None
    try:
        return float(str(text).replace(",", "").strip())
    except ValueError:
        return None


def read_unodc_2012_2016(path: Path) -> list[ReferenceRow]:
    """Read the 2012–2016 export; rows without a quantity are left out."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line in csv.DictReader(handle, delimiter=";"):
            kilograms = _number(line.get("KgEquivalent"))
            if kilograms is None or not (line.get("Year") or "").strip().isdigit():
                continue
            name = (line.get("Drug") or "").strip()
            rows.append(
                ReferenceRow(
                    "unodc-2012-2016",
                    _alpha2(line.get("CountryCode", "")),
                    (line.get("Country") or "").strip(),
                    int(line["Year"]),
                    name,
                    DRUGS.get(name),
                    kilograms,
                )
            )
    return rows


def read_unodc_wdr2024(path: Path) -> list[ReferenceRow]:
    """Read table 7.1 of the World Drug Report 2024 (2018–2022), repeated keys kept once."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook["Export"]
        lines = sheet.iter_rows(values_only=True)
        next(lines)  # the title
        header = [str(h).strip() if h else "" for h in next(lines)]
        at = {name: header.index(name) for name in ("Country", "DrugName", "Reference year")}
        at |= {name: header.index(name) for name in ("Kilograms", "msCode")}
        largest: dict[tuple, ReferenceRow] = {}
        for line in lines:
            kilograms = _number(line[at["Kilograms"]])
            year = line[at["Reference year"]]
            if kilograms is None or not isinstance(year, int | float):
                continue
            name = str(line[at["DrugName"]] or "").strip()
            row = ReferenceRow(
                "unodc-wdr2024",
                _alpha2(str(line[at["msCode"]] or "")),
                str(line[at["Country"]] or "").strip(),
                int(year),
                name,
                DRUGS.get(name),
                kilograms,
            )
            key = (row.country_name, row.drug_name, row.year)
            if key not in largest or largest[key].kilograms < kilograms:
                largest[key] = row
    finally:
        workbook.close()
    return list(largest.values())


def by_year(rows: list[ReferenceRow], drug: str, country: str | None = None) -> dict[int, float]:
    """Return kilograms of ``drug`` (an exchange Drug value) by year, for one country or all."""
    totals: dict[int, float] = {}
    for row in rows:
        if row.drug == drug and (country is None or row.country == country):
            totals[row.year] = round(totals.get(row.year, 0.0) + row.kilograms, 3)
    return dict(sorted(totals.items()))
