"""Benchmark: sustained survey submissions per second and p99 latency of the real respondent endpoint (issue 7).

What it does, end to end, on this machine:
1. creates a fresh PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/prongsai_bench),
   migrates it and creates an agency, its FY2568 assessment and an open EIT pulse survey (OIT confirmed);
2. starts gunicorn as deployed (deploy/gunicorn.conf.py: sync workers, 2 × CPUs + 1 of them) with the product's
   settings plus a bench-only URLconf that adds a bare view (validate the same form, insert one row: Django's
   floor), using the cache given by --cache;
3. drives POST /s/<token>/ with `wrk` (installed with apt if missing) for --seconds: every request carries a
   fresh per-browser marker and random answers, like distinct respondents; then the bare view the same way;
   after a warm-up, --rounds alternate the two, and each figure is the median over the rounds (this machine's
   speed drifts by tens of percent from minute to minute; alternating exposes both endpoints to it alike);
   the machine's CPU time per request (all processes) is printed too;
4. checks that the database holds exactly as many answers as were acknowledged, then drops the database.

Usage: .venv/bin/python bench/survey_submit.py --seconds 20 [--rounds 3 --workers 5 --threads 1 --connections 24]
The last line is `submissions_per_s=… p99_ms=… bare_per_s=… errors=…`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/prongsai_bench"

LUA = r"""
-- One respondent per request: a fresh browser marker and random answers (no burst of identical sheets).
local token, cookie = "%(csrf)s", "%(cookie)s"
local keys = { %(keys)s }
local sizes = { %(sizes)s }
local chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local function marker()
  local t = {}
  for i = 1, 22 do local n = math.random(1, #chars); t[i] = chars:sub(n, n) end
  return table.concat(t)
end
request = function()
  local body = { "csrfmiddlewaretoken=" .. token }
  for i, key in ipairs(keys) do body[#body + 1] = key .. "=" .. math.random(1, sizes[i]) end
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = "csrftoken=" .. cookie .. "; sv_b=" .. marker()
  headers["Referer"] = "http://127.0.0.1:%(port)d/"
  return wrk.format("POST", "%(path)s", headers, table.concat(body, "&"))
end
"""


def _run(cmd: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, cwd=REPO, **kwargs)


def _database(url: str, action: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SETUP = r"""
import datetime as dt, django
django.setup()
from django.db import connection
from django.utils import timezone
from prongsai.core import testing
from prongsai.surveys import actions
agency = testing.make_agency(slug="bench", name_th="เทศบาลตำบลทดสอบความเร็ว", itas_code="bench")
assessment = testing.make_assessment(agency, 2568)
today = timezone.localdate()
campaign = actions.create_campaign(assessment, None, instrument="EIT", title="EIT pulse (bench)",
    opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=30), open_link=True)
actions.confirm_oit_complete(campaign, None)
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE bench_bare (id uuid PRIMARY KEY, answered_on date NOT NULL, answers jsonb NOT NULL)")
print(campaign.token)
"""

COUNT = r"""
import django
django.setup()
from django.db import connection
from prongsai.surveys.models import Response
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM bench_bare")
    print(Response.objects.count(), cursor.fetchone()[0])
"""


def _ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("installing wrk with apt …", flush=True)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk") or "wrk"


def _csrf(port: int, token: str) -> tuple[str, str]:
    response = urllib.request.urlopen(f"http://127.0.0.1:{port}/s/{token}/", timeout=10)
    html = response.read().decode()
    cookie = next(
        c.split(";")[0].split("=", 1)[1] for c in response.headers.get_all("Set-Cookie") if c.startswith("csrftoken=")
    )
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    return cookie, form_token


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _smoke(port: int, path: str, cookie: str, form_token: str, keys: list[tuple[str, int]]) -> None:
    """One submission by hand before the load: it must be acknowledged with a redirect to the thanks page."""
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": form_token, **{k: 1 for k, _ in keys}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST")
    request.add_header("Cookie", f"csrftoken={cookie}; sv_b=smoke{os.urandom(8).hex()}")
    try:
        urllib.request.build_opener(_NoRedirect).open(request, timeout=10)
        status, text = 200, ""
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode(errors="replace")
    if status != 302:
        raise SystemExit(f"a single submission to {path} answered {status}, not 302:\n{text[:2000]}")


def _wait(port: int, proc: subprocess.Popen) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited; see its log")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def _parse_latency(text: str) -> float:
    """wrk's --latency table gives 99% as e.g. '99%   12.34ms' (or us / s)."""
    match = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", text)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _drive(wrk: str, port: int, path: str, seconds: int, connections: int, threads: int, lua: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    cmd = [
        wrk, "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "5s",
        "-s", script.name, f"http://127.0.0.1:{port}{path}",
    ]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_ok.group(1)) if non_ok else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return {"requests": requests, "rate": rate, "p99": _parse_latency(out), "errors": errors, "raw": out}


