"""Corruption and misconduct complaints: only designated handlers see them, and every sight is recorded.

Everyone else — officer, executive, auditor, a coordinator who was not designated, an outsider — gets 404 on
the complaint and never meets it in a list, a count, a search, an export, a mail or the audit trail's text.
"""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.agencies.access import access_agency
from prongsai.agencies.models import Role
from prongsai.audit.models import AuditEntry
from prongsai.complaints import actions, rules
from prongsai.complaints.jobs import notify_new, send_reminders
from prongsai.complaints.models import Category, ComplaintSettings, Status
from prongsai.core import testing
from prongsai.documents.registry import DocumentRequest, render

SECRET = "ปลัดเรียกรับเงินสามพันบาท"


@pytest.fixture
def secret(make_complaint):
    return make_complaint(Category.CORRUPTION, subject=SECRET, details="รายละเอียดลับ " + SECRET)


@pytest.fixture
def everyday(make_complaint):
    return make_complaint(Category.SERVICE, subject="ถนนเป็นหลุม")


@pytest.fixture
def undesignated_coordinator(agency, departments):
    return testing.make_member(agency, Role.COORDINATOR, departments["office"], username="coord2")


@pytest.fixture
def others(officer, executive, auditor, undesignated_coordinator, outsider, coordinator):
    # `coordinator` of the cast is not designated either: nobody is, by default.
    return [officer, executive, auditor, undesignated_coordinator, outsider, coordinator]


def index_url(agency, query=""):
    return reverse("complaints:index", kwargs={"agency": agency.slug}) + query


def test_it_designates_nobody_by_default(agency, coordinator, executive):
    assert not rules.is_designated(coordinator, agency)
    assert not rules.is_designated(executive, agency)


def test_it_hides_the_complaint_from_everyone_not_designated(client, agency, secret, everyday, others):
    for user in others:
        client.force_login(user)
        assert client.get(secret.get_absolute_url()).status_code == 404, user.username
        for verb in ("assign", "start", "note", "reply", "close"):
            url = reverse("complaints:act", kwargs={"agency": agency.slug, "pk": secret.pk, "verb": verb})
            assert client.post(url, {"body": "x"}).status_code == 404, (user.username, verb)
        for query in ("?state=all", "?state=open", "?category=corruption", f"?state=all&q={SECRET[:8]}", "?mine=1"):
            response = client.get(index_url(agency, query))
            if user.username == "outsider":
                assert response.status_code == 404
                continue
            page = response.content.decode()
            assert SECRET not in page, (user.username, query)
            assert secret.number not in page
        if user.username != "outsider":
            page = client.get(index_url(agency, "?state=all")).content.decode()
            assert "ถนนเป็นหลุม" in page  # they still see the everyday work


def test_it_hides_the_attachment_too(client, agency, make_complaint, others, handler):
    upload = SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    complaint = make_complaint(Category.CORRUPTION, files=[(upload, "pdf")])
    attachment = complaint.attachments.get()
    url = reverse("complaints:attachment", kwargs={"agency": agency.slug, "pk": complaint.pk, "file_pk": attachment.pk})
    for user in others:
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(handler)
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="complaint.view_confidential", changes__after__via="attachment").exists()


def test_it_keeps_the_open_counts_free_of_hidden_complaints(client, agency, secret, everyday, officer):
    client.force_login(officer)
    response = client.get(index_url(agency))
    assert response.context["counts"]["open"] == 1


def test_it_shows_it_to_designated_handlers_and_records_every_sight(client, agency, secret, everyday, handler):
    client.force_login(handler)
    before = AuditEntry.objects.filter(action="complaint.view_confidential").count()
    page = client.get(index_url(agency, "?state=all")).content.decode()
    assert SECRET in page and "ถนนเป็นหลุม" in page
    listed = AuditEntry.objects.filter(action="complaint.view_confidential").order_by("id")
    assert listed.count() == before + 1
    entry = listed.last()
    assert (entry.actor_label, entry.object_id, entry.changes["after"]["via"]) == ("handler", str(secret.pk), "list")
    assert entry.at is not None
    assert client.get(secret.get_absolute_url()).status_code == 200
    entry = AuditEntry.objects.filter(action="complaint.view_confidential").order_by("id").last()
    assert entry.changes["after"]["via"] == "detail"
    assert AuditEntry.objects.filter(action="complaint.view_confidential", object_id=str(everyday.pk)).count() == 0


