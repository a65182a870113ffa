"""Login, logout and failed-login events go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from racine.core import audit
from racine.core.choices import AuditAction


def client_address(request) -> str | None:
    """Return the address the request came from (the reverse proxy's, if there is one)."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    audit.record(AuditAction.LOGIN, user, actor=audit.actor_for(user, client_address(request)))


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditAction.LOGOUT, user, actor=audit.actor_for(user, client_address(request)))


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    actor = audit.Actor(username=username, client_address=client_address(request))
    audit.record(
        AuditAction.LOGIN_FAILED, None, {"username": username}, actor=actor, object_repr=username
    )
