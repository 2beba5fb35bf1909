import datetime as dt

from django.core import mail
from django.core.management import call_command

from prongsai.core import testing
from prongsai.plans.jobs import plan_reminders, send_reminders
from prongsai.plans.models import ReminderLog


def test_it_mails_the_responsible_department_and_the_coordinator_before_the_period_ends(
    published_plan, finance_measure, officer, coordinator, executive
):
    for user in (officer, coordinator, executive):
        user.email = f"{user.username}@example.org"
        user.save()
    # finance_measure ends 31 March 2025: seven days before is 24 March.
    assert send_reminders(today=dt.date(2025, 3, 23), days_before=7) == 0
    sent = send_reminders(today=dt.date(2025, 3, 24), days_before=7)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert sent == 2 and recipients == ["coordinator@example.org", "officer@example.org"]
    assert "มาตรการของกองคลัง" in mail.outbox[0].body and "ใกล้ครบกำหนด" in mail.outbox[0].subject


def test_it_mails_once_a_day_and_again_when_overdue(published_plan, finance_measure, coordinator):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    assert send_reminders(today=dt.date(2025, 4, 1)) == 1
    assert send_reminders(today=dt.date(2025, 4, 1)) == 0  # a second run the same day is silent
    assert "เลยกำหนด" in mail.outbox[0].subject
    assert ReminderLog.objects.filter(kind="overdue").count() >= 1


def test_done_measures_and_draft_plans_get_no_mail(plan, finance_measure, coordinator):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    assert send_reminders(today=dt.date(2025, 4, 1)) == 0  # the plan is a draft
    plan.status = "approved"
    plan.save()
    finance_measure.status = "done"
    finance_measure.save()
    assert send_reminders(today=dt.date(2025, 4, 1)) == 0


def test_the_task_and_the_command_run(published_plan, finance_measure, departments, agency):
    testing.make_member(agency, "officer", departments["finance"], username="fin2", email="fin2@example.org")
    plan_reminders.enqueue()  # immediate backend in tests; today is long after FY2568
    call_command("plan_reminders", "--date", "2025-04-01")
    assert any(m.to == ["fin2@example.org"] for m in mail.outbox)
