"""The plan's charts: finished, accessible SVG that asks nothing of the network."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from racine.plan.charts import accessible, history_chart, timeline_chart

SVG = "{http://www.w3.org/2000/svg}"
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}

AGREEMENTS_SO_FAR = [
    (date(2025, 12, 31), 1),
    (date(2026, 3, 31), 3),
    (date(2026, 6, 30), 6),
    (date(2026, 8, 31), 9),
]
LABELS = {
    "title": "Nouveaux accords de coopération",
    "value_label": "Accords",
    "date_label": "Date",
    "target_label": "Cible : 12",
}
STATUS_LABELS = {
    "draft": "Projet",
    "negotiation": "En négociation",
    "signed": "Signé",
    "in_force": "En vigueur",
    "suspended": "Suspendu",
    "expired": "Expiré",
    "terminated": "Dénoncé",
}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not hostile XML


def assert_accessible_and_self_contained(svg: str, title: str) -> ET.Element:
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == title
    assert root[0].tag == f"{SVG}title"
    assert root[0].text == title
    assert set(re.findall(r"https?://[^\"'\s)]+", svg)) <= NAMESPACES
    # Inlined in a page, the SVG must live with a CSP that forbids inline styles.
    assert "style=" not in svg and "<style" not in svg
    return root


def test_an_objective_history_is_a_titled_svg_with_its_target_and_forecast():
    svg = history_chart(
        AGREEMENTS_SO_FAR, target=12, deadline=date(2026, 11, 30), forecast=13.2, **LABELS
    )

    root = assert_accessible_and_self_contained(svg, "Nouveaux accords de coopération")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Cible : 12" in texts
    assert "Accords" in texts
    assert "08/2026" in texts or "07/2026" in texts  # dates are written as numbers
    assert 'stroke-dasharray="4,3"' in svg  # the forecast


def test_the_chart_is_as_large_as_asked():
    svg = history_chart(
        AGREEMENTS_SO_FAR,
        target=12,
        deadline=date(2026, 11, 30),
        forecast=None,
        width=320,
        height=120,
        **LABELS,
    )

    root = parse(svg)
    assert (root.get("width"), root.get("height")) == ("320", "120")
    assert "stroke-dasharray" not in svg  # no forecast, no dashed segment


def test_an_objective_without_measures_still_shows_its_target():
    svg = history_chart([], target=12, deadline=date(2026, 11, 30), forecast=12.0, **LABELS)

    root = assert_accessible_and_self_contained(svg, "Nouveaux accords de coopération")
    assert "Cible : 12" in [t.text for t in root.iter(f"{SVG}text")]


def test_numbers_follow_the_locale_given():
    halves = [(date(2026, 1, 1), 0.2), (date(2026, 6, 1), 0.9)]
    common = {"target": 1.5, "deadline": date(2026, 12, 31), "forecast": None} | LABELS

    french = parse(history_chart(halves, locale="fr-FR", **common))
    english = parse(history_chart(halves, **common))

    assert "0,5" in [t.text for t in french.iter(f"{SVG}text")]
    assert "0.5" in [t.text for t in english.iter(f"{SVG}text")]


def test_a_timeline_has_a_mark_per_agreement_and_a_legend_in_the_callers_words():
    events = [
        ("Accord franco-mexicain", date(2025, 3, 1), "signed"),
        ("Mémorandum Colombie", date(2026, 1, 15), "in_force"),
        ("Accord Équateur", date(2026, 6, 1), "negotiation"),
    ]

    svg = timeline_chart(
        events,
        title="Accords de coopération",
        date_label="Date",
        status_label="Statut",
        status_labels=STATUS_LABELS,
    )

    root = assert_accessible_and_self_contained(svg, "Accords de coopération")
    marks = [g for g in root.iter(f"{SVG}g") if "role-mark" in g.get("class", "").split()]
    assert [len(g) for g in marks] == [3]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Accord franco-mexicain", "Mémorandum Colombie", "Accord Équateur"} <= set(texts)
    # The legend names the statuses present, in the order of an agreement's life.
    legend = [t for t in texts if t in STATUS_LABELS.values()]
    assert legend == ["En négociation", "Signé", "En vigueur"]
    assert "Statut" in texts


def test_a_timeline_shows_an_unknown_status_code_as_is():
    svg = timeline_chart(
        [("Accord", date(2026, 1, 1), "archived")],
        title="Accords",
        date_label="Date",
        status_label="Statut",
        status_labels=STATUS_LABELS,
    )

    assert "archived" in [t.text for t in parse(svg).iter(f"{SVG}text")]


def test_an_empty_timeline_is_still_a_valid_svg():
    svg = timeline_chart(
        [], title="Accords", date_label="Date", status_label="Statut", status_labels=STATUS_LABELS
    )

    assert_accessible_and_self_contained(svg, "Accords")


def test_titles_are_escaped():
    svg = accessible('<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>', 'A & B "<c>"')

    assert_accessible_and_self_contained(svg, 'A & B "<c>"')


def test_accessible_refuses_what_is_not_svg():
    with pytest.raises(ValueError):
        accessible("<html></html>", "Title")
