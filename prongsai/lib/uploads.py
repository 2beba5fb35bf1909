"""Upload validation and safe serving of stored files, shared by every app that accepts files.

We sniff the type from the content (magic bytes; for DOCX/XLSX the ZIP's member names), never from the name or
the browser's content type: a renamed HTML page or program must not be stored as a "PDF" and later served to a
citizen's browser. Files are stored under a random name and always served with headers that stop the browser
from sniffing or running them.
"""

from __future__ import annotations

import io
import mimetypes
import secrets
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

DEFAULT_ALLOWED: frozenset[str] = frozenset({"pdf", "docx", "xlsx", "png", "jpg"})

CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "csv": "text/csv",
    "txt": "text/plain",
}
LABELS = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "png": "PNG", "jpg": "JPEG", "gif": "GIF"}
# Types a browser may show inline safely; everything else is a download.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}
# Nothing the file links to may load, and no script may run, even if a file slipped through.
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'"

_HEAD_BYTES = 2048
_MAX_ZIP_MEMBERS = 5000


def _read_head(file: Any, n: int = _HEAD_BYTES) -> bytes:
    file.seek(0)
    head = file.read(n)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _size_of(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def _zip_kind(file: IO[bytes]) -> str | None:
    """'docx' or 'xlsx' from the members of an Office Open XML package; None for any other ZIP."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if len(names) > _MAX_ZIP_MEMBERS or "[Content_Types].xml" not in names:
                return None
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            return None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)


def sniff(file: Any) -> str | None:
    """The file's real type ('pdf', 'docx', 'xlsx', 'png', 'jpg', 'gif', 'webp') or None when unknown."""
    head = _read_head(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    return None


def _describe(kinds: Iterable[str]) -> str:
    return ", ".join(LABELS.get(kind, kind.upper()) for kind in sorted(kinds))


def validate_upload(file: Any, *, allowed: set[str] | frozenset[str] = DEFAULT_ALLOWED, max_bytes: int) -> str:
    """Check an uploaded file and return its sniffed type, or raise ValidationError (Thai / English message).

    Refuses empty files, files over `max_bytes`, and files whose content is not one of `allowed` whatever
    their name says (an HTML page or a program renamed ".pdf" is refused).
    """
    name = getattr(file, "name", "") or ""
    size = _size_of(file)
    if size == 0:
        raise ValidationError(
            "ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ที่มีเนื้อหา / The file is empty.",
            code="empty",
        )
    if size > max_bytes:
        limit_mb = max_bytes / (1024 * 1024)
        raise ValidationError(
            "ไฟล์มีขนาดใหญ่เกิน %(limit).1f MB / The file is larger than %(limit).1f MB.",
            code="too_large",
            params={"limit": limit_mb},
        )
    kind = sniff(file)
    if kind is None or kind not in allowed:
        raise ValidationError(
            "ไฟล์ “%(name)s” ไม่ใช่ชนิดที่อนุญาต (ตรวจจากเนื้อหาไฟล์) อนุญาตเฉพาะ %(allowed)s / "
            "“%(name)s” is not an allowed file type (checked by content); allowed: %(allowed)s.",
            code="wrong_type",
            params={"name": Path(name).name or "-", "allowed": _describe(allowed)},
        )
    return kind


def safe_storage_name(original_name: str, kind: str | None = None) -> str:
    """A random file name that keeps only a known extension: no user-chosen path or characters reach disk."""
    extension = kind or Path(original_name or "").suffix.lower().lstrip(".")
    if extension == "jpeg":
        extension = "jpg"
    if extension not in CONTENT_TYPES:
        extension = "bin"
    return f"{secrets.token_hex(16)}.{extension}"


def content_disposition(disposition: str, download_name: str) -> str:
    """RFC 6266 header with an ASCII fallback and the UTF-8 (Thai) name."""
    fallback = download_name.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "").strip()
    fallback = fallback or "file" + (Path(download_name).suffix if Path(download_name).suffix.isascii() else "")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(download_name, safe='')}"


def serve_file(path_or_field: Any, *, download_name: str, content_type: str | None = None) -> FileResponse:
    """Send a stored file safely: inline only for PDF and images, otherwise as an attachment, never sniffed.

    `path_or_field` is a filesystem path or a Django FieldFile.
    """
    if hasattr(path_or_field, "open") and hasattr(path_or_field, "storage"):
        if not path_or_field or not path_or_field.storage.exists(path_or_field.name):
            raise Http404("file missing")
        handle = path_or_field.open("rb")
    else:
        path = Path(path_or_field)
        if not path.is_file():
            raise Http404("file missing")
        handle = path.open("rb")
    if not content_type:
        content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(disposition, download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
