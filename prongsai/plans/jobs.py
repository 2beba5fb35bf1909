"""Background work: reminder e-mails to the people responsible for measures, before a period ends and when late.

Each measure not done gets a "before" mail exactly `days_before` days before its period's last day, and an
"overdue" mail the day after and then weekly. The mail goes to active members of the responsible departments
(every member with a department for ทุกส่วนราชการ) and to the agency's coordinators, one mail per person
listing all their measures. A log row per measure, kind and day keeps a second run on the same day silent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from prongsai.agencies.models import Membership, Role
from prongsai.plans import overview, rules
from prongsai.plans.models import Measure, Plan, ReminderLog

DEFAULT_DAYS_BEFORE = 7


@dataclass(frozen=True)
class Due:
    row: overview.MeasureRow
    kind: str  # before / overdue
    url: str


def due_measures(today: dt.date, days_before: int = DEFAULT_DAYS_BEFORE, agency: Any = None) -> list[Due]:
    """Measures of approved or published plans that need a reminder today."""
    plans = Plan.objects.public().select_related("assessment__agency", "assessment__criteria")
    if agency is not None:
        plans = plans.filter(assessment__agency=agency)
    found = []
    for plan in plans:
        measures = overview.measures_query().filter(plan=plan).exclude(status="done")
        for measure in measures:
            measure.plan = plan  # already loaded; saves a query per measure
            row = overview.row_for(measure, plan.fiscal_year, today)
            kind = rules.reminder_due(measure.status, row.period, today, days_before)
            if kind:
                slug = plan.assessment.agency.slug
                url = settings.SITE_URL.rstrip("/") + reverse(
                    "plans:measure", kwargs={"agency": slug, "pk": measure.pk}
                )
                found.append(Due(row, kind, url))
    return found


def recipients(measure: Measure) -> list[Any]:
    """Responsible members (with an e-mail address) and the coordinators of the measure's agency."""
    agency_id = measure.plan.assessment.agency_id
    members = Membership.objects.active().filter(agency_id=agency_id).select_related("user")
    if measure.all_departments:
        responsible = members.filter(department__isnull=False, role__in=[Role.OFFICER, Role.COORDINATOR])
    else:
        responsible = members.filter(
            department__in=measure.departments.all(), role__in=[Role.OFFICER, Role.COORDINATOR]
        )
    people = {m.user for m in responsible} | {m.user for m in members.filter(role=Role.COORDINATOR)}
    return sorted((u for u in people if u.email), key=lambda u: u.pk)


def _claim(measure: Measure, kind: str, today: dt.date) -> bool:
    """True the first time today; False when this reminder already went out."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(measure=measure, kind=kind, sent_on=today)
    except IntegrityError:
        return False
    return True


def send_reminders(today: dt.date | None = None, days_before: int = DEFAULT_DAYS_BEFORE, agency: Any = None) -> int:
    """Send today's reminders; returns the number of e-mails sent."""
    today = today or rules.today()
    by_person: dict[Any, list[Due]] = defaultdict(list)
    for due in due_measures(today, days_before, agency):
        if not _claim(due.row.measure, due.kind, today):
            continue
        for person in recipients(due.row.measure):
            by_person[person].append(due)
    sent = 0
    with translation.override("th"):
        for person, items in by_person.items():
            context = {"person": person, "items": items, "today": today, "days_before": days_before}
            overdue = sum(1 for d in items if d.kind == "overdue")
            subject = (
                f"[Prongsai] มาตรการตามแผนยกระดับ ITA เลยกำหนด {overdue} รายการ"
                if overdue
                else f"[Prongsai] มาตรการตามแผนยกระดับ ITA ใกล้ครบกำหนด {len(items)} รายการ"
            )
            body = render_to_string("plans/email/reminder.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
            sent += 1
    return sent


@task()
def plan_reminders(days_before: int = DEFAULT_DAYS_BEFORE) -> int:
    """The daily job: reminders for every agency's approved plans."""
    return send_reminders(days_before=days_before)
