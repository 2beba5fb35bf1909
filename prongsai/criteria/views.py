from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.assessments.models import Assessment
from prongsai.criteria import actions, framework
from prongsai.criteria.forms import CriteriaImportForm
from prongsai.criteria.models import CriteriaVersion, CriteriaVersionQuerySet


def _usable(access: AgencyAccess) -> CriteriaVersionQuerySet:
    return CriteriaVersion.objects.usable_by(access.agency)


def _version(access: AgencyAccess, code: str) -> CriteriaVersion:
    version = _usable(access).filter(code=code).first()
    if version is None:
        raise Http404
    return version


@agency_view(Can.VIEW)
def index(request: HttpRequest, access: AgencyAccess, form: CriteriaImportForm | None = None,
          errors: list[str] | None = None) -> HttpResponse:  # fmt: skip
    context = {
        "active_nav": "settings",
        "versions": _usable(access).order_by("-fiscal_year", "code"),
        "assessments": access.filter(Assessment.objects.select_related("criteria").latest_first()),
        "form": form or CriteriaImportForm(),
        "errors": errors or [],
    }
    return render(request, "criteria/index.html", context, status=400 if errors else 200)


@agency_view(Can.VIEW)
def detail(request: HttpRequest, access: AgencyAccess, code: str) -> HttpResponse:
    version = _version(access, code)
    criteria = version.framework
    assessment = access.filter(Assessment, fiscal_year=version.fiscal_year).first()
    context = {
        "active_nav": "settings",
        "version": version,
        "criteria": criteria,
        "unconfirmed": criteria.unconfirmed_facts(),
        "assessment": assessment,
        "items_by_sub": [
            (sub, [i for i in criteria.oit_items if i.sub_indicator == sub.code]) for sub in criteria.sub_indicators
        ],
        "surveys": [("IIT", criteria.questions_of("IIT")), ("EIT", criteria.questions_of("EIT"))],
    }
    return render(request, "criteria/detail.html", context)


@require_POST
@agency_view(Can.MANAGE)
def import_version(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    form = CriteriaImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return index(request, agency=access.agency.slug, form=form, errors=[e for v in form.errors.values() for e in v])
    upload = form.cleaned_data["file"]
    try:
        version = actions.import_corrected(access.agency, upload.read(), upload.name, request.user)
    except framework.CriteriaError as exc:
        return index(request, agency=access.agency.slug, form=form, errors=exc.problems)
    messages.success(request, _("Loaded criteria version %(code)s.") % {"code": version.code})
    return redirect("criteria:detail", agency=access.agency.slug, code=version.code)


@require_POST
@agency_view(Can.MANAGE)
def use_version(request: HttpRequest, access: AgencyAccess, code: str) -> HttpResponse:
    version = _version(access, code)
    assessment = access.get(Assessment, fiscal_year=version.fiscal_year)
    actions.bind_assessment(assessment, version, request.user)
    messages.success(
        request,
        _("Fiscal year %(year)d now uses criteria %(code)s.") % {"year": assessment.fiscal_year, "code": version.code},
    )
    return redirect("criteria:detail", agency=access.agency.slug, code=version.code)
