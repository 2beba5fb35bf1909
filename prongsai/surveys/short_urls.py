"""Short addresses for QR codes and slips, mounted at /s/ (see prongsai/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "s"
urlpatterns: list = []
