"""Anonymous pages of the registers: what the agency publishes (OIT evidence) and nothing else.

Only published records show: the No Gift announcement once marked published, manual versions once published,
the measures once published. Internal registers (COI declarations, training attendance) appear as summaries
without names.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from prongsai.agencies.models import Agency
from prongsai.documents.registry import DocumentError, DocumentRequest
from prongsai.documents.registry import render as render_document
from prongsai.lib.uploads import serve_file
from prongsai.registers import reports
from prongsai.registers.models import (
    CoiRound,
    GiftPolicy,
    Manual,
    ManualVersion,
    RewardsMeasures,
    RiskAssessment,
    TrainingEvent,
    TrainingMaterial,
)
from prongsai.registers.views import procedure_context

# Generated documents anyone may download, and the record that must be published first.
PUBLIC_KINDS = {
    "no-gift-announcement": ("pdf", "docx"),
    "gifts-report": ("pdf", "docx"),
    "risk-assessment": ("pdf", "docx"),
    "risk-follow-up": ("pdf", "docx"),
}


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def _page(request: HttpRequest, template: str, agency: Agency, **context: object) -> HttpResponse:
    return render(request, f"registers/public/{template}", {"agency": agency, **context})


def borrowing(request: HttpRequest, agency: str) -> HttpResponse:
    org = _agency(agency)
    return _page(request, "borrowing.html", org, **procedure_context(org))


def manuals(request: HttpRequest, agency: str) -> HttpResponse:
    org = _agency(agency)
    versions = (
        ManualVersion.objects.filter(manual__agency=org, published_at__isnull=False)
        .select_related("manual", "manual__department")
        .order_by("manual__kind", "manual__title", "-number")
    )
    latest: dict[int, ManualVersion] = {}
    for version in versions:
        latest.setdefault(version.manual_id, version)  # the newest published version of each manual
    return _page(request, "manuals.html", org, versions=list(latest.values()))


def manual(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    org = _agency(agency)
    item = get_object_or_404(Manual.objects.select_related("department"), agency=org, pk=pk)
    versions = list(item.versions.filter(published_at__isnull=False).order_by("-number"))
    if not versions:
        raise Http404
    return _page(request, "manual.html", org, manual=item, current=versions[0], archived=versions[1:])


def manual_file(request: HttpRequest, agency: str, pk: int, number: int) -> HttpResponseBase:
    """A published version's file at a stable address that keeps working after newer versions appear."""
    version = get_object_or_404(
        ManualVersion.objects.select_related("manual"),
        manual__agency__slug=agency,
        manual_id=pk,
        number=number,
        published_at__isnull=False,
    )
    return serve_file(version.file, download_name=version.download_name)


def gift_policy(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    org = _agency(agency)
    policy = get_object_or_404(GiftPolicy, agency=org, fiscal_year=year, published=True)
    paragraphs = [p for p in policy.body.splitlines() if p.strip()]
    return _page(request, "gift_policy.html", org, policy=policy, paragraphs=paragraphs)


def gifts_report(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    org = _agency(agency)
    policy = get_object_or_404(GiftPolicy, agency=org, fiscal_year=year, published=True)
    return _page(request, "gifts_report.html", org, policy=policy, summary=reports.gift_year(org, year))


def coi(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    org = _agency(agency)
    round_ = get_object_or_404(CoiRound, agency=org, fiscal_year=year)
    return _page(request, "coi.html", org, round=round_, progress=reports.coi_progress(round_))


def event(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    org = _agency(agency)
    item = get_object_or_404(TrainingEvent, agency=org, pk=pk)
    return _page(
        request, "event.html", org, event=item, attendees=item.attendances.count(), materials=item.materials.all()
    )


def material_file(request: HttpRequest, agency: str, pk: int) -> HttpResponseBase:
    material = get_object_or_404(TrainingMaterial, event__agency__slug=agency, pk=pk)
    return serve_file(material.file, download_name=material.original_name)


def risks(request: HttpRequest, agency: str, year: int, follow_up: bool = False) -> HttpResponse:
    org = _agency(agency)
    assessment = get_object_or_404(RiskAssessment, agency=org, fiscal_year=year, approved_at__isnull=False)
    items = reports.risks_of(assessment)
    return _page(
        request,
        "risks.html",
        org,
        assessment=assessment,
        risks=items,
        follow_up=follow_up,
        matrix=reports.risk_matrix(items),
        counts=reports.level_counts(items),
    )


def rewards_measures(request: HttpRequest, agency: str) -> HttpResponse:
    org = _agency(agency)
    measures = get_object_or_404(RewardsMeasures, agency=org, published=True)
    return _page(
        request,
        "rewards_measures.html",
        org,
        measures=measures,
        paragraphs=[p for p in measures.body.splitlines() if p.strip()],
    )


def _published(org: Agency, kind: str, year: int) -> bool:
    if kind in ("no-gift-announcement", "gifts-report"):
        return GiftPolicy.objects.filter(agency=org, fiscal_year=year, published=True).exists()
    return RiskAssessment.objects.filter(agency=org, fiscal_year=year, approved_at__isnull=False).exists()


def document(request: HttpRequest, agency: str, year: int, kind: str, fmt: str) -> HttpResponse:
    """A published register document as a file, through the documents registry (same as the CLI)."""
    org = _agency(agency)
    if fmt not in PUBLIC_KINDS.get(kind, ()) or not _published(org, kind, year):
        raise Http404
    try:
        made = render_document(kind, DocumentRequest(org, year, fmt, language=get_language() or "th"))
    except DocumentError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(made.content, content_type=made.content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{made.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
