"""How an objective's figures read on pages and in briefings, by unit."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from racine.core.formatting import percent


def figure(value: Decimal | float | None, unit: str) -> str:
    """Return a value as it reads in its unit: "9", "+15,9 %" ("+15.9%" in EN), "×3,05", "2"."""
    if value is None:
        return "—"
    value = Decimal(str(value))
    if unit == "percent":
        return percent(value, 1, signed=True)
    if unit == "ratio":
        return f"×{number_format(_rounded(value, 2), 2)}"
    return number_format(value.normalize() if value == value.to_integral() else value, 0)


def _rounded(value: Decimal, places: int) -> Decimal:
    # number_format cuts decimals off; a briefing rounds them (3.0472 reads ×3,05).
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def progress_percent(progress: float | None) -> int:
    """Return progress from baseline to target as a whole percentage between 0 and 100."""
    if progress is None:
        return 0
    return max(0, min(100, round(progress * 100)))
