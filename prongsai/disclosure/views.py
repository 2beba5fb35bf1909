"""Staff pages of the OIT workspace: guard → form → action → redirect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.agencies.models import Department
from prongsai.assessments.models import Assessment
from prongsai.core import linking
from prongsai.disclosure import actions, board, jobs, rules
from prongsai.disclosure.forms import (
    AssignForm,
    AttachForm,
    DefaultDueForm,
    DescriptionForm,
    EditEvidenceForm,
    FileEvidenceForm,
    PageEvidenceForm,
    ReviewForm,
    UrlEvidenceForm,
)
from prongsai.disclosure.models import (
    STATUS_ORDER,
    CheckRun,
    ComponentCheck,
    Evidence,
    EvidenceKind,
    ItemHistory,
    OitItemWork,
    OitYear,
)
from prongsai.lib.uploads import serve_file

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from prongsai.criteria.framework import Component

    class HtmxHttpRequest(HttpRequest):
        """A request that went through django_htmx's HtmxMiddleware (installed for every request)."""

        htmx: HtmxDetails

# --------------------------------------------------------------------------------------------------------------
# Helpers


def _assessment(access: AgencyAccess, year: int | str | None = None) -> Assessment | None:
    qs = access.filter(Assessment).select_related("criteria", "agency").order_by("-fiscal_year")
    if year:
        return qs.filter(fiscal_year=int(year)).first()
    return qs.first()


def _year_or_404(access: AgencyAccess, year: int) -> Assessment:
    assessment = _assessment(access, year)
    if assessment is None:
        raise Http404
    return assessment


def _item(access: AgencyAccess, year: int, code: str) -> OitItemWork:
    return access.get(
        board.prefetch_item(OitItemWork.objects.all()),
        agency_field="assessment__agency",
        assessment__fiscal_year=year,
        code=code,
    )


def _board_url(access: AgencyAccess, year: int) -> str:
    return reverse("disclosure:index", kwargs={"agency": access.agency.slug}) + f"?year={year}"


def _item_url(item: OitItemWork) -> str:
    return reverse(
        "disclosure:item",
        kwargs={"agency": item.assessment.agency.slug, "year": item.assessment.fiscal_year, "code": item.code},
    )


def _require_editor(access: AgencyAccess, item: OitItemWork) -> None:
    if not access.can_edit_department(item.department):
        raise PermissionDenied(_("Only the responsible department or the coordinator can change this item."))


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# --------------------------------------------------------------------------------------------------------------
# Board


