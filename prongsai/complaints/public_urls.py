"""Anonymous pages of this app, mounted under /p/<agency>/complaints/ (see prongsai/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "public-complaints"
urlpatterns: list = []
