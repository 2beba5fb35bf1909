"""The respondent's side: gating, dates, codes, malformed input, stuffing defences. Nothing is stored when refused."""

import datetime as dt

import pytest
from django.test import Client

from prongsai.surveys import actions, anonymity
from prongsai.surveys.models import AccessCode, Response
from prongsai.surveys.tests.conftest import full_answers, make_campaign, post


@pytest.fixture
def client():
    return Client()


def test_it_shows_a_mobile_accessible_form_with_progress(client, eit):
    page = client.get(f"/s/{eit.token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<fieldset") >= 15 and "<legend>" in html
    assert "ข้อ 1 จาก 15" in html and "ข้อ 15 จาก 15" in html
    assert 'type="radio"' in html and "<script" not in html
    assert anonymity.MARKER_COOKIE in page.cookies
    assert len(page.content) < 40_000


def test_it_stores_a_complete_sheet_and_thanks_the_respondent(client, eit):
    answer = post(client, eit, full_answers(eit, 4))
    assert answer.status_code == 302 and answer["Location"] == f"/s/{eit.token}/thanks/"
    assert Response.objects.filter(campaign=eit).count() == 1
    thanks = client.get(answer["Location"])
    assert "ได้รับคำตอบของท่านแล้ว" in thanks.content.decode()


def test_it_keeps_a_pulse_survey_closed_until_the_oit_is_complete(client, assessment):
    campaign = make_campaign(assessment, "EIT", confirmed=False)
    assert campaign.state() == "waiting_oit"
    page = client.get(f"/s/{campaign.token}/")
    assert page.status_code == 403 and "OIT" in page.content.decode()
    assert post(client, campaign, full_answers(campaign)).status_code == 403
    assert not Response.objects.exists()
    actions.confirm_oit_complete(campaign, None)
    assert post(client, campaign, full_answers(campaign)).status_code == 302


def test_it_opens_early_only_with_a_recorded_reason(client, assessment, coordinator):
    campaign = make_campaign(assessment, "IIT", confirmed=False)
    with pytest.raises(ValueError, match="เหตุผล"):
        actions.override_gate(campaign, "   ", coordinator)
    assert campaign.state() == "waiting_oit"
    actions.override_gate(campaign, "ITAS opened the OIT late; staff meeting is today", coordinator)
    campaign.refresh_from_db()
    assert campaign.state() == "open" and campaign.override_by == coordinator
    from prongsai.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="survey.campaign.override")
    assert entry.changes["after"]["reason"].startswith("ITAS opened")


def test_it_refuses_answers_to_a_closed_or_not_yet_open_survey(client, assessment, today):
    closed = make_campaign(assessment, closes_on=today - dt.timedelta(days=1), opens_on=today - dt.timedelta(days=9))
    later = make_campaign(assessment, opens_on=today + dt.timedelta(days=2))
    stopped = make_campaign(assessment)
    actions.close_campaign(stopped, None)
    assert post(client, closed, full_answers(closed)).status_code == 410
    assert "ปิดรับคำตอบแล้ว" in client.get(f"/s/{closed.token}/").content.decode()
    assert post(client, later, full_answers(later)).status_code == 403
    assert post(client, stopped, full_answers(stopped)).status_code == 410
    assert not Response.objects.exists()


def test_it_names_each_missing_answer_and_stores_nothing(client, eit):
    data = full_answers(eit, 3)
    del data["e2"], data["e6b"]
    page = post(client, eit, data)
    html = page.content.decode()
    assert page.status_code == 400
    assert 'href="#k-e2"' in html and 'href="#k-e6b"' in html
    assert "ข้อ 2: กรุณาเลือกคำตอบ" in html
    assert 'value="3" checked' in html  # what was answered is kept
    assert not Response.objects.exists()


