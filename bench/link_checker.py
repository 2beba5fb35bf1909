"""Benchmark: the OIT link checker over 500 URLs behind a local server that answers each in 200 ms.

Goal (issue 4): under 10 s. Runs the real checker (fetch, redirects, HTML read for dates and key words) with
the production defaults (prongsai.disclosure.checker.Options), against 127.0.0.1 only.
Usage: .venv/bin/python bench/link_checker.py [--urls 500] [--delay 0.2]
The last line is `urls=… seconds=… per_s=…`.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from prongsai.disclosure.checker import Options, Target, check_urls

PAGE = (
    "<html><head><title>ข่าวประชาสัมพันธ์</title></head><body><h1>ประกาศเทศบาล</h1>"
    "<p>ประกาศ ณ วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๗</p>" + "<p>เนื้อหาข่าวประชาสัมพันธ์ของเทศบาล</p>" * 40 + "</body></html>"
).encode()


def serve(delay: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", type=int, default=500)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    server = serve(args.delay)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    targets = [Target(n, f"{base}/page/{n}", (2568,), ("ประกาศ",)) for n in range(args.urls)]
    options = Options(allow_private=True)  # production defaults otherwise; only the local server is private
    started = time.perf_counter()
    outcomes = check_urls(targets, options)
    seconds = time.perf_counter() - started
    server.shutdown()
    bad = [o for o in outcomes if o.verdict != "ok"]
    if bad:
        print(f"unexpected verdicts: {bad[0].verdict} {bad[0].message}", file=sys.stderr)
    print(f"concurrency={options.concurrency} delay_ms={int(args.delay * 1000)} not_ok={len(bad)}")
    print(f"urls={len(outcomes)} seconds={seconds:.2f} per_s={len(outcomes) / seconds:.1f}")


if __name__ == "__main__":
    main()
