"""Staff pages around the workflow: recording a complaint that came by phone, the settings, notifications."""

from django.core import mail
from django.urls import reverse

from prongsai.audit.models import AuditEntry
from prongsai.complaints import actions, tracking
from prongsai.complaints.models import Category, Complaint, ComplaintSettings


def test_it_records_a_phone_complaint_and_shows_the_code_once(client, agency, officer, media):
    client.force_login(officer)
    url = reverse("complaints:new", kwargs={"agency": agency.slug})
    response = client.post(
        url,
        {
            "channel": "phone",
            "received_on": "2025-03-04",
            "category": Category.SERVICE,
            "subject": "น้ำไม่ไหล",
            "details": "ซอย 3 น้ำไม่ไหลสองวัน",
            "contact_name": "นางมาลี",
            "contact_phone": "081-111-2222",
        },
    )
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.channel == "phone" and complaint.fiscal_year == 2568
    assert actions.find_by_code(agency, response.context["code"]) == complaint
    assert tracking.normalise(response.context["code"]) not in str(list(Complaint.objects.values().get().values()))
    assert AuditEntry.objects.get(action="complaint.receive").actor_label == "officer"


def test_it_tells_an_undesignated_member_that_a_recorded_corruption_complaint_leaves_their_view(
    client, agency, officer, media
):
    client.force_login(officer)
    url = reverse("complaints:new", kwargs={"agency": agency.slug})
    data = {"channel": "letter", "received_on": "2025-03-04", "category": Category.CORRUPTION, "subject": "ลับ",
            "details": "รายละเอียด", "anonymous": "on"}  # fmt: skip
    response = client.post(url, data)
    assert response.context["hidden"] is True
    assert Complaint.objects.get().get_absolute_url() not in response.content.decode()


def test_it_refuses_recording_to_read_only_roles(client, agency, auditor, executive):
    url = reverse("complaints:new", kwargs={"agency": agency.slug})
    for user in (auditor, executive):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_it_lets_only_coordinators_change_the_settings_and_records_the_designation(
    client, agency, coordinator, officer, executive
):
    url = reverse("complaints:settings", kwargs={"agency": agency.slug})
    for user in (officer, executive):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(coordinator)
    data = {"service_days": 10, "opinion_days": 20, "corruption_days": 45, "remind_days_before": 2,
            "notify_email": "saraban@example.org", "confidential_handlers": [executive.pk]}  # fmt: skip
    assert client.post(url, data).status_code == 302
    config = ComplaintSettings.for_agency(agency)
    assert (config.service_days, config.corruption_days) == (10, 45)
    assert list(config.confidential_handlers.all()) == [executive]
    entry = AuditEntry.objects.get(action="complaint_settings.save")
    assert entry.changes["after"]["handlers"] == ["executive"]
    assert client.post(url, {**data, "service_days": 0}).status_code == 400


def test_it_offers_only_members_of_the_agency_as_handlers(client, agency, coordinator, outsider):
    client.force_login(coordinator)
    url = reverse("complaints:settings", kwargs={"agency": agency.slug})
    data = {"service_days": 15, "opinion_days": 15, "corruption_days": 30, "remind_days_before": 3,
            "confidential_handlers": [outsider.pk]}  # fmt: skip
    assert client.post(url, data).status_code == 400
    assert not ComplaintSettings.for_agency(agency).confidential_handlers.exists()


def test_it_notifies_the_agency_of_a_new_public_complaint(client, agency, media, django_capture_on_commit_callbacks):
    config = ComplaintSettings.for_agency(agency)
    config.notify_email = "saraban@example.org"
    config.save()
    url = reverse("public-complaints:new", kwargs={"agency": agency.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"category": "service", "subject": "ถนนพัง", "details": "หลุมใหญ่", "anonymous": "on"})
    assert [m.to for m in mail.outbox] == [["saraban@example.org"]]
    assert "ถนนพัง" in mail.outbox[0].body
