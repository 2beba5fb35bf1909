"""Staff pages of the registers: guard → form → action → redirect.

Who may change what (docs/architecture.md): coordinators everything; officers their department's records;
executives read and approve; auditors read. Rewards and discipline are readable by coordinators and executives
only, and every look at them is logged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.agencies.models import Membership
from prongsai.core.templatetags.thai import be_date
from prongsai.lib.uploads import safe_storage_name, serve_file
from prongsai.registers import actions, forms, reports
from prongsai.registers.flowchart import Step, svg
from prongsai.registers.models import (
    GIFT_LIMIT,
    Asset,
    AssetStatus,
    CoiDeclaration,
    CoiRound,
    FollowUpStatus,
    Gift,
    GiftPolicy,
    GiftReport,
    Loan,
    LoanQuerySet,
    LoanStatus,
    Manual,
    ManualVersion,
    PersonnelAction,
    PersonnelActionKind,
    RewardsMeasures,
    Risk,
    RiskAssessment,
    RiskFollowUp,
    TrainingEvent,
    TrainingMaterial,
)
from prongsai.registers.templatetags.registers_tags import baht

NAV = {"active_nav": "registers"}


def _page(request: HttpRequest, template: str, http_status: int = 200, **context: Any) -> HttpResponse:
    return render(request, f"registers/{template}", {**NAV, **context}, status=http_status)


def _form_page(request: HttpRequest, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return _page(request, "form.html", http_status=status, form=form, title=title, back=back, **extra)


def _require_department(access: AgencyAccess, department: Any) -> None:
    if not access.can_edit_department(department):
        raise PermissionDenied(_("Only the responsible department or a coordinator may change this."))


def _link_target(obj: Any) -> dict[str, Any]:
    """The content type and id the attach actions post (see prongsai/core/linking.py)."""
    return {"content_type": obj._meta.label_lower, "object_id": obj.pk}


def _year(request: HttpRequest, access: AgencyAccess) -> int:
    return reports.year_from(request.GET.get("year"), access.agency)


def _years(current: int) -> list[int]:
    return list(range(current + 1, current - 4, -1))


def _loans(access: AgencyAccess) -> LoanQuerySet:
    """The agency's loans, with the LoanQuerySet methods: `access.filter` keeps the queryset class of Loan's
    default manager (`LoanQuerySet.as_manager()`), but is typed with the plain QuerySet."""
    return cast(LoanQuerySet, access.filter(Loan))


# ----------------------------------------------------------------------------------------------------- overview


@agency_view(Can.VIEW)
def index(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    year = _year(request, access)
    loans = _loans(access)
    to_decide = loans.filter(status__in=[LoanStatus.REQUESTED, LoanStatus.APPROVED])
    if not access.can(Can.MANAGE):
        to_decide = to_decide.filter(asset__department=access.department) if access.department else to_decide.none()
    coi_round = access.filter(CoiRound, fiscal_year=year).first()
    my_declaration = CoiDeclaration.objects.filter(round=coi_round, member=access.user).first() if coi_round else None
    risk_assessment = access.filter(RiskAssessment, fiscal_year=year).first()
    registers = [
        {
            "title": _("State property and borrowing"),
            "url": "registers:assets",
            "count": access.filter(Asset).count(),
            "unit": _("assets"),
            "due": [
                (_("loans awaiting your decision or hand-over"), to_decide.count(), "registers:loans"),
                (_("overdue loans"), loans.overdue().count(), "registers:loans"),
            ],
        },
        {
            "title": _("Gifts and No Gift Policy"),
            "url": "registers:gifts",
            "count": access.filter(Gift, fiscal_year=year).count(),
            "unit": _("gifts this year"),
            "due": [
                (
                    _("gifts over 3,000 baht"),
                    access.filter(Gift, fiscal_year=year, value__gt=GIFT_LIMIT).count(),
                    "registers:gifts",
                ),
                (
                    _("No Gift Policy announcement missing"),
                    0 if access.filter(GiftPolicy, fiscal_year=year).exists() else 1,
                    "registers:gifts",
                ),
            ],
        },
        {
            "title": _("Conflicts of interest"),
            "url": "registers:coi",
            "count": coi_round.declarations.count() if coi_round else 0,
            "unit": _("declarations this year"),
            "due": [(_("your declaration is missing"), 1 if coi_round and not my_declaration else 0, "registers:coi")],
        },
        {
            "title": _("Training and meetings"),
            "url": "registers:training",
            "count": access.filter(TrainingEvent, fiscal_year=year).count(),
            "unit": _("events this year"),
            "due": [],
        },
        {
            "title": _("Corruption and bribery risks"),
            "url": "registers:risks",
            "count": risk_assessment.risks.count() if risk_assessment else 0,
            "unit": _("risks this year"),
            "due": [
                (
                    _("risk responses not finished"),
                    risk_assessment.risks.exclude(status=FollowUpStatus.DONE).count() if risk_assessment else 0,
                    "registers:risks",
                ),
            ],
        },
        {
            "title": _("Manual library"),
            "url": "registers:manuals",
            "count": access.filter(Manual).count(),
            "unit": _("manuals"),
            "due": [
                (
                    _("manual versions waiting to be published"),
                    access.filter(ManualVersion, agency_field="manual__agency", published_at__isnull=True).count(),
                    "registers:manuals",
                ),
            ],
        },
    ]
    if actions.may_see_personnel_records(access) or access.can(Can.AUDIT):
        registers.append(
            {
                "title": _("Rewards and discipline"),
                "url": "registers:personnel",
                "count": access.filter(PersonnelAction, fiscal_year=year).count(),
                "unit": _("records this year"),
                "due": [],
            }
        )
    return _page(request, "index.html", registers=registers, year=year, years=_years(year))


# ------------------------------------------------------------------------------------------------------- assets


@agency_view(Can.VIEW)
def assets(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    qs = access.filter(Asset).select_related("department")
    status = request.GET.get("status", "")
    if status in AssetStatus.values:
        qs = qs.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(code__icontains=query) | Q(name__icontains=query) | Q(category__icontains=query))
    return _page(
        request,
        "assets.html",
        assets=qs,
        statuses=AssetStatus.choices,
        status=status,
        q=query,
        year=reports.default_year(access.agency),
    )


@agency_view(Can.VIEW)
def asset_detail(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    asset = access.get(Asset.objects.select_related("department"), pk=pk)
    loans = asset.loans.select_related("borrower").order_by("-start_date")
    return _page(
        request, "asset_detail.html", asset=asset, loans=loans, may_edit=access.can_edit_department(asset.department)
    )


@agency_view(Can.EDIT)
def asset_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    asset = access.get(Asset, pk=pk) if pk else Asset(agency=access.agency)
    if pk:
        _require_department(access, asset.department)
    form = forms.AssetForm(request.POST or None, instance=asset, access=access)
    if request.method == "POST" and form.is_valid():
        asset = actions.save_asset(form.save(commit=False), request.user, created=pk is None)
        messages.success(request, _("Saved %(asset)s.") % {"asset": asset})
        return redirect("registers:asset", agency=access.agency.slug, pk=asset.pk)
    title = _("Edit asset") if pk else _("New asset")
    return _form_page(request, form, title, "registers:assets")


# -------------------------------------------------------------------------------------------------------- loans


@agency_view(Can.VIEW)
def loans(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    qs = _loans(access).select_related("asset", "asset__department", "borrower")
    show = request.GET.get("show", "open")
    if show == "mine":
        qs = qs.filter(borrower=access.user)
    elif show == "overdue":
        qs = qs.overdue()
    elif show == "open":
        qs = qs.filter(status__in=[LoanStatus.REQUESTED, LoanStatus.APPROVED, LoanStatus.HANDED_OVER])
    return _page(request, "loans.html", loans=qs[:300], show=show)


@agency_view(Can.VIEW)
def loan_request(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    """Any member may ask to borrow; the responsible officer of the asset's department decides."""
    initial = {"asset": request.GET.get("asset")} if request.GET.get("asset") else None
    form = forms.LoanRequestForm(request.POST or None, initial=initial, access=access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = actions.request_loan(
                access.agency, data["asset"], request.user, data["purpose"], data["start_date"], data["end_date"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your request was sent to the responsible officer."))
            return redirect("registers:loan", agency=access.agency.slug, pk=loan.pk)
    procedure = actions.procedure_for(access.agency)
    return _form_page(request, form, _("Borrow an asset"), "registers:loans", procedure=procedure)


@agency_view(Can.VIEW)
def loan_detail(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    loan = access.get(Loan.objects.select_related("asset", "asset__department", "borrower", "decided_by"), pk=pk)
    return _page(
        request,
        "loan_detail.html",
        loan=loan,
        may_decide=actions.may_decide_loan(access, loan),
        decision_form=forms.LoanDecisionForm(),
        return_form=forms.LoanReturnForm(),
    )


@require_POST
@agency_view(Can.VIEW)
def loan_action(request: HttpRequest, access: AgencyAccess, pk: int, verb: str) -> HttpResponse:
    loan = access.get(Loan.objects.select_related("asset__department"), pk=pk)
    note = request.POST.get("note", "")
    try:
        if verb in ("approve", "reject"):
            actions.decide_loan(access, loan, verb == "approve", note)
        elif verb == "hand-over":
            actions.hand_over(access, loan)
        elif verb == "return":
            form = forms.LoanReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose the condition of the returned asset."))
            actions.receive_return(access, loan, form.cleaned_data["condition"], form.cleaned_data["note"])
        elif verb == "cancel":
            actions.cancel_loan(request.user, loan)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The loan was updated."))
    return redirect("registers:loan", agency=access.agency.slug, pk=loan.pk)


def procedure_context(agency: Any) -> dict[str, Any]:
    """The steps and their flowchart, shared by the staff and public borrowing pages."""
    procedure = actions.procedure_for(agency)
    steps = []
    for step in procedure.steps.all():
        limit = _("within %(days)d day(s)") % {"days": step.max_days} if step.max_days else ""
        steps.append(Step(step.order, step.name, str(step.get_actor_display()), str(limit)))
    title = _("Borrowing procedure for state property")
    return {
        "procedure": procedure,
        "steps": steps,
        "chart": svg(steps, str(title)),
        "rules": [line for line in procedure.rules.splitlines() if line.strip()],
    }


@agency_view(Can.VIEW)
def borrowing(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    return _page(
        request,
        "borrowing.html",
        link=_link_target(actions.procedure_for(access.agency)),
        **procedure_context(access.agency),
    )


@agency_view(Can.MANAGE)
def borrowing_edit(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    procedure = actions.procedure_for(access.agency)
    initial = [{"name": s.name, "actor": s.actor, "max_days": s.max_days} for s in procedure.steps.all()]
    form = forms.ProcedureForm(request.POST or None, instance=procedure)
    # Initial values only for showing the page: on POST a cleared row must count as empty and be dropped.
    steps = forms.StepFormSet(
        request.POST or None, initial=None if request.method == "POST" else initial, prefix="steps"
    )
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        kept = [f.cleaned_data for f in steps.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        actions.save_procedure(form.save(commit=False), kept, request.user)
        messages.success(request, _("The borrowing procedure was saved."))
        return redirect("registers:borrowing", agency=access.agency.slug)
    return _page(
        request, "borrowing_edit.html", http_status=400 if request.method == "POST" else 200, form=form, steps=steps
    )


# -------------------------------------------------------------------------------------------------------- gifts


@agency_view(Can.VIEW)
def gifts(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    year = _year(request, access)
    summary = reports.gift_year(access.agency, year)
    policy = access.filter(GiftPolicy, fiscal_year=year).first()
    may_edit_policy = access.can(Can.MANAGE) or access.can(Can.APPROVE)
    context: dict[str, Any] = {
        "summary": summary,
        "policy": policy,
        "year": year,
        "years": _years(year),
        "limit": GIFT_LIMIT,
        "may_edit_policy": may_edit_policy,
    }
    if policy:
        context["report_obj"] = GiftReport.objects.select_related("agency").get(pk=policy.pk)
    return _page(request, "gifts.html", **context)


@agency_view(Can.VIEW)
def gift_detail(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    gift = access.get(Gift.objects.select_related("recipient", "department"), pk=pk)
    return _page(
        request, "gift_detail.html", gift=gift, limit=GIFT_LIMIT, may_edit=access.can_edit_department(gift.department)
    )


@agency_view(Can.EDIT)
def gift_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    gift = access.get(Gift, pk=pk) if pk else Gift(agency=access.agency)
    if pk:
        _require_department(access, gift.department)
    form = forms.GiftForm(request.POST or None, instance=gift, access=access)
    if request.method == "POST" and form.is_valid():
        gift = form.save(commit=False)
        actions.save_record(gift, request.user, "gift", created=pk is None, agency=access.agency)
        if gift.kept_over_limit:
            messages.warning(request, _("This gift is worth more than 3,000 baht: it may not be kept personally."))
        return redirect("registers:gift", agency=access.agency.slug, pk=gift.pk)
    return _form_page(request, form, _("Edit gift") if pk else _("Record a gift or benefit"), "registers:gifts")


@agency_view(Can.VIEW)
def gift_policy_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    if not (access.can(Can.MANAGE) or access.can(Can.APPROVE)):
        raise PermissionDenied
    if pk:
        policy = access.get(GiftPolicy, pk=pk)
        initial = None
    else:
        policy = GiftPolicy(agency=access.agency)
        initial = _policy_defaults(access, _year(request, access))
    form = forms.GiftPolicyForm(request.POST or None, instance=policy, initial=initial, access=access)
    if request.method == "POST" and form.is_valid():
        policy = form.save(commit=False)
        actions.save_record(policy, request.user, "gift_policy", created=pk is None, agency=access.agency)
        messages.success(request, _("The announcement was saved."))
        return redirect(f"{_url('registers:gifts', access)}?year={policy.fiscal_year}")
    return _form_page(request, form, _("No Gift Policy announcement"), "registers:gifts")


def _policy_defaults(access: AgencyAccess, year: int) -> dict[str, Any]:
    from prongsai.registers.official import default_announcement

    executive = (
        Membership.objects.active()
        .filter(agency=access.agency, role="executive", department__isnull=True)
        .select_related("user")
        .first()
    )
    return {
        "fiscal_year": year,
        "executive_name": reports.person_name(executive.user) if executive else "",
        "executive_position": executive.position if executive else "",
        "announced_on": reports.today(),
        "body": default_announcement(access.agency),
    }


def _url(name: str, access: AgencyAccess, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"agency": access.agency.slug, **kwargs})


# ------------------------------------------------------------------------------------------ conflicts of interest


@agency_view(Can.VIEW)
def coi(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    rounds = list(access.filter(CoiRound).annotate(n=Count("declarations")))
    mine = {d.round_id: d for d in CoiDeclaration.objects.filter(agency=access.agency, member=access.user)}
    return _page(request, "coi.html", rounds=[(r, mine.get(r.pk)) for r in rounds])


@agency_view(Can.MANAGE)
def coi_round_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    round_ = access.get(CoiRound, pk=pk) if pk else CoiRound(agency=access.agency)
    form = forms.CoiRoundForm(
        request.POST or None,
        instance=round_,
        access=access,
        initial=None if pk else {"fiscal_year": reports.default_year(access.agency)},
    )
    if request.method == "POST" and form.is_valid():
        round_ = form.save(commit=False)
        actions.save_record(round_, request.user, "coi_round", created=pk is None, agency=access.agency)
        return redirect("registers:coi-round", agency=access.agency.slug, year=round_.fiscal_year)
    return _form_page(request, form, _("Declaration round"), "registers:coi")


@agency_view(Can.VIEW)
def coi_round(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    round_ = access.get(CoiRound, fiscal_year=year)
    progress = reports.coi_progress(round_)
    sees_all = actions.sees_all_declarations(access)
    if not sees_all:  # officers follow their own department's completion only
        progress.departments = [
            d for d in progress.departments if access.department and d.department == access.department
        ]
    declarations = round_.declarations.select_related("member", "department", "reviewed_by") if sees_all else []
    mine = round_.declarations.filter(member=access.user).first()
    return _page(
        request,
        "coi_round.html",
        round=round_,
        progress=progress,
        declarations=declarations,
        mine=mine,
        sees_all=sees_all,
        link=_link_target(round_),
    )


@agency_view(Can.VIEW)
def coi_declare(request: HttpRequest, access: AgencyAccess, year: int) -> HttpResponse:
    round_ = access.get(CoiRound, fiscal_year=year)
    mine = round_.declarations.filter(member=access.user).first()
    initial = (
        {"has_interest": "1" if mine.has_interest else "0", "details": mine.details, "signed_name": mine.signed_name}
        if mine
        else {"signed_name": reports.person_name(request.user)}
    )
    form = forms.DeclarationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.declare_interest(
                round_, request.user, access.department, data["has_interest"], data["details"], data["signed_name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your declaration was recorded."))
            return redirect("registers:coi-round", agency=access.agency.slug, year=year)
    return _form_page(
        request,
        form,
        _("My conflict-of-interest declaration, fiscal year %(year)d") % {"year": year},
        "registers:coi",
        round=round_,
    )


@agency_view(Can.VIEW)
def coi_declaration(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    declaration = access.get(CoiDeclaration.objects.select_related("round", "member", "reviewed_by"), pk=pk)
    if declaration.member_id != request.user.pk and not actions.sees_all_declarations(access):
        raise PermissionDenied
    form = forms.AcknowledgeForm(request.POST or None, initial={"comment": declaration.review_comment})
    may_review = actions.may_review_coi(access)
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        if form.is_valid():
            actions.acknowledge_declaration(access, declaration, form.cleaned_data["comment"])
            messages.success(request, _("The declaration was acknowledged."))
            return redirect("registers:coi-round", agency=access.agency.slug, year=declaration.round.fiscal_year)
    return _page(request, "coi_declaration.html", declaration=declaration, form=form, may_review=may_review)


# ----------------------------------------------------------------------------------------------------- training


@agency_view(Can.VIEW)
def training(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    year = _year(request, access)
    events = (
        access.filter(TrainingEvent, fiscal_year=year).select_related("department").annotate(n=Count("attendances"))
    )
    return _page(request, "training.html", events=events, year=year, years=_years(year))


@agency_view(Can.VIEW)
def training_detail(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    event = access.get(TrainingEvent.objects.select_related("department"), pk=pk)
    may_edit = access.can_edit_department(event.department)
    return _page(
        request,
        "training_detail.html",
        event=event,
        attendances=event.attendances.select_related("member"),
        materials=event.materials.all(),
        may_edit=may_edit,
        upload_form=forms.UploadForm() if may_edit else None,
        link=_link_target(event),
    )


@agency_view(Can.EDIT)
def training_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    event = access.get(TrainingEvent, pk=pk) if pk else TrainingEvent(agency=access.agency)
    if pk:
        _require_department(access, event.department)
    form = forms.TrainingEventForm(request.POST or None, instance=event, access=access)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        actions.save_record(event, request.user, "training", created=pk is None, agency=access.agency)
        return redirect("registers:training-event", agency=access.agency.slug, pk=event.pk)
    return _form_page(request, form, _("Edit event") if pk else _("New training or meeting"), "registers:training")


@agency_view(Can.EDIT)
def training_attendance(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    event = access.get(TrainingEvent, pk=pk)
    _require_department(access, event.department)
    current = list(event.attendances.all())
    initial = {
        "members": [a.member_id for a in current if a.member_id],
        "outside": "\n".join(a.outside_name for a in current if not a.member_id),
    }
    form = forms.AttendanceForm(request.POST or None, initial=initial, access=access)
    if request.method == "POST" and form.is_valid():
        names = [n.strip() for n in form.cleaned_data["outside"].splitlines() if n.strip()]
        actions.set_attendance(event, list(form.cleaned_data["members"]), names, request.user)
        messages.success(request, _("Attendance saved."))
        return redirect("registers:training-event", agency=access.agency.slug, pk=event.pk)
    return _form_page(request, form, _("Attendance: %(title)s") % {"title": event.title}, "registers:training")


@require_POST
@agency_view(Can.EDIT)
def training_material(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    event = access.get(TrainingEvent, pk=pk)
    _require_department(access, event.department)
    form = forms.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        material = TrainingMaterial(
            event=event, title=form.cleaned_data["title"], file_type=form.file_type, original_name=upload.name[:255]
        )
        material.file.save(safe_storage_name(upload.name, form.file_type), upload, save=False)
        actions.save_record(material, request.user, "training.material", created=True, agency=access.agency)
        messages.success(request, _("The file was added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("registers:training-event", agency=access.agency.slug, pk=event.pk)


@agency_view(Can.VIEW)
def training_material_file(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponseBase:
    material = access.get(TrainingMaterial, agency_field="event__agency", pk=pk)
    return serve_file(material.file, download_name=material.original_name)


@agency_view(Can.VIEW)
def training_people(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    year = _year(request, access)
    summary = reports.training_summary(access.agency, year)
    attended = {p[0].pk for p in summary.people}
    missing = reports.members(access.agency).exclude(pk__in=attended).order_by("first_name")
    return _page(request, "training_people.html", summary=summary, missing=missing, year=year, years=_years(year))


# -------------------------------------------------------------------------------------------------------- risks


@agency_view(Can.VIEW)
def risks(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    year = _year(request, access)
    assessment = access.filter(RiskAssessment, fiscal_year=year).select_related("approved_by").first()
    context: dict[str, Any] = {
        "year": year,
        "years": _years(year),
        "assessment": assessment,
        "may_approve": actions.may_approve_risks(access),
        "may_reopen": actions.may_withdraw_risk_approval(access),
    }
    if assessment:
        items = reports.risks_of(assessment)
        context.update(
            risks=items,
            matrix=reports.risk_matrix(items),
            counts=reports.level_counts(items),
            follow_up_obj=RiskFollowUp.objects.select_related("agency").get(pk=assessment.pk),
        )
    return _page(request, "risks.html", **context)


def _refuse_if_approved(request: HttpRequest, access: AgencyAccess, assessment: RiskAssessment) -> HttpResponse | None:
    """Back to the year's risks with the reason, when the assessment is approved (actions.require_risks_open)."""
    try:
        actions.require_risks_open(assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{_url('registers:risks', access)}?year={assessment.fiscal_year}")
    return None


@agency_view(Can.MANAGE)
def risk_assessment_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    assessment = access.get(RiskAssessment, pk=pk) if pk else RiskAssessment(agency=access.agency)
    if pk and (refused := _refuse_if_approved(request, access, assessment)):
        return refused
    form = forms.RiskAssessmentForm(
        request.POST or None,
        instance=assessment,
        access=access,
        initial=None if pk else {"fiscal_year": _year(request, access)},
    )
    if request.method == "POST" and form.is_valid():
        assessment = form.save(commit=False)
        actions.save_record(assessment, request.user, "risk_assessment", created=pk is None, agency=access.agency)
        return redirect(f"{_url('registers:risks', access)}?year={assessment.fiscal_year}")
    return _form_page(request, form, _("Risk assessment"), "registers:risks")


@require_POST
@agency_view(Can.APPROVE)
def risk_assessment_approve(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    assessment = access.get(RiskAssessment, pk=pk)
    actions.approve_risk_assessment(access, assessment)
    messages.success(request, _("The risk assessment was approved."))
    return redirect(f"{_url('registers:risks', access)}?year={assessment.fiscal_year}")


@require_POST
@agency_view(Can.VIEW)
def risk_assessment_reopen(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    assessment = access.get(RiskAssessment, pk=pk)
    actions.withdraw_risk_approval(access, assessment)
    messages.success(
        request, _("The approval was withdrawn: the assessment can be changed and must be approved again.")
    )
    return redirect(f"{_url('registers:risks', access)}?year={assessment.fiscal_year}")


@agency_view(Can.EDIT)
def risk_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    if pk:
        risk = access.get(Risk, pk=pk)
        _require_department(access, risk.department)
    else:
        assessment = access.get(RiskAssessment, pk=request.GET.get("assessment") or request.POST.get("assessment"))
        risk = Risk(agency=access.agency, assessment=assessment)
    if refused := _refuse_if_approved(request, access, risk.assessment):
        return refused
    form = forms.RiskForm(request.POST or None, instance=risk, access=access)
    if request.method == "POST" and form.is_valid():
        risk = form.save(commit=False)
        actions.save_record(risk, request.user, "risk", created=pk is None, agency=access.agency)
        return redirect("registers:risk", agency=access.agency.slug, pk=risk.pk)
    return _form_page(
        request,
        form,
        _("Edit risk") if pk else _("New risk"),
        "registers:risks",
        hidden={"assessment": risk.assessment_id},
    )


@agency_view(Can.VIEW)
def risk_detail(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    risk = access.get(Risk.objects.select_related("department", "assessment"), pk=pk)
    may_edit = access.can_edit_department(risk.department)
    form = forms.RiskNoteForm(request.POST or None, initial={"noted_on": reports.today(), "status": risk.status})
    if request.method == "POST":
        _require_department(access, risk.department)
        if form.is_valid():
            actions.add_risk_note(risk, request.user, **form.cleaned_data)
            messages.success(request, _("The follow-up was recorded."))
            return redirect("registers:risk", agency=access.agency.slug, pk=risk.pk)
    return _page(
        request,
        "risk_detail.html",
        http_status=400 if request.method == "POST" else 200,
        risk=risk,
        notes=risk.notes.select_related("author"),
        form=form if may_edit else None,
    )


# ------------------------------------------------------------------------------------------------------ manuals


@agency_view(Can.VIEW)
def manuals(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    items = list(access.filter(Manual).select_related("department").prefetch_related("versions"))
    rows = []
    for manual in items:
        versions = sorted(manual.versions.all(), key=lambda v: -v.number)
        published = next((v for v in versions if v.published_at), None)
        rows.append((manual, versions[0] if versions else None, published))
    return _page(request, "manuals.html", rows=rows)


@agency_view(Can.VIEW)
def manual_detail(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    manual = access.get(Manual.objects.select_related("department"), pk=pk)
    versions = list(manual.versions.select_related("uploaded_by"))
    published = next((v for v in versions if v.published_at), None)
    may_edit = access.can_edit_department(manual.department)
    return _page(
        request,
        "manual_detail.html",
        manual=manual,
        versions=versions,
        published=published,
        may_edit=may_edit,
        may_publish=may_edit or access.can(Can.APPROVE),
        version_form=forms.ManualVersionForm(initial={"effective_on": reports.today()}) if may_edit else None,
        link=_link_target(manual),
    )


@agency_view(Can.EDIT)
def manual_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    manual = access.get(Manual, pk=pk) if pk else Manual(agency=access.agency)
    if pk:
        _require_department(access, manual.department)
    form = forms.ManualForm(request.POST or None, instance=manual, access=access)
    if request.method == "POST" and form.is_valid():
        manual = form.save(commit=False)
        actions.save_record(manual, request.user, "manual", created=pk is None, agency=access.agency)
        return redirect("registers:manual", agency=access.agency.slug, pk=manual.pk)
    return _form_page(request, form, _("Edit manual") if pk else _("New manual"), "registers:manuals")


@require_POST
@agency_view(Can.EDIT)
def manual_version_add(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    manual = access.get(Manual, pk=pk)
    _require_department(access, manual.department)
    form = forms.ManualVersionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("registers:manual", agency=access.agency.slug, pk=manual.pk)
    upload = form.cleaned_data["file"]
    version = ManualVersion(manual=manual)  # file saved before the row so a failed write stores nothing
    stored = version.file.storage.save(
        f"registers/manuals/{access.agency.pk}/{safe_storage_name(upload.name, form.file_type)}", upload
    )
    actions.add_manual_version(
        manual,
        request.user,
        file=stored,
        file_type=form.file_type,
        original_name=upload.name[:255],
        effective_on=form.cleaned_data["effective_on"],
        change_note=form.cleaned_data["change_note"],
    )
    messages.success(request, _("The new version was added; publish it when it is ready."))
    return redirect("registers:manual", agency=access.agency.slug, pk=manual.pk)


@require_POST
@agency_view(Can.VIEW)
def manual_version_publish(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    version = access.get(
        ManualVersion.objects.select_related("manual__department"), agency_field="manual__agency", pk=pk
    )
    actions.publish_manual_version(access, version)
    messages.success(request, _("Version %(n)d is published.") % {"n": version.number})
    return redirect("registers:manual", agency=access.agency.slug, pk=version.manual_id)


@agency_view(Can.VIEW)
def manual_version_file(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponseBase:
    version = access.get(ManualVersion.objects.select_related("manual"), agency_field="manual__agency", pk=pk)
    return serve_file(version.file, download_name=version.download_name)


# ------------------------------------------------------------------------------------------- rewards/discipline


def _personnel_guard(access: AgencyAccess) -> None:
    if not actions.may_see_personnel_records(access):
        raise PermissionDenied(_("These records are restricted to coordinators and executives."))


@agency_view(Can.VIEW)
def personnel(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    year = _year(request, access)
    measures = access.filter(RewardsMeasures).first()
    link = _link_target(measures) if measures else None
    if not actions.may_see_personnel_records(access):
        if not access.can(Can.AUDIT):
            raise PermissionDenied(_("These records are restricted to coordinators and executives."))
        counts = access.filter(PersonnelAction).values("fiscal_year", "kind").annotate(n=Count("id"))
        table: dict[int, dict[str, int]] = {}
        for row in counts:
            table.setdefault(row["fiscal_year"], {})[row["kind"]] = row["n"]
        actions.log_personnel_access(access, "counts")
        return _page(
            request,
            "personnel_counts.html",
            table=sorted(table.items(), reverse=True),
            kinds=PersonnelActionKind.choices,
            measures=measures,
            link=link,
        )
    records = access.filter(PersonnelAction, fiscal_year=year)
    actions.log_personnel_access(access, "list")
    return _page(
        request, "personnel.html", records=records, year=year, years=_years(year), measures=measures, link=link
    )


@agency_view(Can.VIEW)
def personnel_detail(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    _personnel_guard(access)
    item = access.get(PersonnelAction, pk=pk)
    actions.log_personnel_access(access, "view", item)
    return _page(request, "personnel_detail.html", item=item)


@agency_view(Can.MANAGE)
def personnel_edit(request: HttpRequest, access: AgencyAccess, pk: int | None = None) -> HttpResponse:
    item = access.get(PersonnelAction, pk=pk) if pk else PersonnelAction(agency=access.agency)
    form = forms.PersonnelActionForm(request.POST or None, instance=item, access=access)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        actions.save_record(item, request.user, "personnel", created=pk is None, agency=access.agency)
        return redirect("registers:personnel-record", agency=access.agency.slug, pk=item.pk)
    if pk:
        actions.log_personnel_access(access, "view", item)
    return _form_page(request, form, _("Reward or disciplinary record"), "registers:personnel")


@agency_view(Can.MANAGE)
def measures_edit(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    from prongsai.registers.official import DEFAULT_MEASURES

    measures = access.filter(RewardsMeasures).first()
    created = measures is None
    measures = measures or RewardsMeasures(
        agency=access.agency, title=f"มาตรการให้รางวัลและลงโทษ {access.agency.name_th}", body=DEFAULT_MEASURES
    )
    form = forms.RewardsMeasuresForm(request.POST or None, instance=measures, access=access)
    if request.method == "POST" and form.is_valid():
        actions.save_record(
            form.save(commit=False), request.user, "rewards_measures", created=created, agency=access.agency
        )
        messages.success(request, _("The measures were saved."))
        return redirect("registers:personnel", agency=access.agency.slug)
    return _form_page(request, form, _("Measures on rewards and discipline"), "registers:personnel")


# ----------------------------------------------------------------------------------------------------- deleting


def _summary(obj: Any, fields: list[str]) -> list[tuple[str, Any]]:
    """(label, shown value) of some of a row's fields, for the confirmation page."""
    rows = []
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, f"get_{name}_display")() if field.choices else getattr(obj, name)
        if isinstance(value, (dt.date, dt.datetime)):
            value = be_date(value)
        elif isinstance(value, Decimal):
            value = baht(value)
        rows.append((str(field.verbose_name).capitalize(), value if value not in (None, "") else "–"))
    return rows


def _confirm_delete(
    request: HttpRequest,
    obj: Any,
    delete: Any,
    *,
    rows: list[tuple[str, Any]],
    back: str,
    done: str,
) -> HttpResponse:
    """GET: what will be deleted (or why it may not be); POST: delete through the action, back to the list."""
    if request.method == "POST":
        label = str(obj)
        try:
            delete()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, _("%(record)s was deleted.") % {"record": label})
        return redirect(done)
    return _page(
        request,
        "confirm_delete.html",
        obj=obj,
        kind=obj._meta.verbose_name,
        rows=rows,
        reason=actions.why_not_delete(obj),
        back=back,
    )


@agency_view(Can.EDIT)
def asset_delete(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    asset = access.get(Asset.objects.select_related("department"), pk=pk)
    _require_department(access, asset.department)
    return _confirm_delete(
        request,
        asset,
        lambda: actions.delete_asset(asset, request.user),
        rows=_summary(asset, ["code", "name", "category", "department", "status", "value"]),
        back=_url("registers:asset", access, pk=asset.pk),
        done=_url("registers:assets", access),
    )


@agency_view(Can.EDIT)
def loan_delete(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    loan = access.get(Loan.objects.select_related("asset__department", "borrower"), pk=pk)
    if not actions.may_decide_loan(access, loan):
        raise PermissionDenied(_("Only the responsible officer of the asset's department may delete a loan."))
    return _confirm_delete(
        request,
        loan,
        lambda: actions.delete_loan(access, loan),
        rows=_summary(loan, ["asset", "borrower", "purpose", "start_date", "end_date", "status"]),
        back=_url("registers:loan", access, pk=loan.pk),
        done=_url("registers:loans", access),
    )


@agency_view(Can.EDIT)
def gift_delete(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    gift = access.get(Gift.objects.select_related("department"), pk=pk)
    _require_department(access, gift.department)
    rows = _summary(gift, ["received_on", "recipient_position", "department", "giver", "description", "value"])
    return _confirm_delete(
        request,
        gift,
        lambda: actions.delete_gift(gift, request.user),
        rows=rows,
        back=_url("registers:gift", access, pk=gift.pk),
        done=f"{_url('registers:gifts', access)}?year={gift.fiscal_year}",
    )


@agency_view(Can.MANAGE)
def coi_declaration_delete(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    declaration = access.get(CoiDeclaration.objects.select_related("round", "member"), pk=pk)
    rows = [(_("Member"), reports.person_name(declaration.member))]
    declared = (
        _("I have an interest to declare")
        if declaration.has_interest
        else _("I have no conflict of interest to declare")
    )
    rows.append((_("Declaration"), declared))
    rows += _summary(declaration, ["details"])
    rows.append((_("Signed"), f"{declaration.signed_name} · {be_date(declaration.submitted_at)}"))
    return _confirm_delete(
        request,
        declaration,
        lambda: actions.delete_declaration(declaration, request.user),
        rows=rows,
        back=_url("registers:coi-declaration", access, pk=declaration.pk),
        done=_url("registers:coi-round", access, year=declaration.round.fiscal_year),
    )


@agency_view(Can.EDIT)
def training_delete(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    event = access.get(TrainingEvent.objects.select_related("department"), pk=pk)
    _require_department(access, event.department)
    rows = _summary(event, ["kind", "title", "held_on", "place", "department"])
    rows += [(_("Attendance"), event.attendances.count()), (_("Materials"), event.materials.count())]
    return _confirm_delete(
        request,
        event,
        lambda: actions.delete_training_event(event, request.user),
        rows=rows,
        back=_url("registers:training-event", access, pk=event.pk),
        done=f"{_url('registers:training', access)}?year={event.fiscal_year}",
    )


@agency_view(Can.EDIT)
def risk_delete(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    risk = access.get(Risk.objects.select_related("department", "assessment"), pk=pk)
    _require_department(access, risk.department)
    rows = _summary(risk, ["number", "process", "description", "department", "status"])
    rows.append((_("Follow-up notes"), risk.notes.count()))
    return _confirm_delete(
        request,
        risk,
        lambda: actions.delete_risk(risk, request.user),
        rows=rows,
        back=_url("registers:risk", access, pk=risk.pk),
        done=f"{_url('registers:risks', access)}?year={risk.assessment.fiscal_year}",
    )
