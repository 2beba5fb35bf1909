"""The audit trail for coordinators and auditors (Can.AUDIT): filter, read before/after, export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.audit.queries import AuditFilter, action_families, entries_for_agency
from prongsai.documents.registry import DocumentRequest
from prongsai.documents.registry import render as render_document

PAGE_SIZE = 50


@agency_view(Can.AUDIT)
def index(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    scoped = entries_for_agency(access.agency)
    chosen = AuditFilter.from_params(request.GET)
    entries = chosen.apply(scoped).order_by("-id")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/index.html",
        {
            "active_nav": "audit",
            "page": page,
            "filter": chosen,
            "families": action_families(scoped),
            "query": query.urlencode(),
        },
    )


@agency_view(Can.AUDIT)
def export(request: HttpRequest, access: AgencyAccess, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    options = {k: str(v) for k, v in request.GET.items() if k in ("action", "actor", "q", "from", "to")}
    document = render_document(
        "audit-log",
        DocumentRequest(agency=access.agency, fiscal_year=None, format=fmt, options=options, language=get_language()),
    )
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response
