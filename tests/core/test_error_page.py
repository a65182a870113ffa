"""A bug answers the DSFR error page in the user's language, never Django's English one."""

import pytest
from django.test import Client


@pytest.fixture
def failing(settings, viewer):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.core.urls_that_fail"
    client = Client(raise_request_exception=False)
    client.force_login(viewer)
    return client


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", "Erreur inattendue"), ("es", "Error inesperado"), ("en", "Unexpected error")],
)
def test_a_bug_shows_the_dsfr_error_page_in_the_users_language(failing, language, words):
    failing.cookies["django_language"] = language
    response = failing.get("/en-panne/")
    page = response.content.decode()
    assert response.status_code == 500
    assert words in page and "fr-alert--error" in page and "fr-header" in page
    assert f'lang="{language}"' in page
    assert "Server Error (500)" not in page and "RuntimeError" not in page


def test_a_bug_under_the_api_answers_json(failing):
    response = failing.get("/api/no-such-thing-that-fails")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
