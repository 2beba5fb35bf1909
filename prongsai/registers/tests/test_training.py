import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from prongsai.documents import pdf
from prongsai.documents.registry import DocumentRequest, render
from prongsai.registers import actions, reports
from prongsai.registers.models import EventKind, TrainingEvent

from .conftest import url


@pytest.fixture
def event(agency, departments):
    return TrainingEvent.objects.create(
        agency=agency,
        kind=EventKind.ETHICS,
        title="อบรมคุณธรรมจริยธรรม",
        held_on=dt.date(2025, 2, 19),
        department=departments["office"],
    )


def test_attendance_makes_a_record_per_person(agency, event, coordinator, officer):
    actions.set_attendance(event, [coordinator, officer], ["นายสมนึก ผู้ใหญ่บ้าน"], coordinator)
    later = TrainingEvent.objects.create(
        agency=agency, kind=EventKind.ITA_BRIEFING, title="ชี้แจง ITA", held_on=dt.date(2025, 10, 2)
    )  # FY2569
    actions.set_attendance(later, [officer], [], coordinator)
    summary = reports.training_summary(agency, 2568)
    assert summary.attendances == 3 and len(summary.people) == 2
    assert reports.member_training(agency, officer, 2568) == [event]


def test_the_summary_report_lists_events_and_people(agency, event, coordinator):
    actions.set_attendance(event, [coordinator], ["นายสมนึก"], coordinator)
    text = " ".join(pdf.extract_text(render("training-summary", DocumentRequest(agency, 2568, "pdf")).content).split())
    assert "อบรมคุณธรรมจริยธรรม" in text and "2568" in text
    book = load_workbook(io.BytesIO(render("training-summary", DocumentRequest(agency, 2568, "xlsx")).content))
    assert book.sheetnames == ["events", "attendance", "people"]
    assert [c.value for c in book["attendance"][3]][2] == "นายสมนึก"


def test_materials_are_checked_and_published_with_the_event(client, agency, event, coordinator):
    client.force_login(coordinator)
    client.post(
        url("registers:training-material", agency, pk=event.pk),
        {"title": "สไลด์", "file": SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF")},
    )
    client.post(
        url("registers:training-material", agency, pk=event.pk),
        {"title": "ปลอม", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 program")},
    )
    assert list(event.materials.values_list("title", flat=True)) == ["สไลด์"]
    client.logout()
    page = client.get(url("public-registers:event", agency, pk=event.pk)).content.decode()
    assert "อบรมคุณธรรมจริยธรรม" in page and "สไลด์" in page
    material = event.materials.get()
    assert client.get(url("public-registers:material-file", agency, pk=material.pk)).status_code == 200


def test_officers_edit_only_their_departments_events(client, agency, event, officer):
    client.force_login(officer)
    assert client.get(url("registers:training-edit", agency, pk=event.pk)).status_code == 403
    assert client.get(url("registers:training-attendance", agency, pk=event.pk)).status_code == 403
    assert client.get(url("registers:training-event", agency, pk=event.pk)).status_code == 200


def test_the_training_pages_use_a_bounded_number_of_queries(
    client, agency, coordinator, officer, django_assert_max_num_queries
):
    for n in range(12):
        e = TrainingEvent.objects.create(
            agency=agency, kind=EventKind.OTHER, title=f"ประชุม {n}", held_on=dt.date(2025, 3, n + 1)
        )
        actions.set_attendance(e, [coordinator, officer], ["แขก"], coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        assert client.get(url("registers:training", agency) + "?year=2568").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("registers:training-people", agency) + "?year=2568").status_code == 200