def _cpu_busy_seconds() -> float:
    """CPU time the whole machine spent busy (all processes: server, database, cache, load generator)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _median_run(runs: list[dict]) -> dict:
    """The median round by rate, with errors summed over all rounds (an error in any round counts)."""
    ordered = sorted(runs, key=lambda r: r["rate"])
    middle = dict(ordered[len(ordered) // 2])
    middle["errors"] = sum(r["errors"] for r in runs)
    middle["p99"] = statistics.median(r["p99"] for r in runs)
    middle["cpu_ms"] = statistics.median(r["cpu_ms"] for r in runs)
    middle["rates"] = [round(r["rate"]) for r in runs]
    return middle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="load duration per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; figures are the medians")
    parser.add_argument(
        "--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 9), help="gunicorn worker processes"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (more than 1: gthread workers)")
    parser.add_argument("--worker-class", default="", help="override gunicorn's worker class (e.g. gthread)")
    parser.add_argument("--connections", type=int, default=24, help="wrk connections")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up load before each measurement")
    parser.add_argument(
        "--cache",
        default="rediscache://127.0.0.1:6379/15",
        help="CACHE_URL of the server (rate limits and markers must be shared by all workers; "
        "'locmemcache://' for a per-process cache)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    database = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not database.startswith("postgres"):
        raise SystemExit("this benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    wrk = _ensure_wrk()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "survey_bench_settings",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(REPO)]),
        "CACHE_URL": args.cache,
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "DEBUG": "false",
    }
    python = sys.executable
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs", flush=True)
    started = time.perf_counter()
    _database(database, "create")
    server = None
    try:
        _run([python, "-m", "prongsai", "migrate", "--no-input", "-v", "0"], env)
        token = _run([python, "-c", SETUP], env).stdout.strip().splitlines()[-1]
        if args.cache.startswith("redis"):
            _run(
                [python, "-c", "import django; django.setup(); from django.core.cache import cache; cache.clear()"], env
            )
        print(f"prepared database and survey in {time.perf_counter() - started:.1f} s", flush=True)
        port = _free_port()
        log = open(tempfile.mkstemp(prefix="survey-bench-", suffix=".log")[1], "w")  # noqa: SIM115
        # The documented production server: deploy/gunicorn.conf.py (sync workers, 2 × CPUs + 1, worker
        # recycling, access log), with only the address and the process counts set here.
        command = [python, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py")]
        if args.worker_class:
            command += ["--worker-class", args.worker_class]
        server = subprocess.Popen(
            [*command, "prongsai.wsgi:application"],
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(args.workers),
                "GUNICORN_THREADS": str(args.threads),
            },
            cwd=REPO,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        _wait(port, server)
        cookie, form_token = _csrf(port, token)
        from prongsai.criteria import framework

        criteria = framework.load(framework.find("ita-2568"))
        eit_keys = [(k.code, len(criteria.scales[k.scale].options)) for k in criteria.answer_keys("EIT")]
        lua_vars = {
            "csrf": form_token,
            "cookie": cookie,
            "keys": ", ".join(f'"{k}"' for k, _ in eit_keys),
            "sizes": ", ".join(str(n) for _, n in eit_keys),
            "port": port,
        }
        paths = {"survey": f"/s/{token}/", "bare": "/s/bench-bare/"}
        scripts = {name: LUA % {**lua_vars, "path": path} for name, path in paths.items()}
        rounds: dict[str, list[dict]] = {"survey": [], "bare": []}
        acknowledged = warm_errors = 0
        for name, path in paths.items():
            _smoke(port, path, cookie, form_token, eit_keys)
            if args.warmup:
                warm = _drive(wrk, port, path, args.warmup, args.connections, args.wrk_threads, scripts[name])
                acknowledged += (warm["requests"] - warm["errors"]) if name == "survey" else 0
                warm_errors += warm["errors"]
        # Rounds alternate the two endpoints, so drift in the machine's speed touches both alike.
        for number in range(1, args.rounds + 1):
            for name, path in paths.items():
                busy = _cpu_busy_seconds()
                run = _drive(wrk, port, path, args.seconds, args.connections, args.wrk_threads, scripts[name])
                run["cpu_ms"] = (_cpu_busy_seconds() - busy) * 1000 / max(run["requests"], 1)
                rounds[name].append(run)
                if name == "survey":
                    acknowledged += run["requests"] - run["errors"]
                print(f"--- round {number}: {name} {path}\n{run['raw']}", flush=True)
        figures = {name: _median_run(runs) for name, runs in rounds.items()}
        stored, bare_rows = (int(n) for n in _run([python, "-c", COUNT], env).stdout.split())
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if not args.keep:
            _database(database, "drop")
    survey, bare = figures["survey"], figures["bare"]
    # Every acknowledged (302) submission must be stored: an answer lost under load counts as an error.
    # (wrk counts finished requests only, so a request in flight when it stops may be stored but not counted.)
    lost = max(acknowledged - stored, 0)
    errors = survey["errors"] + bare["errors"] + warm_errors + lost
    ratio = survey["rate"] / bare["rate"] if bare["rate"] else float("nan")
    print(
        f"survey: {survey['rate']:.0f}/s (rounds {survey['rates']}) p99 {survey['p99']:.1f} ms, "
        f"{survey['cpu_ms']:.2f} ms of machine CPU per answer; "
        f"bare: {bare['rate']:.0f}/s (rounds {bare['rates']}) p99 {bare['p99']:.1f} ms, "
        f"{bare['cpu_ms']:.2f} ms CPU per request; survey/bare = {ratio:.0%}; errors {errors} "
        f"(warm-up {warm_errors}); answers acknowledged {acknowledged}, stored {stored}, lost {lost} "
        f"(bare rows {bare_rows}); "
        f"{args.workers} workers × {args.threads} threads {args.worker_class or '(deploy/gunicorn.conf.py)'}, "
        f"{args.connections} connections, cache {args.cache}"
    )
    print(
        f"submissions_per_s={survey['rate']:.0f} p99_ms={survey['p99']:.1f} bare_per_s={bare['rate']:.0f} "
        f"errors={errors}"
    )


if __name__ == "__main__":
    main()
