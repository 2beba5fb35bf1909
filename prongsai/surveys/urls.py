"""Staff pages of this app, mounted under /a/<agency>/surveys/ (see prongsai/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "surveys"
urlpatterns: list = []
