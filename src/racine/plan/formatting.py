"""How an objective's figures read on pages and in briefings, by unit."""

from decimal import Decimal

from django.utils.formats import number_format


def figure(value: Decimal | float | None, unit: str) -> str:
    """Return a value as it reads in its unit: "9", "+15,9 %", "×3,05", "2"."""
    if value is None:
        return "—"
    value = Decimal(str(value))
    if unit == "percent":
        return f"{'+' if value > 0 else ''}{number_format(value, 1)} %"
    if unit == "ratio":
        return f"×{number_format(value, 2)}"
    return number_format(value.normalize() if value == value.to_integral() else value, 0)


def progress_percent(progress: float | None) -> int:
    """Return progress from baseline to target as a whole percentage between 0 and 100."""
    if progress is None:
        return 0
    return max(0, min(100, round(progress * 100)))
