"""Fault benchmark: kill -9 a gunicorn worker during a burst of survey submissions; no acknowledged answer may be lost.

Prepares a demo database (SQLite, or DATABASE_URL if set), starts gunicorn with two workers, fills the
demo agency's open satisfaction survey from several threads, sends SIGKILL to one worker a third of the
way through, then counts: every submission answered with the redirect to the thanks page ("acknowledged")
must be in the database ("stored"). Each submission carries a unique marker in its comment to match them.

    .venv/bin/python bench/faults_survey_kill.py [--requests 150] [--threads 8]

Last line: `acknowledged=… stored=… lost=…` (plus the refused/failed counts before it).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


class FormReader(HTMLParser):
    """The survey form's fields: hidden values, and the first offered value of each radio group."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and "i18n" not in (a.get("action") or ""):
            self.in_form = True
        if not self.in_form or tag != "input" or not a.get("name"):
            return
        name, kind = a["name"], (a.get("type") or "text").lower()
        if kind in ("radio", "checkbox"):
            self.fields.setdefault(name, a.get("value") or "on")
        elif kind == "hidden":
            self.fields[name] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdecimal():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def django_shell(env: dict[str, str], code: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "-c", "import django; django.setup()\n" + code],
        env={**env, "DJANGO_SETTINGS_MODULE": "prongsai.settings"},
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=150)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="prongsai-faults-"))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'faults.sqlite3'}"),
        "PRONGSAI_DATA_DIR": str(workdir),
        "RATE_LIMIT_ENABLED": "false",  # the burst comes from one address on purpose
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([str(BIN / "prongsai"), "demo", "--no-serve"], env=env, check=True, capture_output=True, cwd=REPO)
    tokens = django_shell(
        env,
        "from prongsai.surveys.models import Campaign\n"
        "print(' '.join(c.token for c in Campaign.objects.filter(open_link=True) if c.state() == 'open'))",
    ).split()
    count_code = (
        "from prongsai.surveys.models import Response\n"
        "print('\\n'.join(Response.objects.filter(comment__startswith='bench-').values_list('comment', flat=True)))"
    )

    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "prongsai.wsgi:application",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "5",
        ],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                if request(port, "GET", "/health/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        for token in tokens:  # an open survey whose form has a comment box (the marker goes there)
            _status, headers, page = request(port, "GET", f"/s/{token}/")
            reader = FormReader()
            reader.feed(page.decode("utf-8"))
            if b'name="comment"' in page:
                break
        else:
            raise SystemExit("no open survey with a comment field in the demo data")
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
        csrf = cookie.group(1) if cookie else ""
        fields = {k: v for k, v in reader.fields.items() if k != "website"}  # never fill the honeypot

        acknowledged: set[str] = set()
        outcomes: dict[str, int] = {"refused": 0, "failed": 0}
        lock = threading.Lock()
        kill_at = args.requests // 3
        sent = 0

        def submit(n: int) -> None:
            nonlocal sent
            marker = f"bench-{uuid.uuid4().hex}"
            body = urlencode({**fields, "comment": marker, "csrfmiddlewaretoken": csrf})
            with lock:
                sent += 1
                if sent == kill_at:
                    workers = children(server.pid)
                    if workers:
                        os.kill(workers[0], signal.SIGKILL)
            try:
                status, headers, _ = request(
                    port,
                    "POST",
                    f"/s/{token}/",
                    body,
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"csrftoken={csrf}",
                        "Referer": f"http://127.0.0.1:{port}/s/{token}/",
                    },
                )
            except (OSError, http.client.HTTPException):
                with lock:
                    outcomes["failed"] += 1
                return
            with lock:
                if status in (302, 303) and "/thanks/" in headers.get("Location", ""):
                    acknowledged.add(marker)
                else:
                    outcomes["refused"] += 1
                    outcomes[f"status_{status}"] = outcomes.get(f"status_{status}", 0) + 1

        with ThreadPoolExecutor(args.threads) as pool:
            list(pool.map(submit, range(args.requests)))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    stored_markers = set(django_shell(env, count_code).split())
    stored = len(acknowledged & stored_markers)
    lost = len(acknowledged - stored_markers)
    details = " ".join(f"{k}={v}" for k, v in sorted(outcomes.items()) if k.startswith("status_"))
    print(f"sent={args.requests} refused={outcomes['refused']} ({details}) connection_failed={outcomes['failed']}")
    print(f"acknowledged={len(acknowledged)} stored={stored} lost={lost}")


if __name__ == "__main__":
    main()
