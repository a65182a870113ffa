"""Read Racine's configuration from ``RACINE_*`` environment variables.

This is the only place that reads the environment. ``settings.py`` turns a
:class:`Config` into Django settings; the CLI and the tests build one directly.
Every variable read here is documented in ``docs/settings.md`` (a test checks it).

Production (``RACINE_ENV=production``) refuses unsafe values instead of starting
with them: a ministry server must never run with DEBUG, the development secret
key or an open host list.
"""

from __future__ import annotations

import ipaddress
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DEVELOPMENT_SECRET_KEY = "racine-development-key-not-for-production"  # noqa: S105
DEVELOPMENT_AUDIT_KEY = "racine-development-audit-key-not-for-production"
# A secret must look random: 40 × "a" is 40 characters and no secret at all. The estimate
# (length × the Shannon entropy of its own characters) is crude but refuses repeated,
# short-alphabet keys, and a key that repeats a shorter unit is refused outright; 32 random
# hexadecimal characters score at least ~95 bits, 32 URL-safe ones ~150.
MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 90
ENVIRONMENTS = ("development", "production")


class ConfigError(ValueError):
    """A configuration value is missing, malformed or unsafe."""


EMAIL_BACKENDS = ("file", "smtp", "console")


@dataclass(frozen=True)
class EmailConfig:
    """How notifications leave: Django's file backend (development) or an SMTP server."""

    backend: str = "file"
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    sender: str = "racine@localhost"


@dataclass(frozen=True)
class Config:
    """Racine's settings as read from the environment, validated."""

    env: str
    debug: bool
    secret_key: str
    allowed_hosts: tuple[str, ...]
    csrf_trusted_origins: tuple[str, ...]
    data_dir: Path
    database_url: str
    session_minutes: int
    login_failure_limit: int
    login_cooloff_minutes: int
    log_level: str
    max_upload_mb: int
    freshness_days: int
    counter_narcotics_sectors: tuple[str, ...]
    audit_key: str = DEVELOPMENT_AUDIT_KEY
    trusted_proxies: tuple[str, ...] = ()
    max_json_mb: int = 5
    max_attachment_mb: int = 10
    site_url: str = "http://127.0.0.1:8000"
    email: EmailConfig = field(default_factory=EmailConfig)
    # (list format, (URL, …)) of the official lists refreshed on schedule; see docs/settings.md
    sanctions_sources: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sanctions_refresh_hours: int = 24
    idempotency_days: int = 7  # how long an Idempotency-Key replays its answer
    sanctions_download_mb: int = 200
    sanctions_download_seconds: int = 60

    @property
    def production(self) -> bool:
        return self.env == "production"


