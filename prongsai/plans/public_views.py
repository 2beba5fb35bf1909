"""Anonymous pages (guideline 2.4): the approved plan with live progress, and its share card.

Only approved or published plans exist here; a draft or submitted plan is a 404 like a missing one.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from prongsai.agencies.models import Agency
from prongsai.plans import overview, sharing
from prongsai.plans.models import Plan


def _public_plan(agency_slug: str, year: int) -> Plan:
    agency = get_object_or_404(Agency, slug=agency_slug)
    plan = (
        Plan.objects.public()
        .select_related("assessment__agency", "assessment__criteria")
        .filter(assessment__agency=agency, assessment__fiscal_year=year)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


@require_GET
def plan(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    found = _public_plan(agency, year)
    view = overview.build(found)
    card = sharing.card_facts(found, view)
    card_url = request.build_absolute_uri(reverse("public-plans:card", kwargs={"agency": agency, "year": year}))
    context = {
        "agency": found.assessment.agency,
        "plan": found,
        "view": view,
        "card": card,
        "card_url": card_url,
        "page_url": request.build_absolute_uri(request.path),
    }
    return render(request, "plans/public_plan.html", context)


@require_GET
def card(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    found = _public_plan(agency, year)
    facts = sharing.card_facts(found, overview.build(found))
    response = HttpResponse(sharing.card_png(facts), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="ita-plan-{agency}-{year}.png"'
    return response
