"""Sign-ins, sign-outs and failed sign-ins in the audit trail (auth is Django's flow, so signals are right here).

Never the password; the client address only as a keyed hash, enough to see a burst from one place.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from prongsai.audit.log import record
from prongsai.core.middleware import client_key


def _where(request: Any) -> dict[str, str]:
    return {"client": client_key(request)[:16]} if request is not None and hasattr(request, "META") else {}


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(user, "auth.login", user, object_repr=user.get_username(), after=_where(request))


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(user, "auth.logout", user, object_repr=user.get_username())


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # `credentials` is already cleansed by Django (the password is masked); only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model()._default_manager.filter(username=username).first()
    record(
        None,
        "auth.login_failed",
        user,
        object_type="auth.User",
        object_repr=username,
        after=_where(request),
    )
