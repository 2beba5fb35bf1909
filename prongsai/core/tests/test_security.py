"""Security settings and protections: password hashing, headers, deploy check, rate limits, outages, logs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client

from prongsai import settings as project_settings
from prongsai.core.middleware import JsonLogFormatter, RequestIdFilter, client_key

PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "x7Qp-very-long-random-production-key-9f3KzLw2Rt8vB1nM4cY6uH0jD5sA",
    "ALLOWED_HOSTS": "ita.khuekkhak.go.th",
    "SITE_URL": "https://ita.khuekkhak.go.th",
    "DATABASE_URL": "postgres://prongsai@db.internal:5432/prongsai",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def _prongsai(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-m", "prongsai", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_hashes_new_passwords_with_argon2_first(settings):
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the suite uses a fast hasher elsewhere
    encoded = make_password("ผู้ประสานงาน-2568")
    assert identify_hasher(encoded).algorithm == "argon2"


def test_it_passes_the_deploy_check_with_production_settings():
    result = _prongsai("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_in_production_with_the_demo_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _prongsai("check", **env)
    assert result.returncode != 0
    assert "prongsai.E001" in result.stderr


def test_it_sends_a_strict_content_security_policy_and_the_usual_headers(client, db):
    response = client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Request-ID"]


def test_it_can_send_the_policy_as_report_only_while_a_site_tries_a_change(client, db, settings):
    settings.CSP_REPORT_ONLY = True
    settings.CSP_REPORT_URI = "/csp-report/"
    response = client.get("/accounts/login/")
    assert "Content-Security-Policy" not in response.headers
    assert "report-uri /csp-report/" in response.headers["Content-Security-Policy-Report-Only"]


def test_it_limits_public_requests_per_client_with_a_thai_and_english_429(client, db, settings):
    settings.RATE_LIMIT_READS = 3
    for _ in range(3):
        assert client.get("/p/nowhere/oit/", REMOTE_ADDR="203.0.113.7").status_code == 404
    response = client.get("/p/nowhere/oit/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    text = response.content.decode()
    assert "ส่งคำขอถี่เกินไป" in text and "Too many requests" in text
    # Another client still gets through; staff pages are not rate limited by this middleware.
    assert client.get("/p/nowhere/oit/", REMOTE_ADDR="203.0.113.8").status_code == 404
    assert client.get("/accounts/login/", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_it_counts_form_posts_separately_and_answers_the_api_in_json(client, db, settings):
    settings.RATE_LIMIT_WRITES = 1
    assert client.post("/s/nothing-here/", REMOTE_ADDR="198.51.100.1").status_code != 429
    assert client.post("/s/nothing-here/", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get("/s/nothing-here/", REMOTE_ADDR="198.51.100.1").status_code != 429
    client.post("/api/v1/agency", REMOTE_ADDR="198.51.100.2")
    response = client.post("/api/v1/agency", REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 429
    assert response.json()["retry_after"] >= 1


def test_it_never_keeps_the_raw_client_address(client, db, settings):
    settings.RATE_LIMIT_READS = 100
    client.get("/p/nowhere/oit/", REMOTE_ADDR="192.0.2.55")
    keys = " ".join(str(k) for k in cache._cache)  # the local-memory cache's keys
    assert "192.0.2.55" not in keys
    assert "ratelimit:r:" in keys


def test_it_takes_the_client_from_the_trusted_proxy_hop_only(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = rf.get("/p/x/", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    real = rf.get("/p/x/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert client_key(spoofed) == client_key(real)


def test_it_shows_a_clear_503_when_the_database_is_lost_and_recovers_when_it_returns(coordinator, agency):
    client = Client(raise_request_exception=False)  # as a browser sees it: the response, not the traceback
    client.force_login(coordinator)
    url = f"/a/{agency.slug}/"
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("server closed")):
        response = client.get(url)
        health = client.get("/health/")
    assert response.status_code == 503
    text = response.content.decode()
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in text and "Temporarily unavailable" in text
    assert response.headers["Retry-After"]
    assert health.status_code == 503
    assert client.get(url).status_code == 200
    assert client.get("/health/").json() == {"status": "ok"}


def test_it_shows_bilingual_error_pages(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in text and "Page not found" in text


def test_it_writes_json_log_lines_with_the_request_id(client, db):
    response = client.get("/health/", HTTP_X_REQUEST_ID="req-abc-12345")
    assert response.headers["X-Request-ID"] == "req-abc-12345"
    record = logging.LogRecord("prongsai", logging.WARNING, __file__, 1, "สวัสดี %s", ("world",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonLogFormatter().format(record))
    assert line["message"] == "สวัสดี world"
    assert line["level"] == "WARNING"
    assert "request_id" in line and "time" in line


@pytest.mark.parametrize("value", ["", "short", "has spaces in it", "x" * 80])
def test_it_replaces_an_unusable_incoming_request_id(client, db, value):
    response = client.get("/health/", HTTP_X_REQUEST_ID=value)
    assert response.headers["X-Request-ID"] != value
    assert len(response.headers["X-Request-ID"]) == 32
