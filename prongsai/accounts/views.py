"""Sign-in with an optional second factor (TOTP): verify a code, enrol an authenticator app, turn it off."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.accounts.policy import SESSION_KEY, role_requires_second_factor
from prongsai.audit.log import record


class LoginView(auth_views.LoginView):
    """Django's sign-in; django-axes throttles it, and the second step follows through the middleware."""

    redirect_authenticated_user = True


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdecimal():
            raise forms.ValidationError(_("Enter the digits your authenticator app shows."))
        return token


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("home")


def _finish(request: HttpRequest, device: TOTPDevice, action: str) -> HttpResponse:
    user: Any = request.user
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)
    record(user, action, user, object_repr=user.get_username())
    return HttpResponseRedirect(_next_url(request))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second sign-in step for a user with a confirmed authenticator."""
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return HttpResponseRedirect(resolve_url("two-factor-setup") + f"?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                return _finish(request, device, "auth.second_factor_verified")
        user: Any = request.user
        record(None, "auth.second_factor_failed", user, object_repr=user.get_username())
        form.add_error("token", _("That code is not correct or has expired. Try the newest code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then confirm with one code."""
    user: Any = request.user  # django-otp's OTPMiddleware adds is_verified()
    has_confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if has_confirmed and not user.is_verified():
        # Enrolling another device must not become a way around the code of the existing one.
        return HttpResponseRedirect(resolve_url("two-factor-verify") + f"?next={_next_url(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Prongsai", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            messages.success(request, _("Two-step sign-in is on. You will be asked for a code each time you sign in."))
            return _finish(request, device, "auth.second_factor_enrolled")
        form.add_error("token", _("That code is not correct. Check the time on your phone and try the newest code."))
    context: dict[str, Any] = {
        "form": form,
        "next": _next_url(request),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": _grouped(device.bin_key),
        "has_confirmed": has_confirmed,
        "required": role_requires_second_factor(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _grouped(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    """Turn the second factor off: only after verifying in this session, and never when the role requires it."""
    user: Any = request.user  # django-otp's OTPMiddleware adds is_verified()
    if role_requires_second_factor(user):
        messages.error(request, _("Your role requires two-step sign-in, so it cannot be turned off."))
    elif not user.is_verified():
        messages.error(request, _("Sign in with your code first, then turn two-step sign-in off."))
    else:
        TOTPDevice.objects.filter(user=user).delete()
        record(user, "auth.second_factor_removed", user, object_repr=user.get_username())
        messages.success(request, _("Two-step sign-in is off."))
    return HttpResponseRedirect(resolve_url("two-factor-setup"))
