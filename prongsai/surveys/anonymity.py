"""Keeping respondents anonymous while resisting ballot stuffing. No HTTP here: views pass plain values in.

What is kept, and for how long:
- one-time codes carry two check characters (a keyed hash of the campaign token and the code body), so a
  well-formed code that is no longer stored is known to be spent — spending can simply delete the row;
- the per-browser marker (a random cookie value) is kept only as a keyed hash, in the cache, for a day;
- the network address is kept only as a keyed hash, in the cache, for a minute: the rate limit of /s/ is the
  core RateLimitMiddleware's (prongsai.core.middleware: fixed windows per HMAC of the address);
- a burst counter per answer fingerprint lives in the cache for a few minutes.
None of these is ever written to the database or a log, and none is stored with an answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache

from prongsai.core.cache import add_then_count
from prongsai.core.cache import count as windowed_count

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: codes are typed from paper
CODE_BODY = 8
CODE_CHECK = 2

MARKER_COOKIE = "sv_b"
MARKER_SECONDS = 24 * 3600
BURST_WINDOW_SECONDS = 600


def burst_threshold() -> int:
    """Identical answers within the burst window from which they are flagged for review."""
    return int(getattr(settings, "SURVEY_BURST_THRESHOLD", 5))


def keyed_hash(*parts: str, length: int = 24) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:length]


# One-time codes ------------------------------------------------------------------------------


def _check(token: str, body: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"code:{token}:{body}".encode(), hashlib.sha256).digest()
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:CODE_CHECK])


def new_code(token: str) -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_BODY))
    return body + _check(token, body)


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())[: CODE_BODY + CODE_CHECK + 4]


def code_is_well_formed(token: str, code: str) -> bool:
    """True when `code` was made for this campaign (it may since have been spent)."""
    if len(code) != CODE_BODY + CODE_CHECK or any(ch not in CODE_ALPHABET for ch in code):
        return False
    return hmac.compare_digest(code[CODE_BODY:], _check(token, code[:CODE_BODY]))


def display_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


# Per-browser marker ----------------------------------------------------------------------------


def new_marker() -> str:
    return secrets.token_urlsafe(16)


def _marker_key(token: str, marker: str) -> str:
    return "sv:m:" + keyed_hash("marker", token, marker)


def release_browser(token: str, marker: str) -> None:
    """Forget the claim when the answer could not be stored after all, so the person can send again."""
    if marker:
        cache.delete(_marker_key(token, marker))


# Bursts of identical answers --------------------------------------------------------------------


def fingerprint(answers: Mapping[str, int], group: int | None = None) -> str:
    """A short hash of the answers alone: identical answer sheets share it, nothing else goes in."""
    text = json.dumps({"a": dict(sorted(answers.items())), "g": group}, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Admission(NamedTuple):
    already_answered: bool  # this browser answered this survey today: refuse, count nothing
    burst: bool  # the sheet is one of a burst of identical sheets: store it flagged


def admit(token: str, marker: str, print_: str) -> Admission:
    """Claim this browser's answer (its marker, if any) and count one more sheet with this fingerprint.

    One cache round trip on Redis. A browser that already answered is refused before anything is counted.
    """
    burst_key = "sv:f:" + keyed_hash("burst", token, print_)
    if marker:
        count = add_then_count(_marker_key(token, marker), MARKER_SECONDS, burst_key, BURST_WINDOW_SECONDS)
        if count is None:
            return Admission(already_answered=True, burst=False)
    else:  # a one-time code: the code itself is the once-only guard
        count = windowed_count(burst_key, BURST_WINDOW_SECONDS)
    return Admission(already_answered=False, burst=count >= burst_threshold())
