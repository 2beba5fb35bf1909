"""Endpoints over other apps' data (OIT, plan) that are mounted only when those apps are installed and importable.

Keeping them here, behind `apps.is_installed` and a guarded import, lets the API ship and be tested while
an app is absent; the schema then simply does not list the endpoint.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema

from prongsai.agencies.access import AgencyAccess


def _module(app: str, name: str) -> ModuleType | None:
    if not apps.is_installed(app):
        return None
    try:
        return importlib.import_module(f"{app}.{name}")
    except ImportError:
        return None


class Message(Schema):
    detail: str


class EvidenceLinkOut(Schema):
    title: str
    url: str
    kind: str
    date: dt.date | None


class OitItemOut(Schema):
    code: str
    status: str
    due_date: dt.date | None
    published_at: dt.datetime | None
    evidence: list[EvidenceLinkOut]


class MeasureOut(Schema):
    indicator: int
    text: str
    status: str
    progress: int
    responsible: list[str]


class PlanOut(Schema):
    fiscal_year: int
    status: str
    measures: int
    done: int
    late: int
    average_progress: float
    items: list[MeasureOut]


def mount(api: NinjaAPI, one_assessment: Callable[[AgencyAccess, int], Any]) -> None:
    disclosure = _module("prongsai.disclosure", "models")
    publishing = _module("prongsai.disclosure", "publishing")
    if disclosure is not None and publishing is not None:
        _mount_oit(api, one_assessment, disclosure, publishing)
    plans = _module("prongsai.plans", "models")
    if plans is not None:
        _mount_plan(api, one_assessment, plans)


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL.rstrip("/") + url


def _mount_oit(api: NinjaAPI, one_assessment: Callable, disclosure: ModuleType, publishing: ModuleType) -> None:
    @api.get(
        "/assessments/{int:fiscal_year}/oit",
        response={200: list[OitItemOut], 401: Message, 404: Message},
        summary="OIT items of a year: status of every item, evidence links of the published ones",
    )
    def oit_items(request: HttpRequest, fiscal_year: int) -> list[OitItemOut]:
        assessment = one_assessment(request.auth, fiscal_year)  # type: ignore[attr-defined]
        public = publishing.build(assessment)
        links = {item.code: item.evidence for group in public.groups for item in group.items}
        works = disclosure.OitItemWork.objects.filter(assessment=assessment).order_by("order", "code")
        return [
            OitItemOut(
                code=work.code,
                status=work.status,
                due_date=work.due_date,
                published_at=work.published_at,
                evidence=[
                    EvidenceLinkOut(title=e.title, url=_absolute(e.url), kind=e.kind, date=e.date)
                    for e in links.get(work.code, [])
                ],
            )
            for work in works
        ]


def _mount_plan(api: NinjaAPI, one_assessment: Callable, plans: ModuleType) -> None:
    @api.get(
        "/assessments/{int:fiscal_year}/plan",
        response={200: PlanOut, 401: Message, 404: Message},
        summary="Progress of the year's improvement plan, measure by measure",
    )
    def plan_progress(request: HttpRequest, fiscal_year: int) -> Any:
        assessment = one_assessment(request.auth, fiscal_year)  # type: ignore[attr-defined]
        plan = plans.Plan.objects.filter(assessment=assessment).first()
        if plan is None:
            raise Http404("No plan for that fiscal year.")
        measures = list(plan.measures.prefetch_related("departments").select_related("plan__assessment"))
        items = [
            MeasureOut(
                indicator=m.indicator,
                text=m.text,
                status=m.effective_status(),
                progress=m.progress,
                responsible=m.responsible_names(),
            )
            for m in measures
        ]
        return PlanOut(
            fiscal_year=fiscal_year,
            status=plan.status,
            measures=len(items),
            done=sum(1 for i in items if i.status == "done"),
            late=sum(1 for i in items if i.status == "late"),
            average_progress=round(sum(i.progress for i in items) / len(items), 1) if items else 0.0,
            items=items,
        )
