"""Staff pages of this app, mounted under /a/<agency>/complaints/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:verb>/", views.act, name="act"),
    path("<int:pk>/files/<int:file_pk>/", views.attachment, name="attachment"),
    path("settings/", views.settings_page, name="settings"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<int:year>/", views.statistics, name="statistics-year"),
    path("channel/", views.channel, name="channel"),
    path("channel/qr.<str:fmt>", views.qr_code, name="qr"),
    path("participation/", views.participation_list, name="participation"),
    path("participation/new/", views.participation_edit, name="participation-new"),
    path("participation/<int:pk>/", views.participation_edit, name="participation-edit"),
    path("participation/<int:pk>/publish/", views.participation_publish, name="participation-publish"),
    path("participation/<int:pk>/files/<int:file_pk>/", views.participation_file, name="participation-file"),
    path(
        "participation/<int:pk>/files/<int:file_pk>/remove/",
        views.participation_remove_file,
        name="participation-remove-file",
    ),
]
