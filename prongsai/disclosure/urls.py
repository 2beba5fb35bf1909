"""Staff pages of the OIT workspace, mounted under /a/<agency>/oit/ (see prongsai/urls.py)."""

from django.urls import path

from prongsai.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("attach/", views.attach, name="attach"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence-file"),
    path("evidence/<int:pk>/page/", views.evidence_page, name="evidence-page"),
    path("evidence/<int:pk>/edit/", views.edit_evidence, name="evidence-edit"),
    path("evidence/<int:pk>/remove/", views.remove_evidence, name="evidence-remove"),
    path("<int:year>/start/", views.start, name="start"),
    path("<int:year>/due/", views.default_due, name="default-due"),
    path("<int:year>/publish/", views.publish_all, name="publish-all"),
    path("<int:year>/entry/complete/", views.complete_entry, name="entry-complete"),
    path("<int:year>/entry/reopen/", views.reopen_entry, name="entry-reopen"),
    path("<int:year>/checks/", views.checks, name="checks"),
    path("<int:year>/checks/start/", views.check_start, name="check-start"),
    path("<int:year>/checks/<int:pk>/", views.check, name="check"),
    path("<int:year>/<str:code>/", views.item, name="item"),
    path("<int:year>/<str:code>/assign/", views.assign, name="assign"),
    path("<int:year>/<str:code>/describe/", views.describe, name="describe"),
    path("<int:year>/<str:code>/components/", views.components, name="components"),
    path("<int:year>/<str:code>/review/", views.review, name="review"),
    path("<int:year>/<str:code>/evidence/<str:kind>/", views.add_evidence, name="add-evidence"),
]
