"""`prongsai document KIND --agency SLUG --year BE --format FMT --output FILE`: any download, from the shell."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from prongsai.agencies.models import Agency
from prongsai.documents.registry import KINDS, DocumentError, DocumentRequest, render


class Command(BaseCommand):
    help = "Make a document or export that the web UI offers for download. --list names the kinds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", nargs="?", help="document kind, e.g. results")
        parser.add_argument("--list", action="store_true", help="list the kinds and their formats")
        parser.add_argument("--agency", help="agency slug, e.g. khuekkhak")
        parser.add_argument("--year", type=int, help="fiscal year (B.E.), e.g. 2568")
        parser.add_argument("--format", dest="fmt", choices=["docx", "pdf", "xlsx", "csv"])
        parser.add_argument("--output", help="file to write (- for standard output)")
        parser.add_argument("--language", default="th", choices=["th", "en"])
        parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="kind-specific option")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"] or not options["kind"]:
            self._list()
            return
        missing = [flag for flag in ("agency", "fmt", "output") if not options[flag]]
        if missing:
            names = ", ".join("--format" if m == "fmt" else f"--{m}" for m in missing)
            raise CommandError(f"missing {names}", returncode=2)
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency with slug {options['agency']!r}", returncode=2)
        extra = dict(_split_option(o) for o in options["option"])
        with translation.override(options["language"]):
            try:
                document = render(
                    options["kind"],
                    DocumentRequest(agency, options["year"], options["fmt"], extra, options["language"]),
                )
            except DocumentError as exc:
                raise CommandError(str(exc), returncode=2) from exc
        if options["output"] == "-":
            sys.stdout.buffer.write(document.content)
            return
        Path(options["output"]).write_bytes(document.content)
        self.stderr.write(f"wrote {options['output']} ({len(document.content)} bytes)")

    def _list(self) -> None:
        for name in sorted(KINDS):
            kind = KINDS[name]
            year = "--year required" if kind.needs_year else "--year optional"
            self.stdout.write(f"{name:<22} {'|'.join(kind.formats):<16} {year:<16} {kind.title}")


def _split_option(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise CommandError(f"--option takes KEY=VALUE, not {text!r}", returncode=2)
    return key, value