def test_it_never_writes_the_secret_into_the_audit_trail(client, agency, secret, handler, designated_coordinator):
    client.force_login(designated_coordinator)
    url = reverse("complaints:act", kwargs={"agency": agency.slug, "pk": secret.pk, "verb": "assign"})
    assert client.post(url, {"assignee": handler.pk}).status_code == 302
    texts = " ".join(f"{e.object_repr} {e.changes}" for e in AuditEntry.objects.all())
    assert SECRET not in texts


def test_it_lets_a_designated_coordinator_assign_only_to_designated_handlers(
    client, agency, secret, officer, handler, designated_coordinator
):
    client.force_login(designated_coordinator)
    url = reverse("complaints:act", kwargs={"agency": agency.slug, "pk": secret.pk, "verb": "assign"})
    assert client.post(url, {"assignee": officer.pk}).status_code == 400
    assert client.post(url, {"assignee": handler.pk}).status_code == 302
    secret.refresh_from_db()
    assert secret.assignee == handler and secret.status == Status.ASSIGNED


def test_it_does_not_open_the_complaint_to_the_rest_of_the_handlers_department(
    client, agency, departments, secret, handler, designated_coordinator
):
    colleague = testing.make_member(agency, Role.OFFICER, departments["office"], username="colleague")
    client.force_login(designated_coordinator)
    url = reverse("complaints:act", kwargs={"agency": agency.slug, "pk": secret.pk, "verb": "assign"})
    client.post(url, {"assignee": handler.pk, "department": departments["office"].pk})
    client.force_login(colleague)
    assert client.get(secret.get_absolute_url()).status_code == 404
    client.force_login(handler)
    start = reverse("complaints:act", kwargs={"agency": agency.slug, "pk": secret.pk, "verb": "start"})
    assert client.post(start).status_code == 302


def test_it_stops_seeing_it_once_the_designation_is_withdrawn(client, agency, secret, handler):
    client.force_login(handler)
    assert client.get(secret.get_absolute_url()).status_code == 200
    ComplaintSettings.for_agency(agency).confidential_handlers.remove(handler)
    assert client.get(secret.get_absolute_url()).status_code == 404


def test_it_does_not_designate_across_agencies(client, other_agency, outsider, secret):
    ComplaintSettings.for_agency(other_agency).confidential_handlers.add(outsider)
    client.force_login(outsider)
    assert client.get(secret.get_absolute_url()).status_code == 404


def test_it_keeps_the_secret_out_of_exports(agency, secret, everyday):
    for fmt in ("csv", "xlsx"):
        document = render("complaint-stats", DocumentRequest(agency, secret.fiscal_year, fmt))
        assert SECRET.encode() not in document.content
    csv_text = render("complaint-stats", DocumentRequest(agency, secret.fiscal_year, "csv")).content.decode("utf-8-sig")
    assert "ถนนเป็นหลุม" not in csv_text  # statistics are counts only


def test_it_mails_only_designated_handlers_without_the_subject(agency, coordinator, secret, handler, settings):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    config = ComplaintSettings.for_agency(agency)
    config.notify_email = "office@example.org"
    config.save()
    mail.outbox.clear()
    notify_new(secret)
    assert [m.to for m in mail.outbox] == [["handler@example.org"]]
    assert SECRET not in mail.outbox[0].body and SECRET not in mail.outbox[0].subject
    mail.outbox.clear()
    send_reminders(today=secret.due_date - dt.timedelta(days=1), agency=agency)
    recipients = {address for m in mail.outbox for address in m.to}
    assert recipients == {"handler@example.org"}
    assert all(SECRET not in m.body for m in mail.outbox)


def test_it_refuses_the_action_layer_for_the_undesignated(agency, secret, coordinator, departments):
    access = access_agency(coordinator, agency.slug)
    with pytest.raises(actions.ActionRefused):
        actions.assign(access, secret, departments["office"], coordinator)
