"""`prongsai plan_reminders [--loop]`: reminder e-mails about plan measures that end soon or are late."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.agencies.models import Agency
from prongsai.plans.jobs import DEFAULT_DAYS_BEFORE, plan_reminders, send_reminders


class Command(BaseCommand):
    help = "Send the plan-measure reminders now, or queue them for the worker; --loop repeats (a day apart by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS_BEFORE, help="remind this many days before a period ends"
        )
        parser.add_argument("--agency", help="only this agency (slug); runs here, not in the worker")
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD); runs here")
        parser.add_argument("--enqueue", action="store_true", help="hand the run to the background worker")
        parser.add_argument("--loop", action="store_true", help="keep running, once every --interval seconds")
        parser.add_argument("--interval", type=int, default=86400, help="seconds between runs with --loop")

    def handle(self, *args: Any, **options: Any) -> None:
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
        if options["enqueue"] and (agency or today):
            raise CommandError("--enqueue runs for every agency and today; drop --agency/--date", returncode=2)
        while True:
            if options["enqueue"]:
                result = plan_reminders.enqueue(days_before=options["days"])
                self.stdout.write(f"queued as job {result.id}")
            else:
                sent = send_reminders(today=today, days_before=options["days"], agency=agency)
                self.stdout.write(f"sent {sent} reminder mail(s)")
            if not options["loop"]:
                return
            time.sleep(max(options["interval"], 1))
