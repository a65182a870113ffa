"""The partner map: classes and tooltips on the partners, nothing the CSP would block."""

import xml.etree.ElementTree as ET

import pytest

from racine.plan.worldmap import (
    COUNTRY_CLASS,
    OTHER_CLASS,
    REGIONS,
    CountryStyle,
    mapped_countries,
    world_map,
)

SVG = "{http://www.w3.org/2000/svg}"
PARTNERS = {
    "mx": CountryStyle("racine-map-agreement-in-force", "Mexique — accord en vigueur"),
    "CO": CountryStyle("racine-map-agreement-signed", "Colombie — accord signé"),
}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not hostile XML


def draw(countries=PARTNERS, **options) -> ET.Element:
    return parse(world_map(countries, title="Pays partenaires", description="12 pays", **options))


def country(root: ET.Element, code: str) -> ET.Element:
    (found,) = (g for g in root.iter(f"{SVG}g") if g.get("data-country") == code)
    return found


def test_mexico_gets_its_class_and_its_label():
    mexico = country(draw(), "mx")

    assert mexico.get("class").split() == [COUNTRY_CLASS, "racine-map-agreement-in-force"]
    assert mexico[0].tag == f"{SVG}title"
    assert mexico[0].text == "Mexique — accord en vigueur"


def test_codes_are_read_in_either_case():
    assert "racine-map-agreement-signed" in country(draw(), "co").get("class").split()


def test_other_countries_are_plain_and_unlabelled():
    brazil = country(draw(), "br")

    assert brazil.get("class") == OTHER_CLASS
    assert brazil.find(f"{SVG}title") is None


def test_the_map_is_one_image_named_by_its_title_and_description():
    root = draw()

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root[0].tag == f"{SVG}title" and root[0].get("id") == title_id
    assert root[0].text == "Pays partenaires"
    assert root[1].tag == f"{SVG}desc" and root[1].get("id") == desc_id
    assert root[1].text == "12 pays"


def test_two_different_maps_do_not_share_ids():
    first, second = draw(), draw(countries={})

    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_no_inline_style_so_the_content_security_policy_lets_it_through():
    svg = world_map(PARTNERS, title="Pays partenaires", description="12 pays")

    assert "style" not in svg
    assert not [e for e in parse(svg).iter() if e.get("style") is not None]


def test_nothing_of_pygal_is_left():
    svg = world_map(PARTNERS, title="Pays partenaires", description="12 pays")

    assert "map-element" not in svg
    assert 'id="countries"' not in svg


def test_unknown_codes_are_ignored():
    # Trinidad and Tobago has no outline on this map; "zz" is no country at all.
    missing = {"tt": CountryStyle("partner", "Trinité-et-Tobago"), "zz": CountryStyle("x", "?")}

    root = draw(countries=PARTNERS | missing)

    assert "tt" not in mapped_countries()
    assert "Trinité-et-Tobago" not in ET.tostring(root, encoding="unicode")


def test_the_default_region_crops_the_world():
    world = draw(region="world").get("viewBox")
    default = draw().get("viewBox")

    assert world == "0 0 2475 1388"
    assert default != world
    assert default == " ".join(str(n) for n in REGIONS["americas_europe_africa"])


def test_an_unknown_region_is_refused():
    with pytest.raises(ValueError, match="world"):
        draw(region="asia")


def test_the_map_knows_the_plans_main_partners():
    assert {"mx", "co", "ec", "pe", "br", "do", "gf", "ma", "es", "nl"} <= mapped_countries()
