"""The published OIT of one agency and year, as the public page, the per-item pages and the JSON feed show it.

Only items whose status is *published* appear. Everything here is read-only; the cache key carries the year's
`public_version`, which every publish/unpublish bumps, so no process ever serves a stale page for long.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from prongsai.assessments.models import Assessment
from prongsai.core import linking
from prongsai.criteria.framework import OitItem, SubIndicator
from prongsai.disclosure.models import Evidence, EvidenceKind, ItemStatus, OitItemWork

CACHE_SECONDS = 600  # linked records change without a publish; this bounds how stale they can be


@dataclass(frozen=True)
class PublicEvidence:
    title: str
    url: str  # absolute path on Prongsai or an external address
    kind: str
    external: bool
    file_type: str
    size: int | None
    date: dt.date | None


@dataclass
class PublicItem:
    code: str
    title: str
    description: str
    url: str  # the stable per-item page, for ITAS
    evidence: list[PublicEvidence]
    updated: dt.date | None
    item: OitItem


@dataclass
class PublicGroup:
    indicator: int
    indicator_name: str
    sub: SubIndicator
    items: list[PublicItem] = field(default_factory=list)


@dataclass
class PublicYear:
    agency: Any
    assessment: Assessment
    groups: list[PublicGroup]

    @property
    def items(self) -> list[PublicItem]:
        return [i for g in self.groups for i in g.items]

    @property
    def updated(self) -> dt.date | None:
        dates = [i.updated for i in self.items if i.updated]
        return max(dates) if dates else None


def item_url(agency_slug: str, year: int, code: str) -> str:
    return reverse("public-disclosure:item", kwargs={"agency": agency_slug, "year": year, "code": code})


def evidence_url(
    evidence: Evidence, agency_slug: str, year: int, code: str, records: dict[tuple[str, str], Any]
) -> str:
    if evidence.kind == EvidenceKind.URL:
        return evidence.url
    if evidence.kind == EvidenceKind.FILE:
        return reverse(
            "public-disclosure:file",
            kwargs={"agency": agency_slug, "year": year, "code": code, "pk": evidence.pk, "ext": evidence.file_type},
        )
    if evidence.kind == EvidenceKind.PAGE:
        return reverse(
            "public-disclosure:page", kwargs={"agency": agency_slug, "year": year, "code": code, "pk": evidence.pk}
        )
    linked = records.get((evidence.record_type, evidence.record_id))
    return linked.evidence_url() if linked is not None else ""


def _records(evidence: list[Evidence], agency: Any) -> dict[tuple[str, str], Any]:
    """Linked records whose public page answers, one query per record type (never one per evidence). Records
    not public yet (a draft manual, an unapproved risk assessment) are left out: the public page skips them."""
    wanted: dict[str, set[str]] = {}
    for ev in evidence:
        if ev.kind == EvidenceKind.RECORD and ev.record_type in linking.LINKABLE:
            wanted.setdefault(ev.record_type, set()).add(ev.record_id)
    found: dict[tuple[str, str], Any] = {}
    for label, ids in wanted.items():
        model = apps.get_model(label)
        for obj in model._default_manager.filter(pk__in=ids, agency=agency):
            if linking.is_public(obj):
                found[(label, str(obj.pk))] = obj
    return found


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def build(assessment: Assessment, code: str | None = None) -> PublicYear:
    """The published items of `assessment` (or only `code`), grouped by indicator and sub-indicator."""
    agency = assessment.agency
    criteria = assessment.criteria.framework
    works = OitItemWork.objects.filter(assessment=assessment, status=ItemStatus.PUBLISHED).prefetch_related("evidence")
    if code is not None:
        works = works.filter(code=code)
    by_code = {w.code: w for w in works}
    all_evidence = [ev for w in by_code.values() for ev in w.evidence.all()]
    records = _records(all_evidence, agency)
    groups = {
        s.code: PublicGroup(s.indicator, criteria.indicator(s.indicator).name_th, s) for s in criteria.sub_indicators
    }
    year = assessment.fiscal_year
    for item in criteria.oit_items:
        work = by_code.get(item.code)
        if work is None:
            continue
        evidence = []
        for ev in work.evidence.all():
            url = evidence_url(ev, agency.slug, year, item.code, records)
            if not url:
                continue
            linked = records.get((ev.record_type, ev.record_id))
            title = str(linked.evidence_title()) if linked is not None else ev.title
            day = _as_date(linked.evidence_updated()) if linked is not None else ev.evidence_date
            evidence.append(
                PublicEvidence(title, url, ev.kind, ev.kind == EvidenceKind.URL, ev.file_type, ev.file_size, day)
            )
        updated = _as_date(work.published_at)
        groups[item.sub_indicator].items.append(
            PublicItem(
                item.code,
                item.title_th,
                work.description,
                item_url(agency.slug, year, item.code),
                evidence,
                updated,
                item,
            )
        )
    return PublicYear(agency, assessment, [g for g in groups.values() if g.items])


def feed(public: PublicYear) -> dict[str, Any]:
    """The JSON feed: what an agency website (or the widget) needs to show the OIT list."""
    site = settings.SITE_URL.rstrip("/")

    def absolute(url: str) -> str:
        return url if url.startswith(("http://", "https://")) else site + url

    assessment = public.assessment
    return {
        "agency": {"slug": public.agency.slug, "name_th": public.agency.name_th, "name_en": public.agency.name_en},
        "fiscal_year": assessment.fiscal_year,
        "criteria": assessment.criteria.code,
        "page": absolute(
            reverse("public-disclosure:year", kwargs={"agency": public.agency.slug, "year": assessment.fiscal_year})
        ),
        "updated": public.updated.isoformat() if public.updated else None,
        "groups": [
            {
                "indicator": g.indicator,
                "sub_indicator": g.sub.code,
                "name_th": g.sub.name_th,
                "name_en": g.sub.name_en,
                "items": [
                    {
                        "code": i.code,
                        "title_th": i.title,
                        "title_en": i.item.title_en,
                        "description": i.description,
                        "url": absolute(i.url),
                        "updated": i.updated.isoformat() if i.updated else None,
                        "evidence": [
                            {
                                "title": e.title,
                                "url": absolute(e.url),
                                "kind": e.kind,
                                "date": e.date.isoformat() if e.date else None,
                            }
                            for e in i.evidence
                        ],
                    }
                    for i in g.items
                ],
            }
            for g in public.groups
        ],
    }


def published_years(agency: Any) -> list[tuple[int, int]]:
    """(fiscal year, published item count) of every year with something published, newest first."""
    from django.db.models import Count, Q

    rows = (
        Assessment.objects.filter(agency=agency)
        .annotate(n=Count("oit_items", filter=Q(oit_items__status=ItemStatus.PUBLISHED)))
        .filter(n__gt=0)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", "n")
    )
    return list(rows)
