"""Anonymous pages of this app, mounted under /p/<agency>/plans/ (see prongsai/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "public-plans"
urlpatterns: list = []
