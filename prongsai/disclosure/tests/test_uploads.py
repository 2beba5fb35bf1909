"""prongsai/lib/uploads.py: files are judged by their content, never by their name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from prongsai.lib.uploads import safe_storage_name, serve_file, sniff, validate_upload

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def office(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", PDF, "pdf"),
        ("a.png", PNG, "png"),
        ("a.docx", office("docx"), "docx"),
        ("a.xlsx", office("xlsx"), "xlsx"),
    ],
)
def test_it_accepts_allowed_types_by_content(name, data, kind):
    assert validate_upload(upload(name, data), max_bytes=10_000) == kind


def test_it_sniffs_the_content_whatever_the_name_says():
    assert validate_upload(upload("report.docx", PDF, "application/msword"), max_bytes=10_000) == "pdf"


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("a.pdf", b""), max_bytes=10_000)
    assert error.value.code == "empty"
    assert "ว่างเปล่า" in error.value.messages[0] and "empty" in error.value.messages[0]


def test_it_refuses_a_file_that_is_too_large():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("a.pdf", PDF + b"x" * 2000), max_bytes=1024)
    assert error.value.code == "too_large"
    assert "MB" in error.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00",
        b"\x7fELF\x02\x01\x01",
        b"#!/bin/sh\nrm -rf /",
    ],
    ids=["html", "windows-exe", "elf", "script"],
)
def test_it_refuses_a_disguised_file(data):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("annual-report.pdf", data), max_bytes=10_000)
    assert error.value.code == "wrong_type"
    assert "annual-report.pdf" in error.value.messages[0]


def test_it_refuses_a_type_that_is_not_allowed_here():
    with pytest.raises(ValidationError):
        validate_upload(upload("a.png", PNG, "image/png"), allowed={"pdf"}, max_bytes=10_000)


def test_it_refuses_a_zip_that_is_not_an_office_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("evil.html", "<script></script>")
    assert sniff(io.BytesIO(buffer.getvalue())) is None


def test_it_names_stored_files_randomly_without_user_paths():
    name = safe_storage_name("../../etc/passwd.PDF", "pdf")
    assert "/" not in name and ".." not in name and name.endswith(".pdf") and len(name) == 36
    assert safe_storage_name("x.exe").endswith(".bin")
    assert safe_storage_name("a.pdf") != safe_storage_name("a.pdf")


def test_it_serves_pdf_inline_and_other_files_as_attachments_with_safe_headers(tmp_path):
    pdf_path = tmp_path / "f.pdf"
    pdf_path.write_bytes(PDF)
    response = serve_file(pdf_path, download_name="รายงาน.pdf", content_type="application/pdf")
    assert response["Content-Disposition"].startswith("inline;")
    assert "filename*=UTF-8''%E0%B8%A3" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    docx_path = tmp_path / "f.docx"
    docx_path.write_bytes(office("docx"))
    response = serve_file(
        docx_path,
        download_name="a.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert response["Content-Disposition"].startswith("attachment;")
    html_path = tmp_path / "f.html"
    html_path.write_bytes(b"<script></script>")
    assert serve_file(html_path, download_name="x.html", content_type="text/html")["Content-Disposition"].startswith(
        "attachment"
    )
