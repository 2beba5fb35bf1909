"""Documents: the ITAS poster and table card, the code slips, the satisfaction report (DOCX/PDF)."""

import io

import pytest

from prongsai.documents import pdf
from prongsai.documents.registry import DocumentError, DocumentRequest, render
from prongsai.surveys import actions
from prongsai.surveys.models import AccessCode, Questionnaire, SatisfactionQuestion
from prongsai.surveys.tests.conftest import make_campaign


def test_it_prints_a_poster_with_the_official_link_and_its_qr(assessment):
    assessment.agency.itas_code = "kk2568"
    assessment.agency.save()
    document = render("survey-poster", DocumentRequest(assessment.agency, 2568, "pdf", {"instrument": "EIT"}))
    text = pdf.extract_text(document.content)
    assert document.content.startswith(b"%PDF")
    assert "https://itas.nacc.go.th/go/eit/kk2568" in text
    assert "เทศบาลตำบลคึกคัก" in text and "ไม่ต้องระบุชื่อ" in text


def test_it_prints_a_slip_for_every_unused_code_only(iit_codes):
    batch = actions.issue_codes(iit_codes, 12, None)
    spent = AccessCode.objects.filter(batch=batch).order_by("code").first().code
    actions.store_response(iit_codes, {"i2": 3}, code=spent)
    options = {"batch": str(batch.pk)}
    document = render("survey-slips", DocumentRequest(iit_codes.agency, 2568, "pdf", options))
    text = pdf.extract_text(document.content).replace("\n", " ")
    unused = AccessCode.objects.filter(batch=batch).values_list("code", flat=True)
    assert len(unused) == 11
    assert all(f"{c[:5]}-{c[5:]}" in text for c in unused)
    assert f"{spent[:5]}-{spent[5:]}" not in text
    with pytest.raises(DocumentError):
        render("survey-slips", DocumentRequest(iit_codes.agency, 2568, "pdf", {"batch": "999999"}))


def test_only_members_who_issue_codes_print_the_slips(client, iit_codes, officer, executive, auditor, coordinator):
    """Unused one-time codes are answers waiting to be given: exporting roles other than Can.MANAGE may not print."""
    batch = actions.issue_codes(iit_codes, 3, None)
    agency = iit_codes.agency.slug
    address = f"/a/{agency}/documents/survey-slips.pdf?year=2568&batch={batch.pk}"
    for member in (officer, executive, auditor):
        client.force_login(member)
        assert client.get(address).status_code == 403
    client.force_login(coordinator)
    response = client.get(address)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_it_writes_the_satisfaction_report_as_docx(assessment):
    from docx import Document as Docx

    q = Questionnaire.objects.create(agency=assessment.agency, title="พึงพอใจ", ask_comment=True)
    first = SatisfactionQuestion.objects.create(questionnaire=q, text="ความรวดเร็วในการให้บริการ", order=1)
    campaign = make_campaign(assessment, "SAT", questionnaire=q, title="สำรวจความพึงพอใจ")
    for n in range(6):
        actions.store_response(campaign, {first.code: 3 + n % 3}, comment="ขอบคุณค่ะ" if n == 0 else "")
    document = render("satisfaction-report", DocumentRequest(assessment.agency, 2568, "docx", {}))
    text = "\n".join(p.text for p in Docx(io.BytesIO(document.content)).paragraphs)
    assert "รายงานผลการสำรวจความพึงพอใจ" in text and "ผู้ตอบแบบสำรวจทั้งสิ้น ๖ คน" in text
    assert "ขอบคุณค่ะ" in text
