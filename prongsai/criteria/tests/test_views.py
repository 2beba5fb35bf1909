"""The coordinator's criteria pages: read a version, download its workbook, import a correction, use it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.assessments.models import Assessment
from prongsai.audit.models import AuditEntry
from prongsai.criteria import spreadsheet
from prongsai.criteria.models import CriteriaVersion


def workbook_with(doc: dict) -> io.BytesIO:
    upload = io.BytesIO(spreadsheet.to_xlsx(doc))
    upload.name = "corrected.xlsx"
    return upload


def import_url(agency) -> str:
    return reverse("criteria:import", kwargs={"agency": agency.slug})


@pytest.fixture
def corrected(assessment):
    doc = dict(assessment.criteria.content)
    doc.update(code="ita-2568-khuekkhak-r1", based_on="ita-2568", title_th="เกณฑ์ ITA 2568 (แก้ไขตามคู่มือ)")
    return doc


def test_it_shows_a_version_with_its_unconfirmed_facts(client, agency, coordinator, assessment):
    client.force_login(coordinator)
    response = client.get(reverse("criteria:detail", kwargs={"agency": agency.slug, "code": "ita-2568"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "O26" in page
    assert "i30d" in page
    assert "confidence-U" in page


def test_it_offers_the_workbook_of_a_version(client, agency, auditor, assessment):
    client.force_login(auditor)
    url = reverse("documents:download", kwargs={"agency": agency.slug, "kind": "criteria", "fmt": "xlsx"})
    response = client.get(url + "?code=ita-2568")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert "oit_items" in book.sheetnames


def test_it_imports_a_corrected_version_owned_by_the_agency(client, agency, coordinator, corrected):
    client.force_login(coordinator)
    url = reverse("criteria:import", kwargs={"agency": agency.slug})
    response = client.post(url, {"file": workbook_with(corrected)})
    assert response.status_code == 302
    version = CriteriaVersion.objects.get(code="ita-2568-khuekkhak-r1")
    assert (version.owner, version.status, version.based_on) == (agency, "corrected", "ita-2568")
    assert AuditEntry.objects.filter(action="criteria.import", agency=agency).exists()


def test_it_refuses_a_broken_workbook_naming_the_problem(client, agency, coordinator, corrected):
    corrected["instruments"] = [dict(i) for i in corrected["instruments"]]
    corrected["instruments"][0]["weight"] = 50
    client.force_login(coordinator)
    response = client.post(
        reverse("criteria:import", kwargs={"agency": agency.slug}), {"file": workbook_with(corrected)}
    )
    assert response.status_code == 400
    assert "the weights add up to 120, not 100" in response.content.decode()
    assert not CriteriaVersion.objects.filter(code="ita-2568-khuekkhak-r1").exists()


def test_it_binds_the_assessment_to_the_corrected_version(client, agency, coordinator, assessment, corrected):
    client.force_login(coordinator)
    client.post(import_url(agency), {"file": workbook_with(corrected)})
    url = reverse("criteria:use", kwargs={"agency": agency.slug, "code": "ita-2568-khuekkhak-r1"})
    assert client.post(url).status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).criteria.code == "ita-2568-khuekkhak-r1"


def test_another_agencys_correction_stays_invisible(client, agency, coordinator, other_agency, outsider, corrected):
    client.force_login(coordinator)
    client.post(import_url(agency), {"file": workbook_with(corrected)})
    client.force_login(outsider)
    url = reverse("criteria:detail", kwargs={"agency": other_agency.slug, "code": "ita-2568-khuekkhak-r1"})
    assert client.get(url).status_code == 404


def test_only_coordinators_import(client, agency, executive, corrected):
    client.force_login(executive)
    response = client.post(
        reverse("criteria:import", kwargs={"agency": agency.slug}), {"file": workbook_with(corrected)}
    )
    assert response.status_code == 403
