"""The cache as the public endpoints use it: windowed counters, and a Redis backend that is cheap per call.

Rate limits, survey markers and burst counters touch the cache on every public POST, so its per-call cost
is part of the submission path (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusingClient(RedisCacheClient):
    """Django builds a new redis.Redis object for every cache call. With redis-py ≥ 5 that costs more CPU
    than the round trip itself (the client fills a table of ~700 response callbacks), so keep one client per
    connection pool: redis.Redis objects are thread-safe and the pool does the connection handling."""

    if TYPE_CHECKING:  # Django's private API used below, absent from django-stubs
        _client: Callable[..., Any]

        def _get_connection_pool_index(self, write: bool) -> int: ...
        def _get_connection_pool(self, write: bool) -> Any: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend with reused clients and a one-round-trip counter (see `count`)."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient

    def count(self, key: str, window: int) -> int:
        """Add one to `key`, created with a lifetime of `window` seconds if absent, in one round trip."""
        key = self.make_and_validate_key(key)
        pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipe.set(key, 0, ex=window, nx=True)
        pipe.incr(key)
        return int(pipe.execute()[1])

    # KEYS: the key to add, the counter; ARGV: their lifetimes in seconds.
    _ADD_THEN_COUNT = """
if redis.call('SET', KEYS[1], 1, 'EX', ARGV[1], 'NX') then
  redis.call('SET', KEYS[2], 0, 'EX', ARGV[2], 'NX')
  return redis.call('INCR', KEYS[2])
end
return -1
"""

    def add_then_count(self, add_key: str, add_timeout: int, count_key: str, window: int) -> int | None:
        """`add_key` as cache.add does; only if it was added, count under `count_key`. One round trip (a
        server-side script; both keys are on this cache's one server)."""
        keys = [self.make_and_validate_key(add_key), self.make_and_validate_key(count_key)]
        client = self._cache.get_client(keys[0], write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(self._ADD_THEN_COUNT)
        result = int(script(keys=keys, args=[add_timeout, window]))
        return None if result < 0 else result

    @cached_property
    def _scripts(self) -> dict[int, Any]:
        return {}


def add_then_count(add_key: str, add_timeout: int, count_key: str, window: int) -> int | None:
    """Add `add_key` (None when it already exists); if added, count one more event under `count_key` (see
    `count`) and return the count. One round trip on Redis: a submission's checks cost one network wait."""
    if hasattr(cache, "add_then_count"):  # our RedisCache
        return cache.add_then_count(add_key, add_timeout, count_key, window)
    if not cache.add(add_key, 1, timeout=add_timeout):
        return None
    return count(count_key, window)


def count(key: str, window: int) -> int:
    """Count one more event under `key` in a window of `window` seconds that starts with the first event.

    One round trip on Redis; on other backends add-then-increment, retried once if the key expired between.
    """
    if hasattr(cache, "count"):  # our RedisCache
        return cache.count(key, window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1
