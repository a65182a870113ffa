"""Write ``src/racine/exchange/data/unlocode.csv`` from a UN/LOCODE release of UNECE.

Racine checks the place of a seizure (a port or an airport) against the UN/LOCODE code
list it ships, so that a closed network needs no download. To refresh the list, fetch a
release on a connected machine (UNECE publishes it twice a year as "UNLOCODE CodeList"
CSV files, Latin-1, no header) and run, from the repository:

    python tools/extract_unlocode.py "2023-1 UNLOCODE CodeListPart1.csv" \
        "2023-1 UNLOCODE CodeListPart2.csv" "2023-1 UNLOCODE CodeListPart3.csv" --release 2023-1

Kept: every location whose function marks a port (``1`` in the first position) or an
airport (``4`` in the fourth), except entries marked for deletion (change ``X``).
The columns of a release: change, country, location, name, name without diacritics,
subdivision, function, status, date, IATA, coordinates, remarks.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "src/racine/exchange/data/unlocode.csv"


def places(paths: list[Path]) -> dict[str, str]:
    """Return the ports and airports of the release files: code → name."""
    found = {}
    for path in paths:
        with path.open(encoding="latin-1", newline="") as handle:
            for row in csv.reader(handle):
                if len(row) < 7 or not row[2] or row[0].upper() == "X":
                    continue
                function = row[6].ljust(8, "-")
                if function[0] == "1" or function[3] == "4":
                    found[row[1] + row[2]] = row[3]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--release", required=True, help="the UNECE release, e.g. 2023-1")
    args = parser.parse_args()
    found = places(args.files)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# UN/LOCODE {args.release} (UNECE, United Nations Code for Trade and Transport\n"
            "# Locations): its ports and airports, written by tools/extract_unlocode.py.\n"
        )
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name"])
        writer.writerows(sorted(found.items()))
    print(f"{len(found):,} ports and airports written to {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
