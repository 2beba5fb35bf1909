"""Who must use a second factor: members whose role is listed in settings.OTP_REQUIRED_ROLES."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp import user_has_device

from prongsai.agencies.models import Membership

SESSION_KEY = "prongsai_second_factor"  # "verify" or "enrol" until the second step is done
VERIFY = "verify"
ENROL = "enrol"


def role_requires_second_factor(user: Any) -> bool:
    roles = set(settings.OTP_REQUIRED_ROLES)
    if not roles:
        return False
    return Membership.objects.active().filter(user=user, role__in=roles).exists()


def second_step(user: Any) -> str | None:
    """What the user still has to do after the password: verify a code, enrol a device, or nothing."""
    if user_has_device(user, confirmed=True):
        return VERIFY
    if role_requires_second_factor(user):
        return ENROL
    return None
