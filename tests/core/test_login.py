"""Signing in and out: argon2 hashes, lock-out after repeated failures, expiring sessions."""

from django.conf import settings

from racine.core.models import User
from tests.factories import PASSWORD


def sign_in(client, username, password):
    return client.post("/connexion/", {"username": username, "password": password})


def test_passwords_are_stored_as_argon2_hashes(viewer):
    stored = User.objects.get(pk=viewer.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert PASSWORD not in stored


def test_a_correct_password_signs_in_and_logging_out_signs_out(client, viewer):
    response = sign_in(client, "victor", PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200

    client.post("/deconnexion/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client, viewer):
    response = sign_in(client, "victor", "not the password")
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, viewer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "victor", "not the password")

    response = sign_in(client, "victor", PASSWORD)
    assert response.status_code == 429
    assert "Compte bloqué" in response.content.decode()
    assert client.get("/").status_code == 302  # still signed out


def test_an_administrator_lifts_the_lock_out(client, viewer, administrator, login):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "victor", "not the password")

    login(administrator).post(f"/administration/utilisateurs/{viewer.pk}/debloquer/")
    client.cookies.clear()
    response = client.post(
        "/connexion/", {"username": "victor", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302


def test_sessions_expire_after_the_idle_time_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_an_inactive_account_cannot_sign_in(client, viewer):
    User.objects.filter(pk=viewer.pk).update(is_active=False)
    response = sign_in(client, "victor", PASSWORD)
    assert response.status_code == 200
    assert client.get("/").status_code == 302
