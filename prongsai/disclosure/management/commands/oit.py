"""`prongsai oit check --agency SLUG --year BE` (or `--all`): the OIT link and freshness check, from the shell.

Made for cron / systemd timers: it prints a summary per agency and exits 0 whenever the check ran, whatever
it found (broken links are findings, not failures); it exits 2 on wrong arguments.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment
from prongsai.disclosure import jobs
from prongsai.disclosure.models import CheckRun, Evidence


class Command(BaseCommand):
    help = "OIT tools. `check`: check every evidence link of a year (status, redirects, type, size, dates, key words)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("check", help="run the link and freshness check now and print a summary")
        check.add_argument("--agency", help="agency slug, e.g. khuekkhak")
        check.add_argument("--year", type=int, help="fiscal year (B.E.), e.g. 2568; default: the agency's latest")
        check.add_argument("--all", action="store_true", help="every agency's latest year that has evidence")
        check.add_argument("--verbose-results", action="store_true", help="list every problem, not only counts")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "check":
            self._check(options)

    def _targets(self, options: dict[str, Any]) -> list[Assessment]:
        if options["all"]:
            if options["agency"] or options["year"]:
                raise CommandError(
                    "--all checks every agency's latest year; do not combine it with --agency/--year", returncode=2
                )
            latest = []
            for each in Agency.objects.order_by("slug"):
                assessment = Assessment.objects.filter(agency=each).order_by("-fiscal_year").first()
                if assessment and Evidence.objects.filter(item__assessment=assessment).exists():
                    latest.append(assessment)
            return latest
        if not options["agency"]:
            raise CommandError("give --agency SLUG (and --year BE), or --all", returncode=2)
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency with slug {options['agency']!r}", returncode=2)
        qs = Assessment.objects.filter(agency=agency).order_by("-fiscal_year")
        assessment = qs.filter(fiscal_year=options["year"]).first() if options["year"] else qs.first()
        if assessment is None:
            raise CommandError(f"{agency.slug} has no assessment for fiscal year {options['year']}", returncode=2)
        return [assessment]

    def _check(self, options: dict[str, Any]) -> None:
        targets = self._targets(options)
        if not targets:
            self.stdout.write("no agency has OIT evidence to check")
            return
        for assessment in targets:
            run = CheckRun.objects.create(assessment=assessment, trigger="schedule")
            run = jobs.execute_run(run.pk)
            self.stdout.write(
                f"{assessment.agency.slug} {assessment.fiscal_year}: checked={run.total} ok={run.ok_count} "
                f"warnings={run.warning_count} errors={run.error_count} run={run.pk}"
            )
            if options["verbose_results"]:
                for result in run.results.exclude(severity="ok").select_related("item"):
                    self.stdout.write(
                        f"  {result.item.code} {result.verdict}: {result.url or result.evidence_id} {result.message}"
                    )
