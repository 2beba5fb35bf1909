"""`prongsai backup FILE`: the database and the uploaded files in one checksummed archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from prongsai.core.management import archive


class Command(BaseCommand):
    help = "Write the whole database (as JSON) and MEDIA_ROOT into FILE (.tar.gz) with a manifest and SHA-256 sums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write the archive, e.g. prongsai-2568-10-01.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["file"])
        target.parent.mkdir(parents=True, exist_ok=True)
        manifest = archive.write(target)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {target}: {rows} rows, {manifest['media_files']} uploaded files.")
        )
