"""Staff pages: targets and forecasts, stakeholders import, ITAS links, campaigns, access and query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from prongsai.audit.models import AuditEntry
from prongsai.core.linking import LINKABLE, resolve
from prongsai.criteria.framework import find, load
from prongsai.surveys import actions, sampling
from prongsai.surveys.models import (
    AccessCode,
    Campaign,
    InternalPopulation,
    ItasCount,
    StaffListEntry,
    StakeholderContact,
    StakeholderGroup,
)
from prongsai.surveys.tests.conftest import make_campaign


def login(user):
    client = Client()
    client.force_login(user)
    return client


def url(agency, rest=""):
    return f"/a/{agency.slug}/surveys/{rest}"


# Targets -----------------------------------------------------------------------------------------


def test_it_takes_the_minimum_sample_from_the_first_matching_rule():
    criteria = load(find("ita-2568"))
    target = sampling.minimum_sample(criteria, "EIT", "subdistrict_municipality", "M")
    assert target.minimum == 70 and target.rule.part == "1"
    assert sampling.minimum_sample(criteria, "EIT", "sao", "S").minimum == 30
    iit = sampling.minimum_sample(criteria, "IIT", "subdistrict_municipality", "M", population=77)
    assert iit.minimum is None and "ITAS computes" in iit.rule.fact.note


def test_it_forecasts_linearly_and_says_so_when_data_is_too_thin():
    today = dt.date(2025, 3, 10)
    thin = sampling.forecast({today: 4}, 70, today)
    assert not thin.enough_data and thin.expected_on is None
    daily = {today - dt.timedelta(days=d): 5 for d in range(4)}  # 20 answers in 4 days → 5 a day
    forecast = sampling.forecast(daily, 70, today)
    assert forecast.enough_data and forecast.per_day == 5
    assert forecast.expected_on == today + dt.timedelta(days=10)
    reached = sampling.forecast({today - dt.timedelta(days=1): 40, today: 40}, 70, today)
    assert reached.reached_on == today


def test_it_shows_the_target_against_official_and_pulse_counts(assessment, coordinator, eit, today):
    actions.save_counts(assessment, [("EIT", today - dt.timedelta(days=d), 40 - 10 * d) for d in range(4)], None)
    page = login(coordinator).get(url(assessment.agency)).content.decode()
    assert ">70<" in page
    assert "คาดว่าจะถึงเป้าหมายประมาณ" in page


# Stakeholders ------------------------------------------------------------------------------------


def _upload(client, agency, text, name="list.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(url(agency, "stakeholders/import/"), {"file": file, "year": "2568"})


def test_it_imports_stakeholder_groups_and_contacts(assessment, coordinator):
    text = (
        "kind,group,estimated,name,organisation,phone,email\n"
        "ผู้รับบริการ,ชำระภาษี,900,,,,\n"
        "contractor,ผู้รับจ้าง,40,นายสมชาย ก่อสร้าง,หจก.สมชายการช่าง,081-0000000,somchai@example.com\n"
    )
    page = _upload(login(coordinator), assessment.agency, text)
    assert page.status_code == 302
    assert set(StakeholderGroup.objects.values_list("kind", "name")) == {
        ("service", "ชำระภาษี"),
        ("contractor", "ผู้รับจ้าง"),
    }
    assert StakeholderContact.objects.get().organisation == "หจก.สมชายการช่าง"


def test_it_saves_nothing_when_any_row_is_wrong_and_names_each_bad_row(assessment, coordinator):
    text = (
        "kind,group,estimated,name,organisation,phone,email\n"
        "service,ชำระภาษี,900,,,,\n"
        "alien,กลุ่มแปลก,12,,,,\n"
        "citizen,ประชาชน,many,,,,\n"
        "service,ก่อสร้าง,5,นายเอ,,,not-an-email\n"
    )
    page = _upload(login(coordinator), assessment.agency, text)
    html = page.content.decode()
    assert page.status_code == 400
    assert "แถวที่ 3 คอลัมน์ kind" in html and "แถวที่ 4 คอลัมน์ estimated" in html and "แถวที่ 5 คอลัมน์ email" in html
    assert not StakeholderGroup.objects.exists()


def test_it_counts_staff_with_a_year_of_service_and_keeps_names_apart(assessment, coordinator, today):
    long_ago = (today - dt.timedelta(days=800)).isoformat()
    recent = (today - dt.timedelta(days=100)).isoformat()
    text = (
        "department,name,position,service_start\n"
        f"กองคลัง,นางสาวหนึ่ง ใจดี,นักวิชาการเงินและบัญชี,{long_ago}\n"
        f"กองคลัง,นายสอง มีสุข,เจ้าพนักงานการเงิน,{recent}\n"
        f"สำนักปลัดเทศบาล,นายสาม รักงาน,นิติกร,{long_ago}\n"
    )
    page = _upload(login(coordinator), assessment.agency, text)
    assert page.status_code == 302
    counts = {p.name: p.eligible for p in InternalPopulation.objects.select_related("department")}
    assert counts == {"กองคลัง": 1, "สำนักปลัดเทศบาล": 1}
    assert StaffListEntry.objects.count() == 3
    assert all("หนึ่ง" not in str(e.changes) for e in AuditEntry.objects.all())
    bad = _upload(login(coordinator), assessment.agency, text + "กองช่าง,นายสี่,,31/02/2566\n")
    assert bad.status_code == 400 and "แถวที่ 5 คอลัมน์ service_start" in bad.content.decode()
    assert StaffListEntry.objects.count() == 3


def test_it_accepts_a_population_count_without_names(assessment, coordinator):
    page = _upload(login(coordinator), assessment.agency, "department,eligible\nfinance,12\nอาสาสมัคร,4\n")
    assert page.status_code == 302
    assert sorted(InternalPopulation.objects.values_list("eligible", flat=True)) == [4, 12]
    assert not StaffListEntry.objects.exists()


# ITAS links ----------------------------------------------------------------------------------------


def test_it_fills_the_itas_links_from_the_criteria_and_the_agency_code(assessment, coordinator):
    assessment.agency.itas_code = "kk2568"
    assessment.agency.save()
    page = login(coordinator).get(url(assessment.agency, "links/"))
    html = page.content.decode()
    assert "https://itas.nacc.go.th/go/eit/kk2568" in html and "https://itas.nacc.go.th/go/iit/kk2568" in html
    assert "data:image/svg+xml" in html and "#ITA" in html  # QR and the ready-made Facebook text
    png = login(coordinator).get(url(assessment.agency, "links/qr/EIT.png?year=2568"))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_it_logs_spreading_and_imports_itas_counts_all_or_nothing(assessment, coordinator, officer):
    client = login(officer)
    spread = client.post(
        url(assessment.agency, "links/spread/"),
        {"instrument": "EIT", "channel": "facebook", "where": "เพจเทศบาล", "spread_on": "2025-02-03", "year": "2568"},
    )
    assert spread.status_code == 302
    coord = login(coordinator)
    bad = SimpleUploadedFile("c.csv", b"instrument,date,responses\nEIT,2025-02-01,10\nOIT,2025-02-02,x\n")
    page = coord.post(url(assessment.agency, "links/counts/import/"), {"file": bad, "year": "2568"})
    assert page.status_code == 400 and not ItasCount.objects.exists()
    good = SimpleUploadedFile("c.csv", b"instrument,date,responses\nEIT,2025-02-01,10\nIIT,2568-02-02,7\n")
    assert coord.post(url(assessment.agency, "links/counts/import/"), {"file": good, "year": "2568"}).status_code == 302
    assert ItasCount.objects.count() == 2


# Campaigns -----------------------------------------------------------------------------------------


def test_it_creates_a_campaign_that_waits_for_the_oit(assessment, coordinator, today):
    client = login(coordinator)
    page = client.post(
        url(assessment.agency, "new/"),
        {
            "instrument": "IIT",
            "title": "สำรวจบุคลากร",
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=20)).isoformat(),
            "year": "2568",
        },
    )
    campaign = Campaign.objects.get()
    assert page.status_code == 302 and campaign.state() == "waiting_oit" and not campaign.open_link
    detail = client.get(url(assessment.agency, f"{campaign.pk}/")).content.decode()
    assert "นำเข้าข้อมูล OIT ครบถ้วนแล้ว" in detail
    refused = client.post(url(assessment.agency, f"{campaign.pk}/override/"), {"reason": ""})
    assert refused.status_code == 400
    client.post(url(assessment.agency, f"{campaign.pk}/confirm-oit/"))
    campaign.refresh_from_db()
    assert campaign.state() == "open" and campaign.oit_confirmed_by == coordinator


def test_it_issues_code_slips_and_single_service_tickets(eit, coordinator, officer):
    client = login(coordinator)
    client.post(url(eit.agency, f"{eit.pk}/codes/"), {"count": "12", "label": "จุดบริการ", "kind": "slip"})
    assert AccessCode.objects.filter(campaign=eit).count() == 12
    ticket = login(officer).post(url(eit.agency, f"{eit.pk}/ticket/"))
    assert ticket.status_code == 200 and "data:image/svg+xml" in ticket.content.decode()
    assert AccessCode.objects.filter(campaign=eit).count() == 13


def test_it_keeps_outsiders_out_and_officers_from_managing(eit, outsider, officer, today):
    assert login(outsider).get(url(eit.agency)).status_code == 404
    assert login(outsider).get(url(eit.agency, f"{eit.pk}/results/")).status_code == 404
    assert login(officer).get(url(eit.agency, "new/")).status_code == 403
    assert login(officer).post(url(eit.agency, f"{eit.pk}/close/")).status_code == 403
    other = make_campaign(eit.assessment)
    assert login(outsider).post(url(other.agency, f"{other.pk}/confirm-oit/")).status_code == 404


@pytest.mark.parametrize("path", ["", "stakeholders/", "links/", "questionnaires/"])
def test_it_lists_with_a_fixed_number_of_queries(assessment, coordinator, django_assert_max_num_queries, path):
    for n in range(3):
        campaign = make_campaign(assessment, title=f"รอบ {n}")
        actions.issue_codes(campaign, 3, None)
        actions.store_response(campaign, {"e2": 1})
        StakeholderGroup.objects.create(assessment=assessment, kind="service", name=f"กลุ่ม {n}")
        actions.log_spread(assessment, None, instrument="EIT", channel="line", where="ไลน์", spread_on=dt.date.today())
    client = login(coordinator)
    client.get(url(assessment.agency, path))  # warm the criteria cache
    with django_assert_max_num_queries(16):
        assert client.get(url(assessment.agency, path)).status_code == 200


def test_it_shows_a_campaign_and_its_results_with_a_fixed_number_of_queries(
    eit, coordinator, django_assert_max_num_queries
):
    for n in range(3):
        actions.issue_codes(eit, 2, None, label=f"ชุด {n}")
    for n in range(7):
        actions.store_response(eit, {"e2": 1 + n % 4, "e1a": 2})
    client = login(coordinator)
    client.get(url(eit.agency, f"{eit.pk}/"))
    with django_assert_max_num_queries(14):
        assert client.get(url(eit.agency, f"{eit.pk}/")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url(eit.agency, f"{eit.pk}/results/")).status_code == 200


def test_it_submits_with_few_queries(eit, django_assert_max_num_queries):
    from prongsai.surveys.tests.conftest import full_answers, post

    post(Client(), eit, full_answers(eit, 4))
    with django_assert_max_num_queries(7):
        assert post(Client(), eit, full_answers(eit, 3)).status_code == 302


# Satisfaction survey --------------------------------------------------------------------------------


def test_it_builds_a_questionnaire_and_publishes_its_report_as_evidence(assessment, coordinator):
    client = login(coordinator)
    client.post(url(assessment.agency, "questionnaires/"), {"title": "ความพึงพอใจ", "ask_comment": "on"})
    from prongsai.surveys.models import Questionnaire

    q = Questionnaire.objects.get()
    client.post(url(assessment.agency, f"questionnaires/{q.pk}/"), {"text": "บริการรวดเร็ว", "kind": "scale5"})
    bad = client.post(
        url(assessment.agency, f"questionnaires/{q.pk}/"), {"text": "แนะนำ?", "kind": "options", "options": "ใช่"}
    )
    assert bad.status_code == 400
    client.post(
        url(assessment.agency, f"questionnaires/{q.pk}/"),
        {"text": "จะแนะนำผู้อื่นหรือไม่", "kind": "options", "options": "ไม่แนะนำ\nแนะนำ"},
    )
    assert q.questions.count() == 2
    campaign = make_campaign(assessment, "SAT", questionnaire=q, confirmed=False)
    assert campaign.state() == "open"  # the OIT gate is for IIT/EIT pulse surveys only
    for n in range(6):
        actions.store_response(campaign, {f"q{q.questions.first().pk}": 3 + n % 3, f"q{q.questions.last().pk}": 2})
    client.post(url(assessment.agency, f"{campaign.pk}/publish/"))
    report = campaign.report
    assert "surveys.satisfactionreport" in LINKABLE
    assert resolve("surveys.satisfactionreport", report.pk, assessment.agency) == report
    public = Client().get(report.evidence_url())
    assert public.status_code == 200 and "ความพึงพอใจโดยรวม" in public.content.decode()
