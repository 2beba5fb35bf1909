"""`prongsai demo`: migrate, load criteria and the demo agency, then serve with a job worker beside it."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from prongsai.core import demo


class Command(BaseCommand):
    help = "Prepare a demo database (migrate, criteria, demo agency) and serve it at http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="only prepare the database, then exit")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on")
        parser.add_argument("--no-worker", action="store_true", help="do not start the background-job worker")

    def handle(self, *args: Any, **options: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
        call_command("migrate", interactive=False, verbosity=0)
        agency = demo.load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo agency ready: {agency.name_th} ({agency.slug})"))
        self._print_logins()
        if options["no_serve"]:
            return
        worker = None
        if not options["no_worker"]:
            # Jobs (link checks, documents, reminders) run in this worker, beside the web server.
            worker = subprocess.Popen([sys.executable, "-m", "prongsai", "db_worker", "--interval", "1"])
        try:
            self.stdout.write(f"Prongsai is at http://{options['addr']}/  (Ctrl+C stops it)")
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()

    def _print_logins(self) -> None:
        self.stdout.write("Demo logins (username / password):")
        for username, password, what in demo.logins():
            self.stdout.write(f"  {username:<12} {password:<15} {what}")
