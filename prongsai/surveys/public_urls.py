"""Anonymous pages of this app, mounted under /p/<agency>/surveys/ (see prongsai/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "public-surveys"
urlpatterns: list = []
