"""End-to-end journeys in headless Chromium, as far as the product goes today."""

from __future__ import annotations

import re

import pytest

from prongsai.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_coordinator_from_sign_in_to_results_and_into_english(page, demo_site):
    url, agency = demo_site
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(re.compile(rf"/a/{agency.slug}/$"))
    assert page.locator("html").get_attribute("lang") == "th"
    page.click("nav a.nav-link >> text=ผลการประเมิน")
    page.wait_for_url(re.compile(r"/results/$"))
    assert page.locator("h1").count() >= 1
    thai_heading = page.locator("h1").first.inner_text()
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").first.inner_text() != thai_heading
    assert page.url.endswith("/results/")


def test_it_refuses_a_wrong_password_with_a_message(page, demo_site):
    url, _agency = demo_site
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "not-the-password")
    page.click("button.btn-primary")
    assert page.locator(".alert-danger").is_visible()
    assert "/accounts/login/" in page.url


def test_it_takes_a_coordinator_from_the_plan_to_approving_oit_evidence_and_the_public_page(page, demo_site):
    from prongsai.disclosure.models import ItemStatus, OitItemWork

    url, agency = demo_site
    work = OitItemWork.objects.filter(
        assessment__agency=agency, status=ItemStatus.SUBMITTED, evidence__isnull=False
    ).first()
    if work is None:
        pytest.fail("the demo agency has no OIT item waiting for approval")
    year = work.assessment.fiscal_year
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(re.compile(rf"/a/{agency.slug}/$"))
    page.goto(f"{url}/a/{agency.slug}/plan/")
    assert page.locator("h1").count() >= 1
    page.goto(f"{url}/a/{agency.slug}/oit/{year}/{work.code}/")
    assert page.locator("main").inner_text().count(work.code) >= 1
    page.click("button[name=verb][value=approve]")
    page.wait_for_load_state()
    page.click("button[name=verb][value=publish]")
    page.wait_for_load_state()
    work.refresh_from_db()
    assert work.status == ItemStatus.PUBLISHED
    public = page.goto(f"{url}/p/{agency.slug}/oit/{year}/{work.code}/")
    assert public is not None and public.status == 200
    assert work.code in page.locator("main").inner_text()
