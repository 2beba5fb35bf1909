"""The staff workflow: received → assigned → in progress → resolved → closed, and who may take each step."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.audit.models import AuditEntry
from prongsai.complaints import rules
from prongsai.complaints.models import Complaint, ComplaintSettings, ComplaintUpdate, Status


def step(client, complaint, verb, **data):
    url = reverse("complaints:act", kwargs={"agency": complaint.agency.slug, "pk": complaint.pk, "verb": verb})
    return client.post(url, data)


def refreshed(complaint):
    return Complaint.objects.get(pk=complaint.pk)


def test_it_walks_a_complaint_through_every_status(client, coordinator, officer, departments, make_complaint):
    complaint = make_complaint()
    client.force_login(coordinator)
    assert step(client, complaint, "assign", department=departments["finance"].pk).status_code == 302
    assert refreshed(complaint).status == Status.ASSIGNED
    client.force_login(officer)
    assert step(client, complaint, "start").status_code == 302
    assert refreshed(complaint).status == Status.IN_PROGRESS
    assert step(client, complaint, "reply", body="ช่างจะเข้าไปตรวจพรุ่งนี้").status_code == 302
    assert step(client, complaint, "resolve", body="เปลี่ยนหลอดไฟแล้ว").status_code == 302
    assert refreshed(complaint).status == Status.RESOLVED
    assert refreshed(complaint).resolved_at is not None
    client.force_login(coordinator)
    assert step(client, complaint, "close").status_code == 302
    assert refreshed(complaint).status == Status.CLOSED
    actions = list(
        AuditEntry.objects.filter(object_type="complaints.Complaint", object_id=str(complaint.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "complaint.receive",
        "complaint.assigned",
        "complaint.assign",
        "complaint.in_progress",
        "complaint.reply",
        "complaint.resolved",
        "complaint.closed",
    ]


def test_it_refuses_invalid_transitions():
    with pytest.raises(rules.TransitionRefused):
        rules.check_transition(Status.RECEIVED, Status.RESOLVED)
    with pytest.raises(rules.TransitionRefused):
        rules.check_transition(Status.RECEIVED, Status.CLOSED)
    with pytest.raises(rules.TransitionRefused):
        rules.check_transition(Status.ASSIGNED, Status.RESOLVED)
    with pytest.raises(rules.TransitionRefused):
        rules.check_transition(Status.IN_PROGRESS, Status.CLOSED)
    for target in Status:
        with pytest.raises(rules.TransitionRefused):
            rules.check_transition(Status.CLOSED, target)
    rules.check_transition(Status.RESOLVED, Status.IN_PROGRESS)  # reopening is allowed


def test_it_does_not_skip_steps_over_http(client, coordinator, make_complaint):
    complaint = make_complaint()
    client.force_login(coordinator)
    step(client, complaint, "resolve", body="ทำแล้ว")
    step(client, complaint, "close")
    assert refreshed(complaint).status == Status.RECEIVED
    assert not ComplaintUpdate.objects.filter(complaint=complaint, status=Status.RESOLVED).exists()


def test_it_requires_an_answer_to_resolve(client, coordinator, departments, make_complaint):
    complaint = make_complaint()
    client.force_login(coordinator)
    step(client, complaint, "assign", department=departments["office"].pk)
    step(client, complaint, "start")
    response = step(client, complaint, "resolve", body="")
    assert response.status_code == 400
    assert refreshed(complaint).status == Status.IN_PROGRESS


def test_it_lets_only_coordinators_assign(client, officer, executive, auditor, departments, make_complaint):
    complaint = make_complaint()
    for user in (officer, executive, auditor):
        client.force_login(user)
        assert step(client, complaint, "assign", department=departments["finance"].pk).status_code == 403
    assert refreshed(complaint).status == Status.RECEIVED


def test_it_lets_only_the_responsible_department_work_on_a_complaint(
    client, coordinator, officer, executive, auditor, departments, make_complaint
):
    complaint = make_complaint()
    client.force_login(coordinator)
    step(client, complaint, "assign", department=departments["office"].pk)
    for user in (officer, executive, auditor):  # the officer is in กองคลัง, not the office
        client.force_login(user)
        assert step(client, complaint, "start").status_code == 403
        assert step(client, complaint, "reply", body="x").status_code == 403
    assert refreshed(complaint).status == Status.ASSIGNED
    client.force_login(coordinator)
    step(client, complaint, "assign", department=departments["finance"].pk)  # reassignment
    client.force_login(officer)
    assert step(client, complaint, "start").status_code == 302
    assert refreshed(complaint).status == Status.IN_PROGRESS


def test_it_lets_executives_close_and_note_but_not_work(client, coordinator, executive, departments, make_complaint):
    complaint = make_complaint()
    client.force_login(coordinator)
    step(client, complaint, "assign", department=departments["office"].pk)
    step(client, complaint, "start")
    step(client, complaint, "resolve", body="ซ่อมแล้ว")
    client.force_login(executive)
    assert step(client, complaint, "reopen").status_code == 403
    assert step(client, complaint, "note", body="ติดตามผลด้วย").status_code == 302
    assert step(client, complaint, "close").status_code == 302
    assert refreshed(complaint).status == Status.CLOSED


def test_it_keeps_internal_notes_off_the_public_record(client, coordinator, departments, make_complaint):
    complaint = make_complaint()
    client.force_login(coordinator)
    step(client, complaint, "note", body="ผู้ร้องเคยร้องเรื่องเดียวกันมาแล้ว")
    note = ComplaintUpdate.objects.get(complaint=complaint, kind="note")
    assert not note.is_public


def test_it_refuses_outsiders_and_other_agencies(client, outsider, make_complaint):
    complaint = make_complaint()
    client.force_login(outsider)
    assert client.get(complaint.get_absolute_url()).status_code == 404
    assert step(client, complaint, "start").status_code == 404


def test_it_reopens_a_resolved_complaint_but_never_a_closed_one(client, coordinator, departments, make_complaint):
    complaint = make_complaint()
    client.force_login(coordinator)
    step(client, complaint, "assign", department=departments["office"].pk)
    step(client, complaint, "start")
    step(client, complaint, "resolve", body="ซ่อมแล้ว")
    step(client, complaint, "reopen", body="ผู้ร้องแจ้งว่ายังไม่ใช้งานได้")
    assert refreshed(complaint).status == Status.IN_PROGRESS
    assert refreshed(complaint).resolved_at is None
    step(client, complaint, "resolve", body="ซ่อมซ้ำแล้ว")
    step(client, complaint, "close")
    step(client, complaint, "reopen")
    assert refreshed(complaint).status == Status.CLOSED


def test_it_counts_deadlines_per_category_from_the_agency_settings(agency, make_complaint):
    config = ComplaintSettings.for_agency(agency)
    config.service_days = 7
    config.save()
    service = make_complaint("service")
    corruption = make_complaint("corruption")
    assert (service.due_date - timezone.localtime(service.received_at).date()).days == 7
    assert (corruption.due_date - timezone.localtime(corruption.received_at).date()).days == 30


def test_it_lists_complaints_with_a_fixed_number_of_queries(
    client, coordinator, departments, make_complaint, django_assert_max_num_queries
):
    for n in range(12):
        complaint = make_complaint(subject=f"เรื่องที่ {n}")
        if n % 2:
            client.force_login(coordinator)
            step(client, complaint, "assign", department=departments["office"].pk, assignee=coordinator.pk)
    client.force_login(coordinator)
    url = reverse("complaints:index", kwargs={"agency": coordinator.memberships.get().agency.slug})
    with django_assert_max_num_queries(14):
        response = client.get(url + "?state=all")
    assert response.status_code == 200
    assert response.content.decode().count("เรื่องที่ ") == 12


def test_it_shows_the_overdue_flag(client, coordinator, make_complaint):
    old = make_complaint(received=timezone.localdate() - dt.timedelta(days=40), subject="เรื่องเก่าค้าง")
    make_complaint(subject="เรื่องใหม่")
    assert old.is_overdue()
    client.force_login(coordinator)
    url = reverse("complaints:index", kwargs={"agency": old.agency.slug})
    page = client.get(url + "?state=overdue").content.decode()
    assert "เรื่องเก่าค้าง" in page and "เรื่องใหม่" not in page
