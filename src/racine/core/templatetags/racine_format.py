"""How a table cell reads on a page: localised numbers with thousands separators, dates.

Also the colon and the percent sign of each language (``core.formatting``).

Rows hold raw values so that exports stay typed (``core.exports``); the page formats them
here, in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format, number_format

from racine.core import formatting

register = template.Library()


@register.filter
def cell_text(value):
    """Return a cell's value as it reads on a page ("—" when empty)."""
    if isinstance(value, dict):
        value = value.get("text")
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        places = max(0, min(2, -value.as_tuple().exponent)) if value.is_finite() else 0
        return number_format(value, places, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, 2, force_grouping=True)
    if isinstance(value, dt.datetime):
        return date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value,
            "SHORT_DATETIME_FORMAT",
        )
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.simple_tag
def colon():
    """Return the colon of a label in the active language: « : » in French, ":" otherwise."""
    return " :" if formatting.french() else ":"


@register.filter
def percent(value, places=0):
    """Return a number as a percentage in the active language ("15 %" / "15%")."""
    if value is None or value == "":
        return "—"
    return formatting.percent(value, int(places))
