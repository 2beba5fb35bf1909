"""The REST API (/api/v1/): read-only data an overseer or the agency's website needs, per agency token.

Every endpoint reads through the caller's `AgencyAccess` (the token's agency and the user's role there),
so a token for agency A can never read agency B. The OpenAPI schema is at /api/v1/openapi.json and the
interactive docs at /api/v1/docs (served locally).
"""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer

from prongsai.agencies.access import AgencyAccess, Can
from prongsai.api import optional
from prongsai.api.tokens import access_for
from prongsai.assessments.models import Assessment, AssessmentResult


class TokenAuth(HttpBearer):
    """`Authorization: Bearer psk_…`; the token is looked up by its hash."""

    def authenticate(self, request: HttpRequest, token: str) -> AgencyAccess | None:
        access = access_for(token)
        if access is None or not access.can(Can.VIEW):
            return None
        return access


api = NinjaAPI(
    title="Prongsai API",
    version="1",
    description="Read-only ITA data of the agency the token belongs to. Figures are as NACC published them.",
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs_url="/docs",
)


class Message(Schema):
    """Why a request was refused (401: no valid token; 404: nothing for that fiscal year)."""

    detail: str


class AgencyOut(Schema):
    slug: str
    name_th: str
    name_en: str
    agency_type: str
    size_group: str
    province: str
    district: str
    website: str


class IndicatorOut(Schema):
    number: int
    score: float | None


class ResultOut(Schema):
    fiscal_year: int
    total: float
    level: str
    level_name_th: str
    iit: float | None
    eit: float | None
    oit: float | None
    indicators: list[IndicatorOut]


class AssessmentOut(Schema):
    fiscal_year: int
    status: str
    criteria: str
    result: ResultOut | None


def caller(request: HttpRequest) -> AgencyAccess:
    """The AgencyAccess that TokenAuth put on the request."""
    return request.auth  # type: ignore[attr-defined]


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _result(result: AssessmentResult) -> ResultOut:
    level = result.level
    return ResultOut(
        fiscal_year=result.assessment.fiscal_year,
        total=float(result.total),
        level=result.level_code,
        level_name_th=level.name_th if level else "",
        iit=_num(result.iit),
        eit=_num(result.eit),
        oit=_num(result.oit),
        indicators=[IndicatorOut(number=s.number, score=_num(s.score)) for s in result.indicator_scores.all()],
    )


def _assessment(assessment: Assessment) -> AssessmentOut:
    result = getattr(assessment, "result", None) if _has_result(assessment) else None
    return AssessmentOut(
        fiscal_year=assessment.fiscal_year,
        status=assessment.status,
        criteria=assessment.criteria.code,
        result=_result(result) if result is not None else None,
    )


def _has_result(assessment: Assessment) -> bool:
    try:
        return assessment.result is not None
    except AssessmentResult.DoesNotExist:
        return False


def _assessments(access: AgencyAccess):  # -> QuerySet[Assessment]
    return (
        access.filter(Assessment)
        .select_related("criteria", "result", "result__assessment__criteria")
        .prefetch_related("result__indicator_scores")
        .order_by("-fiscal_year")
    )


def _one_assessment(access: AgencyAccess, fiscal_year: int) -> Assessment:
    # B.E. years only; anything else cannot exist (and must not overflow a small integer column).
    assessment = _assessments(access).filter(fiscal_year=fiscal_year).first() if 2400 <= fiscal_year <= 2800 else None
    if assessment is None:
        raise Http404("No assessment for that fiscal year.")
    return assessment


@api.get("/agency", response={200: AgencyOut, 401: Message}, summary="The token's agency")
def agency(request: HttpRequest) -> AgencyOut:
    a = caller(request).agency
    return AgencyOut(
        slug=a.slug,
        name_th=a.name_th,
        name_en=a.name_en,
        agency_type=a.agency_type,
        size_group=a.size_group,
        province=a.province,
        district=a.district,
        website=a.website,
    )


@api.get(
    "/assessments",
    response={200: list[AssessmentOut], 401: Message},
    summary="Assessments by fiscal year, newest first",
)
def assessments(request: HttpRequest) -> list[AssessmentOut]:
    return [_assessment(a) for a in _assessments(caller(request))]


@api.get(
    "/assessments/{int:fiscal_year}",
    response={200: AssessmentOut, 401: Message, 404: Message},
    summary="One assessment (fiscal year in B.E., e.g. 2568) with its published result",
)
def assessment(request: HttpRequest, fiscal_year: int) -> AssessmentOut:
    return _assessment(_one_assessment(caller(request), fiscal_year))


@api.get(
    "/results",
    response={200: list[ResultOut], 401: Message},
    summary="Published ITA results by fiscal year, newest first",
)
def results(request: HttpRequest) -> list[ResultOut]:
    rows = (
        caller(request)
        .filter(AssessmentResult, agency_field="assessment__agency")
        .select_related("assessment__criteria")
        .prefetch_related("indicator_scores")
        .order_by("-assessment__fiscal_year")
    )
    return [_result(r) for r in rows]


optional.mount(api, _one_assessment)
