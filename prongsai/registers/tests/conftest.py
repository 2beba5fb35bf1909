"""Register test helpers: a media folder per test and small record factories."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from prongsai.registers.models import Asset, Gift, GiftHandling, Loan, LoanStatus


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_asset(agency, department, code="A-001", **fields) -> Asset:
    defaults = {"name": "เครื่องฉายภาพ", "category": "โฆษณาและเผยแพร่", "value": Decimal("25000")}
    return Asset.objects.create(agency=agency, department=department, code=code, **{**defaults, **fields})


def make_loan(asset, borrower, start=None, end=None, status=LoanStatus.REQUESTED) -> Loan:
    start = start or timezone.localdate() + dt.timedelta(days=1)
    end = end or start + dt.timedelta(days=1)
    return Loan.objects.create(
        agency=asset.agency,
        asset=asset,
        borrower=borrower,
        purpose="ใช้ในการประชุม",
        start_date=start,
        end_date=end,
        status=status,
    )


def make_gift(agency, value="500", received_on=dt.date(2025, 1, 2), handling=GiftHandling.KEPT, **fields) -> Gift:
    defaults = {"recipient_position": "ปลัดเทศบาล", "giver": "บริษัท ตัวอย่าง จำกัด", "description": "กระเช้าปีใหม่"}
    return Gift.objects.create(
        agency=agency, received_on=received_on, value=Decimal(value), handling=handling, **{**defaults, **fields}
    )


def url(name: str, agency, **kwargs) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"agency": agency.slug, **kwargs})
