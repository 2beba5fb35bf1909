"""Fixtures of the complaints tests: a factory for complaints, and designated handlers of corruption complaints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from prongsai.agencies.models import Role
from prongsai.complaints import actions
from prongsai.complaints.models import Category, Complaint, ComplaintSettings
from prongsai.core import testing


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_complaint(agency, media):
    def make(category: str = Category.SERVICE, *, received: dt.date | None = None, **fields) -> Complaint:
        received_at = timezone.make_aware(dt.datetime.combine(received, dt.time(10, 0))) if received else None
        data = actions.Submission(
            category=category,
            subject=fields.pop("subject", "ไฟทางดับ"),
            details=fields.pop("details", "ไฟส่องสว่างหน้าโรงเรียนดับสามต้น"),
            contact_name=fields.pop("contact_name", "นายสมชาย ทะเลงาม"),
            contact_phone=fields.pop("contact_phone", "081-234-5678"),
            received_at=received_at,
            **fields,
        )
        done = actions.submit(fields.pop("agency", agency), data)
        done.complaint.code = done.code  # the test keeps it; the database never does
        return done.complaint

    return make


@pytest.fixture
def handler(agency, departments):
    """An officer of the office whom the agency designated to handle corruption complaints."""
    user = testing.make_member(
        agency, Role.OFFICER, departments["office"], username="handler", email="handler@example.org"
    )
    ComplaintSettings.for_agency(agency).confidential_handlers.add(user)
    return user


@pytest.fixture
def designated_coordinator(agency, departments):
    user = testing.make_member(agency, Role.COORDINATOR, departments["office"], username="chief")
    ComplaintSettings.for_agency(agency).confidential_handlers.add(user)
    return user
