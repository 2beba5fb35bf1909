"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server.

Never `playwright install`: the system browser is used. Without /usr/bin/chromium the tests skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no Chromium at /usr/bin/chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_site(live_server, settings):
    from prongsai.core import demo

    settings.RATE_LIMIT_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    agency = demo.load_demo()
    return live_server.url, agency


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