def _flag(environ: dict[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _positive_int(environ: dict[str, str], name: str, default: int) -> int:
    raw = environ.get(name) or str(default)
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be greater than zero, not {value}")
    return value


def _list(environ: dict[str, str], name: str, default: str) -> tuple[str, ...]:
    raw = environ.get(name, default)
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _sector_codes(environ: dict[str, str]) -> tuple[str, ...]:
    codes = _list(environ, "RACINE_COUNTER_NARCOTICS_SECTORS", "16063")
    for code in codes:
        if not (code.isdigit() and len(code) in (3, 5)):
            raise ConfigError(
                f"RACINE_COUNTER_NARCOTICS_SECTORS holds DAC sector codes (5 digits), not {code!r}"
            )
    return codes


def _networks(environ: dict[str, str], name: str) -> tuple[str, ...]:
    networks = _list(environ, name, "")
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ConfigError(
                f"{name} holds addresses or CIDR networks (10.0.0.0/8), not {network!r}"
            ) from None
    return networks


def _email(environ: dict[str, str], production: bool) -> EmailConfig:
    backend = (environ.get("RACINE_EMAIL_BACKEND") or ("smtp" if production else "file")).lower()
    if backend not in EMAIL_BACKENDS:
        raise ConfigError(
            f"RACINE_EMAIL_BACKEND must be one of {', '.join(EMAIL_BACKENDS)}, not {backend!r}"
        )
    sender = environ.get("RACINE_EMAIL_FROM") or "racine@localhost"
    if "@" not in sender or "\n" in sender or "\r" in sender:
        raise ConfigError(f"RACINE_EMAIL_FROM must be an e-mail address, not {sender!r}")
    return EmailConfig(
        backend=backend,
        host=environ.get("RACINE_EMAIL_HOST") or "localhost",
        port=_positive_int(environ, "RACINE_EMAIL_PORT", 25),
        user=environ.get("RACINE_EMAIL_USER", ""),
        password=environ.get("RACINE_EMAIL_PASSWORD", ""),
        use_tls=_flag(environ, "RACINE_EMAIL_USE_TLS", False),
        sender=sender,
    )


def _site_url(environ: dict[str, str]) -> str:
    url = (environ.get("RACINE_SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
    if not url.startswith(("http://", "https://")) or any(c in url for c in " \n\r"):
        raise ConfigError(f"RACINE_SITE_URL must be an http(s) address, not {url!r}")
    return url


SANCTIONS_FORMATS = ("ofac-csv", "ofac-xml", "un-xml", "eu-xml", "ftm")


def _sanctions_sources(environ: dict[str, str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Parse ``FORMAT=URL[,URL…]`` entries separated by spaces or new lines.

    ``ofac-csv`` takes the URLs of OFAC's files (``sdn.csv``, ``add.csv``, ``alt.csv``…, named
    by the URL's last part), every other format exactly one URL; a format may come twice
    (OFAC's SDN and consolidated XML files).
    """
    name = "RACINE_SANCTIONS_SOURCES"
    sources = []
    for entry in (environ.get(name) or "").split():
        list_format, _sep, urls = entry.partition("=")
        links = tuple(url for url in urls.split(",") if url)
        if list_format not in SANCTIONS_FORMATS:
            raise ConfigError(
                f"{name}: unknown list format {list_format!r} in {entry!r} "
                f"(one of {', '.join(SANCTIONS_FORMATS)})"
            )
        if not links or (list_format != "ofac-csv" and len(links) != 1):
            raise ConfigError(f"{name}: {list_format} takes exactly one URL, in {entry!r}")
        for url in links:
            if not url.startswith(("https://", "http://")):
                raise ConfigError(f"{name}: {url!r} is not an http(s) URL")
        sources.append((list_format, links))
    return tuple(sources)


def secret_bits(secret: str) -> float:
    """Return a rough estimate of the entropy of ``secret``, in bits."""
    if not secret:
        return 0.0
    counts = Counter(secret)
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    return per_char * len(secret)


def _weak_secret(secret: str, default: str) -> bool:
    return (
        secret == default
        or len(secret) < MIN_SECRET_LENGTH
        or secret_bits(secret) < MIN_SECRET_BITS
        or secret in (secret + secret)[1:-1]  # a repeated unit ("0123456789" × 4)
    )


def load(environ: dict[str, str] | None = None) -> Config:
    """Return the configuration read from ``environ`` (the process environment by default)."""
    environ = dict(os.environ if environ is None else environ)
    env = environ.get("RACINE_ENV", "development").strip().lower()
    if env not in ENVIRONMENTS:
        raise ConfigError(f"RACINE_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    production = env == "production"

    data_dir = Path(environ.get("RACINE_DATA_DIR") or "var").expanduser().resolve()
    database_url = environ.get("RACINE_DATABASE_URL") or f"sqlite:///{data_dir / 'racine.sqlite3'}"
    if not database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigError("RACINE_DATABASE_URL must be a sqlite:// or postgresql:// URL")

    config = Config(
        env=env,
        debug=_flag(environ, "RACINE_DEBUG", False),
        secret_key=environ.get("RACINE_SECRET_KEY") or DEVELOPMENT_SECRET_KEY,
        allowed_hosts=_list(
            environ, "RACINE_ALLOWED_HOSTS", "" if production else "127.0.0.1,localhost,[::1]"
        ),
        csrf_trusted_origins=_list(environ, "RACINE_CSRF_TRUSTED_ORIGINS", ""),
        data_dir=data_dir,
        database_url=database_url,
        session_minutes=_positive_int(environ, "RACINE_SESSION_MINUTES", 60),
        login_failure_limit=_positive_int(environ, "RACINE_LOGIN_FAILURE_LIMIT", 5),
        login_cooloff_minutes=_positive_int(environ, "RACINE_LOGIN_COOLOFF_MINUTES", 15),
        log_level=environ.get("RACINE_LOG_LEVEL", "INFO").upper(),
        max_upload_mb=_positive_int(environ, "RACINE_MAX_UPLOAD_MB", 10),
        freshness_days=_positive_int(environ, "RACINE_FRESHNESS_DAYS", 90),
        counter_narcotics_sectors=_sector_codes(environ),
        audit_key=environ.get("RACINE_AUDIT_KEY") or DEVELOPMENT_AUDIT_KEY,
        trusted_proxies=_networks(environ, "RACINE_TRUSTED_PROXIES"),
        max_json_mb=_positive_int(environ, "RACINE_MAX_JSON_MB", 5),
        max_attachment_mb=_positive_int(environ, "RACINE_MAX_ATTACHMENT_MB", 10),
        site_url=_site_url(environ),
        email=_email(environ, production),
        sanctions_sources=_sanctions_sources(environ),
        sanctions_refresh_hours=_positive_int(environ, "RACINE_SANCTIONS_REFRESH_HOURS", 24),
        sanctions_download_mb=_positive_int(environ, "RACINE_SANCTIONS_DOWNLOAD_MB", 200),
        sanctions_download_seconds=_positive_int(environ, "RACINE_SANCTIONS_DOWNLOAD_SECONDS", 60),
        idempotency_days=_positive_int(environ, "RACINE_IDEMPOTENCY_DAYS", 7),
    )
    if production:
        refuse_unsafe_production(config)
    return config


def refuse_unsafe_production(config: Config) -> None:
    """Raise :class:`ConfigError` naming the first unsafe production value."""
    if config.debug:
        raise ConfigError("production refuses RACINE_DEBUG=true")
    if _weak_secret(config.secret_key, DEVELOPMENT_SECRET_KEY):
        raise ConfigError(
            "production needs RACINE_SECRET_KEY: a random secret of 32 characters or more "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    if _weak_secret(config.audit_key, DEVELOPMENT_AUDIT_KEY):
        raise ConfigError(
            "production needs RACINE_AUDIT_KEY: a random secret of 32 characters or more, "
            "other than RACINE_SECRET_KEY, kept outside the database"
        )
    if config.audit_key == config.secret_key:
        raise ConfigError("production needs RACINE_AUDIT_KEY different from RACINE_SECRET_KEY")
    if not config.allowed_hosts:
        raise ConfigError("production needs RACINE_ALLOWED_HOSTS (comma-separated host names)")
    if "*" in config.allowed_hosts:
        raise ConfigError("production refuses RACINE_ALLOWED_HOSTS=*; name the hosts")
    if config.email.password and not config.email.use_tls:
        raise ConfigError("production refuses RACINE_EMAIL_PASSWORD without RACINE_EMAIL_USE_TLS")
