"""Parse XML the safe way for every list reader: no entities, no network, no DTD.

Official lists never declare a document type; one is how an XML file reads local files
(XXE) or expands to gigabytes ("billion laughs"), so it is refused outright.
"""

from __future__ import annotations

from lxml import etree

from racine.sanctions.sources.common import SourceError


def root_of(content: bytes, expected: str, label: str) -> etree._Element:
    """Return the root element, refusing non-XML, a DTD, or an unexpected root."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise SourceError(
            [
                f"{label}: not well-formed XML at line {error.lineno}: {error.msg} "
                "(is the file truncated?)"
            ]
        ) from error
    if root.getroottree().docinfo.doctype:
        raise SourceError([f"{label}: a document type declaration is not accepted"])
    if etree.QName(root).localname != expected:
        raise SourceError(
            [f"{label}: the root element is <{etree.QName(root).localname}>, expected <{expected}>"]
        )
    return root


def text(element, path: str, namespaces=None) -> str:
    """Return the stripped text at ``path`` under ``element``, or ""."""
    found = element.find(path, namespaces)
    return " ".join((found.text or "").split()) if found is not None else ""
