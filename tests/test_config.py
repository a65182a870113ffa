"""Configuration: safe defaults for the embedded mode, refusal of unsafe production values."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from racine import config

GOOD_SECRET = "kT3v9Qx_2LmZp8RbW4nYc7HsJd1FgE6uAo5Vi0Xq"  # noqa: S105 (a test value)
GOOD_AUDIT_KEY = "Zr8mP2wq_Lx5Nc9VbT3yHk7Ds1GfJ4uEo6Ai0QeW"


def production(**overrides):
    environ = {
        "RACINE_ENV": "production",
        "RACINE_SECRET_KEY": GOOD_SECRET,
        "RACINE_AUDIT_KEY": GOOD_AUDIT_KEY,
        "RACINE_ALLOWED_HOSTS": "racine.diplomatie.gouv.fr",
    }
    environ.update(overrides)
    return {key: value for key, value in environ.items() if value is not None}


def test_the_embedded_default_is_sqlite_in_the_data_folder(tmp_path):
    loaded = config.load({"RACINE_DATA_DIR": str(tmp_path)})
    assert loaded.database_url == f"sqlite:///{tmp_path / 'racine.sqlite3'}"
    assert loaded.debug is False and not loaded.production


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"RACINE_DEBUG": "true"}, "RACINE_DEBUG"),
        ({"RACINE_SECRET_KEY": None}, "RACINE_SECRET_KEY"),
        ({"RACINE_SECRET_KEY": "short"}, "RACINE_SECRET_KEY"),
        ({"RACINE_SECRET_KEY": "a" * 40}, "RACINE_SECRET_KEY"),
        ({"RACINE_SECRET_KEY": "ab" * 32}, "RACINE_SECRET_KEY"),
        ({"RACINE_SECRET_KEY": "0123456789" * 4}, "RACINE_SECRET_KEY"),
        ({"RACINE_AUDIT_KEY": None}, "RACINE_AUDIT_KEY"),
        ({"RACINE_AUDIT_KEY": "b" * 64}, "RACINE_AUDIT_KEY"),
        ({"RACINE_AUDIT_KEY": GOOD_SECRET}, "RACINE_AUDIT_KEY"),
        ({"RACINE_TRUSTED_PROXIES": "10.0.0.0/33"}, "RACINE_TRUSTED_PROXIES"),
        ({"RACINE_MAX_JSON_MB": "0"}, "RACINE_MAX_JSON_MB"),
        ({"RACINE_ALLOWED_HOSTS": None}, "RACINE_ALLOWED_HOSTS"),
        ({"RACINE_ALLOWED_HOSTS": "*"}, "RACINE_ALLOWED_HOSTS"),
        ({"RACINE_EMAIL_PASSWORD": "s3cret"}, "RACINE_EMAIL_USE_TLS"),
    ],
)
def test_production_refuses_unsafe_values(overrides, message):
    with pytest.raises(config.ConfigError, match=message):
        config.load(production(**overrides))


def test_production_accepts_safe_values():
    assert config.load(production()).production


def test_mail_goes_to_files_in_development_and_to_smtp_in_production():
    assert config.load({}).email.backend == "file"
    email = config.load(
        production(RACINE_EMAIL_PASSWORD="s3cret", RACINE_EMAIL_USE_TLS="true")
    ).email
    assert (email.backend, email.use_tls, email.password) == ("smtp", True, "s3cret")


def test_keys_made_the_documented_way_are_accepted():
    import secrets

    for _ in range(50):
        generated = production(
            RACINE_SECRET_KEY=secrets.token_urlsafe(48), RACINE_AUDIT_KEY=secrets.token_hex(32)
        )
        assert config.load(generated).production


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"RACINE_ENV": "staging"}, "RACINE_ENV"),
        ({"RACINE_DEBUG": "maybe"}, "RACINE_DEBUG"),
        ({"RACINE_SESSION_MINUTES": "-5"}, "RACINE_SESSION_MINUTES"),
        ({"RACINE_DATABASE_URL": "mysql://x"}, "RACINE_DATABASE_URL"),
        ({"RACINE_MAX_ATTACHMENT_MB": "0"}, "RACINE_MAX_ATTACHMENT_MB"),
        ({"RACINE_EMAIL_BACKEND": "sendmail"}, "RACINE_EMAIL_BACKEND"),
        ({"RACINE_EMAIL_PORT": "port"}, "RACINE_EMAIL_PORT"),
        ({"RACINE_EMAIL_FROM": "racine"}, "RACINE_EMAIL_FROM"),
        ({"RACINE_EMAIL_FROM": "a@b\nBcc: x@y"}, "RACINE_EMAIL_FROM"),
        ({"RACINE_SITE_URL": "javascript:alert(1)"}, "RACINE_SITE_URL"),
    ],
)
def test_malformed_values_are_refused_by_name(environ, message):
    with pytest.raises(config.ConfigError, match=message):
        config.load(environ)


def run_racine(args, env, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "RACINE_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-m", "racine.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_cli_refuses_to_start_in_production_with_debug_in_one_line(tmp_path):
    result = run_racine(["migrate"], production(RACINE_DEBUG="1"), tmp_path)
    assert result.returncode == 2
    assert result.stderr == "racine: configuration error: production refuses RACINE_DEBUG=true\n"
    assert not (tmp_path / "racine.sqlite3").exists()


def test_production_settings_secure_cookies_hsts_and_a_strict_csp(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DEBUG);"
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src']);"
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['style-src'])"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "RACINE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "racine.settings",
        **production(),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    flags, scripts, styles = result.stdout.splitlines()
    assert flags == "True True 31536000 False"
    assert scripts == "[\"'self'\", csp.constants.NONCE]"  # a per-request nonce, nothing inline
    assert styles == "[\"'self'\"]"


def test_every_racine_variable_is_documented():
    source = Path(config.__file__).read_text()
    documented = (Path(__file__).parents[1] / "docs" / "settings.md").read_text()
    names = set(re.findall(r'"(RACINE_[A-Z_]+)"', source))
    assert names, "no variable found"
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"undocumented in docs/settings.md: {missing}"
