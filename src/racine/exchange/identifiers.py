"""Checks of the identifiers a seizure report carries: IMO, ISO 6346, UN/LOCODE, phones, units.

Django-free: plain strings in, the normalised value out, :class:`BadIdentifier` with a
reason otherwise. The UN/LOCODE codes come from ``data/unlocode.csv`` shipped beside
this module (see that file's header), read once.
"""

from __future__ import annotations

import csv
import functools
import re
from decimal import Decimal
from pathlib import Path

UNLOCODE_FILE = Path(__file__).parent / "data" / "unlocode.csv"


class BadIdentifier(ValueError):
    """An identifier that fails its format or its check digit."""


def imo_number(text: str) -> str:
    """Return ``text`` as a 7-digit IMO ship number whose check digit holds.

    The last digit is the sum of the first six multiplied by 7, 6, 5, 4, 3, 2, modulo 10.
    """
    digits = re.sub(r"^IMO\s*", "", text.strip().upper())
    if not re.fullmatch(r"\d{7}", digits):
        raise BadIdentifier("an IMO number has 7 digits")
    total = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True))
    if total % 10 != int(digits[6]):
        raise BadIdentifier("the IMO number's check digit is wrong")
    return digits


def _letter_values() -> dict[str, int]:
    # ISO 6346 numbers letters from 10, skipping multiples of 11 (11, 22, 33).
    values, value = {}, 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if value % 11 == 0:
            value += 1
        values[letter] = value
        value += 1
    return values


LETTER_VALUES = _letter_values()


def container_number(text: str) -> str:
    """Return ``text`` as an ISO 6346 container number (CSQU3054383) with a valid check digit."""
    code = re.sub(r"[\s-]", "", text.strip().upper())
    if not re.fullmatch(r"[A-Z]{3}[UJZ]\d{7}", code):
        raise BadIdentifier(
            "a container number is 3 letters, U, J or Z, 6 digits and a check digit"
        )
    total = 0
    for position, char in enumerate(code[:10]):
        value = LETTER_VALUES[char] if char.isalpha() else int(char)
        total += value * 2**position
    if total % 11 % 10 != int(code[10]):
        raise BadIdentifier("the container number's check digit is wrong")
    return code


@functools.cache
def unlocodes() -> dict[str, str]:
    """Return the shipped UN/LOCODE codes and their place names."""
    with UNLOCODE_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["code"]: row["name"] for row in rows}


def unlocode(text: str, country: str) -> str:
    """Return ``text`` as a known UN/LOCODE of a place in ``country`` (ISO alpha-2)."""
    code = re.sub(r"\s", "", text.strip().upper())
    if not re.fullmatch(r"[A-Z]{2}[A-Z2-9]{3}", code):
        raise BadIdentifier("a UN/LOCODE is a country code and 3 letters or digits")
    if code not in unlocodes():
        raise BadIdentifier("unknown UN/LOCODE")
    if code[:2] != country.upper():
        raise BadIdentifier("the UN/LOCODE is not in the country of the seizure")
    return code


def phone_number(text: str) -> str:
    """Return ``text`` in international form (+ and 7 to 15 digits), separators removed."""
    number = re.sub(r"[\s.\-()/]", "", text.strip())
    if number.startswith("00"):
        number = "+" + number[2:]
    if not re.fullmatch(r"\+[1-9]\d{6,14}", number):
        raise BadIdentifier("a phone number is written +, the country code and the number")
    return number


# How many kilograms one unit weighs; "units" stay units.
KILOGRAMS = {
    "kg": Decimal(1),
    "g": Decimal("0.001"),
    "t": Decimal(1000),
    "lb": Decimal("0.45359237"),
}


def normalise_quantity(quantity: Decimal, unit: str) -> tuple[Decimal, str]:
    """Return a quantity in kilograms (weights) or units (tablets, doses, packages)."""
    if quantity <= 0:
        raise BadIdentifier("a quantity is positive")
    if unit == "units":
        if quantity != quantity.to_integral_value():
            raise BadIdentifier("a number of units is whole")
        return quantity, "units"
    if unit not in KILOGRAMS:
        raise BadIdentifier("unknown unit")
    return (quantity * KILOGRAMS[unit]).quantize(Decimal("0.0001")), "kg"
