"""The identifier checks of a seizure report: formats, check digits, the shipped UN/LOCODE list."""

from __future__ import annotations

from decimal import Decimal

import pytest

from racine.exchange import identifiers
from racine.exchange.identifiers import BadIdentifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9074729", "9074729"), ("IMO 9074729", "9074729"), ("imo9321483", "9321483")],
)
def test_an_imo_number_with_its_check_digit_is_kept(text, expected):
    assert identifiers.imo_number(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("9074728", "check digit"), ("907472", "7 digits"), ("IMO 90747290", "7 digits")],
)
def test_a_wrong_imo_number_is_refused_with_its_reason(text, reason):
    with pytest.raises(BadIdentifier, match=reason):
        identifiers.imo_number(text)


def test_a_container_number_with_its_check_digit_is_kept():
    assert identifiers.container_number("csqu 305438-3") == "CSQU3054383"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("CSQU3054384", "check digit"), ("CSQX3054383", "3 letters"), ("CSQU305438", "3 letters")],
)
def test_a_wrong_container_number_is_refused_with_its_reason(text, reason):
    with pytest.raises(BadIdentifier, match=reason):
        identifiers.container_number(text)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("FRLEH", "FR"),  # Le Havre, on the route
        ("ecgye", "EC"),  # Guayaquil, written in lower case
        ("NL RTM", "NL"),  # Rotterdam, with a space
        ("SGSIN", "SG"),  # Singapore: off the routes, in the UN/LOCODE list all the same
        ("ZAJNB", "ZA"),  # Johannesburg airport
    ],
)
def test_a_port_or_airport_of_the_un_locode_list_is_accepted(text, country):
    assert identifiers.unlocode(text, country) == text.replace(" ", "").upper()


@pytest.mark.parametrize(
    ("text", "country", "reason"),
    [
        ("ZZZZZ", "ZZ", "unknown"),
        ("ADCAN", "AD", "unknown"),  # Canillo: a UN/LOCODE, but neither a port nor an airport
        ("FRLEH", "MX", "not in the country"),
        ("FRLE", "FR", "3 letters"),
        ("FR-LEH", "FR", "3 letters"),
    ],
)
def test_another_place_is_refused_with_its_reason(text, country, reason):
    with pytest.raises(BadIdentifier, match=reason):
        identifiers.unlocode(text, country)


def test_the_shipped_list_is_the_whole_un_locode_list_of_ports_and_airports():
    codes = identifiers.unlocodes()
    assert len(codes) > 20_000
    assert codes["COBOG"] == "Bogotá"  # names as UNECE writes them, diacritics included


@pytest.mark.parametrize(
    ("quantity", "unit", "expected"),
    [
        ("120.5", "kg", ("120.5000", "kg")),
        ("250", "g", ("0.2500", "kg")),
        ("1.2", "t", ("1200.0000", "kg")),
        ("10", "lb", ("4.5359", "kg")),
        ("3000", "units", ("3000", "units")),
    ],
)
def test_quantities_are_normalised_to_kilograms_or_units(quantity, unit, expected):
    value, normalised = identifiers.normalise_quantity(Decimal(quantity), unit)
    assert (str(value), normalised) == expected


@pytest.mark.parametrize(
    ("quantity", "unit", "reason"),
    [
        ("0", "kg", "positive"),
        ("-1", "g", "positive"),
        ("2.5", "units", "whole"),
        ("1", "oz", "unit"),
    ],
)
def test_impossible_quantities_are_refused(quantity, unit, reason):
    with pytest.raises(BadIdentifier, match=reason):
        identifiers.normalise_quantity(Decimal(quantity), unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("+52 55 1234 5678", "+525512345678"), ("0033 1 23 45 67 89", "+33123456789")],
)
def test_phone_numbers_are_written_in_international_form(text, expected):
    assert identifiers.phone_number(text) == expected


@pytest.mark.parametrize("text", ["01 23 45 67 89", "+0 123 456", "+33 12", "+33 abc 45 67 89"])
def test_other_phone_numbers_are_refused(text):
    with pytest.raises(BadIdentifier, match="country code"):
        identifiers.phone_number(text)
