"""A full-size IATI file for benchmarks and load tests, built from the real files.

The issue's import figures (8.6 MB, 15,000 activities) come from a d-portal export that the
project does not ship: this module rebuilds one of that size, deterministically, from the
three real files of ``../shared/data/iati`` (AFD, AFD + MEAE, US government). Each real
activity is cloned under a numbered identifier, keeping what an import reads (identifier,
reporting organisation, title, countries, sectors, transactions); bulky parts
(descriptions, status, publishers' own sector codes, budgets, documents, locations, portal
attributes, code names) are dropped, which brings one activity to about the issue's 570
bytes. Nothing big is committed: the file is written on demand, e.g. to ``var/``.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

SHARED_IATI = Path(__file__).resolve().parents[2] / "shared" / "data" / "iati"
KEPT = {
    "iati-identifier",
    "reporting-org",
    "title",
    "recipient-country",
    "sector",
    "transaction",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAMED_CODES = ("reporting-org", "recipient-country", "sector")  # their <narrative> is a label
TRANSACTIONS_KEPT = 1


def _trimmed(activity: etree._Element) -> etree._Element:
    activity = copy.deepcopy(activity)
    for name in list(activity.attrib):
        if name.startswith("{") and name != XML_LANG:  # d-portal's own bookkeeping
            del activity.attrib[name]
    for sector in activity.xpath(
        ".//sector[@vocabulary and not(@vocabulary='1' or @vocabulary='2')]"
    ):
        sector.getparent().remove(sector)  # publishers' own sector codes: nothing reads them
    for label in activity.xpath("|".join(f".//{tag}/narrative" for tag in NAMED_CODES)):
        label.getparent().remove(label)
    transactions = 0
    for child in list(activity):
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "transaction":
            transactions += 1
        if tag not in KEPT or (tag == "transaction" and transactions > TRANSACTIONS_KEPT):
            activity.remove(child)
            continue
        if tag == "title":
            for extra in child.findall("narrative")[1:]:
                child.remove(extra)
        if tag == "transaction":
            for part in list(child):
                if part.tag not in ("transaction-type", "transaction-date", "value", "sector"):
                    child.remove(part)
    for element in activity.iter():
        if element.text is not None and not element.text.strip():
            element.text = None
        element.tail = None
    etree.cleanup_namespaces(activity)
    return activity


def real_activities(folder: Path = SHARED_IATI) -> list[etree._Element]:
    """Return the trimmed activities of the real files, in a fixed order."""
    files = sorted(folder.glob("*.xml"))
    if not files:
        raise FileNotFoundError(f"no IATI file in {folder}: clone ../shared beside the repository")
    activities = []
    for path in files:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot()
        activities += [_trimmed(a) for a in root.iterchildren("iati-activity")]
    return activities


def build(count: int = 15_000, folder: Path = SHARED_IATI) -> bytes:
    """Return an ``<iati-activities>`` document of ``count`` activities (same input, same bytes)."""
    sources = real_activities(folder)
    root = etree.Element("iati-activities", version="2.03")
    root.set("generated-datetime", "2021-06-01T00:00:00")
    for number in range(count):
        activity = copy.deepcopy(sources[number % len(sources)])
        identifier = activity.find("iati-identifier")
        identifier.text = f"{identifier.text.strip()}-B{number:05d}"
        activity.tail = "\n"
        root.append(activity)
    root.text = "\n"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def write(path: Path, count: int = 15_000) -> Path:
    """Write the file at ``path`` unless an identical one is there already; return the path."""
    content = build(count)
    if not path.exists() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return path


if __name__ == "__main__":
    data = build()
    print(f"{len(data) / 1e6:.1f} MB, {data.count(b'<iati-activity ')} activities")
