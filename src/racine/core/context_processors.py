"""Template context shared by every page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from racine.core.choices import RoleCode
from racine.core.permissions import has_role

# (label, url name, roles that see it — empty means every signed-in user, reserved to staff
#  of French State services?)
SECTIONS = [
    (_("Home"), "core:home", (), False),
    (_("Plan"), "plan:dashboard", (), True),
    (_("Resources"), "resources:posts", (), True),
    (_("Partners"), "partners:index", (), False),
    (_("Exchange"), "core:section-exchange", (), False),
    (_("Sanctions"), "sanctions:index", (RoleCode.SANCTIONS_OFFICER,), True),
    (_("Intelligence"), "core:section-intel", (RoleCode.ANALYST,), True),
    (_("Administration"), "core:admin-home", (RoleCode.ADMINISTRATOR,), False),
]


def visible_sections(user) -> list[tuple[str, str]]:
    """Return the (label, url name) of the sections ``user`` may open, in menu order."""
    if user is None or not user.is_authenticated:
        return []
    french_state = user.organisation is not None and user.organisation.french_state
    return [
        (label, name)
        for label, name, roles, french_only in SECTIONS
        if not (roles and not has_role(user, *roles)) and not (french_only and not french_state)
    ]


def navigation(request):
    """Return the main menu items the signed-in user may open, marking the current one."""
    items = []
    for label, name in visible_sections(getattr(request, "user", None)):
        url = reverse(name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {"navigation": items}
