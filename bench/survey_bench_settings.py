"""Settings of bench/survey_submit.py only: the product's settings plus a URLconf with the bare comparison view.

The per-address rate limits of the core middleware are raised because every request of
the load generator comes from 127.0.0.1; they still run, so their cost is measured. Everything else
(middleware, CSRF, cache, database, logging) is the product's own configuration.
"""

from prongsai.settings import *  # noqa: F403

ROOT_URLCONF = "survey_bench_urls"
RATE_LIMIT_WRITES = 10**9
RATE_LIMIT_READS = 10**9
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
