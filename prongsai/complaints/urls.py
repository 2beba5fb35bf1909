"""Staff pages of this app, mounted under /a/<agency>/complaints/ (see prongsai/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "complaints"
urlpatterns: list = []
