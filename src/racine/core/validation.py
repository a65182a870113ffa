"""One validation for every record: the model's own rules, checked before a service writes.

Each model states its bounds once — field validators for what one value may be
(amounts within the column's ``max_digits``, dates within the plan's era, shares
between 0 and 1), ``clean()`` for what values must be together (no end before the
start, nothing spent above what was committed) — and the database holds the same
rules as ``CheckConstraint``\\ s, so that even a write that skips the service cannot
store a value that would break a page. Services call :func:`validate` on the record
before saving it; forms, the API and the CLI all go through those services, so they
refuse the same values with the same message on the same field.

The plan's era is 1 January 2000 – 31 December 2099: wide enough for every record
of the plan (country roles and staff posts of the last decades, deadlines to come),
narrow enough to catch a mistyped year (1900, 20026).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from racine.core.errors import InvalidInput

ERA_START = dt.date(2000, 1, 1)
ERA_END = dt.date(2099, 12, 31)
FIRST_YEAR, LAST_YEAR = ERA_START.year, ERA_END.year

ERA_VALIDATORS = [
    MinValueValidator(ERA_START, _("Give a date from 1 January 2000 onwards.")),
    MaxValueValidator(ERA_END, _("Give a date before 2100.")),
]
YEAR_VALIDATORS = [
    MinValueValidator(FIRST_YEAR, _("Give a year between 2000 and 2099.")),
    MaxValueValidator(LAST_YEAR, _("Give a year between 2000 and 2099.")),
]
NOT_NEGATIVE = MinValueValidator(Decimal(0), _("This cannot be negative."))


def largest(max_digits: int, decimal_places: int) -> Decimal:
    """Return the largest value a decimal column of that size holds (14, 2 → 999999999999.99)."""
    return Decimal(10) ** (max_digits - decimal_places) - Decimal(10) ** -decimal_places


def within_era(field: str, *, name: str) -> models.CheckConstraint:
    """Return the database's check that a (nullable) date lies in the plan's era."""
    inside = models.Q(**{f"{field}__gte": ERA_START, f"{field}__lte": ERA_END})
    return models.CheckConstraint(
        condition=inside | models.Q(**{f"{field}__isnull": True}), name=name
    )


def between(field: str, low, high, *, name: str) -> models.CheckConstraint:
    """Return the database's check that a number lies in [low, high]."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": low, f"{field}__lte": high}), name=name
    )


def not_before(later: str, earlier: str, *, name: str) -> models.CheckConstraint:
    """Return the database's check that the (nullable) ``later`` date is not before ``earlier``."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{later}__isnull": True})
        | models.Q(**{f"{later}__gte": models.F(earlier)}),
        name=name,
    )


def validate(record: models.Model, exclude: tuple[str, ...] = ()) -> None:
    """Check ``record`` against its model's rules; raise :class:`InvalidInput` on the field.

    Runs the field validators, the model's ``clean()`` and its check constraints (the
    services look for duplicates themselves, to say which record is already there).
    The first field error is raised, named by its field, so that a form shows it under
    the field, the API answers 400 with ``field`` and the CLI prints it.
    """
    errors: dict = {}
    try:
        record.clean_fields(exclude=list(exclude))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if not errors:
        try:
            record.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if not errors:
        for constraint in record._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                try:
                    constraint.validate(type(record), record, exclude=set(exclude))
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
    if errors:
        messages = ValidationError(errors).message_dict
        field = next((name for name in messages if name != NON_FIELD_ERRORS), None)
        raise InvalidInput(messages[field or NON_FIELD_ERRORS][0], field=field)
