"""Staff pages: the complaint list and workflow, settings, statistics, the channel (QR) and participation.

Every complaint is fetched through `_complaints(access)`, which hides corruption complaints from anyone
who is not a designated handler — a hidden complaint is a 404, exactly like another agency's.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, cast

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.complaints import actions, rules, stats, tracking
from prongsai.complaints.forms import (
    AssignForm,
    ParticipationForm,
    SettingsForm,
    StaffComplaintForm,
    TextForm,
    to_submission,
)
from prongsai.complaints.jobs import enqueue_notification
from prongsai.complaints.models import (
    Category,
    Complaint,
    ComplaintAttachment,
    ComplaintQuerySet,
    ComplaintSettings,
    EvidencePage,
    Participation,
    ParticipationAttachment,
    Status,
)
from prongsai.lib import thaidate
from prongsai.lib.uploads import serve_file

PAGE_SIZE = 25


def _complaints(access: AgencyAccess) -> ComplaintQuerySet:
    # access.filter starts from Complaint's default manager, so the queryset is a ComplaintQuerySet.
    return cast(ComplaintQuerySet, access.filter(Complaint)).visible_to(access.user, access.agency)


def _complaint(access: AgencyAccess, pk: int) -> Complaint:
    return access.get(_complaints(access).select_related("agency", "department", "assignee"), pk=pk)


def public_channel_url(request: HttpRequest, access: AgencyAccess) -> str:
    """The configured public address (SITE_URL), so the QR on screen is the one the poster prints."""
    return form_url(access.agency)


def form_url(agency: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("public-complaints:new", kwargs={"agency": agency.slug})


# List and detail ----------------------------------------------------------------------------------------------

FILTERS = {
    "open": Q(status__in=[Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS]),
    "done": Q(status__in=[Status.RESOLVED, Status.CLOSED]),
}


@agency_view(Can.VIEW)
def index(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    base = _complaints(access)
    rows = base.select_related("department", "assignee")
    state = request.GET.get("state", "open")
    if state in FILTERS:
        rows = rows.filter(FILTERS[state])
    elif state == "overdue":
        rows = rows.overdue()
    elif state in Status.values:
        rows = rows.filter(status=state)
    category = request.GET.get("category", "")
    if category in Category.values:
        rows = rows.filter(category=category)
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(
            Q(subject__icontains=query) | Q(details__icontains=query) | Q(location_text__icontains=query)
        )
    if request.GET.get("mine"):
        rows = rows.filter(assignee=access.user)  # the member's own user, i.e. request.user
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    complaints = list(page.object_list)
    actions.log_confidential_access(request.user, complaints, via="list")
    today = timezone.localdate()
    counts = base.aggregate(
        open=Count("pk", filter=FILTERS["open"]),
        overdue=Count("pk", filter=FILTERS["open"] & Q(due_date__lt=today)),
        mine=Count("pk", filter=FILTERS["open"] & Q(assignee=request.user)),
    )
    context = {
        "active_nav": "complaints",
        "page": page,
        "complaints": complaints,
        "counts": counts,
        "state": state,
        "category": category,
        "query": query,
        "mine": bool(request.GET.get("mine")),
        "categories": Category.choices,
        "statuses": Status.choices,
        "today": today,
        "designated": rules.is_designated(request.user, access.agency),
    }
    return render(request, "complaints/index.html", context)


@agency_view(Can.VIEW)
def detail(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    complaint = _complaint(access, pk)
    actions.log_confidential_access(request.user, [complaint], via="detail")
    return _detail_page(request, access, complaint)


def _detail_page(
    request: HttpRequest, access: AgencyAccess, complaint: Complaint, status: int = 200, **forms: Any
) -> HttpResponse:
    verbs = rules.allowed_verbs(access, complaint)
    context = {
        "active_nav": "complaints",
        "complaint": complaint,
        "updates": complaint.updates.select_related("author"),
        "attachments": complaint.attachments.all(),
        "rating": getattr(complaint, "rating", None),
        "verbs": verbs,
        "assign_form": forms.get("assign_form")
        or AssignForm(
            agency=access.agency,
            confidential=complaint.is_confidential,
            initial={"department": complaint.department_id, "assignee": complaint.assignee_id},
        ),
        "text_form": forms.get("text_form") or TextForm(),
        "failed_verb": forms.get("failed_verb", ""),
        "today": timezone.localdate(),
    }
    return render(request, "complaints/detail.html", context, status=status)


@require_POST
@agency_view(Can.VIEW)
def act(request: HttpRequest, access: AgencyAccess, pk: int, verb: str) -> HttpResponse:
    """Every workflow step: 404 if the complaint is hidden from this member, 403 if the step is not theirs."""
    complaint = _complaint(access, pk)
    if verb not in {"assign", "start", "resolve", "reopen", "close", "reply", "note"}:
        raise Http404
    if verb not in rules.allowed_verbs(access, complaint):
        if verb in {"assign", "start", "resolve", "reopen", "close"} and _step_is_theirs(access, complaint, verb):
            messages.error(
                request,
                _("This step is not possible while the complaint is %(status)s.")
                % {"status": complaint.get_status_display()},
            )
            return redirect(complaint.get_absolute_url())
        return _forbidden(request)
    actions.log_confidential_access(request.user, [complaint], via=verb)
    try:
        if verb == "assign":
            form = AssignForm(request.POST, agency=access.agency, confidential=complaint.is_confidential)
            if not form.is_valid():
                return _detail_page(request, access, complaint, 400, assign_form=form, failed_verb=verb)
            data = form.cleaned_data
            actions.assign(access, complaint, data["department"], data["assignee"], data["note"])
            messages.success(request, _("The complaint was assigned."))
        elif verb in {"resolve", "reply", "note", "reopen"}:
            text_form = TextForm(request.POST, required=verb != "reopen")  # a reason to reopen is welcome, not forced
            if not text_form.is_valid():
                return _detail_page(request, access, complaint, 400, text_form=text_form, failed_verb=verb)
            body = text_form.cleaned_data["body"]
            if verb == "resolve":
                actions.resolve(access, complaint, body)
                messages.success(request, _("The complaint is resolved; the answer is shown to the complainant."))
            elif verb == "reopen":
                actions.reopen(access, complaint, body)
                messages.success(request, _("The complaint is in progress again."))
            else:
                actions.add_update(access, complaint, body, public=verb == "reply")
                messages.success(request, _("The reply was saved.") if verb == "reply" else _("The note was saved."))
        elif verb == "start":
            actions.start(access, complaint)
            messages.success(request, _("The complaint is in progress."))
        elif verb == "close":
            actions.close(access, complaint)
            messages.success(request, _("The complaint is closed."))
    except (actions.ActionRefused, rules.TransitionRefused):
        messages.error(request, _("This step is not possible now; the page shows the complaint as it is."))
    return redirect(complaint.get_absolute_url())


def _step_is_theirs(access: AgencyAccess, complaint: Complaint, verb: str) -> bool:
    """The member may take this kind of step, just not from the current status (a stale page, a double click)."""
    if verb == "assign":
        return access.can(Can.MANAGE)
    if verb == "close":
        return access.can(Can.MANAGE) or access.can(Can.APPROVE)
    return rules.can_work(access, complaint)


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(_("Your role does not allow this step for this complaint."))


@agency_view(Can.VIEW)
def attachment(request: HttpRequest, access: AgencyAccess, pk: int, file_pk: int) -> HttpResponseBase:
    complaint = _complaint(access, pk)
    item = access.get(ComplaintAttachment, agency_field="complaint__agency", complaint=complaint, pk=file_pk)
    actions.log_confidential_access(request.user, [complaint], via="attachment")
    return serve_file(item.file, download_name=item.original_name, content_type=item.content_type)


@agency_view(Can.EDIT)
def new(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    """Record a complaint that came by phone, letter or in person; the code is shown to pass on."""
    form = StaffComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received = data["received_on"]
        received_at = (
            timezone.now()
            if received == timezone.localdate()
            else timezone.make_aware(dt.datetime.combine(received, dt.time(9, 0)))
        )
        done = actions.submit(
            access.agency, to_submission(data, channel=data["channel"], received_at=received_at), actor=request.user
        )
        enqueue_notification(done.complaint)
        context = {"active_nav": "complaints", "complaint": done.complaint, "code": tracking.display(done.code)}
        if done.complaint.is_confidential and not rules.is_designated(request.user, access.agency):
            context["hidden"] = True
        return render(request, "complaints/recorded.html", context)
    return render(
        request,
        "complaints/new.html",
        {"active_nav": "complaints", "form": form},
        status=400 if request.method == "POST" else 200,
    )


# Settings -----------------------------------------------------------------------------------------------------


@agency_view(Can.MANAGE)
def settings_page(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    config = ComplaintSettings.for_agency(access.agency)
    form = SettingsForm(request.POST or None, instance=config, agency=access.agency)
    if request.method == "POST" and form.is_valid():
        changed = {f: form.cleaned_data[f] for f in form.changed_data if f != "confidential_handlers"}
        actions.save_settings(access, config, changed, list(form.cleaned_data["confidential_handlers"]))
        messages.success(request, _("The complaint settings were saved."))
        return redirect("complaints:settings", agency=access.agency.slug)
    return render(
        request,
        "complaints/settings.html",
        {"active_nav": "complaints", "form": form},
        status=400 if request.method == "POST" else 200,
    )


# Statistics and the channel (evidence) ------------------------------------------------------------------------


def _current_fy() -> int:
    return thaidate.fiscal_year(timezone.localdate())


@agency_view(Can.VIEW)
def statistics(request: HttpRequest, access: AgencyAccess, year: int | None = None) -> HttpResponse:
    year = year or _current_fy()
    if not 2500 <= year <= 2700:
        raise Http404
    page = EvidencePage.statistics(access.agency, year)
    context = {
        "active_nav": "complaints",
        "year": year,
        "years": stats.years_with_data(access.agency),
        "stats": stats.year_stats(access.agency, year),
        "evidence": page,
        "evidence_item": "O19",
        "categories": Category.choices,
        "statuses": Status.choices,
    }
    return render(request, "complaints/statistics.html", context)


@agency_view(Can.VIEW)
def channel(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    url = public_channel_url(request, access)
    context = {
        "active_nav": "complaints",
        "form_url": url,
        "qr_svg": segno.make(url, error="m").svg_data_uri(scale=6, border=2),
        "evidence": EvidencePage.channel(access.agency),
        "evidence_item": "O18",
        "year": _current_fy(),
    }
    return render(request, "complaints/channel.html", context)


@agency_view(Can.VIEW)
def qr_code(request: HttpRequest, access: AgencyAccess, fmt: str) -> HttpResponse:
    qr = segno.make(public_channel_url(request, access), error="m")
    out = io.BytesIO()
    if fmt == "svg":
        qr.save(out, kind="svg", scale=10, border=4, xmldecl=True)
        content_type = "image/svg+xml"
    elif fmt == "png":
        qr.save(out, kind="png", scale=16, border=4)
        content_type = "image/png"
    else:
        raise Http404
    response = HttpResponse(out.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="complaint-qr-{access.agency.slug}.{fmt}"'
    return response


# Participation ------------------------------------------------------------------------------------------------


@agency_view(Can.VIEW)
def participation_list(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    year = request.GET.get("year", "")
    year_int = int(year) if year.isdecimal() else _current_fy()
    rounds = access.filter(Participation).in_fiscal_year(year_int).select_related("department")  # type: ignore[attr-defined]
    rounds = rounds.annotate(file_count=Count("attachments")).order_by("held_on", "pk")
    context = {
        "active_nav": "complaints",
        "rounds": rounds,
        "year": year_int,
        "years": sorted({year_int, _current_fy(), *_participation_years(access)}, reverse=True),
        "evidence": EvidencePage.participation(access.agency, year_int),
        "evidence_item": "O20",
    }
    return render(request, "complaints/participation_list.html", context)


def _participation_years(access: AgencyAccess) -> set[int]:
    return {thaidate.fiscal_year(d) for d in access.filter(Participation).values_list("held_on", flat=True)}


@agency_view(Can.VIEW)
def participation_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    """Everyone reads a round; members who may edit its department change it."""
    participation = access.get(Participation, pk=pk) if pk else Participation(agency=access.agency)
    if (request.method == "POST" or not pk) and not access.can(Can.EDIT):
        return _forbidden(request)
    if request.method == "POST" and pk and not access.can_edit_department(participation.department):
        return _forbidden(request)
    form = ParticipationForm(request.POST or None, request.FILES or None, instance=participation, agency=access.agency)
    if request.method == "POST" and form.is_valid():
        if not access.can_edit_department(form.cleaned_data.get("department")):
            form.add_error("department", _("You may record only your own department's rounds."))
        else:
            title = form.cleaned_data["files_title"]
            files = [(upload, kind, title) for upload, kind in form.cleaned_data["files"]]
            saved = actions.save_participation(request.user, form.save(commit=False), files)
            messages.success(request, _("The participation round was saved."))
            return redirect("complaints:participation-edit", agency=access.agency.slug, pk=saved.pk)
    context = {
        "active_nav": "complaints",
        "form": form,
        "participation": participation if pk else None,
        "attachments": participation.attachments.all() if pk else [],
        "evidence_item": "O20",
    }
    return render(
        request, "complaints/participation_form.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
@agency_view(Can.EDIT)
def participation_publish(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    participation = access.get(Participation, pk=pk)
    if not access.can_edit_department(participation.department):
        return _forbidden(request)
    published = request.POST.get("publish") == "1"
    actions.publish_participation(request.user, participation, published)
    messages.success(request, _("Published on the public page.") if published else _("Withdrawn from the public page."))
    return redirect("complaints:participation-edit", agency=access.agency.slug, pk=pk)


@require_POST
@agency_view(Can.EDIT)
def participation_remove_file(request: HttpRequest, access: AgencyAccess, pk: int, file_pk: int) -> HttpResponse:
    item = access.get(ParticipationAttachment, agency_field="participation__agency", participation_id=pk, pk=file_pk)
    if not access.can_edit_department(item.participation.department):
        return _forbidden(request)
    actions.delete_participation_attachment(request.user, item)
    messages.success(request, _("The file was removed."))
    return redirect("complaints:participation-edit", agency=access.agency.slug, pk=pk)


@agency_view(Can.VIEW)
def participation_file(request: HttpRequest, access: AgencyAccess, pk: int, file_pk: int) -> HttpResponseBase:
    item = access.get(ParticipationAttachment, agency_field="participation__agency", participation_id=pk, pk=file_pk)
    return serve_file(item.file, download_name=item.original_name, content_type=item.content_type)
