"""Participation rounds (O20): recorded by staff, published with their files, shown to everyone."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.audit.models import AuditEntry
from prongsai.complaints.models import Participation, ParticipationKind

PDF = b"%PDF-1.4\n%%EOF\n"


def new_url(agency):
    return reverse("complaints:participation-new", kwargs={"agency": agency.slug})


def data(department, **overrides):
    values = {
        "kind": ParticipationKind.HEARING,
        "topic": "รับฟังความคิดเห็นโครงการก่อสร้างถนน",
        "held_on": "2025-03-10",
        "place": "หอประชุมเทศบาล",
        "department": department.pk,
        "participants": "58",
        "opinions": "ประชาชนเห็นด้วย ขอให้ทำทางเท้า",
        "outcome": "ปรับแบบเพิ่มทางเท้า",
    }
    values.update(overrides)
    return values


def test_it_records_publishes_and_shows_a_round_with_its_files(client, agency, officer, departments, media):
    client.force_login(officer)
    upload = SimpleUploadedFile("รายงานการประชุม.pdf", PDF)
    response = client.post(
        new_url(agency), {**data(departments["finance"]), "files": [upload], "files_title": "รายงาน"}
    )
    assert response.status_code == 302
    item = Participation.objects.get()
    assert not item.is_published and item.attachments.count() == 1
    public = reverse("public-complaints:participation-detail", kwargs={"agency": agency.slug, "pk": item.pk})
    assert client.get(public).status_code == 404  # a draft is not public
    publish = reverse("complaints:participation-publish", kwargs={"agency": agency.slug, "pk": item.pk})
    assert client.post(publish, {"publish": "1"}).status_code == 302
    client.logout()
    page = client.get(public).content.decode()
    assert "ประชาชนเห็นด้วย" in page and "ปรับแบบเพิ่มทางเท้า" in page
    attachment = item.attachments.get()
    file_url = reverse(
        "public-complaints:participation-file", kwargs={"agency": agency.slug, "pk": item.pk, "file_pk": attachment.pk}
    )
    response = client.get(file_url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="participation.publish").exists()


def test_it_lets_officers_record_only_their_own_department(client, agency, officer, departments):
    client.force_login(officer)
    response = client.post(new_url(agency), data(departments["office"]))
    assert response.status_code == 400
    assert not Participation.objects.exists()


def test_it_lets_executives_and_auditors_read_but_not_record(client, agency, executive, auditor, departments):
    item = Participation.objects.create(
        agency=agency,
        kind="forum",
        topic="ประชาคม",
        held_on=dt.date(2025, 1, 5),
        place="วัด",
        department=departments["office"],
    )
    for user in (executive, auditor):
        client.force_login(user)
        assert client.get(new_url(agency)).status_code == 403
        url = reverse("complaints:participation-edit", kwargs={"agency": agency.slug, "pk": item.pk})
        assert client.get(url).status_code == 200
        assert client.post(url, data(departments["office"])).status_code == 403
        publish = reverse("complaints:participation-publish", kwargs={"agency": agency.slug, "pk": item.pk})
        assert client.post(publish, {"publish": "1"}).status_code == 403


def test_it_refuses_a_file_that_is_not_a_document(client, agency, coordinator, departments, media):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("minutes.pdf", b"<script>alert(1)</script>")
    response = client.post(new_url(agency), {**data(departments["office"]), "files": [upload]})
    assert response.status_code == 400
    assert not Participation.objects.exists()


def test_it_lists_published_rounds_of_the_fiscal_year_only(client, agency):
    make = Participation.objects.create
    make(agency=agency, kind="forum", topic="ประชาคมปี 68", held_on=dt.date(2025, 2, 1), place="ก", is_published=True)
    make(agency=agency, kind="forum", topic="ร่างที่ยังไม่เผยแพร่", held_on=dt.date(2025, 3, 1), place="ข")
    make(agency=agency, kind="forum", topic="ประชาคมปี 67", held_on=dt.date(2024, 9, 1), place="ค", is_published=True)
    url = reverse("public-complaints:participation-year", kwargs={"agency": agency.slug, "year": 2568})
    page = client.get(url).content.decode()
    assert "ประชาคมปี 68" in page
    assert "ร่างที่ยังไม่เผยแพร่" not in page and "ประชาคมปี 67" not in page


def test_it_lists_rounds_for_staff_with_a_fixed_number_of_queries(
    client, agency, coordinator, departments, django_assert_max_num_queries
):
    for n in range(8):
        Participation.objects.create(
            agency=agency,
            kind="forum",
            topic=f"รอบที่ {n}",
            held_on=dt.date(2025, 1, n + 1),
            place="ศาลา",
            department=departments["office"],
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("complaints:participation", kwargs={"agency": agency.slug}) + "?year=2568")
    assert response.content.decode().count("รอบที่ ") == 8
