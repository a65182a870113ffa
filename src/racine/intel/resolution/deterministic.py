"""Link records that share a strong identifier, before and regardless of the model.

A passport number means the same person only with its issuing country (numbers are reused
across countries), so the key is (nationality, passport) when the nationality is known, and
the passport alone otherwise. An e-mail address is personal enough to link on its own.
Later identifiers (IMO and MMSI for vessels, ISO 6346 for containers, tax numbers) are
more keys of the same kind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence


def identifier_keys(record: dict[str, str | None]) -> Iterator[tuple[str, ...]]:
    """Yield the strong-identifier keys of one normalised record."""
    passport = record.get("passport")
    if passport and len(passport) >= 5:  # shorter values are placeholders, not numbers
        yield ("passport", record.get("nationality") or "", passport)
    email = record.get("email")
    if email and "@" in email:
        yield ("email", email)


def linked_pairs(records: Sequence[dict[str, str | None]]) -> list[tuple[int, int]]:
    """Return (first index, other index) for every record sharing a key with an earlier one."""
    first_seen: dict[tuple[str, ...], int] = {}
    pairs = []
    for index, record in enumerate(records):
        for key in identifier_keys(record):
            earlier = first_seen.setdefault(key, index)
            if earlier != index:
                pairs.append((earlier, index))
    return pairs
