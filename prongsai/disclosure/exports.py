"""Downloadable kinds of the OIT: the ITAS sheet (item → URLs → description) and the department OIT manuals (2.2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.agencies.models import Department
from prongsai.assessments.models import Assessment
from prongsai.criteria.framework import OitItem
from prongsai.disclosure import publishing
from prongsai.disclosure.models import ItemStatus, OitItemWork
from prongsai.documents import docx, pdf
from prongsai.documents.registry import Document, DocumentError, DocumentRequest, register
from prongsai.documents.xlsx import csv_bytes, workbook
from prongsai.lib import thaidate

ITAS_COLUMNS = ["item", "title", "itas_url", "evidence_urls", "description", "status", "published_on"]


def _assessment(request: DocumentRequest) -> Assessment:
    assessment = (
        Assessment.objects.select_related("criteria", "agency")
        .filter(agency=request.agency, fiscal_year=request.fiscal_year)
        .first()
        if request.fiscal_year is not None
        else None
    )
    if assessment is None:
        raise DocumentError(f"{request.agency.slug} has no assessment for fiscal year {request.fiscal_year}")
    return assessment


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL.rstrip("/") + url


def itas_rows(assessment: Assessment) -> list[list[object]]:
    """One row per OIT item of the year. Addresses are given only for published items: an address entered in ITAS
    must open for the assessor."""
    criteria = assessment.criteria.framework
    works = {w.code: w for w in OitItemWork.objects.filter(assessment=assessment)}
    public = {i.code: i for i in publishing.build(assessment).items}
    rows: list[list[object]] = []
    for item in criteria.oit_items:
        work = works.get(item.code)
        entry = public.get(item.code)
        status = work.status if work else ItemStatus.TO_DO
        rows.append(
            [
                item.code,
                item.title_th,
                _absolute(entry.url) if entry else "",
                "\n".join(_absolute(e.url) for e in entry.evidence) if entry else "",
                (work.description if work else "") or "",
                str(ItemStatus(status).label),
                thaidate.format_date(entry.updated) if entry and entry.updated else "",
            ]
        )
    return rows


@register(
    "itas-sheet",
    gettext_lazy("OIT addresses for ITAS (item → URLs → description)"),
    ("xlsx", "csv"),
    needs_year=True,
)
def itas_sheet(request: DocumentRequest) -> Document:
    assessment = _assessment(request)
    rows = itas_rows(assessment)
    name = f"itas-oit-{request.agency.slug}-{assessment.fiscal_year}.{request.format}"
    if request.format == "csv":
        return Document(csv_bytes(ITAS_COLUMNS, rows), name, "csv")
    return Document(workbook([(f"OIT {assessment.fiscal_year}", ITAS_COLUMNS, rows)]), name, "xlsx")


# --------------------------------------------------------------------------------------------------------------
# The OIT manual (guideline 2.2): one per department, or the whole agency's


@dataclass(frozen=True)
class ManualItem:
    item: OitItem
    sub_name: str
    department: str
    owner: str
    due: str
    status: str
    period_text: str


def _period_text(item: OitItem, year: int) -> str:
    if item.period == "previous_year":
        return _("Data of fiscal year %(year)d (the previous year's annual report)") % {"year": year - 1}
    return _("Data of fiscal year %(year)d") % {"year": year}


def manual_items(assessment: Assessment, department: Department | None) -> list[ManualItem]:
    """The items a department answers for (all items when `department` is None), from the year's assignments
    or, before the year is set up, from the criteria's default departments."""
    criteria = assessment.criteria.framework
    works = {w.code: w for w in OitItemWork.objects.filter(assessment=assessment).select_related("department", "owner")}
    departments = {d.code: d for d in Department.objects.filter(agency=assessment.agency)}
    subs = {s.code: s.name_th for s in criteria.sub_indicators}
    result = []
    for item in criteria.oit_items:
        work = works.get(item.code)
        dept = work.department if work else departments.get(item.default_department)
        if department is not None and (dept is None or dept.pk != department.pk):
            continue
        owner = (work.owner.get_full_name() or work.owner.get_username()) if work and work.owner else ""
        result.append(
            ManualItem(
                item=item,
                sub_name=subs.get(item.sub_indicator, ""),
                department=dept.name_th if dept else _("Not assigned"),
                owner=owner,
                due=thaidate.format_date(work.due_date) if work and work.due_date else "",
                status=str(ItemStatus(work.status).label) if work else str(ItemStatus.TO_DO.label),
                period_text=_period_text(item, assessment.fiscal_year),
            )
        )
    return result


def _steps(agency: Any, year: int) -> list[str]:
    site = settings.SITE_URL.rstrip("/")
    workspace = site + reverse("disclosure:index", kwargs={"agency": agency.slug})
    public = site + reverse("public-disclosure:year", kwargs={"agency": agency.slug, "year": year})
    return [
        _("Sign in to Prongsai and open the OIT workspace: %(url)s") % {"url": workspace},
        _("Open each item of your department. Read the required components and the hints below."),
        _(
            "Add the evidence: upload the file (PDF, Word, Excel or an image), give the address of the page on the "
            "agency website, or write the page in Prongsai. Record the date printed on each document."
        ),
        _("Tick each required component and choose the evidence that satisfies it."),
        _(
            "Press “Submit for approval” before the due date. The ITA coordinator or an executive approves it, or "
            "returns it with a comment saying what to change."
        ),
        _("Approved items are published on the agency's transparency page (%(url)s); its addresses go into ITAS.")
        % {"url": public},
    ]


