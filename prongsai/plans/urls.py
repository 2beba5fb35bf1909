"""Staff pages of this app, mounted under /a/<agency>/plan/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.my_work, name="mine"),
    path("attach/", views.attach, name="attach"),
    path("<int:year>/", views.plan_page, name="plan"),
    path("<int:year>/create/", views.create_plan, name="create"),
    path("<int:year>/edit/", views.edit_plan, name="edit"),
    path("<int:year>/status/", views.move_plan, name="move"),
    path("<int:year>/copy/", views.copy_plan, name="copy"),
    path("<int:year>/timeline/", views.timeline, name="timeline"),
    path("<int:year>/suggestions/", views.suggestions, name="suggestions"),
    path("<int:year>/share/", views.share_kit, name="share"),
    path("<int:year>/guidelines/add/", views.guideline_form, name="guideline-add"),
    path("<int:year>/guidelines/<int:pk>/", views.guideline_form, name="guideline-edit"),
    path("<int:year>/guidelines/<int:pk>/status/", views.guideline_status, name="guideline-status"),
    path("<int:year>/measures/add/", views.add_measure, name="measure-add"),
    path("measures/<int:pk>/", views.measure_page, name="measure"),
    path("measures/<int:pk>/edit/", views.edit_measure, name="measure-edit"),
    path("measures/<int:pk>/delete/", views.delete_measure, name="measure-delete"),
    path("measures/<int:pk>/progress/", views.measure_progress, name="measure-progress"),
    path("measures/<int:pk>/notes/", views.add_note, name="measure-note"),
    path("measures/<int:pk>/evidence/", views.add_evidence, name="measure-evidence"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence-file"),
    path("evidence/<int:pk>/delete/", views.delete_evidence, name="evidence-delete"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_form, name="meeting-add"),
    path("meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_form, name="meeting-edit"),
    path("meetings/<int:pk>/decisions/", views.add_decision, name="decision-add"),
    path("decisions/<int:pk>/measure/", views.decision_to_measure, name="decision-measure"),
]
