"""Cross-cutting tests (isolation, API schema, Celery, browser, fuzzing). Markers used only here are declared here."""

from __future__ import annotations


def pytest_configure(config):  # type: ignore[no-untyped-def]
    config.addinivalue_line("markers", "celery: runs background jobs through Celery and the Redis on 127.0.0.1:6379")


import pytest  # noqa: E402


@pytest.fixture
def rate_limits_off(settings):
    """Tests that fire hundreds of requests are not about the rate limiter (tested in core/tests)."""
    settings.RATE_LIMIT_ENABLED = False
