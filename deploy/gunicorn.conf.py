"""gunicorn settings for Prongsai (gunicorn -c deploy/gunicorn.conf.py prongsai.wsgi:application).

Every value can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, …). Before the
first worker starts, Django's system checks run with the deploy tags: an insecure production
configuration (e.g. the demo SECRET_KEY) stops the server instead of serving.
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # PDFs are made by jobs, not in requests
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory held by PDF/XLSX libraries). Not too often: a restart costs a worker a
# second or two of CPU, which during a survey's collection window would come out of the answers' share.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 — heartbeat files, not data
accesslog = "-"
errorlog = "-"
# No client addresses in the access log: the request id links lines to the application's JSON logs.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)ss id=%({x-request-id}o)s'
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips


def on_starting(server):  # type: ignore[no-untyped-def]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("check", deploy=True, fail_level="ERROR")  # raises SystemCheckError → gunicorn exits
