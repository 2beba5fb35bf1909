from django.contrib import admin
from django.urls import include, path

from prongsai.agencies import views as agency_views
from prongsai.assessments import views as assessment_views
from prongsai.core import views as core_views

agency_patterns = [
    path("", assessment_views.dashboard, name="agency-home"),
    path("results/", assessment_views.results, name="results"),
    path("results/import/", assessment_views.import_results, name="results-import"),
    path("results/enter/", assessment_views.enter_result, name="results-enter"),
    path("results/analysis/", assessment_views.results_analysis, name="results-analysis"),
    path("settings/", agency_views.settings_page, name="agency-settings"),
    path("criteria/", include("prongsai.criteria.urls")),
    path("documents/", include("prongsai.documents.urls")),
    path("plan/", include("prongsai.plans.urls")),
    path("oit/", include("prongsai.disclosure.urls")),
    path("surveys/", include("prongsai.surveys.urls")),
    path("registers/", include("prongsai.registers.urls")),
    path("complaints/", include("prongsai.complaints.urls")),
    path("audit/", include("prongsai.audit.urls")),
    path("api/", include("prongsai.api.staff_urls")),
]

# Anonymous pages: citizens, respondents, assessors. Each app owns its own public_urls.py.
public_patterns = [
    path("plan/", include("prongsai.plans.public_urls")),
    path("oit/", include("prongsai.disclosure.public_urls")),
    path("surveys/", include("prongsai.surveys.public_urls")),
    path("registers/", include("prongsai.registers.public_urls")),
    path("complaints/", include("prongsai.complaints.public_urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("accounts/", include("prongsai.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("a/<slug:agency>/", include(agency_patterns)),
    path("p/<slug:agency>/", include(public_patterns)),
    path("api/", include("prongsai.api.urls")),
    path("s/", include("prongsai.surveys.short_urls")),
]
