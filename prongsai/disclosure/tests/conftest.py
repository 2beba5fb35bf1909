"""Fixtures of the OIT tests: the year's items, evidence in each state, a local HTTP server for the checker."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from prongsai.disclosure import actions
from prongsai.disclosure.models import OitItemWork

EDITOR = {"is_editor": True, "is_approver": False}
APPROVER = {"is_editor": False, "is_approver": True}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://prongsai.example"


@pytest.fixture
def oit(assessment, departments, coordinator):
    """The FY2568 items, assigned by the criteria's default departments."""
    return actions.ensure_items(assessment, coordinator)


def work(assessment, code: str) -> OitItemWork:
    return OitItemWork.objects.select_related("assessment__agency", "department").get(assessment=assessment, code=code)


def publish(assessment, code: str, actor, *, url: str = "https://www.example.org/doc", met: bool = True) -> OitItemWork:
    """Take an item all the way to published, with one URL evidence and its components ticked."""
    item = work(assessment, code)
    evidence = actions.add_url(
        item, actor, url=url, title=f"หลักฐาน {code}", evidence_date=dt.date(2024, 11, 1), fiscal_year=None
    )
    definition = assessment.criteria.framework.oit_item(code)
    codes = [c.code for c in definition.components] or [code]
    actions.set_components(item, actor, dict.fromkeys(codes, (met, evidence.pk, "")))
    actions.transition(item, "submit", actor, **EDITOR)
    actions.transition(item, "approve", actor, snapshot_urls=False, **APPROVER)
    actions.transition(item, "publish", actor, **APPROVER)
    return item


# --------------------------------------------------------------------------------------------------------------
# A local HTTP server (127.0.0.1, random port) with the cases the checker must recognise.

CURRENT_HTML = "<html><body><h1>ประกาศ No Gift Policy</h1><p>ประกาศ ณ วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๗</p></body></html>"
STALE_HTML = "<html><body><h1>ประกาศ No Gift Policy</h1><p>ประกาศ ณ วันที่ 3 มี.ค. 2565</p></body></html>"


def make_pdf(text_lines: list[str]) -> bytes:
    from prongsai.documents.pdf import render_pdf

    body = "".join(f"<p>{line}</p>" for line in text_lines)
    return render_pdf(f'<html lang="th"><head><meta charset="utf-8"></head><body>{body}</body></html>')


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, Any] = {}
    delay = 0.0

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        route = self.routes.get(self.path.split("?")[0])
        if self.delay:
            time.sleep(self.delay)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"not found")
            return
        kind = route[0]
        if kind == "redirect":
            self.send_response(302)
            self.send_header("Location", route[1])
            self.end_headers()
            return
        if kind == "slow":
            time.sleep(route[1])
        status, content_type, body = route[-3:]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@pytest.fixture(scope="session")
def pdf_current() -> bytes:
    return make_pdf(["รายงานผลการดำเนินงาน", "ลงวันที่ 20 ธันวาคม 2567", "ป้องกันการทุจริต"])


@pytest.fixture
def http_server(pdf_current):
    routes = {
        "/current": ("ok", 200, "text/html; charset=utf-8", CURRENT_HTML.encode()),
        "/stale": ("ok", 200, "text/html; charset=utf-8", STALE_HTML.encode()),
        "/loop-a": ("redirect", "/loop-b"),
        "/loop-b": ("redirect", "/loop-a"),
        "/hop": ("redirect", "/current"),
        "/slow": ("slow", 3.0, 200, "text/html", b"<p>late</p>"),
        "/report.pdf": ("ok", 200, "text/html; charset=utf-8", b"<html><body>Please log in</body></html>"),
        "/program": ("ok", 200, "application/x-msdownload", b"MZ\x90\x00"),
        "/real.pdf": ("ok", 200, "application/pdf", pdf_current),
    }
    handler = type("TestHandler", (Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
