import pytest
from django.utils import timezone

from prongsai.documents import pdf
from prongsai.documents.registry import DocumentRequest, render
from prongsai.registers import actions, reports
from prongsai.registers.models import FollowUpStatus, Risk, RiskAssessment, RiskLevel, risk_level

from .conftest import url


@pytest.mark.parametrize(
    ("likelihood", "impact", "level"),
    [
        (1, 1, RiskLevel.LOW),
        (2, 2, RiskLevel.LOW),
        (1, 5, RiskLevel.MEDIUM),
        (3, 3, RiskLevel.MEDIUM),
        (2, 5, RiskLevel.HIGH),
        (4, 4, RiskLevel.HIGH),
        (3, 5, RiskLevel.HIGH),
        (5, 4, RiskLevel.VERY_HIGH),
        (5, 5, RiskLevel.VERY_HIGH),
    ],
)
def test_it_scores_likelihood_times_impact(likelihood, impact, level):
    assert risk_level(likelihood, impact) == level


@pytest.fixture
def assessment(agency):
    return RiskAssessment.objects.create(agency=agency, fiscal_year=2568, scope="ทุกกระบวนงาน")


def _risk(assessment, department, lk, im, process="การจัดซื้อจัดจ้าง", **fields):
    return Risk.objects.create(
        agency=assessment.agency,
        assessment=assessment,
        process=process,
        description="สินบน",
        likelihood=lk,
        impact=im,
        department=department,
        **fields,
    )


def test_the_matrix_puts_each_risk_in_its_cell(assessment, departments):
    a = _risk(assessment, departments["finance"], 5, 1)
    b = _risk(assessment, departments["office"], 5, 1)
    c = _risk(assessment, departments["office"], 2, 4)
    assert (a.code, b.code, c.code) == ("R1", "R2", "R3")
    matrix = reports.risk_matrix([a, b, c])
    assert matrix[0][0].likelihood == 5 and matrix[0][0].impact == 1 and matrix[0][0].risks == (a, b)
    assert matrix[3][3].risks == (c,) and matrix[3][3].level == RiskLevel.MEDIUM
    assert dict(reports.level_counts([a, b, c])) == {
        RiskLevel.VERY_HIGH: 0,
        RiskLevel.HIGH: 0,
        RiskLevel.MEDIUM: 3,
        RiskLevel.LOW: 0,
    }


def test_the_scores_must_be_1_to_5(client, agency, coordinator, assessment, departments):
    client.force_login(coordinator)
    response = client.post(
        url("registers:risk-new", agency),
        {
            "assessment": assessment.pk,
            "process": "x",
            "description": "y",
            "likelihood": "6",
            "impact": "0",
            "department": departments["office"].pk,
            "status": "not_started",
        },
    )
    assert response.status_code == 400 and not Risk.objects.exists()


def test_follow_up_notes_move_the_status_and_are_audited(agency, assessment, departments, officer):
    from prongsai.audit.models import AuditEntry

    risk = _risk(assessment, departments["finance"], 3, 4)
    actions.add_risk_note(risk, officer, timezone.localdate(), "ประกาศร่าง TOR แล้ว", FollowUpStatus.IN_PROGRESS)
    risk.refresh_from_db()
    assert risk.status == FollowUpStatus.IN_PROGRESS and risk.notes.count() == 1
    assert AuditEntry.objects.filter(action="risk.follow_up").exists()


def test_officers_follow_up_only_their_departments_risks(client, agency, assessment, departments, officer):
    own, other = _risk(assessment, departments["finance"], 3, 4), _risk(assessment, departments["office"], 2, 2)
    client.force_login(officer)
    data = {"noted_on": "2025-03-31", "text": "ทำแล้ว", "status": "done"}
    assert client.post(url("registers:risk", agency, pk=own.pk), data).status_code == 302
    assert client.post(url("registers:risk", agency, pk=other.pk), data).status_code == 403


def test_the_executive_approves_and_only_then_the_public_sees_it(
    client, agency, assessment, departments, executive, officer
):
    _risk(assessment, departments["finance"], 4, 5, process="การตรวจรับงานจ้าง")
    assert client.get(url("public-registers:risks", agency, year=2568)).status_code == 404
    client.force_login(officer)
    assert client.post(url("registers:risk-assessment-approve", agency, pk=assessment.pk)).status_code == 403
    client.force_login(executive)
    assert client.post(url("registers:risk-assessment-approve", agency, pk=assessment.pk)).status_code == 302
    client.logout()
    page = client.get(url("public-registers:risks", agency, year=2568)).content.decode()
    assert "การตรวจรับงานจ้าง" in page and "<caption>" in page and 'scope="row"' in page
    assert client.get(url("public-registers:risks-follow-up", agency, year=2568)).status_code == 200


