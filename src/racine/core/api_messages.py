"""API validation errors in the reader's language, naming the field in words.

django-ninja reports pydantic's errors in English with the field's code name
(``target_value: Input should be a valid decimal``). A client shows these to people: each
error is told again in the active language, by the error's type, with the field named as a
form would name it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Field codes whose words are not a label already in the catalogues.
FIELD_LABELS = {
    "accept": gettext_lazy("decision"),
    "committed": gettext_lazy("committed amount"),
    "counts_for_plan": gettext_lazy("counts towards the plan"),
    "email": gettext_lazy("email address"),
    "ends_on": gettext_lazy("end date"),
    "french_state": gettext_lazy("French State service"),
    "fte": gettext_lazy("full-time equivalent"),
    "is_active": gettext_lazy("active"),
    "lead_organisation": gettext_lazy("lead French organisation"),
    "note": gettext_lazy("note"),
    "on": gettext_lazy("date"),
    "organisation": gettext_lazy("organisation"),
    "rule": gettext_lazy("computation rule"),
    "session": gettext_lazy("session"),
    "sharing": gettext_lazy("sharing provisions"),
    "site": gettext_lazy("site"),
    "source": gettext_lazy("source"),
    "spent": gettext_lazy("spent amount"),
    "starts_on": gettext_lazy("start date"),
    "target_value": gettext_lazy("target"),
    "to_status": gettext_lazy("new status"),
}


def field_label(location: str) -> str:
    """Return the words for a field code ("target_value" → "cible" in French)."""
    head = location.split(".")[0]
    if not head:
        return _("request body")
    label = FIELD_LABELS.get(head)
    if label is None:
        words = head.replace("_", " ")
        label = _(words)  # model fields' verbose names are msgids already
    return str(label)


def message(error: dict) -> str:
    """Return one pydantic error as a sentence in the active language."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type", "finite_number"):
        return _("Enter a number.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        return _("This value has the wrong type.")
    if kind == "string_too_long":
        return _("Enter at most %(max)s characters.") % {"max": context.get("max_length")}
    if kind == "string_too_short":
        return _("Enter at least %(min)s characters.") % {"min": context.get("min_length")}
    if kind in ("greater_than", "greater_than_equal"):
        bound = context.get("gt", context.get("ge"))
        return _("Enter a value of at least %(bound)s.") % {"bound": bound}
    if kind in ("less_than", "less_than_equal"):
        bound = context.get("lt", context.get("le"))
        return _("Enter a value of at most %(bound)s.") % {"bound": bound}
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(expected)s.") % {"expected": context.get("expected", "")}
    if kind == "json_invalid":
        return _("The body is not valid JSON.")
    if kind == "value_error":
        # Raised by our own validators, whose message is already translated.
        return str(context.get("error") or error.get("msg", ""))
    return _("This value is not valid.")
