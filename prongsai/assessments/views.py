"""Dashboard and results pages: guard → form → action → redirect, nothing more."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.assessments import actions
from prongsai.assessments.forms import ResultEntryForm, ResultsImportForm
from prongsai.assessments.models import Assessment, AssessmentQuerySet
from prongsai.assessments.results_file import INDICATOR_COLUMNS, ResultRow, parse_results, read_table
from prongsai.assessments.summary import summarise


def _assessments(access: AgencyAccess) -> AssessmentQuerySet:
    # AgencyAccess.filter is typed as returning a plain QuerySet; Assessment's default manager gives this one.
    return cast(AssessmentQuerySet, access.filter(Assessment)).select_related("criteria").latest_first()


@agency_view(Can.VIEW)
def dashboard(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    assessments = list(_assessments(access))
    if not assessments:
        return render(request, "assessments/empty.html", {"active_nav": "home"})
    years = [a.fiscal_year for a in assessments]
    wanted = request.GET.get("year", "")
    current = next((a for a in assessments if str(a.fiscal_year) == wanted), assessments[0])
    earlier = [a for a in assessments if a.fiscal_year < current.fiscal_year]
    previous = earlier[0] if earlier else None
    summary = summarise(current, previous)
    baseline = summarise(previous, earlier[1] if len(earlier) > 1 else None) if previous else None
    context = {
        "active_nav": "home",
        "assessment": current,
        "years": years,
        "summary": summary,
        "baseline": baseline,
        "unconfirmed": len(current.criteria.framework.unconfirmed_facts()),
    }
    return render(request, "assessments/dashboard.html", context)


@agency_view(Can.VIEW)
def results(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    return _results_page(request, access)


@require_POST
@agency_view(Can.MANAGE)
def import_results(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    form = ResultsImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = parse_results(read_table(upload.name, upload.read()))
            errors = parsed.errors
            if not errors:
                saved = actions.import_results(access.agency, parsed.rows, request.user)
                messages.success(request, _("Imported %(count)d year(s) of results.") % {"count": len(saved)})
                return redirect("results", agency=access.agency.slug)
        except ValueError as exc:  # unreadable file or ImportRefused
            errors = getattr(exc, "errors", [str(exc)])
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    return _results_with_errors(request, access, errors, import_form=form)


@require_POST
@agency_view(Can.MANAGE)
def enter_result(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    form = ResultEntryForm(request.POST)
    if not form.is_valid():
        return _results_with_errors(request, access, [], entry_form=form)
    data = form.cleaned_data
    row = ResultRow(
        row=1,
        fiscal_year=data["fiscal_year"],
        indicators={n: data.get(name) for n, name in enumerate(INDICATOR_COLUMNS, start=1)},
        instruments={k: data.get(k) for k in ("IIT", "EIT", "OIT")},
        total=data["total"],
        level="",
        note=data.get("note", ""),
    )
    try:
        actions.import_results(access.agency, [row], request.user, source="manual")
    except actions.ImportRefused as refused:
        return _results_with_errors(request, access, refused.errors, entry_form=form)
    messages.success(request, _("Saved the result of fiscal year %(year)d.") % {"year": row.fiscal_year})
    return redirect("results", agency=access.agency.slug)


def _results_with_errors(
    request: HttpRequest, access: AgencyAccess, errors: list[str], **forms: object
) -> HttpResponse:
    return _results_page(request, access, status=400, import_errors=errors, **forms)


def _results_page(request: HttpRequest, access: AgencyAccess, status: int = 200, **extra: object) -> HttpResponse:
    assessments = list(_assessments(access).prefetch_related("result__indicator_scores"))
    summaries = [
        summarise(a, assessments[n + 1] if n + 1 < len(assessments) else None) for n, a in enumerate(assessments)
    ]
    context = {
        "active_nav": "results",
        "summaries": [s for s in summaries if s.result],
        "import_form": ResultsImportForm(),
        "entry_form": ResultEntryForm(),
        **extra,
    }
    return render(request, "assessments/results.html", context, status=status)


@agency_view(Can.VIEW)
def results_analysis(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    """Guideline 2.1: the result of a year against earlier ones, its gaps, and what-ifs (a plain GET form)."""
    from prongsai.assessments import analysis

    assessments = list(_assessments(access).prefetch_related("result__indicator_scores"))
    with_results = [a for a in assessments if hasattr(a, "result")]
    if not with_results:
        return render(request, "plans/results_analysis.html", {"active_nav": "results", "analysis": None})
    wanted = request.GET.get("year", "")
    chosen = next((a for a in with_results if str(a.fiscal_year) == wanted), with_results[0])
    criteria = chosen.criteria.framework
    all_items = [i.code for i in criteria.oit_items]
    items = request.GET.getlist("item") if "items_sent" in request.GET else all_items
    result = analysis.analyse(assessments, chosen, request.GET, items)
    context = {
        "active_nav": "results",
        "analysis": result,
        "charts": analysis.charts(result),
        "years": [a.fiscal_year for a in with_results],
        "query": request.GET,
        "items": set(items),
        "targets": analysis.TARGETS,
    }
    return render(request, "plans/results_analysis.html", context)
