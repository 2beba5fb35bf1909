"""`prongsai backup` / `prongsai restore`: a round trip loses nothing (rows, files, the audit chain)."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from prongsai.audit.log import record, verify_chain
from prongsai.core import demo
from prongsai.core.management import archive


def _samples() -> dict[str, list]:
    """The first and last three rows of every model, serialised with natural keys (ids included)."""
    found = {}
    for model in archive.models_in_order():
        rows = list(model._default_manager.order_by("pk")[:3]) + list(model._default_manager.order_by("-pk")[:3])
        found[model._meta.label_lower] = serializers.serialize("python", rows, use_natural_foreign_keys=True)
    return found


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = settings.MEDIA_ROOT / "evidence" / "2568"
    folder.mkdir(parents=True)
    (folder / "คำสั่งแต่งตั้ง.pdf").write_bytes(b"%PDF-1.7 " + bytes(range(256)) * 40)
    (settings.MEDIA_ROOT / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_it_restores_everything_a_backup_holds(media, tmp_path):
    agency = demo.load_demo()
    record(None, "backup.tested", agency, agency=agency, after={"note": "ทดสอบ", "when": "2568-10-01"})
    counts, samples = archive.counts_now(), _samples()
    files = {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    target = tmp_path / "backup.tar.gz"

    call_command("backup", str(target))
    with tarfile.open(target) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["agencies.agency"] >= 1 and manifest["media_files"] == len(files) >= 2
    assert set(manifest["sha256"]) == {"data.json", *(f"media/{p.as_posix()}" for p in files)}

    call_command("flush", interactive=False, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    call_command("restore", str(target))

    assert archive.counts_now() == counts
    assert _samples() == samples
    assert {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()} == files
    assert verify_chain() is None


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_into_a_database_that_has_data(agency, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    target = tmp_path / "b.tar.gz"
    call_command("backup", str(target))
    with pytest.raises(CommandError, match=r"not empty.*agencies\.agency: 1"):
        call_command("restore", str(target))


def test_it_refuses_a_damaged_or_foreign_archive(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    good = tmp_path / "good.tar.gz"
    call_command("backup", str(good))
    with tarfile.open(good) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for name, body in members.items():
            body = body[:-1] + b" ]" if name == "data.json" else body
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    with pytest.raises(CommandError, match=r"checksum mismatch for data\.json"):
        call_command("restore", str(damaged))
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/passwd")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("restore", str(foreign))
