"""Background work of the registers: reminders about overdue loans of state property.

`send_overdue_reminders` mails each borrower whose loan is past its return date, and the responsible officers
of the asset's department, at most once a day per loan. Run daily by the `asset_reminders_task` (queued from
`prongsai asset_reminders --queue`, or cron running `prongsai asset_reminders`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from prongsai.agencies.models import Agency, Membership, Role
from prongsai.audit.log import record
from prongsai.lib import thaidate
from prongsai.registers.models import Loan


def _officer_emails(loan: Loan) -> list[str]:
    members = Membership.objects.active().filter(agency=loan.agency_id).select_related("user")
    officers = members.filter(role=Role.OFFICER, department=loan.asset.department_id)
    if not officers.exists():  # nobody in that department: the coordinators follow it up
        officers = members.filter(role=Role.COORDINATOR)
    return sorted({m.user.email for m in officers if m.user.email})


def _message(loan: Loan, today: dt.date) -> tuple[str, str]:
    days = (today - loan.end_date).days
    subject = f"[{loan.agency.name_th}] เตือนคืนพัสดุ {loan.asset.code} เกินกำหนด {days} วัน"
    body = (
        f"เรียน คุณ{loan.borrower.get_full_name() or loan.borrower.get_username()}\n\n"
        f"พัสดุ/ครุภัณฑ์ {loan.asset.code} {loan.asset.name} ที่ยืมไปตั้งแต่วันที่ "
        f"{thaidate.format_date(loan.start_date)} มีกำหนดคืนวันที่ {thaidate.format_date(loan.end_date)} "
        f"ขณะนี้เกินกำหนดแล้ว {days} วัน กรุณานำส่งคืนที่ {loan.asset.department} โดยเร็ว\n\n"
        f"Reminder: {loan.asset.code} was due back on {loan.end_date.isoformat()} ({days} day(s) overdue).\n"
    )
    return subject, body


def send_overdue_reminders(agency: Agency | None = None, today: dt.date | None = None) -> int:
    """Mail every overdue loan not yet reminded today; returns the number of loans reminded."""
    today = today or timezone.localdate()
    loans = Loan.objects.overdue(today).select_related("agency", "asset__department", "borrower")
    if agency is not None:
        loans = loans.filter(agency=agency)
    sent = 0
    for loan in loans.exclude(reminded_on=today):
        with transaction.atomic():
            locked = Loan.objects.select_for_update().get(pk=loan.pk)
            if locked.reminded_on == today:  # another worker got there first
                continue
            subject, body = _message(loan, today)
            recipients = [loan.borrower.email] if loan.borrower.email else []
            if recipients:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
            officers = _officer_emails(loan)
            if officers:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, officers, fail_silently=False)
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on"])
            record(
                None,
                "loan.remind",
                locked,
                agency=loan.agency,
                after={"days_overdue": (today - loan.end_date).days, "to": recipients + officers},
            )
        sent += 1
    return sent


@task()
def asset_reminders_task() -> int:
    return send_overdue_reminders()
