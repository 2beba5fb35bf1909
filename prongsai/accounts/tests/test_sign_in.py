"""Sign-in throttling and lock-out (django-axes) and the optional TOTP second factor (django-otp)."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.audit.models import AuditEntry
from prongsai.core.testing import PASSWORD


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def test_it_locks_a_username_out_after_repeated_failures_with_a_thai_page(client, coordinator, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert _sign_in(client, "coordinator", "wrong-password").status_code == 200
    locked = _sign_in(client, "coordinator", "wrong-password")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode() or "ระงับ" in locked.content.decode()
    # Even the right password is refused while locked.
    assert _sign_in(client, "coordinator").status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_lets_the_same_user_in_from_another_address_while_one_is_locked(client, coordinator, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _sign_in(client, "coordinator", "wrong", REMOTE_ADDR="203.0.113.1")
    response = client.post(
        "/accounts/login/", {"username": "coordinator", "password": PASSWORD}, REMOTE_ADDR="203.0.113.2"
    )
    assert response.status_code == 302


def test_it_records_sign_ins_and_failures_without_the_password(client, coordinator):
    _sign_in(client, "coordinator", "not-my-password-123")
    _sign_in(client, "coordinator")
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions[-2:] == ["auth.login_failed", "auth.login"]
    text = str(list(AuditEntry.objects.values_list("changes", "object_repr")))
    assert "not-my-password-123" not in text and PASSWORD not in text
    assert "127.0.0.1" not in text


def test_it_makes_a_role_that_requires_it_enrol_a_second_factor(client, coordinator, agency, settings):
    settings.OTP_REQUIRED_ROLES = ["coordinator"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code; not what this test is about
    response = _sign_in(client, "coordinator")
    response = client.get(f"/a/{agency.slug}/")
    assert response.status_code == 302 and response.url.startswith("/accounts/two-factor/?next=")
    page = client.get(response.url)
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    wrong = client.post("/accounts/two-factor/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    done = client.post("/accounts/two-factor/", {"token": _code(device), "next": f"/a/{agency.slug}/"})
    assert done.status_code == 302 and done.url == f"/a/{agency.slug}/"
    assert client.get(f"/a/{agency.slug}/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.second_factor_enrolled").exists()


def test_it_asks_for_the_code_after_the_password_once_enrolled(client, executive, agency):
    device = TOTPDevice.objects.create(user=executive, name="phone", confirmed=True)
    _sign_in(client, "executive")
    redirect = client.get(f"/a/{agency.slug}/")
    assert redirect.url.startswith("/accounts/two-factor/verify/")
    # Enrolling a new device is no way around the existing one.
    assert client.get("/accounts/two-factor/").url.startswith("/accounts/two-factor/verify/")
    assert client.post("/accounts/two-factor/verify/", {"token": "12345x"}).status_code == 200
    ok = client.post("/accounts/two-factor/verify/", {"token": _code(device), "next": f"/a/{agency.slug}/"})
    assert ok.status_code == 302
    assert client.get(f"/a/{agency.slug}/").status_code == 200


def test_it_does_not_ask_members_without_a_device_or_requirement(client, officer, agency):
    _sign_in(client, "officer")
    assert client.get(f"/a/{agency.slug}/").status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_it_never_redirects_off_site_after_the_second_step(client, executive, target):
    device = TOTPDevice.objects.create(user=executive, name="phone", confirmed=True)
    _sign_in(client, "executive")
    response = client.post("/accounts/two-factor/verify/", {"token": _code(device), "next": target})
    assert response.status_code == 302 and "evil" not in response.url


def test_it_refuses_to_turn_off_a_required_second_factor(client, coordinator, settings):
    settings.OTP_REQUIRED_ROLES = ["coordinator"]
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    _sign_in(client, "coordinator")
    client.post("/accounts/two-factor/verify/", {"token": _code(device)})
    client.post("/accounts/two-factor/disable/")
    assert TOTPDevice.objects.filter(user=coordinator).exists()