def test_the_coordinator_who_prepares_it_does_not_approve_it(client, agency, assessment, coordinator):
    client.force_login(coordinator)
    assert client.post(url("registers:risk-assessment-approve", agency, pk=assessment.pk)).status_code == 403
    assessment.refresh_from_db()
    assert assessment.approved_at is None
    page = client.get(url("registers:risks", agency) + "?year=2568").content.decode()
    assert url("registers:risk-assessment-approve", agency, pk=assessment.pk) not in page


def test_an_approved_assessment_changes_only_after_its_approval_is_withdrawn(
    client, agency, assessment, departments, executive, officer, coordinator
):
    """What is published as approved is what was approved: no risk added or edited under it, until reopened."""
    own = _risk(assessment, departments["finance"], 2, 2, process="การเบิกจ่าย")
    client.force_login(executive)
    client.post(url("registers:risk-assessment-approve", agency, pk=assessment.pk))
    client.force_login(officer)
    new = {"assessment": assessment.pk, "department": departments["finance"].pk, "process": "ใหม่",
           "description": "เพิ่มหลังอนุมัติ", "likelihood": 3, "impact": 3, "status": "not_started"}  # fmt: skip
    response = client.post(url("registers:risk-new", agency), new, follow=True)
    assert "is approved and published" in response.content.decode() or "อนุมัติและเผยแพร่แล้ว" in response.content.decode()
    assert not Risk.objects.filter(process="ใหม่").exists()
    edited = {**new, "process": "แก้"}
    client.post(url("registers:risk-edit", agency, pk=own.pk), edited)
    own.refresh_from_db()
    assert own.process == "การเบิกจ่าย"
    client.force_login(coordinator)
    assert client.get(url("registers:risk-assessment-edit", agency, pk=assessment.pk)).status_code == 302
    assert client.post(url("registers:risk-assessment-reopen", agency, pk=assessment.pk)).status_code == 302
    assessment.refresh_from_db()
    assert assessment.approved_at is None
    assert client.get(url("public-registers:risks", agency, year=2568)).status_code == 404
    client.force_login(officer)
    assert client.post(url("registers:risk-assessment-reopen", agency, pk=assessment.pk)).status_code == 403
    client.post(url("registers:risk-new", agency), new)
    assert Risk.objects.filter(process="ใหม่").exists()


def test_the_assessment_and_follow_up_reports_say_what_the_register_holds(agency, assessment, departments):
    risk = _risk(assessment, departments["finance"], 4, 5, process="การตรวจรับงานจ้าง", response="ถ่ายภาพทุกงวด")
    actions.add_risk_note(risk, None, timezone.localdate(), "ดำเนินการครบทุกงวดงาน", FollowUpStatus.DONE)
    text = " ".join(pdf.extract_text(render("risk-assessment", DocumentRequest(agency, 2568, "pdf")).content).split())
    assert "การตรวจรับงานจ้าง" in text and "4×5=20" in text and "สูงมาก" in text and "2568" in text
    follow = " ".join(pdf.extract_text(render("risk-follow-up", DocumentRequest(agency, 2568, "pdf")).content).split())
    assert "ดำเนินการครบทุกงวดงาน" in follow and "แล้วเสร็จ 1 รายการ" in follow
    assert render("risk-assessment", DocumentRequest(agency, 2568, "docx")).content[:2] == b"PK"


def test_the_risk_page_uses_a_bounded_number_of_queries(
    client, agency, coordinator, assessment, departments, django_assert_max_num_queries
):
    for n in range(15):
        _risk(assessment, departments["finance"], n % 5 + 1, (n * 2) % 5 + 1)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        page = client.get(url("registers:risks", agency) + "?year=2568")
    assert page.status_code == 200 and page.content.decode().count("risk-chip") == 15


def test_the_risk_page_shows_a_follow_up_note_whose_author_was_removed(
    client, agency, coordinator, assessment, departments
):
    risk = _risk(assessment, departments["finance"], 3, 4)
    actions.add_risk_note(risk, None, timezone.localdate(), "ผู้บันทึกพ้นจากตำแหน่งแล้ว", FollowUpStatus.IN_PROGRESS)
    client.force_login(coordinator)
    page = client.get(url("registers:risk", agency, pk=risk.pk))
    assert page.status_code == 200 and "ผู้บันทึกพ้นจากตำแหน่งแล้ว" in page.content.decode()
