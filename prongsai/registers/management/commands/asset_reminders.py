"""`prongsai asset_reminders [--agency SLUG] [--queue]`: remind borrowers of overdue state property."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prongsai.agencies.models import Agency
from prongsai.registers.jobs import asset_reminders_task, send_overdue_reminders


class Command(BaseCommand):
    help = "Mail borrowers (and the responsible officers) about loans of state property that are overdue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--agency", help="only this agency (slug)")
        parser.add_argument("--queue", action="store_true", help="queue the job for the worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            result = asset_reminders_task.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(slug=options["agency"]).first()
            if agency is None:
                raise CommandError(f"no agency {options['agency']!r}")
        sent = send_overdue_reminders(agency)
        self.stdout.write(f"reminded={sent}")