@pytest.mark.parametrize("bad", ["5", "0", "-1", "2.5", "x", "100000"])
def test_it_refuses_values_off_the_scale(client, eit, bad):
    page = post(client, eit, full_answers(eit, 2, e1a=bad))
    assert page.status_code == 400
    assert "ไม่ใช่หนึ่งในตัวเลือก" in page.content.decode()
    assert not Response.objects.exists()


def test_it_refuses_oversized_input(client, assessment):
    from prongsai.surveys.models import Questionnaire, SatisfactionQuestion

    q = Questionnaire.objects.create(agency=assessment.agency, title="พึงพอใจ", ask_comment=True)
    SatisfactionQuestion.objects.create(questionnaire=q, text="บริการรวดเร็ว")
    campaign = make_campaign(assessment, "SAT", questionnaire=q)
    long_comment = post(client, campaign, {**full_answers(campaign, 5), "comment": "ก" * 1001})
    assert long_comment.status_code == 400 and "1000" in long_comment.content.decode()
    huge = post(client, campaign, {**full_answers(campaign, 5), "padding": "x" * 40_000})
    assert huge.status_code == 413
    assert not Response.objects.exists()


def test_it_spends_a_code_once_and_says_so_clearly_the_second_time(client, iit_codes):
    batch = actions.issue_codes(iit_codes, 3, None)
    code = AccessCode.objects.filter(batch=batch).first().code
    form = client.get(f"/s/{iit_codes.token}/{code}/")
    assert form.status_code == 200 and anonymity.display_code(code) in form.content.decode()
    first = post(client, iit_codes, {**full_answers(iit_codes, 4), "code": code})
    assert first.status_code == 302
    again = post(Client(), iit_codes, {**full_answers(iit_codes, 1), "code": code})
    assert again.status_code == 409
    assert "รหัสนี้ถูกใช้ไปแล้ว" in again.content.decode()
    assert client.get(f"/s/{iit_codes.token}/{code}/").status_code == 409
    assert Response.objects.count() == 1
    assert AccessCode.objects.filter(batch=batch).count() == 2


def test_it_requires_a_code_when_the_survey_has_no_open_link(client, iit_codes):
    missing = post(client, iit_codes, full_answers(iit_codes))
    assert missing.status_code == 400 and 'href="#f-code"' in missing.content.decode()
    forged = post(client, iit_codes, {**full_answers(iit_codes), "code": "ABCDE23456"})
    assert forged.status_code == 400
    assert client.get(f"/s/{iit_codes.token}/ABCDE23456/").status_code == 404
    assert not Response.objects.exists()


def test_it_refuses_a_second_sheet_from_the_same_browser(client, eit):
    client.get(f"/s/{eit.token}/")  # sets the marker cookie
    assert post(client, eit, full_answers(eit, 4)).status_code == 302
    again = post(client, eit, full_answers(eit, 3))
    assert again.status_code == 409 and "ตอบแบบสำรวจนี้แล้ว" in again.content.decode()
    assert Response.objects.count() == 1


def test_it_rate_limits_by_a_keyed_hash_of_the_address(client, eit, settings):
    # The public rate limiter of prongsai.core.middleware covers /s/: an HMAC of the address, in the cache.
    settings.RATE_LIMIT_WRITES = 2
    assert post(Client(), eit, full_answers(eit, 4)).status_code == 302
    assert post(Client(), eit, full_answers(eit, 3)).status_code == 302
    third = post(Client(), eit, full_answers(eit, 2))
    assert third.status_code == 429 and third["Retry-After"]
    assert Client().post(f"/s/{eit.token}/", full_answers(eit, 2), REMOTE_ADDR="198.51.100.1").status_code == 302
    assert Response.objects.count() == 3


def test_it_turns_away_a_filled_honeypot_openly(client, eit):
    page = post(client, eit, {**full_answers(eit), "website": "http://spam.example"})
    assert page.status_code == 400 and "โปรแกรมอัตโนมัติ" in page.content.decode()
    assert not Response.objects.exists()


def test_it_works_in_english_too(client, eit):
    client.cookies["django_language"] = "en"
    page = client.get(f"/s/{eit.token}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
