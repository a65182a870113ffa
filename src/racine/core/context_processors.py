"""Template context shared by every page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from racine.core.choices import RoleCode
from racine.core.permissions import has_role

# (label, url name, roles that see it — empty means every signed-in user)
SECTIONS = [
    (_("Home"), "core:home", ()),
    (_("Plan"), "plan:dashboard", ()),
    (_("Resources"), "resources:posts", ()),
    (_("Partners"), "partners:index", ()),
    (_("Exchange"), "core:section-exchange", ()),
    (_("Sanctions"), "core:section-sanctions", ()),
    (_("Intelligence"), "core:section-intel", ()),
    (_("Administration"), "core:admin-home", (RoleCode.ADMINISTRATOR,)),
]


def navigation(request):
    """Return the main menu items the signed-in user may open, marking the current one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, name, roles in SECTIONS:
        if roles and not has_role(user, *roles):
            continue
        url = reverse(name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {"navigation": items}
