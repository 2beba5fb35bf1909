"""Deadline reminders: who gets them, once a day, through the task and the command."""

import datetime as dt

from django.core import mail
from django.core.management import call_command

from prongsai.agencies.access import access_agency
from prongsai.complaints import actions
from prongsai.complaints.jobs import complaint_reminders, send_reminders
from prongsai.complaints.models import Complaint


def test_it_reminds_the_assignee_of_a_complaint_due_soon_and_then_not_again_that_day(
    agency, coordinator, officer, departments, make_complaint
):
    officer.email = "officer@example.org"
    officer.save()
    complaint = make_complaint(subject="ไฟทางดับ")
    actions.assign(access_agency(coordinator, agency.slug), complaint, departments["finance"], officer)
    today = complaint.due_date - dt.timedelta(days=2)  # inside the default 3-day window
    assert send_reminders(today=today, agency=agency) == 1
    assert mail.outbox[0].to == ["officer@example.org"]
    assert complaint.number in mail.outbox[0].body and "ไฟทางดับ" in mail.outbox[0].body
    assert "เหลือ 2 วัน" in mail.outbox[0].body
    assert send_reminders(today=today, agency=agency) == 0
    assert Complaint.objects.get(pk=complaint.pk).reminded_on == today


def test_it_sends_nothing_before_the_window_or_after_completion(agency, coordinator, departments, make_complaint):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    complaint = make_complaint()
    assert send_reminders(today=complaint.due_date - dt.timedelta(days=10), agency=agency) == 0
    access = access_agency(coordinator, agency.slug)
    actions.assign(access, complaint, departments["office"], None)
    actions.start(access, complaint)
    actions.resolve(access, complaint, "ซ่อมแล้ว")
    assert send_reminders(today=complaint.due_date + dt.timedelta(days=5), agency=agency) == 0


def test_it_tells_the_coordinators_of_an_unassigned_overdue_complaint(agency, coordinator, officer, make_complaint):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    officer.email = "officer@example.org"
    officer.save()
    complaint = make_complaint()
    assert send_reminders(today=complaint.due_date + dt.timedelta(days=4), agency=agency) == 1
    assert mail.outbox[0].to == ["coordinator@example.org"]
    assert "เกินกำหนด 4 วัน" in mail.outbox[0].body
    assert "เกินกำหนด 1 เรื่อง" in mail.outbox[0].subject


def test_it_tells_the_department_when_nobody_in_it_is_named(agency, coordinator, officer, departments, make_complaint):
    officer.email = "officer@example.org"
    officer.save()
    complaint = make_complaint()
    actions.assign(access_agency(coordinator, agency.slug), complaint, departments["finance"], None)
    send_reminders(today=complaint.due_date, agency=agency)
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]
    assert "ครบกำหนดวันนี้" in mail.outbox[0].body


def test_it_runs_as_a_task_and_as_a_command(agency, coordinator, make_complaint, capsys):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    complaint = make_complaint(received=dt.date.today() - dt.timedelta(days=30))
    result = complaint_reminders.enqueue()
    assert result.return_value == 1
    Complaint.objects.filter(pk=complaint.pk).update(reminded_on=None)
    call_command("complaint_reminders", "--agency", agency.slug)
    assert "sent 1 reminder" in capsys.readouterr().out
    assert len(mail.outbox) == 2
