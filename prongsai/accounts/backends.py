"""Login throttling: django-axes refuses a username+address pair after too many failures."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check for every sign-in that comes through the web.

    Credentials checked outside a request (management commands, the test client's `login`) cannot be
    brute-forced over the network, so they pass through to the next backend instead of failing.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
