"""Personal API tokens: stored hashed, shown once, usable as bearer, revocable, audited."""

import hashlib

import pytest
from django.utils import timezone

from racine.core import services
from racine.core.models import ApiToken, AuditEntry
from tests.tools.concurrency import at_once


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_only_the_digest_of_a_token_is_stored(viewer):
    token, secret = services.create_token(viewer, "weekly export")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("rac_") and len(secret) > 40
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.digest, stored.prefix, stored.name}


def test_a_token_authenticates_api_calls_and_its_use_is_audited(client, viewer):
    token, secret = services.create_token(viewer, "script")
    response = client.get("/api/me", **bearer(secret), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    assert response.json()["username"] == "victor"
    use = AuditEntry.objects.filter(action="token_use").latest("sequence")
    assert (use.actor, use.object_id, use.client_address) == ("victor", str(token.pk), "192.0.2.7")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.last_used_at is not None and stored.last_used_from == "192.0.2.7"


def token_uses(token):
    return AuditEntry.objects.filter(action="token_use", object_id=str(token.pk))


def test_a_busy_token_is_recorded_once_a_minute_and_at_once_from_a_new_address(client, viewer):
    token, secret = services.create_token(viewer, "partner system")
    for _ in range(5):
        assert client.get("/api/me", **bearer(secret), REMOTE_ADDR="192.0.2.7").status_code == 200
    assert token_uses(token).count() == 1
    # The same token from elsewhere (a stolen copy, say) is on record with its address.
    assert client.get("/api/me", **bearer(secret), REMOTE_ADDR="198.51.100.9").status_code == 200
    assert [u.client_address for u in token_uses(token).order_by("sequence")] == [
        "192.0.2.7",
        "198.51.100.9",
    ]
    # A minute later, the same address is recorded again.
    earlier = timezone.now() - services.TOKEN_USE_INTERVAL
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    client.get("/api/me", **bearer(secret), REMOTE_ADDR="198.51.100.9")
    assert token_uses(token).count() == 3


def test_a_revoked_token_is_refused_even_within_the_minute(client, viewer):
    token, secret = services.create_token(viewer, "script")
    assert client.get("/api/me", **bearer(secret)).status_code == 200
    services.revoke_token(viewer, token.pk)
    assert client.get("/api/me", **bearer(secret)).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_uses_of_a_token_record_one_use(viewer):
    token, secret = services.create_token(viewer, "partner system")
    users = at_once(lambda: services.authenticate_token(secret, "192.0.2.7"), threads=4)
    assert users == [viewer] * 4
    assert token_uses(token).count() == 1


def test_a_revoked_token_stops_working_at_once(client, viewer):
    token, secret = services.create_token(viewer, "script")
    services.revoke_token(viewer, token.pk)
    response = client.get("/api/me", **bearer(secret))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_or_malformed_token_is_refused(client, viewer):
    assert client.get("/api/me", **bearer("rac_forged")).status_code == 401
    assert client.get("/api/me", **bearer("something else")).status_code == 401


def test_a_user_cannot_revoke_someone_elses_token(client, viewer, administrator, login):
    token, _secret = services.create_token(administrator, "admin script")
    response = login(viewer).post(f"/compte/jetons/{token.pk}/revoquer/")
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).active


def test_the_tokens_page_shows_a_new_secret_once(viewer, login):
    client = login(viewer)
    page = client.post("/compte/jetons/", {"name": "weekly export"}).content.decode()
    token = ApiToken.objects.get(user=viewer)
    secret = page.split('id="token-secret">')[1].split("<")[0]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.digest
    assert secret not in client.get("/compte/jetons/").content.decode()


def test_tokens_are_created_and_revoked_through_the_api(viewer, login):
    client = login(viewer)
    created = client.post("/api/tokens", {"name": "ci"}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("rac_")
    revoked = client.delete(f"/api/tokens/{body['id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    from django.test import Client

    assert Client().get("/api/me", **bearer(body["secret"])).status_code == 401
