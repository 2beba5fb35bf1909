"""Backup archives: the whole database as JSON plus the uploaded files, with a manifest and SHA-256 checksums.

Layout of the tar.gz:
    manifest.json   format, versions, created_at, counts per model, sha256 of every other member
    data.json       every model's rows in dependency order (Django's serialisation, natural keys for
                    content types and permissions, which `migrate` recreates in the new database)
    media/…         the files under MEDIA_ROOT

Works on SQLite and PostgreSQL alike because it goes through the ORM. Datetimes keep their microseconds
(Django's own JSON encoder drops them), so the audit chain's hashes still verify after a restore.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import json
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = "prongsai-backup"
FORMAT_VERSION = 1
DATA = "data.json"
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"

# Rebuilt by `migrate` (content types, permissions) or short-lived (sessions, sign-in throttling).
SKIPPED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


class ArchiveError(Exception):
    """The archive cannot be written or restored; the message says why and what to do."""


def _label(model: type[Model]) -> str:
    return model._meta.label_lower


def models_in_order() -> list[type[Model]]:
    """Every stored model, parents before the rows that point to them."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [m for m in ordered if m._meta.managed and not m._meta.proxy and _label(m) not in SKIPPED]


class _Encoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, (dt.datetime, dt.date, dt.time)):
            return o.isoformat()  # full precision, unlike DjangoJSONEncoder
        if isinstance(o, dt.timedelta):
            return duration_iso_string(o)
        if isinstance(o, (decimal.Decimal, uuid.UUID)):
            return str(o)
        if isinstance(o, (bytes, memoryview)):
            import base64

            return base64.b64encode(bytes(o)).decode("ascii")
        return super().default(o)


def dump_rows() -> tuple[bytes, dict[str, int]]:
    rows: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for model in models_in_order():
        queryset = model._default_manager.order_by(model._meta.pk.name)
        objects = serializers.serialize("python", queryset.iterator(chunk_size=2000), use_natural_foreign_keys=True)
        counts[_label(model)] = len(objects)
        rows.extend(objects)
    return json.dumps(rows, cls=_Encoder, ensure_ascii=False).encode("utf-8"), counts


def media_files() -> Iterator[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield MEDIA_PREFIX + path.relative_to(root).as_posix(), path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(target: Path) -> dict[str, Any]:
    data, counts = dump_rows()
    checksums = {DATA: sha256(data)}
    files = list(media_files())
    for name, path in files:
        checksums[name] = _file_sha256(path)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "prongsai_version": _prongsai_version(),
        "django_version": django.get_version(),
        "database_vendor": connection.vendor,
        "counts": counts,
        "media_files": len(files),
        "sha256": checksums,
    }
    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        _add_bytes(tar, DATA, data)
        for name, path in files:
            tar.add(path, arcname=name, recursive=False)
    partial.replace(target)  # a crash mid-write never leaves a truncated archive under the real name
    return manifest


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o640
    tar.addfile(info, io.BytesIO(data))


def _prongsai_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("prongsai")
    except PackageNotFoundError:
        return "unknown"


# ---------------------------------------------------------------- restore


@dataclass(frozen=True)
class VerifiedArchive:
    manifest: dict[str, Any]
    data: bytes
    media: dict[str, bytes]  # relative path under MEDIA_ROOT → bytes


def read_verified(source: Path) -> VerifiedArchive:
    """Every member present, nothing extra, every checksum right; otherwise ArchiveError before any change."""
    try:
        tar = tarfile.open(source, "r:gz")  # noqa: SIM115 — closed by the `with tar:` below
    except (OSError, tarfile.TarError) as exc:
        raise ArchiveError(f"{source} is not a readable backup archive ({exc})") from exc
    with tar:
        members = {m.name: m for m in tar.getmembers()}
        if MANIFEST not in members:
            raise ArchiveError(f"{source} has no {MANIFEST}; it was not made by `prongsai backup`")
        manifest = json.loads(_read(tar, members[MANIFEST]))
        if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
            raise ArchiveError(f"{source} is not a Prongsai backup of format version {FORMAT_VERSION}")
        expected: dict[str, str] = manifest["sha256"]
        extra = set(members) - set(expected) - {MANIFEST}
        missing = set(expected) - set(members)
        if extra or missing:
            raise ArchiveError(
                f"archive members differ from the manifest (missing: {sorted(missing)}, extra: {sorted(extra)})"
            )
        contents: dict[str, bytes] = {}
        for name, checksum in expected.items():
            _check_name(name)
            member = members[name]
            if not member.isfile():
                raise ArchiveError(f"{name} in the archive is not a regular file")
            content = _read(tar, member)
            if sha256(content) != checksum:
                raise ArchiveError(f"checksum mismatch for {name}: the archive is damaged or was changed")
            contents[name] = content
    media = {name[len(MEDIA_PREFIX) :]: body for name, body in contents.items() if name.startswith(MEDIA_PREFIX)}
    return VerifiedArchive(manifest, contents[DATA], media)


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    if handle is None:
        raise ArchiveError(f"{member.name} cannot be read from the archive")
    return handle.read()


def _check_name(name: str) -> None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or (name != DATA and not name.startswith(MEDIA_PREFIX)):
        raise ArchiveError(f"refusing the archive member {name!r}: it would write outside the data folders")


# Rows in these mean somebody's real data; anything else a fresh database holds came from migrations or
# loaders (e.g. suggested measures, criteria versions) and is replaced by the archive's own copy.
REAL_DATA = ("auth.user", "agencies.agency", "audit.auditentry")


def real_data_present() -> dict[str, int]:
    found = {}
    for label in REAL_DATA:
        count = apps.get_model(label)._default_manager.count()
        if count:
            found[label] = count
    return found


def clear_reference_rows() -> None:
    """Empty the tables migrations seeded, children first, so the archive's rows are the only ones."""
    for model in reversed(models_in_order()):
        model._base_manager.all().delete()


def counts_now() -> dict[str, int]:
    return {_label(m): m._default_manager.count() for m in models_in_order()}
