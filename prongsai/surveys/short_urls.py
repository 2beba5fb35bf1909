"""Short addresses for QR codes and slips, mounted at /s/ (see prongsai/urls.py): the respondent form."""

from django.urls import path

from prongsai.surveys import public_views

app_name = "s"
urlpatterns = [
    path("<str:token>/", public_views.respond, name="respond"),
    path("<str:token>/thanks/", public_views.thanks, name="thanks"),
    path("<str:token>/<str:code>/", public_views.respond, name="respond-code"),
]
