from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.criteria import framework
from prongsai.criteria.loader import load_file


class Command(BaseCommand):
    help = "Load criteria files (YAML/JSON) or shipped versions by code; loading the same file again changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="criteria files or shipped codes (default: every shipped version)")

    def handle(self, *args: Any, **options: Any) -> None:
        targets = options["files"] or framework.shipped_codes()
        for target in targets:
            try:
                version, created = load_file(framework.find(target))
            except framework.CriteriaError as exc:
                problems = "\n  ".join(exc.problems)
                raise CommandError(f"{exc.source} was not loaded:\n  {problems}", returncode=2) from exc
            state = "loaded" if created else "already loaded, unchanged"
            self.stdout.write(f"{version.code}: {state} ({len(version.framework.oit_items)} OIT items)")
