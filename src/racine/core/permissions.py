"""The one permission mechanism: roles held by the signed-in user.

Views use :func:`role_required`; API endpoints and services call :func:`require_role`.
Both end in the same check, so a page and its API answer the same way.
"""

from __future__ import annotations

import functools

from django.utils.translation import gettext as _

from racine.core.choices import RoleCode
from racine.core.errors import NotAuthenticated, PermissionDenied


def has_role(user, *roles: RoleCode | str) -> bool:
    """Return whether ``user`` is active and holds at least one of ``roles``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.role_codes() & {str(role) for role in roles})


def require_role(user, *roles: RoleCode | str) -> None:
    """Raise unless ``user`` holds at least one of ``roles``."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    if not has_role(user, *roles):
        names = ", ".join(str(RoleCode(role).label) for role in roles)
        raise PermissionDenied(_("This requires one of these roles: %(roles)s.") % {"roles": names})


def role_required(*roles: RoleCode | str):
    """Decorate a view so that only holders of one of ``roles`` reach it (others get 403)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
