"""System checks that make a production start fail loudly instead of running insecurely."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

DEMO_SECRET_KEY = "prongsai-insecure-demo-key-change-me-0123456789abcdef"  # noqa: S105 — the key we refuse
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]"}


def is_production() -> bool:
    """Serving real users: not DEBUG, and either HTTPS or a host name other than this machine."""
    public_hosts = set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS
    return not settings.DEBUG and (settings.SITE_URL.startswith("https://") or bool(public_hosts))


@register(Tags.security)
def demo_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if is_production() and settings.SECRET_KEY == DEMO_SECRET_KEY:
        return [
            Error(
                "Prongsai is configured for production but uses the demo SECRET_KEY.",
                hint="Set SECRET_KEY in the environment to a long random value "
                "(python -c 'import secrets; print(secrets.token_urlsafe(50))').",
                id="prongsai.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    warnings = []
    if not settings.SITE_URL.startswith("https://"):
        warnings.append(
            Warning("SITE_URL is not https://.", hint="Serve Prongsai over HTTPS only.", id="prongsai.W001")
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        warnings.append(
            Warning(
                "The database is SQLite.",
                hint="SQLite suits one municipality on one machine; use PostgreSQL (DATABASE_URL) for more.",
                id="prongsai.W002",
            )
        )
    return warnings
