"""Anonymous pages of the OIT, mounted under /p/<agency>/oit/ (see prongsai/urls.py). These addresses are
entered in ITAS and on agency websites: keep them stable."""

from django.urls import path

from prongsai.disclosure import public_views

app_name = "public-disclosure"
urlpatterns = [
    path("", public_views.years, name="years"),
    path("years.json", public_views.years_feed, name="years-feed"),
    path("<int:year>/", public_views.year, name="year"),
    path("<int:year>/feed.json", public_views.feed, name="feed"),
    path("<int:year>/embed/", public_views.embed, name="embed"),
    path("<int:year>/<str:code>/", public_views.item, name="item"),
    path("<int:year>/<str:code>/files/<int:pk>.<str:ext>", public_views.evidence_file, name="file"),
    path("<int:year>/<str:code>/pages/<int:pk>/", public_views.evidence_page, name="page"),
]