@agency_view(Can.VIEW)
def index(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    years = list(access.filter(Assessment).order_by("-fiscal_year").values_list("fiscal_year", flat=True))
    assessment = _assessment(access, request.GET.get("year") if str(request.GET.get("year", "")).isdecimal() else None)
    if assessment is None:
        return render(request, "disclosure/no_assessment.html", {"active_nav": "oit"})
    oit_year = OitYear.objects.filter(assessment=assessment).select_related("completed_by").first()
    previous = _assessment(access, assessment.fiscal_year - 1)
    if oit_year is None or not OitItemWork.objects.filter(assessment=assessment).exists():
        return render(
            request,
            "disclosure/start.html",
            {"active_nav": "oit", "assessment": assessment, "previous": previous, "years": years},
        )
    criteria = assessment.criteria.framework
    rows = board.rows_for(assessment, criteria)
    department = request.GET.get("department", "")
    status = request.GET.get("status", "")
    shown = [
        r
        for r in rows
        if (not department or (r.work.department and r.work.department.code == department))
        and (not status or r.work.status == status)
    ]
    table, totals = board.completeness(rows)
    publication = board.publication(assessment, {r.work.code: r.work.status for r in rows})
    context = {
        "active_nav": "oit",
        "assessment": assessment,
        "oit_year": oit_year,
        "years": years,
        "groups": board.grouped(shown, criteria),
        "table": table,
        "totals": totals,
        "statuses": [(s.value, s.label) for s in STATUS_ORDER],
        "row_count": len(rows),
        "publication": publication,
        "projection": board.project(assessment, criteria, rows),
        "run": board.latest_run(assessment),
        "departments": Department.objects.filter(agency=access.agency),
        "department": department,
        "status": status,
        "due_form": DefaultDueForm(initial={"default_due": oit_year.default_due}),
        "previous": previous,
        "public_url": request.build_absolute_uri(
            reverse("public-disclosure:year", kwargs={"agency": access.agency.slug, "year": assessment.fiscal_year})
        ),
        "feed_url": request.build_absolute_uri(
            reverse("public-disclosure:feed", kwargs={"agency": access.agency.slug, "year": assessment.fiscal_year})
        ),
        "embed_url": request.build_absolute_uri(
            reverse("public-disclosure:embed", kwargs={"agency": access.agency.slug, "year": assessment.fiscal_year})
        ),
    }
    return render(request, "disclosure/board.html", context)


@require_POST
@agency_view(Can.MANAGE)
def start(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    assessment = _year_or_404(access, year)
    actions.ensure_items(assessment, request.user)
    source = request.POST.get("carry_from", "")
    if source.isdecimal():
        previous = _year_or_404(access, int(source))
        carried = actions.carry_forward(assessment, previous, request.user)
        messages.success(
            request,
            _("Carried %(count)d item(s) forward from fiscal year %(year)d; their evidence is flagged for updating.")
            % {"count": len(carried), "year": previous.fiscal_year},
        )
    else:
        messages.success(request, _("The OIT items of fiscal year %(year)d are ready.") % {"year": year})
    return redirect(_board_url(access, year))


@require_POST
@agency_view(Can.MANAGE)
def default_due(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    assessment = _year_or_404(access, year)
    oit_year = access.get(OitYear, agency_field="assessment__agency", assessment=assessment)
    form = DefaultDueForm(request.POST)
    if form.is_valid():
        moved = actions.set_default_due(
            oit_year, form.cleaned_data["default_due"], request.user, apply_to_all=form.cleaned_data["apply_to_all"]
        )
        messages.success(request, _("Saved the default due date (%(count)d item(s) moved).") % {"count": moved})
    else:
        _form_errors(request, form)
    return redirect(_board_url(access, year))


@require_POST
@agency_view(Can.APPROVE)
def publish_all(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    assessment = _year_or_404(access, year)
    count = actions.publish_approved(assessment, request.user)
    messages.success(request, _("Published %(count)d approved item(s).") % {"count": count})
    return redirect(_board_url(access, year))


@require_POST
@agency_view(Can.MANAGE)
def complete_entry(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    """The coordinator records that the year's OIT entry is complete (every item published)."""
    assessment = _year_or_404(access, year)
    oit_year = access.get(OitYear, agency_field="assessment__agency", assessment=assessment)
    try:
        actions.complete_entry(oit_year, request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Recorded that the OIT entry of fiscal year %(year)d is complete; the year's pulse surveys may open.")
            % {"year": year},
        )
    return redirect(_board_url(access, year))


@require_POST
@agency_view(Can.MANAGE)
def reopen_entry(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    assessment = _year_or_404(access, year)
    oit_year = access.get(OitYear, agency_field="assessment__agency", assessment=assessment)
    try:
        actions.reopen_entry(oit_year, request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The OIT entry is no longer marked complete. Pulse surveys already open stay open.")
        )
    return redirect(_board_url(access, year))


# --------------------------------------------------------------------------------------------------------------
# One item


@agency_view(Can.VIEW)
def item(request: HttpRequest, access: AgencyAccess, year: int, code: str) -> HttpResponse:
    work = _item(access, year, code)
    return _item_page(request, access, work)


def _item_page(
    request: HttpRequest, access: AgencyAccess, work: OitItemWork, status: int = 200, **forms: Any
) -> HttpResponse:
    assessment = work.assessment
    criteria = assessment.criteria.framework
    definition = criteria.oit_item(work.code)
    checks = {c.component_code: c for c in work.component_checks.all()}
    components: list[tuple[Component | None, ComponentCheck | None]] = [
        (c, checks.get(c.code)) for c in definition.components
    ] or [(None, checks.get(work.code))]
    is_editor = access.can_edit_department(work.department)
    is_approver = access.can(Can.APPROVE)
    verbs = []
    for verb in ("draft", "submit", "approve", "return", "publish", "reopen"):
        try:
            rules.check_transition(verb, work.status, is_editor=is_editor, is_approver=is_approver)
        except rules.TransitionRefused:
            continue
        if verb == "draft":
            continue  # drafting happens by working on the item
        verbs.append(verb)
    last_run = CheckRun.objects.filter(assessment=assessment, status="done").order_by("-finished_at").first()
    results = list(last_run.results.filter(item=work).select_related("evidence")) if last_run else []
    evidence = list(work.evidence.all())
    context = {
        "active_nav": "oit",
        "assessment": assessment,
        "work": work,
        "definition": definition,
        "sub": next(s for s in criteria.sub_indicators if s.code == definition.sub_indicator),
        "components": components,
        "evidence": evidence,
        "is_editor": is_editor and work.editable,
        "is_editor_any": is_editor,
        "is_approver": is_approver,
        "verbs": verbs,
        "history": ItemHistory.objects.filter(item=work).select_related("actor")[:50],
        "results": results,
        "last_run": last_run,
        "accepted_years": rules.accepted_years(definition, assessment.fiscal_year),
        "file_form": forms.get("file_form") or FileEvidenceForm(),
        "url_form": forms.get("url_form") or UrlEvidenceForm(),
        "page_form": forms.get("page_form") or PageEvidenceForm(),
        "description_form": DescriptionForm(initial={"description": work.description}),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            agency=access.agency,
            initial={"department": work.department, "owner": work.owner, "due_date": work.due_date},
        ),
        "public_url": request.build_absolute_uri(
            reverse(
                "public-disclosure:item",
                kwargs={"agency": access.agency.slug, "year": assessment.fiscal_year, "code": work.code},
            )
        ),
    }
    return render(request, "disclosure/item.html", context, status=status)


@require_POST
@agency_view(Can.MANAGE)
def assign(request: HttpRequest, access: AgencyAccess, year: int, code: str) -> HttpResponse:
    work = _item(access, year, code)
    form = AssignForm(request.POST, agency=access.agency)
    if not form.is_valid():
        return _item_page(request, access, work, status=400, assign_form=form)
    data = form.cleaned_data
    actions.assign(work, request.user, department=data["department"], owner=data["owner"], due_date=data["due_date"])
    messages.success(request, _("Saved the assignment."))
    return redirect(_item_url(work))


@require_POST
@agency_view(Can.EDIT)
def describe(request: HttpRequest, access: AgencyAccess, year: int, code: str) -> HttpResponse:
    work = _item(access, year, code)
    _require_editor(access, work)
    form = DescriptionForm(request.POST)
    if form.is_valid():
        try:
            actions.set_description(work, request.user, form.cleaned_data["description"])
            messages.success(request, _("Saved the description."))
        except actions.NotAllowed as exc:
            messages.error(request, str(exc))
    return redirect(_item_url(work))


@require_POST
@agency_view(Can.EDIT)
def add_evidence(request: HttpRequest, access: AgencyAccess, year: int, code: str, kind: str) -> HttpResponse:
    work = _item(access, year, code)
    _require_editor(access, work)
    form_class = {"file": FileEvidenceForm, "url": UrlEvidenceForm, "page": PageEvidenceForm}.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _item_page(request, access, work, status=400, **{f"{kind}_form": form})
    data = form.cleaned_data
    dates = {"evidence_date": data.get("evidence_date"), "fiscal_year": data.get("fiscal_year")}
    try:
        if kind == "file":
            actions.add_file(work, request.user, data["file"], title=data.get("title", ""), **dates)
        elif kind == "url":
            actions.add_url(work, request.user, url=data["url"], title=data.get("title", ""), **dates)
        else:
            actions.add_page(work, request.user, title=data["title"], body=data["body"], **dates)
    except ValidationError as exc:
        form.add_error("file" if kind == "file" else None, exc)
        return _item_page(request, access, work, status=400, **{f"{kind}_form": form})
    except actions.NotAllowed as exc:
        messages.error(request, str(exc))
        return redirect(_item_url(work))
    messages.success(request, _("Added the evidence."))
    return redirect(_item_url(work) + "#evidence")


def _evidence(access: AgencyAccess, pk: int) -> Evidence:
    return access.get(
        Evidence.objects.select_related("item__assessment__agency", "item__department"),
        agency_field="item__assessment__agency",
        pk=pk,
    )


@require_POST
@agency_view(Can.EDIT)
def edit_evidence(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    evidence = _evidence(access, pk)
    _require_editor(access, evidence.item)
    form = EditEvidenceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_evidence(
                evidence,
                request.user,
                title=data["title"],
                evidence_date=data["evidence_date"],
                fiscal_year=data["fiscal_year"],
            )
            messages.success(request, _("Saved the evidence."))
        except actions.NotAllowed as exc:
            messages.error(request, str(exc))
    else:
        _form_errors(request, form)
    return redirect(_item_url(evidence.item) + "#evidence")


@require_POST
@agency_view(Can.EDIT)
def remove_evidence(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    evidence = _evidence(access, pk)
    _require_editor(access, evidence.item)
    try:
        actions.remove_evidence(evidence, request.user)
        messages.success(request, _("Removed the evidence."))
    except actions.NotAllowed as exc:
        messages.error(request, str(exc))
    return redirect(_item_url(evidence.item) + "#evidence")


@agency_view(Can.VIEW)
def evidence_file(request: HttpRequest, access: AgencyAccess, pk: int) -> FileResponse:
    evidence = _evidence(access, pk)
    if evidence.kind != EvidenceKind.FILE:
        raise Http404
    from prongsai.lib.uploads import CONTENT_TYPES

    return serve_file(
        evidence.file, download_name=evidence.download_name, content_type=CONTENT_TYPES.get(evidence.file_type)
    )


@agency_view(Can.VIEW)
def evidence_page(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    evidence = _evidence(access, pk)
    if evidence.kind != EvidenceKind.PAGE:
        raise Http404
    return render(
        request, "disclosure/evidence_page.html", {"active_nav": "oit", "evidence": evidence, "work": evidence.item}
    )


@require_POST
@agency_view(Can.EDIT)
def components(request: HttpRequest, access: AgencyAccess, year: int, code: str) -> HttpResponse:
    work = _item(access, year, code)
    _require_editor(access, work)
    definition = work.assessment.criteria.framework.oit_item(code)
    codes = [c.code for c in definition.components] or [work.code]
    ticks: dict[str, tuple[bool, int | None, str]] = {}
    for component in codes:
        evidence_id = request.POST.get(f"evidence-{component}", "")
        ticks[component] = (
            request.POST.get(f"met-{component}") == "on",
            int(evidence_id) if evidence_id.isdecimal() else None,
            request.POST.get(f"note-{component}", "").strip(),
        )
    try:
        actions.set_components(work, request.user, ticks)
        messages.success(request, _("Saved the component checks."))
    except actions.NotAllowed as exc:
        messages.error(request, str(exc))
    return redirect(_item_url(work) + "#components")


@require_POST
@agency_view(Can.VIEW)
def review(request: HttpRequest, access: AgencyAccess, year: int, code: str) -> HttpResponse:
    work = _item(access, year, code)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise Http404
    verb = form.cleaned_data["verb"]
    is_editor = access.can_edit_department(work.department)
    is_approver = access.can(Can.APPROVE)
    who = rules.TRANSITIONS[verb][2]
    if (who == "editor" and not is_editor) or (who == "approver" and not is_approver):
        raise PermissionDenied(_("Your role does not allow this step for this item."))
    try:
        actions.transition(
            work, verb, request.user, is_editor=is_editor, is_approver=is_approver, comment=form.cleaned_data["comment"]
        )
    except rules.TransitionRefused as exc:
        messages.error(request, str(exc))
        return redirect(_item_url(work))
    labels = {
        "submit": _("Submitted for approval."),
        "approve": _("Approved. The evidence's content has been recorded as proof."),
        "return": _("Returned to the department with your comment."),
        "publish": _("Published on the public transparency page."),
        "reopen": _("Reopened for changes; it is no longer on the public page until published again."),
        "draft": _("Saved as draft."),
    }
    messages.success(request, labels[verb])
    return redirect(_item_url(work))


# --------------------------------------------------------------------------------------------------------------
# Records as evidence (the contract in prongsai/core/linking.py)


@agency_view(Can.EDIT)
def attach(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    content_type, object_id = source.get("content_type", ""), source.get("object_id", "")
    linked = linking.resolve(content_type, object_id, access.agency) if content_type and object_id else None
    if linked is None:
        raise Http404
    assessments = list(access.filter(Assessment).select_related("criteria").order_by("-fiscal_year"))
    year = source.get("year", "")
    assessment = next((a for a in assessments if str(a.fiscal_year) == year), assessments[0] if assessments else None)
    if assessment is None:
        raise Http404
    items = OitItemWork.objects.filter(assessment=assessment).select_related("department")
    choices = [
        (w.code, f"{w.code} {assessment.criteria.framework.oit_item(w.code).title_th}")
        for w in items
        if access.can_edit_department(w.department) and w.editable
    ]
    form = AttachForm(source or None, item_choices=choices)
    if request.method == "POST" and form.is_valid():
        work = _item(access, assessment.fiscal_year, form.cleaned_data["item"])
        _require_editor(access, work)
        try:
            actions.attach_record(work, request.user, linked)
        except actions.NotAllowed as exc:
            messages.error(request, str(exc))
            return redirect(_item_url(work))
        messages.success(
            request, _("Linked “%(title)s” to %(code)s.") % {"title": linked.evidence_title(), "code": work.code}
        )
        return redirect(_item_url(work) + "#evidence")
    if request.method == "GET":
        form = AttachForm(
            initial={"content_type": content_type, "object_id": object_id, "year": assessment.fiscal_year},
            item_choices=choices,
        )
    context = {"active_nav": "oit", "form": form, "linked": linked, "assessment": assessment, "choices": choices}
    return render(request, "disclosure/attach.html", context, status=200 if request.method == "GET" else 400)


# --------------------------------------------------------------------------------------------------------------
# Link and freshness check


@require_POST
@agency_view(Can.VIEW)
def check_start(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    if not (access.can(Can.EDIT) or access.can(Can.APPROVE)):
        raise PermissionDenied(_("Your role cannot start a link check."))
    assessment = _year_or_404(access, year)
    run = jobs.start_check(assessment, request.user, trigger="web")
    return redirect("disclosure:check", agency=access.agency.slug, year=year, pk=run.pk)


@agency_view(Can.VIEW)
def check(request: HtmxHttpRequest, access: AgencyAccess, year: int, pk: int) -> HttpResponse:
    run = access.get(
        CheckRun.objects.select_related("assessment__criteria"),
        agency_field="assessment__agency",
        assessment__fiscal_year=year,
        pk=pk,
    )
    context = {"active_nav": "oit", "run": run, "assessment": run.assessment}
    if request.htmx and not request.htmx.boosted:
        polled_from = urlsplit(request.htmx.current_url or "").path
        if run.finished and polled_from == request.path:
            # The run page itself reloads to show the full results table.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "disclosure/_check_progress.html", context)
    if run.finished:
        criteria = run.assessment.criteria.framework
        results = list(run.results.select_related("item", "evidence").order_by("item__order", "pk"))
        for result in results:
            result.item_title = (
                criteria.oit_item(result.item.code).title_th
                if result.item.code in {i.code for i in criteria.oit_items}
                else ""
            )
        context["results"] = results
        context["problems"] = [r for r in results if r.severity != "ok"]
    return render(request, "disclosure/check.html", context)


@agency_view(Can.VIEW)
def checks(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    assessment = _year_or_404(access, year)
    runs = CheckRun.objects.filter(assessment=assessment).select_related("started_by").order_by("-created_at")[:50]
    return render(request, "disclosure/checks.html", {"active_nav": "oit", "assessment": assessment, "runs": runs})
