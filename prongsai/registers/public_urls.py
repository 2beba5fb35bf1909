"""Anonymous pages of this app, mounted under /p/<agency>/registers/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.registers import public_views as views

app_name = "public-registers"
urlpatterns = [
    path("asset-borrowing/", views.borrowing, name="borrowing"),
    path("manuals/", views.manuals, name="manuals"),
    path("manuals/<int:pk>/", views.manual, name="manual"),
    path("manuals/<int:pk>/v<int:number>/", views.manual_file, name="manual-file"),
    path("gifts/<int:year>/", views.gift_policy, name="gift-policy"),
    path("gifts/<int:year>/report/", views.gifts_report, name="gifts-report"),
    path("conflicts-of-interest/<int:year>/", views.coi, name="coi"),
    path("training/<int:pk>/", views.event, name="event"),
    path("training/files/<int:pk>/", views.material_file, name="material-file"),
    path("risks/<int:year>/", views.risks, name="risks"),
    path("risks/<int:year>/follow-up/", views.risks, {"follow_up": True}, name="risks-follow-up"),
    path("rewards-and-discipline/", views.rewards_measures, name="rewards-measures"),
    path("documents/<int:year>/<slug:kind>.<str:fmt>", views.document, name="document"),
]
