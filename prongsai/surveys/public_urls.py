"""Anonymous pages of this app, mounted under /p/<agency>/surveys/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.surveys import public_views

app_name = "public-surveys"
urlpatterns = [
    path("", public_views.open_surveys, name="index"),
    path("<str:token>/report/", public_views.report, name="report"),
]
