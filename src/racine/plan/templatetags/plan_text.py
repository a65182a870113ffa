"""The plan's reference texts in the reader's language (see ``plan.translations``)."""

from django import template

from racine.plan.translations import localized as _localized

register = template.Library()


@register.filter
def localized(text):
    """Return a title, indicator, source or stage of the plan in the reader's language."""
    return _localized(text) if isinstance(text, str) else text
