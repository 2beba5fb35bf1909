"""Request-level protections: request ids and JSON logs, database-outage pages, rate limits, security headers.

Order in settings.MIDDLEWARE matters: the request id and the outage handler wrap everything else, so a
database failure anywhere below them (sessions, authentication, the view) becomes one clear 503 page.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import json
import logging
import math
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import got_request_exception, setting_changed
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from prongsai.core.cache import count as windowed_count

logger = logging.getLogger("prongsai.requests")

# ---------------------------------------------------------------- request id and structured logs

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("prongsai_request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Gives each request an id (kept from a proxy's X-Request-ID when it is sane), logged and sent back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _sane_request_id(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response.headers["X-Request-ID"] = request_id
        return response


def _sane_request_id(value: str) -> bool:
    return 8 <= len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record so text and JSON formats can show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, and the exception if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id()),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# ---------------------------------------------------------------- client address, never stored raw


def client_address(request: HttpRequest) -> str | None:
    """The client's address; behind TRUSTED_PROXY_COUNT proxies, the hop the nearest trusted proxy saw.

    None when there is none (requests made inside the process); django-axes stores that as NULL.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client address: counts per client without keeping the address itself."""
    address = client_address(request) or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


# ---------------------------------------------------------------- database outage → 503

DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_response() -> HttpResponse:
    """Rendered without the database, the session or context processors: they are what failed."""
    response = HttpResponse(render_to_string("503.html"), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database into a Thai/English 503 page instead of a bare 500.

    Recovery needs nothing special: CONN_HEALTH_CHECKS replaces the dead connection on a later request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS:
            return self._unavailable()
        if getattr(request, "_prongsai_database_failed", False) and response.status_code >= 500:
            return self._unavailable()  # a middleware below failed on the database and Django made it a 500
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            request._prongsai_database_failed = True  # type: ignore[attr-defined]
            return self._unavailable()
        return None

    def _unavailable(self) -> HttpResponse:
        logger.error("database unavailable", exc_info=True)
        return unavailable_response()


@receiver(got_request_exception)
def _remember_database_failure(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    import sys

    if request is not None and isinstance(sys.exception(), DATABASE_ERRORS):
        request._prongsai_database_failed = True  # type: ignore[attr-defined]


# ---------------------------------------------------------------- rate limits on public endpoints

RATE_LIMITED_PREFIXES = ("/p/", "/s/", "/api/")
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class RateLimitMiddleware:
    """Fixed-window counters per client (keyed hash) in the cache; answers 429 with a Thai/English page.

    Reads and writes are counted separately so that browsing never uses up the allowance for sending a form.
    The cache key holds only the hash and the window number and expires with the window.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.RATE_LIMIT_ENABLED and request.path.startswith(RATE_LIMITED_PREFIXES):
            retry_after = self._over_limit(request)
            if retry_after is not None:
                return self._too_many(request, retry_after)
        return self.get_response(request)

    def _over_limit(self, request: HttpRequest) -> int | None:
        window = max(int(settings.RATE_LIMIT_WINDOW), 1)
        reading = request.method in READ_METHODS
        limit = settings.RATE_LIMIT_READS if reading else settings.RATE_LIMIT_WRITES
        now = time.time()
        number = int(now // window)
        key = f"ratelimit:{'r' if reading else 'w'}:{client_key(request)}:{number}"
        count = windowed_count(key, window + 1)
        if count <= limit:
            return None
        return max(1, math.ceil((number + 1) * window - now))

    def _too_many(self, request: HttpRequest, retry_after: int) -> HttpResponse:
        if request.path.startswith("/api/"):
            body = json.dumps({"detail": "Too many requests; try again later.", "retry_after": retry_after})
            response = HttpResponse(body, status=429, content_type="application/json")
        else:
            html = render_to_string("429.html", {"retry_after": retry_after})
            response = HttpResponse(html, status=429, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(retry_after)
        return response


@receiver(setting_changed)
def _reset_counters_when_settings_change(setting: str = "", **kwargs: Any) -> None:
    """Settings change only under tests. The suite's autouse fixture sets PASSWORD_HASHERS as each test starts,
    so counters start fresh per test and one test's burst never throttles the next."""
    if setting == "PASSWORD_HASHERS" or setting.startswith("RATE_LIMIT"):
        cache.clear()


# ---------------------------------------------------------------- security headers


def content_security_policy() -> str:
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    if getattr(settings, "CSP_REPORT_URI", ""):
        directives.append(f"report-uri {settings.CSP_REPORT_URI}")
    return "; ".join(directives)


CSP = content_security_policy()


class SecurityHeadersMiddleware:
    """The strict CSP (enforced, or report-only while trying a change) and headers Django does not set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        header = "Content-Security-Policy-Report-Only" if settings.CSP_REPORT_ONLY else "Content-Security-Policy"
        response.headers.setdefault(header, content_security_policy())
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
