from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.agencies.models import Agency
from prongsai.assessments import actions
from prongsai.assessments.results_file import parse_results, read_table


class Command(BaseCommand):
    help = "Import past ITA results (CSV/XLSX, one row per fiscal year) for an agency: all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--agency", required=True, help="agency slug")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency with slug {options['agency']!r}", returncode=2)
        path = Path(options["file"])
        try:
            parsed = parse_results(read_table(path.name, path.read_bytes()))
            if parsed.errors:
                raise actions.ImportRefused(parsed.errors)
            saved = actions.import_results(agency, parsed.rows, None)
        except (OSError, ValueError) as exc:
            errors = getattr(exc, "errors", [str(exc)])
            raise CommandError(f"{path}: nothing was imported.\n  " + "\n  ".join(errors), returncode=2) from exc
        self.stdout.write(f"imported {len(saved)} result(s) into {agency.slug}")
