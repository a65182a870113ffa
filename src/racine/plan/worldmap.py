"""A map of the plan's partner countries, drawn on the server as SVG.

The outlines are those of the world map shipped in the PyPI package ``pygal_maps_world``,
read from the installed package at run time (never copied into this repository) and
parsed once. Each partner gets the caller's CSS class and a ``<title>`` (a tooltip); the
colours come from the site's stylesheet through the classes, because the site's
content-security policy forbids ``style`` attributes and elements.

The map is one image for assistive technologies (``role="img"`` named by its ``<title>``
and ``<desc>``): a country's ``<title>`` is a tooltip for the mouse, not read aloud, so the
page should also list the partners as text.

The map is old enough to lack some small states (several of the Lesser Antilles, the
Bahamas, Trinidad and Tobago…): :func:`mapped_countries` tells which codes have an outline,
so the caller can list the others. Django-free: plain data in, an SVG string out.
"""

from __future__ import annotations

import functools
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

MAP_CLASS = "racine-map"
COUNTRY_CLASS = "racine-map-country"
OTHER_CLASS = "racine-map-other"
# Crops of the source map (2475 × 1388), as viewBox x, y, width, height.
REGIONS = {
    "world": (0, 0, 2475, 1388),
    # From Alaska to the Gulf, from Greenland to Cape Horn; Asia and Oceania left out.
    "americas_europe_africa": (120, 0, 1540, 1175),
}
# Seen only if the stylesheet is missing: presentation attributes yield to any CSS rule and,
# unlike style attributes, are allowed by the content-security policy.
_FALLBACK_PAINT = {"fill": "#cecece", "stroke": "#ffffff", "stroke-width": "0.5"}
_SOURCE_NS = "{http://www.w3.org/2000/svg}"
# One decimal of a 2475-unit-wide map is finer than any screen: dropping the rest halves
# the page weight of every map.
_COORDINATE_DECIMALS = re.compile(r"(\.\d)\d+")


@dataclass(frozen=True)
class CountryStyle:
    """How to show a partner country: a CSS class (its colour) and a label (its tooltip)."""

    css_class: str
    label: str
    fill: str | None = None  # a colour for maps shown as <img>, where page CSS cannot reach


@functools.cache
def _outlines() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return (ISO code, path data…) for each country of pygal_maps_world's map."""
    source = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_bytes()
    outlines = []
    # S314: the file comes from an installed package, not from a user.
    for group in ET.fromstring(source).iter(f"{_SOURCE_NS}g"):  # noqa: S314
        # A country is <g class="mx country map-element">: its code comes first.
        classes = group.get("class", "").split()
        if "country" in classes:
            paths = tuple(
                _COORDINATE_DECIMALS.sub(r"\1", path.get("d", ""))
                for path in group.iter(f"{_SOURCE_NS}path")
            )
            outlines.append((classes[0], paths))
    return tuple(outlines)


def mapped_countries() -> frozenset[str]:
    """Return the lowercase ISO 3166 alpha-2 codes of the countries the map can draw."""
    return frozenset(code for code, _ in _outlines())


def world_map(
    countries: Mapping[str, CountryStyle],
    *,
    title: str,
    description: str,
    region: str = "americas_europe_africa",
) -> str:
    """Return an SVG map with ``countries`` (keyed by ISO alpha-2 code) styled and labelled.

    Codes the map lacks are ignored. ``region`` is a key of :data:`REGIONS`.
    """
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r}; choose among {', '.join(REGIONS)}")
    styles = {code.lower(): style for code, style in countries.items()}
    # Ids unique to this map's content, so that two maps on a page do not share them.
    key = repr((title, description, region, sorted(styles.items())))
    anchor = f"racine-map-{hashlib.sha256(key.encode()).hexdigest()[:10]}"

    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": " ".join(str(n) for n in REGIONS[region]),
            "class": MAP_CLASS,
            "role": "img",
            "aria-labelledby": f"{anchor}-title {anchor}-desc",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{anchor}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{anchor}-desc"}).text = description
    shapes = ET.SubElement(svg, "g", _FALLBACK_PAINT)
    for code, paths in _outlines():
        style = styles.get(code)
        classes = f"{COUNTRY_CLASS} {style.css_class}".strip() if style else OTHER_CLASS
        attributes = {"class": classes, "data-country": code}
        if style and style.fill:
            attributes["fill"] = style.fill
        country = ET.SubElement(shapes, "g", attributes)
        if style:
            ET.SubElement(country, "title").text = style.label
        for path in paths:
            ET.SubElement(country, "path", {"d": path})
    return ET.tostring(svg, encoding="unicode")
