"""Login, logout and failed-login events go to the audit log; where a request comes from."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from racine.core import audit
from racine.core.choices import AuditAction


@lru_cache(maxsize=8)
def _trusted(networks: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(network, strict=False) for network in networks)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted(tuple(settings.RACINE_TRUSTED_PROXIES)))


def client_address(request) -> str | None:
    """Return the address of the client that sent ``request``.

    ``X-Forwarded-For`` is believed only when the request comes from a trusted proxy
    (``RACINE_TRUSTED_PROXIES``); anyone else could write any address there. The client is
    then the right-most address that is not itself a trusted proxy. The login lock-out
    (django-axes) and the audit log both use this function.
    """
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR")
    if not peer or not _is_trusted(peer):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain: keep what we know, the proxy's address
        if not _is_trusted(hop):
            return hop
    return peer


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
