"""Numbers as each interface language writes them.

French puts a narrow no-break space before « % » and a space before « : »;
Spanish and English interfaces write « 15% » and « Source: ». Every page and export that
writes a percentage goes through :func:`percent`, so ES and EN never inherit French spacing.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language

NARROW_NO_BREAK_SPACE = "\u202f"


def french() -> bool:
    return (get_language() or "fr")[:2] == "fr"


def percent_sign() -> str:
    """Return what follows a number to make it a percentage in the active language."""
    return f"{NARROW_NO_BREAK_SPACE}%" if french() else "%"


def rounded(value, places: int) -> Decimal:
    """Round half up (3.045 reads 3,05), as a briefing does, rather than cutting decimals."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(value, places: int = 0, signed: bool = False) -> str:
    """Return a percentage (15 → "15 %" in French, "15%" in Spanish and English)."""
    value = rounded(value, places)
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{number_format(value, places, force_grouping=True)}{percent_sign()}"
