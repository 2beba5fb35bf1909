"""Anonymous pages of this app, mounted under /p/<agency>/complaints/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.complaints import public_views as views

app_name = "public-complaints"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("track/", views.track, name="track"),
    path("track/rate/", views.rate, name="rate"),
    path("stats/", views.statistics_current, name="stats-current"),
    path("stats/<int:year>/", views.statistics, name="stats"),
    path("participation/", views.participation_list, name="participation"),
    path("participation/year/<int:year>/", views.participation_year, name="participation-year"),
    path("participation/<int:pk>/", views.participation_detail, name="participation-detail"),
    path("participation/<int:pk>/files/<int:file_pk>/", views.participation_file, name="participation-file"),
]
