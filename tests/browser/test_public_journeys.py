"""Journeys of people without an account: a respondent on a phone, a citizen with a complaint."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="th-TH", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_it_lets_a_respondent_answer_a_survey_from_its_qr_link_on_a_phone(phone, demo_site):
    from prongsai.surveys.models import Campaign

    url, _agency = demo_site
    campaign = next(c for c in Campaign.objects.filter(open_link=True) if c.state() == "open")
    before = campaign.responses.count()
    phone.goto(f"{url}/s/{campaign.token}/")  # the address the QR code carries
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1  # no sideways scrolling
    for name in phone.eval_on_selector_all(
        "form[method=post] input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    ):
        phone.locator(f"input[type=radio][name='{name}']").first.check()
    phone.locator("form[method=post] button[type=submit], form[method=post] button:not([type])").last.click()
    phone.wait_for_url(re.compile(rf"/s/{campaign.token}/thanks/$"))
    assert campaign.responses.count() == before + 1


def test_it_lets_a_citizen_send_a_complaint_and_track_it(phone, demo_site):
    url, agency = demo_site
    phone.goto(f"{url}/p/{agency.slug}/complaints/new/")
    phone.locator("input[name=category]").first.check()
    phone.fill("[name=subject]", "ไฟถนนดับหน้าโรงเรียน")
    phone.fill("[name=details]", "ไฟถนนหน้าโรงเรียนบ้านคึกคักดับมาสามคืนแล้ว เด็กเดินกลับบ้านลำบาก")
    phone.check("input[name=anonymous]")
    phone.click("main form[method=post] button[type=submit]")
    code = phone.locator(".code").first.inner_text().strip()
    assert code
    phone.goto(f"{url}/p/{agency.slug}/complaints/track/")
    phone.fill("input[name=code]", code)
    phone.click("main form[method=post] button[type=submit]")
    phone.wait_for_load_state()
    assert phone.locator("dl.facts").inner_text().count("ไฟถนนดับหน้าโรงเรียน") == 1
    assert phone.locator("ol.steps li[aria-current=step]").count() == 1
