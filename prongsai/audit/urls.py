"""The audit trail page, mounted under /a/<agency>/audit/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
]
