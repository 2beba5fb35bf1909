"""Keeps a signed-in user whose second step is due on the two-factor pages until it is done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from prongsai.accounts.policy import ENROL, SESSION_KEY

OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/health/")


class SecondFactorMiddleware:
    """Reads only the session (no query) for users without a pending step, so page query counts do not change."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        user: Any = request.user  # django-otp's OTPMiddleware adds is_verified()
        pending = step and user.is_authenticated and not user.is_verified()
        if pending and not request.path.startswith(OPEN_PREFIXES):
            target = reverse("two-factor-setup" if step == ENROL else "two-factor-verify")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
