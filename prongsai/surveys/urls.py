"""Staff pages of this app, mounted under /a/<agency>/surveys/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("stakeholders/", views.stakeholders, name="stakeholders"),
    path("stakeholders/import/", views.import_stakeholders, name="stakeholders-import"),
    path("stakeholders/population/", views.add_population, name="population-add"),
    path("stakeholders/groups/", views.add_group, name="group-add"),
    path("links/", views.links, name="links"),
    path("links/save/", views.save_links, name="links-save"),
    path("links/spread/", views.log_spread, name="links-spread"),
    path("links/counts/", views.save_count, name="counts-save"),
    path("links/counts/import/", views.import_counts, name="counts-import"),
    path("links/qr/<str:instrument>.<str:fmt>", views.link_qr, name="links-qr"),
    path("new/", views.new_campaign, name="campaign-new"),
    path("<int:pk>/", views.campaign, name="campaign"),
    path("<int:pk>/results/", views.campaign_results, name="campaign-results"),
    path("<int:pk>/confirm-oit/", views.confirm_oit, name="campaign-confirm-oit"),
    path("<int:pk>/override/", views.override, name="campaign-override"),
    path("<int:pk>/close/", views.close, name="campaign-close"),
    path("<int:pk>/dates/", views.change_dates, name="campaign-dates"),
    path("<int:pk>/codes/", views.issue_codes, name="campaign-codes"),
    path("<int:pk>/ticket/", views.ticket, name="campaign-ticket"),
    path("<int:pk>/bursts/", views.review_burst, name="campaign-bursts"),
    path("<int:pk>/publish/", views.publish, name="campaign-publish"),
    path("<int:pk>/qr.<str:fmt>", views.campaign_qr, name="campaign-qr"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("questionnaires/<int:pk>/", views.questionnaire, name="questionnaire"),
]