def _common_rules(assessment: Assessment) -> list[str]:
    oit = assessment.criteria.framework.raw.get("oit", {}) or {}
    return [str(rule) for rule in oit.get("common_rules", ()) or ()]


def _department(request: DocumentRequest) -> Department | None:
    code = (request.options.get("department") or "").strip()
    if not code:
        return None
    department = Department.objects.filter(agency=request.agency, code=code).first()
    if department is None:
        codes = ", ".join(Department.objects.filter(agency=request.agency).values_list("code", flat=True))
        raise DocumentError(f"no department {code!r} in {request.agency.slug}; known: {codes}")
    return department


def manual_context(request: DocumentRequest) -> dict[str, Any]:
    assessment = _assessment(request)
    department = _department(request)
    items = manual_items(assessment, department)
    audience = department.name_th if department else request.agency.name_th
    return {
        "agency": request.agency,
        "assessment": assessment,
        "department": department,
        "items": items,
        "title": _("OIT disclosure manual, fiscal year %(year)d") % {"year": assessment.fiscal_year},
        "audience": audience,
        "steps": _steps(request.agency, assessment.fiscal_year),
        "rules": _common_rules(assessment),
        "made_on": thaidate.format_date(dt.date.today()),
    }


@register(
    "oit-manual",
    gettext_lazy("OIT disclosure manual (per department or whole agency)"),
    ("docx", "pdf"),
    needs_year=True,
    options_help="department=CODE (e.g. finance) for one department's manual; none for the whole agency",
)
def oit_manual(request: DocumentRequest) -> Document:
    context = manual_context(request)
    suffix = f"-{context['department'].code}" if context["department"] else ""
    name = f"oit-manual-{request.agency.slug}-{context['assessment'].fiscal_year}{suffix}.{request.format}"
    if request.format == "pdf":
        return Document(
            pdf.render_template("disclosure/oit_manual_pdf.html", context, language=request.language), name, "pdf"
        )
    return Document(_manual_docx(context), name, "docx")


def _manual_docx(context: dict[str, Any]) -> bytes:
    doc = docx.new_document()
    docx.heading(doc, context["title"], 1)
    docx.paragraph(doc, context["audience"], bold=True, align="center")
    docx.paragraph(doc, context["agency"].name_th, align="center")
    docx.heading(doc, _("Why this manual"), 2)
    docx.paragraph(
        doc,
        _(
            "The OIT (open data) part of the ITA makes up indicators 9 and 10. NACC's assessors check each item "
            "against its required components on the agency's website. This manual lists what your department "
            "publishes, what each item must contain, and by when."
        ),
        indent_cm=2.5,
    )
    if context["rules"]:
        docx.heading(doc, _("Rules for every item"), 2)
        for rule in context["rules"]:
            docx.paragraph(doc, f"• {rule}")
    docx.heading(doc, _("How to submit"), 2)
    for n, step in enumerate(context["steps"], 1):
        docx.paragraph(doc, f"{n}. {step}")
    docx.heading(doc, _("Items and due dates"), 2)
    docx.table(
        doc,
        [_("Item"), _("Title"), _("Department"), _("Due date"), _("Status")],
        [[m.item.code, m.item.title_th, m.department, m.due or "–", m.status] for m in context["items"]],
        widths_cm=[1.5, 7.0, 3.5, 2.5, 2.0],
    )
    for m in context["items"]:
        docx.heading(doc, f"{m.item.code} {m.item.title_th}", 2)
        docx.paragraph(doc, f"{_('Group')}: {m.item.sub_indicator} {m.sub_name}")
        docx.paragraph(doc, f"{_('Period')}: {m.period_text}")
        docx.paragraph(doc, f"{_('Responsible')}: {m.department}{' · ' + m.owner if m.owner else ''}")
        docx.paragraph(doc, f"{_('Due date')}: {m.due or '–'}")
        docx.paragraph(doc, _("Required components"), bold=True)
        if m.item.components:
            for component in m.item.components:
                docx.paragraph(doc, f"☐ {component.code} {component.text_th}")
        else:
            docx.paragraph(doc, f"☐ {m.item.title_th}")
        if m.item.hints_th:
            docx.paragraph(doc, _("Evidence hints and examples"), bold=True)
            for hint in m.item.hints_th:
                docx.paragraph(doc, f"• {hint}")
        if m.item.keywords:
            docx.paragraph(doc, f"{_('Key words assessors look for')}: {', '.join(m.item.keywords)}")
    if not context["items"]:
        docx.paragraph(doc, _("No OIT item is assigned to this department this year."))
    docx.paragraph(doc, f"{_('Made on')} {context['made_on']}", align="right")
    return docx.to_bytes(doc)
