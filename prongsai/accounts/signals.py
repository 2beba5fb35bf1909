"""After the password: remember in the session whether a second step is still due (one lookup per sign-in)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from prongsai.accounts.policy import SESSION_KEY, second_step


@receiver(user_logged_in)
def _second_step_due(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    step = second_step(user)
    if step is None or getattr(user, "otp_device", None) is not None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = step
