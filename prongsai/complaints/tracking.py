"""Tracking codes and the throttle of the public pages. No HTTP here beyond reading the client address.

A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U), shown in two groups
of five: about 49 bits, too many to guess behind a throttle, short enough to type from a phone. Only a
4-character selector and an HMAC of the whole code are stored; the code itself is never kept.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from prongsai.core.cache import count as windowed_count

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
LENGTH = 10
SELECTOR = 4


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str:
    """What a person typed → the code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())


def display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def selector(code: str) -> str:
    return code[:SELECTOR]


def digest(code: str) -> str:
    key = hashlib.sha256(f"prongsai.complaints.tracking:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def matches(code: str, stored_digest: str) -> bool:
    """Constant-time: how long this takes says nothing about how much of the code was right."""
    return hmac.compare_digest(digest(code), stored_digest)


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


# Throttle ---------------------------------------------------------------------------------------------------


def client_key(address: str, scope: str) -> str:
    """A keyed hash of the client address: the raw IP is never written anywhere (cache keys included)."""
    key = hashlib.sha256(f"prongsai.complaints.throttle:{settings.SECRET_KEY}".encode()).digest()
    return "complaints-throttle:" + scope + ":" + hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def over_limit(address: str, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one more attempt; True when this client has made more than `limit` in the window."""
    return windowed_count(client_key(address, scope), window_seconds) > limit
