"""The public transparency pages (/p/<agency>/oit/…): only published items, cached per published version.

Assessors open these from ITAS and citizens from the agency's website, often on a phone: the year page is
rendered once per published version and language and then served from the cache (two small queries).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from prongsai.agencies.models import Agency
from prongsai.disclosure import publishing
from prongsai.disclosure.models import Evidence, EvidenceKind, ItemStatus, OitYear
from prongsai.lib.uploads import CONTENT_TYPES, serve_file

CSRF_MARKER = "__prongsai_csrf_token__"
# The embed page may be framed by any site (it shows only public data and has no forms); nothing else may be.
EMBED_CSP = "; ".join(
    [
        "default-src 'none'",
        "style-src 'self'",
        "font-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors *",
    ]
)


def _year(agency_slug: str, year: int) -> tuple[Agency, OitYear]:
    oit_year = (
        OitYear.objects.select_related("assessment__agency", "assessment__criteria")
        .filter(assessment__agency__slug=agency_slug, assessment__fiscal_year=year)
        .first()
    )
    if oit_year is None:
        raise Http404
    return oit_year.assessment.agency, oit_year


def _cache_key(kind: str, oit_year: OitYear, *extra: Any) -> str:
    parts = [kind, oit_year.assessment.agency.slug, oit_year.assessment.fiscal_year, oit_year.public_version]
    return "oit-public:" + ":".join(str(p) for p in [*parts, get_language() or "th", *extra])


@require_GET
def years(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = get_object_or_404(Agency, slug=agency)
    rows = publishing.published_years(agency_obj)
    return render(request, "disclosure/public/years.html", {"agency": agency_obj, "years": rows})


@require_GET
def year(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    agency_obj, oit_year = _year(agency, year)

    def build() -> dict[str, Any]:
        public = publishing.build(oit_year.assessment)
        other = [y for y, _n in publishing.published_years(agency_obj) if y != year]
        return {"agency": agency_obj, "public": public, "oit_year": oit_year, "other_years": other}

    return _public_page(request, _cache_key("year", oit_year), "disclosure/public/year.html", build)


def _public_page(request: HttpRequest, key: str, template: str, build: Any) -> HttpResponse:
    """Serve a cached page body. The layout's language form carries a CSRF token, so the cached copy holds a
    marker in its place and each visitor gets their own token."""
    html = cache.get(key)
    if html is None:
        context = build()
        context["csrf_token"] = CSRF_MARKER
        html = render_to_string(template, context, request=request)
        cache.set(key, html, publishing.CACHE_SECONDS)
    return HttpResponse(html.replace(CSRF_MARKER, get_token(request)))


@require_GET
def item(request: HttpRequest, agency: str, year: int, code: str) -> HttpResponse:
    agency_obj, oit_year = _year(agency, year)

    def build() -> dict[str, Any]:
        public = publishing.build(oit_year.assessment, code=code)
        if not public.items:
            raise Http404
        return {"agency": agency_obj, "public": public, "entry": public.items[0], "group": public.groups[0]}

    return _public_page(request, _cache_key("item", oit_year, code), "disclosure/public/item.html", build)


def _published_evidence(agency: str, year: int, code: str, pk: int, kind: str) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("item__assessment__agency"),
        pk=pk,
        kind=kind,
        item__code=code,
        item__status=ItemStatus.PUBLISHED,
        item__assessment__fiscal_year=year,
        item__assessment__agency__slug=agency,
    )


@require_GET
def evidence_file(request: HttpRequest, agency: str, year: int, code: str, pk: int, ext: str) -> FileResponse:
    evidence = _published_evidence(agency, year, code, pk, EvidenceKind.FILE)
    if ext != evidence.file_type:
        raise Http404
    response = serve_file(
        evidence.file, download_name=evidence.download_name, content_type=CONTENT_TYPES.get(evidence.file_type)
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def evidence_page(request: HttpRequest, agency: str, year: int, code: str, pk: int) -> HttpResponse:
    evidence = _published_evidence(agency, year, code, pk, EvidenceKind.PAGE)
    assessment = evidence.item.assessment
    definition = assessment.criteria.framework.oit_item(code)
    context = {"agency": assessment.agency, "evidence": evidence, "definition": definition, "year": year}
    return render(request, "disclosure/public/page.html", context)


@require_GET
def feed(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    _agency, oit_year = _year(agency, year)
    key = _cache_key("feed", oit_year)
    body = cache.get(key)
    if body is None:
        body = json.dumps(publishing.feed(publishing.build(oit_year.assessment)), ensure_ascii=False)
        cache.set(key, body, publishing.CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    # Only the feed is readable from other origins: the agency's own website shows it with the widget.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def years_feed(request: HttpRequest, agency: str) -> JsonResponse:
    agency_obj = get_object_or_404(Agency, slug=agency)
    rows = publishing.published_years(agency_obj)
    response = JsonResponse({"agency": agency_obj.slug, "years": [{"fiscal_year": y, "items": n} for y, n in rows]})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@xframe_options_exempt
@require_GET
def embed(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    agency_obj, oit_year = _year(agency, year)
    key = _cache_key("embed", oit_year)
    html = cache.get(key)
    if html is None:
        public = publishing.build(oit_year.assessment)
        html = render_to_string(
            "disclosure/public/embed.html", {"agency": agency_obj, "public": public}, request=request
        )
        cache.set(key, html, publishing.CACHE_SECONDS)
    response = HttpResponse(html)
    response["Content-Security-Policy"] = EMBED_CSP
    return response
