"""Sign-in, sign-out and the second factor, mounted at /accounts/ (names without a namespace: `login`, `logout`)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from prongsai.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.setup, name="two-factor-setup"),
    path("two-factor/verify/", views.verify, name="two-factor-verify"),
    path("two-factor/disable/", views.disable, name="two-factor-disable"),
]
