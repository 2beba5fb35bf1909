"""axe-core on every public page (walked from the /p/ and /s/ URL patterns, filled with the demo agency's records).

No serious or critical violation may remain. axe-core comes from npm (node_modules/axe-core).
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.browser.conftest import AXE
from tests.routes import fillings, ids_by_model, routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def _public_urls(agency) -> list[str]:
    ids = ids_by_model(agency)
    urls: list[str] = []
    for route in routes(("p/<slug:agency>/", "s/")):
        urls += fillings(route, agency, ids)
    return urls


def test_it_finds_no_serious_accessibility_problem_on_any_public_page(browser, demo_site):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make install)")
    url, agency = demo_site
    # The strict CSP forbids injected scripts; only this audit context may bypass it.
    context = browser.new_context(bypass_csp=True, locale="th-TH", viewport={"width": 390, "height": 844})
    page = context.new_page()
    scanned, problems = [], []
    client = Client()
    for path in _public_urls(agency):
        # Only HTML pages (not files, feeds or downloads) that exist for the demo agency.
        probe = client.get(path)
        if probe.status_code != 200 or "text/html" not in probe.get("Content-Type", ""):
            continue
        if "attachment" in probe.get("Content-Disposition", ""):
            continue
        page.goto(url + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        scanned.append(path)
        for violation in result["violations"]:
            if violation["impact"] in BLOCKING:
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {json.dumps(targets)}")
    context.close()
    assert len(scanned) >= 5, f"too few public pages could be scanned: {scanned}"
    assert not problems, "axe-core found:\n" + "\n".join(problems)
