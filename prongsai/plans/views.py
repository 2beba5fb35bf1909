"""Staff pages of the improvement plan: guard → form → action → redirect, nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.agencies.models import Department
from prongsai.assessments.models import Assessment
from prongsai.core import linking
from prongsai.lib.uploads import serve_file
from prongsai.plans import actions, overview, permissions, rules, sharing
from prongsai.plans.forms import (
    DecisionForm,
    EvidenceForm,
    GuidelineForm,
    MeasureForm,
    MeetingForm,
    NoteForm,
    PlanForm,
    ProgressForm,
    ToMeasureForm,
)
from prongsai.plans.models import (
    Decision,
    EvidenceKind,
    Guideline,
    Measure,
    MeasureEvidence,
    Plan,
    PlanStatus,
    ReviewMeeting,
    SuggestedMeasure,
    WorkStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PLAN_AGENCY = "assessment__agency"
MEASURE_AGENCY = "plan__assessment__agency"


def _plans(access: AgencyAccess) -> QuerySet[Plan]:
    return access.filter(Plan, agency_field=PLAN_AGENCY).select_related("assessment__agency", "assessment__criteria")


def _plan(access: AgencyAccess, year: int) -> Plan:
    return access.get(_plans(access), agency_field=PLAN_AGENCY, assessment__fiscal_year=year)


def _measure(access: AgencyAccess, pk: int) -> Measure:
    qs = Measure.objects.select_related("plan__assessment__agency", "plan__assessment__criteria").prefetch_related(
        "departments"
    )
    return access.get(qs, agency_field=MEASURE_AGENCY, pk=pk)


def _departments(access: AgencyAccess) -> QuerySet[Department]:
    return access.filter(Department).order_by("order", "name_th")


def _refuse(request: HttpRequest, error: Exception, target: str) -> HttpResponse:
    messages.error(request, str(error))
    return redirect(target)


def _plan_url(plan: Plan) -> str:
    return reverse("plans:plan", kwargs={"agency": plan.assessment.agency.slug, "year": plan.fiscal_year})


def _measure_url(measure: Measure) -> str:
    return reverse("plans:measure", kwargs={"agency": measure.plan.assessment.agency.slug, "pk": measure.pk})


# --- the plan --------------------------------------------------------------------------------------------


@agency_view(Can.VIEW)
def index(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    latest = _plans(access).order_by("-assessment__fiscal_year").first()
    if latest is not None:
        return redirect(_plan_url(latest))
    context = {
        "active_nav": "plan",
        "assessments": access.filter(Assessment.objects.latest_first()),
        "can_edit_plan": permissions.can_edit_plan(access),
    }
    return render(request, "plans/empty.html", context)


@agency_view(Can.VIEW)
def plan_page(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    plan = _plan(access, year)
    view = overview.build(plan)
    years = list(_plans(access).order_by("-assessment__fiscal_year").values_list("assessment__fiscal_year", flat=True))
    context = {
        "active_nav": "plan",
        "plan": plan,
        "view": view,
        "years": years,
        "can_edit_plan": permissions.can_edit_plan(access),
        "next_statuses": permissions.next_statuses(access, plan),
        "statuses": WorkStatus,
        "guideline_statuses": [c for c in WorkStatus.choices if c[0] != WorkStatus.LATE],
        "has_next_year": year + 1 in years,
    }
    return render(request, "plans/plan.html", context)


@require_POST
@agency_view(Can.MANAGE)
def create_plan(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    assessment = access.get(Assessment, fiscal_year=year)
    plan = actions.create_plan(
        assessment, request.user, title=_("ITA improvement plan, fiscal year %(year)d") % {"year": year}
    )
    return redirect(_plan_url(plan))


@agency_view(Can.MANAGE)
def edit_plan(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    plan = _plan(access, year)
    form = PlanForm(request.POST or None, initial={"title": plan.title, "background": plan.background})
    if request.method == "POST" and form.is_valid():
        actions.update_plan(plan, request.user, **form.cleaned_data)
        messages.success(request, _("Saved the plan."))
        return redirect(_plan_url(plan))
    return render(request, "plans/plan_form.html", {"active_nav": "plan", "plan": plan, "form": form})


@require_POST
@agency_view(Can.VIEW)
def move_plan(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    plan = _plan(access, year)
    to = request.POST.get("to", "")
    if to not in permissions.next_statuses(access, plan):
        raise PermissionDenied
    actions.move_plan(plan, request.user, to)
    messages.success(request, _("The plan is now: %(status)s.") % {"status": PlanStatus(to).label})
    return redirect(_plan_url(plan))


@require_POST
@agency_view(Can.MANAGE)
def copy_plan(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    plan = _plan(access, year)
    try:
        new = actions.copy_to_next_year(plan, request.user)
    except actions.PlanError as exc:
        return _refuse(request, exc, _plan_url(plan))
    messages.success(request, _("Started the plan of fiscal year %(year)d from this one.") % {"year": new.fiscal_year})
    return redirect(_plan_url(new))


@agency_view(Can.MANAGE)
def guideline_form(request: HttpRequest, access: AgencyAccess, year: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(access, year)
    guideline = access.get(Guideline, agency_field="plan__assessment__agency", plan=plan, pk=pk) if pk else None
    form = GuidelineForm(request.POST or None, instance=guideline)
    if request.method == "POST" and form.is_valid():
        actions.save_guideline(plan, request.user, guideline=guideline, **form.cleaned_data)
        return redirect(_plan_url(plan))
    return render(request, "plans/guideline_form.html", {"active_nav": "plan", "plan": plan, "form": form})


@require_POST
@agency_view(Can.MANAGE)
def guideline_status(request: HttpRequest, access: AgencyAccess, year: int, pk: int) -> HttpResponse:
    plan = _plan(access, year)
    guideline = access.get(Guideline, agency_field="plan__assessment__agency", plan=plan, pk=pk)
    status = request.POST.get("status", "")
    if status in WorkStatus.values and status != WorkStatus.LATE:
        actions.set_guideline_status(guideline, request.user, status)
    return redirect(_plan_url(plan))


# --- measures --------------------------------------------------------------------------------------------


def _measure_form(request: HttpRequest, access: AgencyAccess, plan: Plan, measure: Measure | None, initial: dict):
    return MeasureForm(
        request.POST or None,
        initial=initial,
        fiscal_year=plan.fiscal_year,
        departments=_departments(access),
        indicator_names=overview.indicator_names(plan),
    )


@agency_view(Can.MANAGE)
def add_measure(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    plan = _plan(access, year)
    initial: dict[str, Any] = {"indicator": request.GET.get("indicator") or 1}
    suggestion = request.GET.get("suggestion", "")
    if suggestion.isdecimal():
        picked = SuggestedMeasure.objects.filter(Q(agency=None) | Q(agency=access.agency), pk=suggestion).first()
        if picked is not None:
            initial.update(indicator=picked.indicator, text=picked.text)
    return _save_measure(request, access, plan, None, initial)


@agency_view(Can.MANAGE)
def edit_measure(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    measure = _measure(access, pk)
    initial = {
        "indicator": measure.indicator,
        "text": measure.text,
        "all_departments": measure.all_departments,
        "departments": list(measure.departments.all()),
        "whole_year": measure.whole_year,
        "start_month": measure.start_month.isoformat() if measure.start_month else "",
        "end_month": measure.end_month.isoformat() if measure.end_month else "",
    }
    return _save_measure(request, access, measure.plan, measure, initial)


def _save_measure(request: HttpRequest, access: AgencyAccess, plan: Plan, measure: Measure | None, initial: dict):
    form = _measure_form(request, access, plan, measure, initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_measure(plan, request.user, measure=measure, **form.cleaned_data)
        except actions.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved the measure."))
            return redirect(_measure_url(saved) if measure else _plan_url(plan) + f"#indicator-{saved.indicator}")
    context = {"active_nav": "plan", "plan": plan, "measure": measure, "form": form}
    return render(request, "plans/measure_form.html", context, status=400 if form.errors else 200)


@require_POST
@agency_view(Can.MANAGE)
def delete_measure(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    measure = _measure(access, pk)
    plan = measure.plan
    actions.delete_measure(measure, request.user)
    messages.success(request, _("Deleted the measure."))
    return redirect(_plan_url(plan))


@agency_view(Can.VIEW)
def measure_page(request: HttpRequest, access: AgencyAccess, pk: int, **forms: Any) -> HttpResponse:
    measure = _measure(access, pk)
    plan = measure.plan
    row = overview.row_for(measure, plan.fiscal_year, rules.today())
    can_update = permissions.can_update_measure(access, measure)
    context = {
        "active_nav": "plan",
        "plan": plan,
        "measure": measure,
        "row": row,
        "indicator_name": overview.indicator_names(plan).get(measure.indicator, ""),
        "notes": measure.notes.select_related("author"),
        "evidence": measure.evidence.all(),
        "decisions": measure.decisions.select_related("meeting__assessment"),
        "can_update": can_update,
        "can_report": permissions.can_report_on(access, measure),
        "can_edit_plan": permissions.can_edit_plan(access),
        "progress_form": forms.get("progress_form")
        or ProgressForm(
            initial={
                "status": measure.status if measure.status != "late" else "in_progress",
                "progress": measure.progress,
            }
        ),
        "note_form": forms.get("note_form") or NoteForm(initial={"date": rules.today()}),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "note_moves_progress": can_update,
    }
    return render(request, "plans/measure.html", context, status=400 if forms else 200)


@require_POST
@agency_view(Can.EDIT)
def measure_progress(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    measure = _measure(access, pk)
    if not permissions.can_update_measure(access, measure):
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return measure_page(request, agency=access.agency.slug, pk=pk, progress_form=form)
    actions.set_measure_progress(measure, request.user, **form.cleaned_data)
    messages.success(request, _("Saved the progress."))
    return redirect(_measure_url(measure))


@require_POST
@agency_view(Can.EDIT)
def add_note(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    measure = _measure(access, pk)
    if not permissions.can_report_on(access, measure):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if not form.is_valid():
        return measure_page(request, agency=access.agency.slug, pk=pk, note_form=form)
    moves = permissions.can_update_measure(access, measure)
    actions.add_note(measure, request.user, moves_progress=moves, **form.cleaned_data)
    messages.success(request, _("Recorded the progress note."))
    return redirect(_measure_url(measure))


@require_POST
@agency_view(Can.EDIT)
def add_evidence(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    measure = _measure(access, pk)
    if not permissions.can_update_measure(access, measure):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return measure_page(request, agency=access.agency.slug, pk=pk, evidence_form=form)
    data = form.cleaned_data
    if data.get("file"):
        actions.add_evidence_file(measure, request.user, upload=data["file"], kind=data["kind"], title=data["title"])
    else:
        actions.add_evidence_link(measure, request.user, url=data["url"], title=data["title"])
    messages.success(request, _("Added the evidence."))
    return redirect(_measure_url(measure))


def _evidence(access: AgencyAccess, pk: int) -> MeasureEvidence:
    qs = MeasureEvidence.objects.select_related("measure__plan__assessment__agency")
    return access.get(qs, agency_field="measure__plan__assessment__agency", pk=pk)


@agency_view(Can.VIEW)
def evidence_file(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponseBase:
    evidence = _evidence(access, pk)
    if evidence.kind != EvidenceKind.FILE:
        raise Http404
    return serve_file(evidence.file, download_name=f"{evidence.title}.{evidence.file_type}".replace("/", "-"))


@require_POST
@agency_view(Can.EDIT)
def delete_evidence(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    evidence = _evidence(access, pk)
    measure = _measure(access, evidence.measure_id)
    if not permissions.can_update_measure(access, measure):
        raise PermissionDenied
    actions.delete_evidence(evidence, request.user)
    return redirect(_measure_url(measure))


@agency_view(Can.EDIT)
def attach(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    """The linking contract (core/linking.py): attach a Prongsai record to a measure in one click."""
    source = request.POST if request.method == "POST" else request.GET
    content_type, object_id = source.get("content_type", ""), source.get("object_id", "")
    target = linking.resolve(content_type, object_id, access.agency) if object_id else None
    if target is None:
        raise Http404
    if request.method == "POST":
        pk = request.POST.get("measure", "")
        measure = _measure(access, int(pk)) if pk.isdecimal() else None
        if measure is None:
            raise Http404
        if not permissions.can_update_measure(access, measure):
            raise PermissionDenied
        actions.attach_record(measure, request.user, content_type=content_type, object_id=object_id)
        messages.success(
            request,
            _("Attached “%(title)s” to the measure.") % {"title": target.evidence_title()},
        )
        return redirect(_measure_url(measure))
    plan = _plans(access).order_by("-assessment__fiscal_year").first()
    rows: Sequence[overview.IndicatorGroup] = []
    if plan is not None:
        measures = [m for m in overview.measures_query().filter(plan=plan) if permissions.can_update_measure(access, m)]
        rows = overview.build(plan, measures=measures, all_indicators=False).groups
    context = {
        "active_nav": "plan",
        "plan": plan,
        "groups": rows,
        "target": target,
        "content_type": content_type,
        "object_id": object_id,
    }
    return render(request, "plans/attach.html", context)


# --- tracking --------------------------------------------------------------------------------------------


@agency_view(Can.VIEW)
def timeline(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    plan = _plan(access, year)
    view = overview.build(plan, all_indicators=False)
    context = {
        "active_nav": "plan",
        "plan": plan,
        "view": view,
        "months": overview.month_headers(year, request.LANGUAGE_CODE),
        "today_column": overview.today_column(year, view.today),
    }
    return render(request, "plans/timeline.html", context)


@agency_view(Can.VIEW)
def my_work(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    departments = list(_departments(access))
    wanted = request.GET.get("department", "")
    department = next((d for d in departments if d.code == wanted), None) or access.department
    plan = _plans(access).order_by("-assessment__fiscal_year").first()
    view = None
    if plan is not None and department is not None:
        measures = list(overview.measures_query().filter(plan=plan).for_department(department))
        view = overview.build(plan, measures=measures, all_indicators=False)
    context = {"active_nav": "plan", "plan": plan, "view": view, "department": department, "departments": departments}
    return render(request, "plans/my_work.html", context)


@agency_view(Can.VIEW)
def suggestions(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    plan = _plan(access, year)
    names = overview.indicator_names(plan)
    in_plan = set(plan.measures.values_list("text", flat=True))
    library = SuggestedMeasure.objects.filter(Q(agency=None) | Q(agency=access.agency))
    groups: dict[int, list[SuggestedMeasure]] = {}
    for item in library:
        groups.setdefault(item.indicator, []).append(item)
    context = {
        "active_nav": "plan",
        "plan": plan,
        "groups": [(n, names.get(n, ""), groups.get(n, [])) for n in sorted(names)],
        "in_plan": in_plan,
        "can_edit_plan": permissions.can_edit_plan(access),
    }
    return render(request, "plans/suggestions.html", context)


@agency_view(Can.VIEW)
def share_kit(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    plan = _plan(access, year)
    view = overview.build(plan)
    public_url = request.build_absolute_uri(
        reverse("public-plans:plan", kwargs={"agency": access.agency.slug, "year": year})
    )
    card = sharing.card_facts(plan, view)
    context = {
        "active_nav": "plan",
        "plan": plan,
        "view": view,
        "public_url": public_url,
        "posts": sharing.posts(card, public_url),
        "card_url": reverse("public-plans:card", kwargs={"agency": access.agency.slug, "year": year}),
    }
    return render(request, "plans/share.html", context)


# --- review meetings -------------------------------------------------------------------------------------


def _meetings(access: AgencyAccess) -> QuerySet[ReviewMeeting]:
    return access.filter(ReviewMeeting, agency_field="assessment__agency").select_related("assessment")


def _members(access: AgencyAccess) -> QuerySet[User]:
    return (
        get_user_model()
        .objects.filter(memberships__agency=access.agency, memberships__is_active=True)
        .order_by("first_name", "username")
    )


@agency_view(Can.VIEW)
def meetings(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    context = {
        "active_nav": "plan",
        "meetings": _meetings(access).prefetch_related("decisions"),
        "can_edit_plan": permissions.can_edit_plan(access),
    }
    return render(request, "plans/meetings.html", context)


@agency_view(Can.MANAGE)
def meeting_form(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    meeting = access.get(_meetings(access), agency_field="assessment__agency", pk=pk) if pk else None
    assessments = list(access.filter(Assessment.objects.latest_first()))
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        users=_members(access),
        initial={"members": list(meeting.members.all())} if meeting else {"held_on": rules.today()},
    )
    wanted = request.POST.get("assessment") or request.GET.get("year") or ""
    default = meeting.assessment if meeting else next((a for a in assessments if a.status == "closed"), None)
    assessment = next((a for a in assessments if str(a.pk) == wanted or str(a.fiscal_year) == wanted), default)
    if request.method == "POST" and form.is_valid() and assessment is not None:
        fields = {k: v for k, v in form.cleaned_data.items() if k != "members"}
        saved = actions.save_meeting(
            assessment, request.user, fields=fields, members=form.cleaned_data["members"], meeting=meeting
        )
        return redirect("plans:meeting", agency=access.agency.slug, pk=saved.pk)
    context = {"active_nav": "plan", "form": form, "meeting": meeting, "assessments": assessments, "chosen": assessment}
    return render(request, "plans/meeting_form.html", context)


@agency_view(Can.VIEW)
def meeting_page(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    meeting = access.get(
        _meetings(access).prefetch_related(
            "members",
            Prefetch("decisions", queryset=Decision.objects.select_related("measure__plan__assessment")),
        ),
        agency_field="assessment__agency",
        pk=pk,
    )
    context = {
        "active_nav": "plan",
        "meeting": meeting,
        "decision_form": DecisionForm(),
        "to_measure_form": ToMeasureForm(),
        "can_edit_plan": permissions.can_edit_plan(access),
        "next_year": meeting.assessment.fiscal_year + 1,
    }
    return render(request, "plans/meeting.html", context)


@require_POST
@agency_view(Can.MANAGE)
def add_decision(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    meeting = access.get(_meetings(access), agency_field="assessment__agency", pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        actions.add_decision(meeting, request.user, **form.cleaned_data)
    else:
        messages.error(request, _("Write the decision first."))
    return redirect("plans:meeting", agency=access.agency.slug, pk=meeting.pk)


@require_POST
@agency_view(Can.MANAGE)
def decision_to_measure(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    decision = access.get(
        Decision.objects.select_related("meeting__assessment"), agency_field="meeting__assessment__agency", pk=pk
    )
    form = ToMeasureForm(request.POST)
    indicator = form.cleaned_data["indicator"] if form.is_valid() else None
    try:
        measure = actions.decision_to_measure(decision, request.user, indicator=indicator)
    except actions.PlanError as exc:
        return _refuse(request, exc, reverse("plans:meeting", kwargs={"agency": access.agency.slug, "pk": pk}))
    messages.success(
        request,
        _("The decision is now a measure of the fiscal year %(year)d plan.") % {"year": measure.plan.fiscal_year},
    )
    return redirect(_measure_url(measure))
