"""The login lock-out behind a reverse proxy: by username and address, forged headers ignored.

Every user signs in through the same reverse proxy, so the proxy's address alone must not
decide a lock-out; the client's address comes from ``X-Forwarded-For`` only when the
request comes from a proxy listed in ``RACINE_TRUSTED_PROXIES``.
"""

import pytest
from django.conf import settings

from racine.core.models import AuditEntry
from tests.factories import PASSWORD

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.RACINE_TRUSTED_PROXIES = ["10.0.0.0/24"]


def sign_in(client, username, password, peer, forwarded=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/connexion/", {"username": username, "password": password}, **headers)


def test_failures_by_one_user_do_not_lock_others_behind_the_same_proxy(
    client, viewer, administrator, behind_proxy
):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        sign_in(client, "victor", "wrong password!", PROXY, "198.51.100.7")
    assert sign_in(client, "victor", PASSWORD, PROXY, "198.51.100.7").status_code == 429
    # Another user, another workstation, the same proxy: not locked.
    client.cookies.clear()
    assert sign_in(client, "alice", PASSWORD, PROXY, "198.51.100.8").status_code == 302
    # The same user from their own workstation: not locked either.
    client.cookies.clear()
    assert sign_in(client, "victor", PASSWORD, PROXY, "198.51.100.9").status_code == 302


def test_another_user_from_the_locked_address_still_signs_in(client, viewer, administrator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "victor", "wrong password!", "192.0.2.10")
    client.cookies.clear()
    assert sign_in(client, "alice", PASSWORD, "192.0.2.10").status_code == 302


def test_a_forged_forwarded_header_from_an_untrusted_peer_is_ignored(client, viewer, behind_proxy):
    # The attacker is not a trusted proxy: rotating X-Forwarded-For does not evade the lock.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "victor", "wrong password!", "203.0.113.5", f"198.51.100.{attempt}")
    response = sign_in(client, "victor", PASSWORD, "203.0.113.5", "198.51.100.200")
    assert response.status_code == 429
    failed = AuditEntry.objects.filter(action="login_failed").values_list(
        "client_address", flat=True
    )
    assert set(failed) == {"203.0.113.5"}


def test_a_trusted_proxy_gives_the_client_address_to_the_audit_log(client, viewer, behind_proxy):
    sign_in(client, "victor", "wrong password!", PROXY, "203.0.113.9, 10.0.0.1")
    entry = AuditEntry.objects.filter(action="login_failed").get()
    assert entry.client_address == "203.0.113.9"


def test_a_malformed_forwarded_header_falls_back_to_the_proxy(client, viewer, behind_proxy):
    sign_in(client, "victor", "wrong password!", PROXY, "not-an-address")
    entry = AuditEntry.objects.filter(action="login_failed").get()
    assert entry.client_address == PROXY
