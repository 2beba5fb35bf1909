"""`prongsai complaint_reminders`: e-mail handlers about complaints that are overdue or due soon (run daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.agencies.models import Agency
from prongsai.complaints.jobs import complaint_reminders, send_reminders


class Command(BaseCommand):
    help = "Send the daily deadline reminders for complaints (schedule with cron, e.g. 07:00 every day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="only this agency (slug)")
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD), for catching up")
        parser.add_argument("--enqueue", action="store_true", help="hand the run to the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            if options["agency"] or options["date"]:
                raise CommandError("--enqueue runs for every agency and today; drop --agency/--date", returncode=2)
            result = complaint_reminders.enqueue()
            self.stdout.write(f"queued as job {result.id}")
            return
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(slug=options["agency"]).first()
            if agency is None:
                raise CommandError(f"no agency with slug {options['agency']!r}", returncode=2)
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date takes YYYY-MM-DD, not {options['date']!r}", returncode=2) from exc
        sent = send_reminders(today=today, agency=agency)
        self.stdout.write(f"sent {sent} reminder mail(s)")
