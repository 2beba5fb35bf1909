"""The public channel: the form, anonymity, attachments, the honeypot, the throttle, tracking and the rating."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.complaints import actions, tracking
from prongsai.complaints.models import Category, Complaint, ComplaintUpdate, Rating, Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form_url(agency):
    return reverse("public-complaints:new", kwargs={"agency": agency.slug})


def track_url(agency):
    return reverse("public-complaints:track", kwargs={"agency": agency.slug})


def valid(**overrides):
    data = {
        "category": Category.SERVICE,
        "subject": "ไฟทางดับหน้าโรงเรียน",
        "details": "ดับมาสามคืนแล้ว",
        "contact_name": "นางสาวพิมพ์ใจ รักษ์ดี",
        "contact_phone": "081-234-5678",
        "contact_email": "pim@example.org",
        "contact_line": "pimjai",
        "location_text": "หมู่ 3",
        "latitude": "8.694512",
        "longitude": "98.256301",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_shows_the_form_in_thai_without_needing_javascript(client, agency):
    response = client.get(form_url(agency))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="th"' in page
    assert "<noscript" not in page and 'enctype="multipart/form-data"' in page
    for field in ("id_subject", "id_details", "id_latitude", "id_longitude", "id_attachments", "id_anonymous"):
        assert f'for="{field}"' in page, field
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_receives_a_complaint_and_shows_a_tracking_code_it_does_not_store(client, agency, media):
    response = client.post(form_url(agency), valid())
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    code = tracking.normalise(response.context["code"])
    assert tracking.is_well_formed(code)
    assert response.context["code"] in response.content.decode()
    stored = " ".join(str(v) for v in Complaint.objects.values().get().values())
    assert code not in stored and response.context["code"] not in stored
    assert complaint.contact_name == "นางสาวพิมพ์ใจ รักษ์ดี" and complaint.contact_line == "pimjai"
    assert str(complaint.latitude) == "8.694512"
    assert complaint.status == Status.RECEIVED and complaint.channel == "web"
    assert actions.find_by_code(agency, response.context["code"].lower()) == complaint


def test_it_keeps_no_name_or_contact_of_an_anonymous_complainant(client, agency, media):
    client.post(form_url(agency), valid(anonymous="on", category=Category.CORRUPTION))
    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert (complaint.contact_name, complaint.contact_phone, complaint.contact_email, complaint.contact_line) == (
        "",
        "",
        "",
        "",
    )


def test_it_can_mail_the_code_even_to_an_anonymous_complainant_without_keeping_the_address(client, agency, media):
    response = client.post(form_url(agency), valid(anonymous="on", send_code="on", contact_email="anon@example.org"))
    assert response.context["mailed"] is True
    assert mail.outbox[-1].to == ["anon@example.org"]
    assert response.context["code"] in mail.outbox[-1].body
    assert "anon@example.org" not in str(list(Complaint.objects.values().get().values()))


def test_it_asks_for_a_name_and_a_way_to_reply_unless_anonymous(client, agency):
    response = client.post(
        form_url(agency), valid(contact_name="", contact_phone="", contact_email="", contact_line="")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#id_contact_name"' in page and 'href="#id_contact_phone"' in page
    assert not Complaint.objects.exists()


def test_it_links_every_error_in_the_summary_to_its_field(client, agency):
    response = client.post(form_url(agency), {"latitude": "95"})
    page = response.content.decode()
    for field in ("id_category", "id_subject", "id_details", "id_latitude"):
        assert f'href="#{field}"' in page, field
        assert f'id="{field}"' in page, field


def test_it_refuses_a_half_given_position(client, agency):
    response = client.post(form_url(agency), valid(longitude=""))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_it_discards_what_a_bot_puts_in_the_honeypot(client, agency):
    response = client.post(form_url(agency), valid(website="http://spam.example"))
    assert response.status_code == 400
    assert not Complaint.objects.exists()
    assert "spam.example" not in response.content.decode()


def test_it_stores_checked_attachments_under_random_names(client, agency, media):
    files = [SimpleUploadedFile("รูปถ่าย.png", PNG, "image/png"), SimpleUploadedFile("หนังสือ.pdf", PDF, "application/pdf")]
    client.post(form_url(agency), {**valid(), "attachments": files})
    stored = list(Complaint.objects.get().attachments.order_by("pk"))
    assert [a.original_name for a in stored] == ["รูปถ่าย.png", "หนังสือ.pdf"]
    assert [a.content_type for a in stored] == ["image/png", "application/pdf"]
    assert all("รูป" not in a.file.name and a.file.name.startswith(f"complaints/{agency.pk}/") for a in stored)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"<html><script>alert(1)</script></html>"),  # a web page wearing a PDF name
        ("tool.jpg", b"MZ\x90\x00" + b"\x00" * 60),  # a Windows program
        ("empty.pdf", b""),
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim(client, agency, media, name, content):
    response = client.post(form_url(agency), {**valid(), "attachments": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 400
    assert 'href="#id_attachments"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_it_refuses_too_many_or_too_large_files(client, agency, media, settings):
    many = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(4)]
    assert client.post(form_url(agency), {**valid(), "attachments": many}).status_code == 400
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024))
    assert client.post(form_url(agency), {**valid(), "attachments": [big]}).status_code == 400
    assert not Complaint.objects.exists()


def test_it_refuses_a_zip_that_is_not_an_office_file(client, agency, media):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    upload = SimpleUploadedFile("report.docx", buffer.getvalue())
    assert client.post(form_url(agency), {**valid(), "attachments": [upload]}).status_code == 400


def test_it_throttles_one_client_without_storing_its_address(client, agency, media):
    for _ in range(5):
        assert client.post(form_url(agency), valid(), REMOTE_ADDR="203.0.113.9").status_code == 200
    response = client.post(form_url(agency), valid(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert Complaint.objects.count() == 5
    assert client.post(form_url(agency), valid(), REMOTE_ADDR="198.51.100.7").status_code == 200
    assert "203.0.113.9" not in tracking.client_key("203.0.113.9", "submit:1")
    dumped = str(list(Complaint.objects.values()))
    assert "203.0.113.9" not in dumped


def test_it_shows_the_status_to_the_holder_of_the_code_and_nothing_private(
    client, agency, coordinator, departments, make_complaint
):
    complaint = make_complaint(contact_email="secret-mail@example.org", location_text="บ้านเลขที่ 99")
    from prongsai.agencies.access import access_agency

    access = access_agency(coordinator, agency.slug)
    actions.assign(access, complaint, departments["office"], coordinator, note="ระวังผู้ร้องรายนี้")
    actions.start(access, complaint)
    actions.add_update(access, complaint, "บันทึกภายใน: ผู้ร้องเป็นญาติผู้ใหญ่บ้าน", public=False)
    actions.add_update(access, complaint, "ช่างจะเข้าไปตรวจในวันพรุ่งนี้", public=True)
    response = client.post(track_url(agency), {"code": tracking.display(complaint.code)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ช่างจะเข้าไปตรวจในวันพรุ่งนี้" in page
    assert complaint.subject in page
    for private in (
        "บันทึกภายใน",
        "ระวังผู้ร้องรายนี้",
        "นายสมชาย",
        "081-234-5678",
        "secret-mail",
        "บ้านเลขที่ 99",
        coordinator.username,
        "สำนักปลัด",
        complaint.details,
    ):
        assert private not in page, private
    assert complaint.get_status_display() in page or "กำลังดำเนินการ" in page or "In progress" in page


def test_it_says_plainly_when_a_code_is_unknown(client, agency, make_complaint):
    make_complaint()
    response = client.post(track_url(agency), {"code": "ABCDE-FGHJK"})
    assert response.status_code == 404
    assert 'href="#id_code"' in response.content.decode()
    assert client.post(track_url(agency), {"code": "12"}).status_code == 400


def test_it_does_not_find_a_code_of_another_agency(client, agency, other_agency, make_complaint):
    complaint = make_complaint()
    assert actions.find_by_code(other_agency, complaint.code) is None
    other_url = reverse("public-complaints:track", kwargs={"agency": other_agency.slug})
    assert client.post(other_url, {"code": complaint.code}).status_code == 404


def test_it_throttles_code_guessing(client, agency):
    for _ in range(30):
        client.post(track_url(agency), {"code": "ABCDE-FGHJK"}, REMOTE_ADDR="203.0.113.50")
    assert client.post(track_url(agency), {"code": "ABCDE-FGHJK"}, REMOTE_ADDR="203.0.113.50").status_code == 429


def test_it_compares_codes_in_constant_time(monkeypatch, agency, make_complaint):
    complaint = make_complaint()
    calls = []
    import hmac

    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    assert actions.find_by_code(agency, complaint.code) == complaint
    assert calls


def test_it_lets_the_complainant_rate_once_after_closure(client, agency, coordinator, departments, make_complaint):
    complaint = make_complaint()
    rate_url = reverse("public-complaints:rate", kwargs={"agency": agency.slug})
    assert client.post(rate_url, {"code": complaint.code, "score": 5}).status_code == 409  # not closed yet
    from prongsai.agencies.access import access_agency

    access = access_agency(coordinator, agency.slug)
    actions.assign(access, complaint, departments["office"], None)
    actions.start(access, complaint)
    actions.resolve(access, complaint, "ซ่อมแล้ว")
    actions.close(access, complaint)
    page = client.post(track_url(agency), {"code": complaint.code}).content.decode()
    assert 'name="score"' in page
    assert client.post(rate_url, {"code": complaint.code, "score": 4, "comment": "รวดเร็วดี"}).status_code == 200
    assert client.post(rate_url, {"code": complaint.code, "score": 1}).status_code == 409
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == (4, "รวดเร็วดี")
    assert 'name="score"' not in client.post(track_url(agency), {"code": complaint.code}).content.decode()
    assert client.post(rate_url, {"code": "ABCDE-FGHJK", "score": 5}).status_code == 404


def test_it_shows_the_channel_page_with_the_national_hotlines(client, agency):
    page = client.get(reverse("public-complaints:index", kwargs={"agency": agency.slug})).content.decode()
    assert "1205" in page and "1206" in page
    assert reverse("public-complaints:new", kwargs={"agency": agency.slug}) in page


def test_it_records_the_receipt_as_a_public_step(client, agency, media):
    client.post(form_url(agency), valid())
    update = ComplaintUpdate.objects.get()
    assert update.is_public and update.status == Status.RECEIVED
