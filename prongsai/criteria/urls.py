from django.urls import path

from prongsai.criteria import views

app_name = "criteria"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_version, name="import"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/use/", views.use_version, name="use"),
]
