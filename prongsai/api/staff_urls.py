"""The API tokens page, mounted under /a/<agency>/api/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.api import views

app_name = "api"
urlpatterns = [
    path("", views.tokens, name="index"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
