"""Survey fixtures: a criteria-bound assessment, open campaigns, and a clean cache (rate limits, markers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from prongsai.surveys import actions
from prongsai.surveys.questionnaires import sheet_for

IP = "203.0.113.77"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today():
    return timezone.localdate()


def make_campaign(assessment, instrument="EIT", *, confirmed=True, open_link=True, **fields):
    today = timezone.localdate()
    campaign = actions.create_campaign(
        assessment,
        None,
        instrument=instrument,
        title=fields.pop("title", f"{instrument} pulse"),
        opens_on=fields.pop("opens_on", today - dt.timedelta(days=3)),
        closes_on=fields.pop("closes_on", today + dt.timedelta(days=10)),
        open_link=open_link,
        **fields,
    )
    if confirmed:
        actions.confirm_oit_complete(campaign, None)
    return campaign


@pytest.fixture
def eit(assessment):
    return make_campaign(assessment, "EIT")


@pytest.fixture
def iit_codes(assessment):
    return make_campaign(assessment, "IIT", open_link=False)


def full_answers(campaign, value: int = 1, **overrides) -> dict[str, str]:
    """Every key answered with `value` (capped to the key's scale)."""
    sheet = sheet_for(campaign)
    data = {code: str(min(value, size)) for code, size in sheet.sizes.items()}
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def post(client, campaign, data, **extra):
    return client.post(f"/s/{campaign.token}/", data, REMOTE_ADDR=IP, **extra)
