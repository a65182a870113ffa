"""The count of new re-screening hits, shown on the sanctions tabs of every page."""

from django import template

from racine.core.errors import RacineError
from racine.sanctions import rescreening

register = template.Library()


@register.simple_tag
def new_hits(user) -> int:
    """Return how many hits ``user`` has not seen yet (0 for anyone but an officer)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    try:
        return rescreening.new_hit_count(user)
    except RacineError:  # not an officer: no badge
        return 0
