"""Background work: telling handlers of new complaints, and the daily deadline reminders.

Mails name a complaint by its number and link to the staff page; corruption complaints go only to the
designated handlers and their mails carry no subject.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from prongsai.agencies.models import Agency, Membership, Role
from prongsai.complaints.models import Complaint, ComplaintSettings


def _staff_url(complaint: Complaint) -> str:
    return settings.SITE_URL.rstrip("/") + complaint.get_absolute_url()


def _designated(agency: Agency) -> list[Any]:
    config = ComplaintSettings.for_agency(agency)
    active = Membership.objects.active().filter(agency=agency).values("user_id")
    return list(config.confidential_handlers.filter(pk__in=active))


def recipients_for(complaint: Complaint) -> list[Any]:
    """Who is reminded of a complaint: its handler, else its department, else the coordinators."""
    agency = complaint.agency
    if complaint.is_confidential:
        designated = _designated(agency)
        if complaint.assignee is not None and complaint.assignee in designated:
            return [complaint.assignee]
        return designated
    if complaint.assignee is not None:
        return [complaint.assignee]
    members = Membership.objects.active().filter(agency=agency)
    if complaint.department_id is not None:
        in_department = members.filter(department_id=complaint.department_id, role__in=[Role.OFFICER, Role.COORDINATOR])
        if in_department.exists():
            return [m.user for m in in_department.select_related("user")]
    return [m.user for m in members.filter(role=Role.COORDINATOR).select_related("user")]


def send_reminders(today: dt.date | None = None, agency: Agency | None = None) -> int:
    """One digest mail per person listing their complaints that are overdue or due within the agency's window.

    A complaint is included at most once a day, so running this twice the same day sends nothing new.
    Returns the number of mails sent.
    """
    today = today or timezone.localdate()
    agencies = [agency] if agency is not None else list(Agency.objects.filter(complaints__isnull=False).distinct())
    sent = 0
    for current in agencies:
        config = ComplaintSettings.for_agency(current)
        window_end = today + dt.timedelta(days=config.remind_days_before)
        due = (
            Complaint.objects.filter(agency=current, due_date__lte=window_end)
            .open()
            .exclude(reminded_on=today)
            .select_related("agency", "assignee", "department")
            .order_by("due_date", "pk")
        )
        per_person: dict[Any, list[Complaint]] = defaultdict(list)
        for complaint in due:
            for person in recipients_for(complaint):
                if person.email:
                    per_person[person].append(complaint)
        for person, complaints in per_person.items():
            sent += _send_digest(person, complaints, today)
        Complaint.objects.filter(pk__in=[c.pk for c in due]).update(reminded_on=today)
    return sent


def _send_digest(person: Any, complaints: list[Complaint], today: dt.date) -> int:
    with translation.override("th"):
        lines = [
            {
                "number": c.number,
                "category": c.get_category_display(),
                # Corruption complaints: no subject in a mail, which may be forwarded or read over a shoulder.
                "subject": "" if c.is_confidential else c.subject,
                "due": c.due_date,
                "overdue": c.is_overdue(today),
                "days": abs(c.days_left(today)),
                "url": _staff_url(c),
            }
            for c in complaints
        ]
        overdue = sum(1 for line in lines if line["overdue"])
        subject = f"[{complaints[0].agency.name_th}] เรื่องร้องเรียนที่ใกล้ครบกำหนดหรือเกินกำหนด {len(lines)} เรื่อง"
        if overdue:
            subject += f" (เกินกำหนด {overdue} เรื่อง)"
        body = render_to_string("complaints/mail/reminder.txt", {"person": person, "lines": lines, "today": today})
    return send_mail(subject, body, None, [person.email])


@task()
def complaint_reminders() -> int:
    """The daily reminder run (cron calls `prongsai complaint_reminders`, or enqueue this task)."""
    return send_reminders()


def notify_new(complaint: Complaint) -> int:
    """Tell the agency of a new complaint: its notify address, or the designated handlers for corruption."""
    agency = complaint.agency
    if complaint.is_confidential:
        addresses = [u.email for u in _designated(agency) if u.email]
    else:
        config = ComplaintSettings.for_agency(agency)
        addresses = [config.notify_email] if config.notify_email else []
    if not addresses:
        return 0
    with translation.override("th"):
        body = render_to_string(
            "complaints/mail/new.txt",
            {
                "complaint": complaint,
                "subject": "" if complaint.is_confidential else complaint.subject,
                "url": _staff_url(complaint),
            },
        )
        subject = f"[{agency.name_th}] เรื่องใหม่ {complaint.number} ({complaint.get_category_display()})"
    return send_mail(subject, body, None, addresses)


@task()
def notify_new_complaint(complaint_id: int) -> int:
    complaint = Complaint.objects.select_related("agency").filter(pk=complaint_id).first()
    return notify_new(complaint) if complaint else 0


def enqueue_notification(complaint: Complaint) -> None:
    transaction.on_commit(lambda: notify_new_complaint.enqueue(complaint.pk))
