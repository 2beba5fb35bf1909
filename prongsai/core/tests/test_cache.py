"""Windowed counters (rate limits, survey bursts, tracking-code guesses) and the Redis cache backend."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.cache import cache

from prongsai.core.cache import RedisCache, add_then_count, count

REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_cache():
    if not _redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379 (CI provides one)")
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"t{uuid.uuid4().hex[:8]}"})
    yield backend
    backend.clear()


def test_it_counts_events_in_a_window_on_the_default_cache():
    key = f"count-{uuid.uuid4().hex}"
    assert [count(key, 60) for _ in range(3)] == [1, 2, 3]
    cache.delete(key)
    assert count(key, 60) == 1


def test_it_counts_on_redis_and_gives_the_key_the_window_as_its_lifetime(redis_cache):
    assert [redis_cache.count("hits", 30) for _ in range(4)] == [1, 2, 3, 4]
    assert redis_cache.get("hits") == 4  # a plain integer, readable through the cache API
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(redis_cache.make_key("hits")) <= 30
    redis_cache.set("hits", 9)  # the window is not restarted by counting further
    assert redis_cache.count("hits", 30) == 10


def test_it_counts_only_when_the_claim_is_new_on_the_default_cache():
    claim, counter = f"claim-{uuid.uuid4().hex}", f"counter-{uuid.uuid4().hex}"
    assert add_then_count(claim, 60, counter, 60) == 1
    assert add_then_count(claim, 60, counter, 60) is None  # claimed already: nothing counted
    assert add_then_count(claim + "b", 60, counter, 60) == 2


def test_it_claims_and_counts_on_redis_in_one_script(redis_cache):
    assert redis_cache.add_then_count("claim", 40, "counter", 20) == 1
    assert redis_cache.add_then_count("claim", 40, "counter", 20) is None
    assert redis_cache.get("counter") == 1 and redis_cache.get("claim") == 1
    assert redis_cache.add_then_count("claim2", 40, "counter", 20) == 2
    client = redis_cache._cache.get_client(write=True)
    assert 20 < client.ttl(redis_cache.make_key("claim")) <= 40
    assert 0 < client.ttl(redis_cache.make_key("counter")) <= 20
    client.script_flush()  # a server that lost its script cache (restart, failover) is sent the script again
    assert redis_cache.add_then_count("claim3", 40, "counter", 20) == 3


def test_it_reuses_one_redis_client_per_pool_instead_of_one_per_call(redis_cache):
    first = redis_cache._cache.get_client(write=True)
    assert redis_cache.add("k", 1, 30) and not redis_cache.add("k", 1, 30)
    assert redis_cache._cache.get_client(write=True) is first
    assert redis_cache.incr("k") == 2 and redis_cache.get("k") == 2


def test_a_redis_cache_url_selects_the_prongsai_backend():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    for url, backend in [
        ("redis://127.0.0.1:6379/1", "prongsai.core.cache.RedisCache"),
        ("locmemcache://x", "django.core.cache.backends.locmem.LocMemCache"),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "prongsai", "shell", "-c", code],
            env={**env, "CACHE_URL": url},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert result.stdout.strip().splitlines()[-1] == backend
