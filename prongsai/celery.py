"""Celery for large deployments: the same Django tasks, run by Celery workers over Redis, and beat schedules.

Small sites need none of this: tasks go to the database queue (`prongsai db_worker`). With
TASKS_BACKEND=prongsai.core.celery_backend.CeleryBackend, `task.enqueue()` sends the task's import path
here and a Celery worker runs it. Start a worker with `celery -A prongsai worker` and the schedule with
`celery -A prongsai beat` (docs/deployment.md).
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")

app = Celery("prongsai")
# Every CELERY_* setting in settings.py (broker URL from the environment) configures the app.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_acks_late=True,  # a job whose worker dies mid-way is delivered again, not lost
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_serializer="json",
    accept_content=["json"],
    timezone="Asia/Bangkok",
    broker_connection_retry_on_startup=True,
)

# Periodic jobs, by management-command name (the apps own the commands; absent ones are skipped).
SCHEDULE: dict[str, tuple[str, list[str], Any]] = {
    "plan-reminders": ("plan_reminders", [], crontab(hour=7, minute=0)),
    "oit-link-check": ("oit", ["check", "--all"], crontab(hour=2, minute=30)),
    "complaint-reminders": ("complaint_reminders", [], crontab(hour=7, minute=10)),
    "asset-reminders": ("asset_reminders", [], crontab(hour=7, minute=20)),
}
app.conf.beat_schedule = {
    name: {"task": "prongsai.run_command", "schedule": when, "args": [command, *args]}
    for name, (command, args, when) in SCHEDULE.items()
}


@app.task(name="prongsai.run_django_task")
def run_django_task(module_path: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Run a django_tasks task by its import path, exactly as the database worker would."""
    from django.utils.module_loading import import_string

    task = import_string(module_path)
    return task.call(*args, **kwargs)


@app.task(name="prongsai.run_command")
def run_command(name: str, *args: str) -> str:
    """A scheduled management command; skipped (not failed) when its app is not installed."""
    from django.core.management import call_command, get_commands

    if name not in get_commands():
        return f"skipped: no command {name!r}"
    call_command(name, *args)
    return f"ran {name}"
