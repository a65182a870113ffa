"""Readers of the official sanctions lists: one module per format, no Django.

Each reader takes the bytes of a file (or a folder, for OFAC's CSV files) and returns a
:class:`~racine.sanctions.sources.common.Listing`: every entry as a FollowTheMoney-style
entity (schema + properties), with the list's own identifier. The whole file is read and
checked before anything is returned; a bad file raises
:class:`~racine.sanctions.sources.common.SourceError` with every problem found.

Public API::

    read(format, path) -> Listing          # format: ofac-csv, ofac-xml, un-xml, eu-xml, ftm
    FORMATS                                 # the format names, for the CLI and the pages
"""

from __future__ import annotations

from pathlib import Path

from racine.sanctions.sources.common import Listing, SourceError

FORMATS = ("ofac-csv", "ofac-xml", "un-xml", "eu-xml", "ftm")


def read(format_name: str, path: Path, dataset: str | None = None) -> Listing:
    """Read the list at ``path`` (a folder for ``ofac-csv``, a file otherwise)."""
    from racine.sanctions.sources import eu_xml, ftm, ofac_csv, ofac_xml, un_xml

    path = Path(path)
    if format_name == "ofac-csv":
        if not path.is_dir():
            raise SourceError([f"{path}: the ofac-csv format needs a folder (sdn.csv, add.csv…)"])
        return ofac_csv.read_folder(path)
    if not path.is_file():
        raise SourceError([f"{path}: no such file"])
    content = path.read_bytes()
    if format_name == "ofac-xml":
        return ofac_xml.parse(content)
    if format_name == "un-xml":
        return un_xml.parse(content)
    if format_name == "eu-xml":
        return eu_xml.parse(content)
    if format_name == "ftm":
        return ftm.parse(content, dataset=dataset, file_name=path.name)
    raise SourceError([f"unknown list format {format_name!r}; use one of {', '.join(FORMATS)}"])


__all__ = ["FORMATS", "Listing", "SourceError", "read"]
