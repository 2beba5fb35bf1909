"""The respondent endpoint's view of a campaign, kept in process memory for a moment.

During a collection window every submission needs the same campaign row; reading it once per process every
couple of seconds saves a database round trip per answer. Changes made through `actions` are forgotten at
once in the process that made them; other processes see them within `TTL_SECONDS`.
"""

from __future__ import annotations

import time

from django.http import Http404

from prongsai.surveys.models import Campaign

TTL_SECONDS = 2.0
_CACHE: dict[str, tuple[float, Campaign]] = {}


def campaign_by_token(token: str) -> Campaign:
    now = time.monotonic()
    hit = _CACHE.get(token)
    if hit is not None and hit[0] > now:
        return hit[1]
    if len(token) > 16:
        raise Http404
    campaign = Campaign.objects.select_related("agency", "assessment", "questionnaire").filter(token=token).first()
    if campaign is None:
        raise Http404
    if len(_CACHE) > 1000:
        _CACHE.clear()
    _CACHE[token] = (now + TTL_SECONDS, campaign)
    return campaign


def forget(token: str) -> None:
    _CACHE.pop(token, None)
