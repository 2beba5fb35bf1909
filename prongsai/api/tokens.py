"""Creating, revoking and checking API tokens (no HTTP). Changes are audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from prongsai.agencies.access import AgencyAccess
from prongsai.agencies.models import Agency, Membership
from prongsai.api.models import ApiToken, hash_token
from prongsai.audit.log import record

TOKEN_PREFIX = "psk_"  # noqa: S105 — a marker, not a secret
LAST_USED_PRECISION = timedelta(minutes=5)  # avoid a write on every request


class TokenError(ValueError):
    """The token cannot be made; the message says why."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plain: str  # shown once, never stored


@transaction.atomic
def create_token(user: Any, agency: Agency, name: str, actor: Any = None) -> NewToken:
    if not Membership.objects.active().filter(user=user, agency=agency).exists():
        raise TokenError(f"{user.get_username()} is not an active member of {agency.slug}")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        agency=agency,
        name=name.strip()[:100] or "API",
        prefix=plain[:12],
        key_hash=hash_token(plain),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor, "api.token.created", token, agency=agency, after={"name": token.name, "user": user.get_username()})
    return NewToken(token, plain)


@transaction.atomic
def revoke_token(token: ApiToken, actor: Any = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, "api.token.revoked", token, agency=token.agency, before={"name": token.name})


def access_for(plain: str) -> AgencyAccess | None:
    """The agency access a presented token grants, or None (unknown, revoked, or membership ended)."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = ApiToken.objects.active().select_related("agency", "user").filter(key_hash=hash_token(plain)).first()
    if token is None:
        return None
    membership = (
        Membership.objects.active().select_related("department").filter(user=token.user, agency=token.agency).first()
    )
    if membership is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return AgencyAccess(token.user, token.agency, membership.role, membership.department)
