import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from prongsai.documents import pdf
from prongsai.documents.registry import DocumentError, DocumentRequest, render
from prongsai.registers import reports
from prongsai.registers.models import GiftHandling, GiftPolicy

from .conftest import make_gift, url


def _docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def policy(agency):
    return GiftPolicy.objects.create(
        agency=agency,
        fiscal_year=2568,
        executive_name="นายประเสริฐ มั่นคง",
        executive_position="นายกเทศมนตรีตำบลคึกคัก",
        announced_on=dt.date(2024, 10, 1),
        body="ย่อหน้าแรกของประกาศ\nย่อหน้าที่สอง",
        published=True,
    )


def test_it_flags_gifts_over_3000_baht_and_files_them_in_their_fiscal_year(agency):
    small = make_gift(agency, value="3000", received_on=dt.date(2024, 10, 1))
    big = make_gift(agency, value="3000.01", received_on=dt.date(2024, 9, 30))
    assert small.fiscal_year == 2568 and big.fiscal_year == 2567
    assert not small.over_limit and big.over_limit and big.kept_over_limit
    returned = make_gift(agency, value="9000", handling=GiftHandling.RETURNED)
    assert returned.over_limit and not returned.kept_over_limit
    assert reports.gift_year(agency, 2568).over_limit == 1


def test_the_gift_form_warns_about_a_kept_gift_over_the_limit(client, agency, departments, officer):
    client.force_login(officer)
    response = client.post(
        url("registers:gift-new", agency),
        {
            "received_on": "2025-01-05",
            "recipient_position": "ผู้อำนวยการกองคลัง",
            "department": departments["finance"].pk,
            "giver": "ร้าน ก",
            "description": "นาฬิกา",
            "value": "5000",
            "handling": "kept",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "3,000" in response.content.decode()
    response = client.post(
        url("registers:gift-new", agency),
        {
            "received_on": "2025-01-05",
            "department": departments["office"].pk,
            "giver": "ร้าน ก",
            "description": "x",
            "value": "10",
            "handling": "kept",
        },
    )
    assert response.status_code == 400  # no recipient, and an officer may not file for another department


def test_the_report_of_an_empty_year_says_none_were_received(agency, policy):
    for fmt in ("pdf", "docx", "xlsx"):
        document = render("gifts-report", DocumentRequest(agency, 2568, fmt))
        if fmt == "pdf":
            text = pdf.extract_text(document.content)
        elif fmt == "docx":
            text = _docx_text(document.content)
        else:
            text = str([c.value for row in load_workbook(io.BytesIO(document.content)).active for c in row])
        assert "ไม่มีการรับ" in text, fmt


def test_the_report_lists_the_years_gifts_with_totals(agency, policy):
    make_gift(agency, value="1200", giver="ห้างหุ้นส่วนจำกัด ก่อสร้างพังงา")
    make_gift(agency, value="8500", handling=GiftHandling.RETURNED, giver="บริษัท ทราย ทะเล จำกัด")
    make_gift(agency, value="999", received_on=dt.date(2025, 10, 1), giver="ปีถัดไป")  # FY2569: not in the report
    text = _docx_text(render("gifts-report", DocumentRequest(agency, 2568, "docx")).content)
    assert "ก่อสร้างพังงา" in text and "ทราย ทะเล" in text and "ปีถัดไป" not in text
    assert "9,700.00" in text and "เกิน 3,000 บาท" in text and "ไม่มีการรับ" not in text
    assert "นายประเสริฐ มั่นคง" in text


def test_the_announcement_is_an_official_notice_with_the_executive_and_be_date(agency, policy):
    text = pdf.extract_text(render("no-gift-announcement", DocumentRequest(agency, 2568, "pdf")).content)
    flat = " ".join(text.split())
    assert f"ประกาศ{agency.name_th}" in flat.replace(" ", "") or "ประกาศ" in flat
    assert "No Gift Policy" in flat and "ย่อหน้าแรกของประกาศ" in flat
    assert "๒๕๖๘" in flat and "๑ ตุลาคม ๒๕๖๗" in flat  # fiscal year and B.E. date in Thai digits
    assert "นายประเสริฐ มั่นคง" in flat and "นายกเทศมนตรีตำบลคึกคัก" in flat
    docx_text = _docx_text(render("no-gift-announcement", DocumentRequest(agency, 2568, "docx")).content)
    assert "จึงประกาศมาเพื่อทราบโดยทั่วกัน" in docx_text and "(นายประเสริฐ มั่นคง)" in docx_text


def test_an_announcement_that_does_not_exist_is_a_clear_error(agency):
    with pytest.raises(DocumentError, match="No Gift Policy"):
        render("no-gift-announcement", DocumentRequest(agency, 2570, "pdf"))


def test_public_pages_show_only_published_announcements(client, agency, policy):
    assert client.get(url("public-registers:gift-policy", agency, year=2568)).status_code == 200
    page = client.get(url("public-registers:gifts-report", agency, year=2568)).content.decode()
    assert "ไม่มีการรับ" in page
    response = client.get(url("public-registers:document", agency, year=2568, kind="gifts-report", fmt="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        client.get(url("public-registers:document", agency, year=2568, kind="coi-declarations", fmt="xlsx")).status_code
        == 404
    )
    policy.published = False
    policy.save()
    assert client.get(url("public-registers:gift-policy", agency, year=2568)).status_code == 404
    assert (
        client.get(
            url("public-registers:document", agency, year=2568, kind="no-gift-announcement", fmt="pdf")
        ).status_code
        == 404
    )


def test_only_coordinators_and_executives_prepare_the_announcement(client, agency, officer, executive, auditor):
    for user, status in ((officer, 403), (auditor, 403), (executive, 200)):
        client.force_login(user)
        assert client.get(url("registers:gift-policy-new", agency) + "?year=2568").status_code == status


def test_the_gift_list_uses_a_bounded_number_of_queries(
    client, agency, coordinator, policy, django_assert_max_num_queries
):
    for n in range(20):
        make_gift(agency, value=str(100 * n), recipient=coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        page = client.get(url("registers:gifts", agency) + "?year=2568")
    assert page.status_code == 200
