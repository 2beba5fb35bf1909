"""`prongsai restore FILE`: bring a backup back into an empty database, checksums first."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from prongsai.audit.log import verify_chain
from prongsai.core.management import archive


class Command(BaseCommand):
    help = "Verify FILE's checksums, then load it into an empty (freshly migrated) database and MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="an archive written by `prongsai backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            verified = archive.read_verified(Path(options["file"]))
        except archive.ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        call_command("migrate", interactive=False, verbosity=0)
        present = archive.real_data_present()
        if present:
            listing = ", ".join(f"{label}: {n}" for label, n in sorted(present.items()))
            raise CommandError(
                "The database is not empty, so nothing was restored (a restore never mixes data). "
                f"Rows found: {listing}. Point DATABASE_URL at a new, empty database and run the restore again."
            )
        media_root = Path(settings.MEDIA_ROOT)
        clashes = [
            name
            for name, body in verified.media.items()
            if (media_root / name).exists() and (media_root / name).read_bytes() != body
        ]
        if clashes:
            raise CommandError(
                f"MEDIA_ROOT already holds different files ({', '.join(clashes[:5])}…); use an empty one."
            )
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "prongsai-backup.json"
            fixture.write_bytes(verified.data)
            with transaction.atomic():
                archive.clear_reference_rows()
                call_command("loaddata", str(fixture), verbosity=0)
        for name, body in verified.media.items():
            path = media_root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
        self._check(verified.manifest)

    def _check(self, manifest: dict[str, Any]) -> None:
        now = archive.counts_now()
        wrong = {label: (n, now.get(label, 0)) for label, n in manifest["counts"].items() if now.get(label, 0) != n}
        if wrong:
            raise CommandError(f"Row counts differ after the restore (expected, found): {wrong}")
        broken = verify_chain()
        if broken is not None:
            raise CommandError(f"Restored, but the audit trail is broken at entry {broken.entry_id}: {broken.reason}.")
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows and {len(manifest['sha256']) - 1} files from a backup made "
                f"{manifest['created_at']}; the audit trail verifies."
            )
        )
