import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prongsai.audit.models import AuditEntry
from prongsai.registers.models import Manual, ManualKind, ManualVersion

from .conftest import url

PDF = b"%PDF-1.4\n% a tiny manual\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def manual(agency, departments):
    return Manual.objects.create(
        agency=agency, kind=ManualKind.SERVICE, title="คู่มือการขออนุญาตก่อสร้างอาคาร", department=departments["finance"]
    )


def _upload(client, agency, manual, content=PDF, name="manual.pdf", day="2025-01-01"):
    return client.post(
        url("registers:manual-version-add", agency, pk=manual.pk),
        {"file": SimpleUploadedFile(name, content), "effective_on": day, "change_note": "ปรับปรุง"},
    )


def _publish(client, agency, version):
    return client.post(url("registers:manual-version-publish", agency, pk=version.pk))


def test_versions_are_numbered_and_only_the_latest_published_is_public(client, agency, manual, officer):
    client.force_login(officer)
    _upload(client, agency, manual)
    _upload(client, agency, manual, day="2025-06-01")
    v1, v2 = ManualVersion.objects.order_by("number")
    assert (v1.number, v2.number) == (1, 2) and v1.file_type == "pdf"
    client.logout()
    assert client.get(url("public-registers:manual", agency, pk=manual.pk)).status_code == 404  # nothing published
    assert "คู่มือการขออนุญาต" not in client.get(url("public-registers:manuals", agency)).content.decode()
    client.force_login(officer)
    _publish(client, agency, v1)
    client.logout()
    page = client.get(url("public-registers:manuals", agency)).content.decode()
    assert "คู่มือการขออนุญาตก่อสร้างอาคาร" in page and "/v1/" in page and "/v2/" not in page
    assert client.get(url("public-registers:manual-file", agency, pk=manual.pk, number=2)).status_code == 404
    client.force_login(officer)
    _publish(client, agency, v2)
    client.logout()
    page = client.get(url("public-registers:manuals", agency)).content.decode()
    assert "/v2/" in page and "/v1/" not in page  # the list shows the newest published version only
    detail = client.get(url("public-registers:manual", agency, pk=manual.pk)).content.decode()
    assert "/v1/" in detail  # archived, still listed on the manual's page
    old = client.get(url("public-registers:manual-file", agency, pk=manual.pk, number=1))
    assert old.status_code == 200 and old["X-Content-Type-Options"] == "nosniff"  # the stable URL keeps working
    assert b"".join(old.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="manual.publish").count() == 2


def test_it_refuses_files_that_are_not_pdf_or_docx(client, agency, manual, officer):
    client.force_login(officer)
    _upload(client, agency, manual, content=b"<html><script>alert(1)</script></html>", name="manual.pdf")
    _upload(client, agency, manual, content=b"\x89PNG\r\n\x1a\n....", name="scan.png")
    assert not ManualVersion.objects.exists()


def test_officers_manage_only_their_departments_manuals(client, agency, departments, officer, executive):
    other = Manual.objects.create(
        agency=agency, kind=ManualKind.WORK, title="งานสารบรรณ", department=departments["office"]
    )
    client.force_login(officer)
    assert _upload(client, agency, other).status_code == 403
    version = ManualVersion.objects.create(
        manual=other, number=1, file="x.pdf", file_type="pdf", original_name="x.pdf", effective_on=dt.date(2025, 1, 1)
    )
    assert _publish(client, agency, version).status_code == 403
    client.force_login(executive)  # executives approve: they may publish
    assert _publish(client, agency, version).status_code == 302


def test_the_manual_list_uses_a_bounded_number_of_queries(
    client, agency, departments, coordinator, django_assert_max_num_queries
):
    for n in range(12):
        m = Manual.objects.create(
            agency=agency, kind=ManualKind.WORK, title=f"คู่มือ {n}", department=departments["office"]
        )
        ManualVersion.objects.create(
            manual=m, number=1, file="x.pdf", file_type="pdf", original_name="x.pdf", effective_on=dt.date(2025, 1, 1)
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        assert client.get(url("registers:manuals", agency)).status_code == 200
    client.logout()
    with django_assert_max_num_queries(6):
        assert client.get(url("public-registers:manuals", agency)).status_code == 200


def test_outsiders_and_other_agencies_never_reach_a_manual(client, agency, other_agency, manual, outsider):
    client.force_login(outsider)
    assert client.get(url("registers:manual", agency, pk=manual.pk)).status_code == 404
    assert client.get(url("registers:manual", other_agency, pk=manual.pk)).status_code == 404
