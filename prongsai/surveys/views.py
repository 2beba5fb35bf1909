"""Staff pages of the surveys app: guard → form → action → redirect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.agencies.models import Department
from prongsai.assessments.models import Assessment
from prongsai.disclosure.board import publication
from prongsai.disclosure.models import OitYear
from prongsai.documents import charts
from prongsai.surveys import actions, anonymity, qr, results, sampling
from prongsai.surveys.forms import (
    BurstForm,
    CampaignForm,
    CodesForm,
    CountForm,
    DatesForm,
    GroupForm,
    ImportForm,
    LinksForm,
    PopulationForm,
    QuestionForm,
    QuestionnaireForm,
    ReasonForm,
    SpreadForm,
)
from prongsai.surveys.models import (
    AccessCode,
    Campaign,
    CodeBatch,
    CodeKind,
    CountSource,
    Instrument,
    InternalPopulation,
    ItasCount,
    LinkSpread,
    Questionnaire,
    Response,
    SatisfactionQuestion,
    SatisfactionReport,
    StaffListEntry,
    StakeholderGroup,
)
from prongsai.surveys.questionnaires import sheet_for
from prongsai.surveys.stakeholders_file import parse, parse_date, read_table


def _assessment(request: HttpRequest, access: AgencyAccess) -> Assessment:
    assessments = access.filter(Assessment).select_related("criteria").order_by("-fiscal_year")
    wanted = request.GET.get("year") or request.POST.get("year") or ""
    chosen = assessments.filter(fiscal_year=int(wanted)).first() if wanted.isdecimal() else assessments.first()
    if chosen is None:
        raise Http404(_("This agency has no assessment yet; create one on the dashboard."))
    return chosen


def _back(name: str, access: AgencyAccess, assessment: Assessment, **kwargs: Any) -> HttpResponse:
    url = reverse(f"surveys:{name}", kwargs={"agency": access.agency.slug, **kwargs})
    return redirect(f"{url}?year={assessment.fiscal_year}")


def public_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def respond_url(campaign: Campaign, code: str = "") -> str:
    if code:
        return public_url(reverse("s:respond-code", kwargs={"token": campaign.token, "code": code}))
    return public_url(reverse("s:respond", kwargs={"token": campaign.token}))


# Overview --------------------------------------------------------------------------------------


def progress(assessment: Assessment, instrument: str, today: dt.date) -> dict[str, Any]:
    """Target, ITAS counts and pulse answers of one instrument, with a forecast of reaching the target."""
    agency = assessment.agency
    population = None
    if instrument == "IIT":
        population = sum(InternalPopulation.objects.filter(assessment=assessment).values_list("eligible", flat=True))
        population = population or None
    target = sampling.minimum_sample(
        assessment.criteria.framework, instrument, agency.agency_type, agency.size_group, population
    )
    points = list(
        ItasCount.objects.filter(assessment=assessment, instrument=instrument).values_list("counted_on", "responses")
    )
    pulse_daily: dict[dt.date, int] = {}
    for day, n in (
        Response.objects.filter(campaign__assessment=assessment, campaign__instrument=instrument)
        .counted()
        .values_list("answered_on")
        .annotate(n=Count("id"))
        .order_by()
    ):
        pulse_daily[day] = n
    itas_daily = sampling.daily_from_cumulative(points)
    itas = sampling.forecast(itas_daily, target.minimum, today) if points else None
    pulse = sampling.forecast(pulse_daily, target.minimum, today)
    days = sorted(set(itas_daily) | set(pulse_daily))
    itas_running = dict(sampling.cumulative(itas_daily))
    pulse_running = dict(sampling.cumulative(pulse_daily))
    table: list[dict[str, Any]] = []
    last_itas, last_pulse = 0, 0
    for day in days:
        last_itas = itas_running.get(day, last_itas)
        last_pulse = pulse_running.get(day, last_pulse)
        table.append({"day": day, "itas": last_itas if points else None, "pulse": last_pulse})
    chart = None
    if len(table) >= 2:
        shown = table[-30:]
        series = {_("Pulse survey answers"): [float(r["pulse"]) for r in shown]}
        if points:
            series = {_("Official answers (ITAS count)"): [float(r["itas"] or 0) for r in shown], **series}
        chart = charts.lines(
            [f"{r['day'].day}/{r['day'].month}" for r in shown],
            series,
            title=_("%(instrument)s answers so far") % {"instrument": instrument},
            target=float(target.minimum) if target.minimum else None,
        )
    return {
        "instrument": instrument,
        "chart": chart,
        "target": target,
        "itas": itas,
        "pulse": pulse,
        "table": table[-30:],
        "meter_max": max(target.minimum or 0, itas.total if itas else 0, pulse.total, 1),
    }


@agency_view(Can.VIEW)
def index(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    assessment = _assessment(request, access)
    today = timezone.localdate()
    campaigns = list(
        access.filter(Campaign, assessment=assessment)
        .annotate(answers=Count("responses"))
        .select_related("questionnaire")
    )
    context = {
        "active_nav": "surveys",
        "assessment": assessment,
        "years": access.filter(Assessment).order_by("-fiscal_year").values_list("fiscal_year", flat=True),
        "progress": [progress(assessment, inst, today) for inst in ("IIT", "EIT")],
        "campaigns": campaigns,
        "today": today,
    }
    return render(request, "surveys/index.html", context)


# Stakeholders ----------------------------------------------------------------------------------


@agency_view(Can.VIEW)
def stakeholders(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    return _stakeholders_page(request, access)


def _stakeholders_page(request: HttpRequest, access: AgencyAccess, status: int = 200, **extra: Any) -> HttpResponse:
    assessment = _assessment(request, access)
    departments = Department.objects.filter(agency=access.agency)
    groups = StakeholderGroup.objects.filter(assessment=assessment).annotate(n_contacts=Count("contacts"))
    population = InternalPopulation.objects.filter(assessment=assessment).select_related("department")
    context = {
        "active_nav": "surveys",
        "assessment": assessment,
        "population": population,
        "population_total": sum(p.eligible for p in population),
        "staff_listed": StaffListEntry.objects.filter(assessment=assessment).count(),
        "groups": groups,
        "import_form": ImportForm(),
        "population_form": PopulationForm(departments=departments),
        "group_form": GroupForm(),
        "can_manage": access.can(Can.MANAGE),
        **extra,
    }
    return render(request, "surveys/stakeholders.html", context, status=status)


@require_POST
@agency_view(Can.MANAGE)
def import_stakeholders(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    assessment = _assessment(request, access)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        return _stakeholders_page(request, access, status=400, import_errors=errors)
    upload = form.cleaned_data["file"]
    today = timezone.localdate()
    try:
        parsed = parse(read_table(upload.name, upload.read()), today)
        if parsed.errors:
            raise actions.ImportRefused(parsed.errors)
        message = actions.apply_import(assessment, parsed.layout, parsed.rows, request.user, today)
    except ValueError as exc:
        errors = getattr(exc, "errors", [str(exc)])
        return _stakeholders_page(request, access, status=400, import_errors=errors)
    messages.success(request, message)
    return _back("stakeholders", access, assessment)


@require_POST
@agency_view(Can.MANAGE)
def add_population(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    assessment = _assessment(request, access)
    form = PopulationForm(request.POST, departments=Department.objects.filter(agency=access.agency))
    if not form.is_valid():
        return _stakeholders_page(request, access, status=400, population_form=form)
    data = form.cleaned_data
    dept = data.get("department")
    actions.save_population_row(assessment, dept, "" if dept else data["label"].strip(), data["eligible"], request.user)
    messages.success(request, _("Saved."))
    return _back("stakeholders", access, assessment)


@require_POST
@agency_view(Can.MANAGE)
def add_group(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    assessment = _assessment(request, access)
    form = GroupForm(request.POST)
    if not form.is_valid():
        return _stakeholders_page(request, access, status=400, group_form=form)
    if StakeholderGroup.objects.filter(
        assessment=assessment, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"]
    ).exists():
        form.add_error("name", _("This group already exists."))
        return _stakeholders_page(request, access, status=400, group_form=form)
    actions.save_group(assessment, request.user, **form.cleaned_data)
    messages.success(request, _("Saved."))
    return _back("stakeholders", access, assessment)


# Official ITAS links ---------------------------------------------------------------------------


def post_text(agency_name: str, instrument: str, url: str, network: str) -> str:
    """Ready-made post text (Thai) for LINE or Facebook."""
    who = "บุคลากรของ" if instrument == "IIT" else "ผู้รับบริการและผู้มาติดต่อ"
    what = "ผู้มีส่วนได้ส่วนเสียภายใน (IIT)" if instrument == "IIT" else "ผู้มีส่วนได้ส่วนเสียภายนอก (EIT)"
    text = (
        f"ขอเชิญ{who}{agency_name} ร่วมตอบแบบวัดการรับรู้ของ{what} "
        f"การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
        f"ตอบได้ที่ {url}\nคำตอบของท่านไม่ระบุตัวตน ใช้เวลาประมาณ 10 นาที ขอบคุณทุกความคิดเห็นที่ช่วยให้เราพัฒนาการให้บริการ"
    )
    if network == "facebook":
        text += "\n#ITA #คุณธรรมและความโปร่งใส #ป.ป.ช."
    return text


@agency_view(Can.VIEW)
def links(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    return _links_page(request, access)


def _links_page(request: HttpRequest, access: AgencyAccess, status: int = 200, **extra: Any) -> HttpResponse:
    assessment = _assessment(request, access)
    stored = actions.links_for(assessment)
    cards = []
    for instrument in ("IIT", "EIT"):
        url = stored.url(instrument)
        cards.append(
            {
                "instrument": instrument,
                "url": url,
                "qr": qr.data_uri(url) if url else "",
                "line": post_text(access.agency.name_th, instrument, url, "line"),
                "facebook": post_text(access.agency.name_th, instrument, url, "facebook"),
            }
        )
    context = {
        "active_nav": "surveys",
        "assessment": assessment,
        "stored": stored.pk is not None,
        "cards": cards,
        "links_form": LinksForm(initial={"iit_url": stored.iit_url, "eit_url": stored.eit_url}),
        "spread_form": SpreadForm(),
        "count_form": CountForm(),
        "spreads": LinkSpread.objects.filter(assessment=assessment).select_related("recorded_by")[:50],
        "counts": ItasCount.objects.filter(assessment=assessment).order_by("-counted_on", "instrument")[:60],
        "can_manage": access.can(Can.MANAGE),
        "can_edit": access.can(Can.EDIT),
        **extra,
    }
    return render(request, "surveys/links.html", context, status=status)


@require_POST
@agency_view(Can.MANAGE)
def save_links(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    assessment = _assessment(request, access)
    form = LinksForm(request.POST)
    if not form.is_valid():
        return _links_page(request, access, status=400, links_form=form)
    actions.save_links(assessment, form.cleaned_data["iit_url"], form.cleaned_data["eit_url"], request.user)
    messages.success(request, _("Saved the ITAS links."))
    return _back("links", access, assessment)


@require_POST
@agency_view(Can.EDIT)
def log_spread(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    assessment = _assessment(request, access)
    form = SpreadForm(request.POST)
    if not form.is_valid():
        return _links_page(request, access, status=400, spread_form=form)
    actions.log_spread(assessment, request.user, **form.cleaned_data)
    messages.success(request, _("Recorded where the link was spread."))
    return _back("links", access, assessment)


@require_POST
@agency_view(Can.EDIT)
def save_count(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    assessment = _assessment(request, access)
    form = CountForm(request.POST)
    if not form.is_valid():
        return _links_page(request, access, status=400, count_form=form)
    data = form.cleaned_data
    actions.save_counts(assessment, [(data["instrument"], data["counted_on"], data["responses"])], request.user)
    messages.success(request, _("Saved the ITAS count."))
    return _back("links", access, assessment)


@require_POST
@agency_view(Can.MANAGE)
def import_counts(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    """A CSV/XLSX of instrument,date,responses rows; all rows or none."""
    assessment = _assessment(request, access)
    form = ImportForm(request.POST, request.FILES)
    errors: list[str] = []
    rows: list[tuple[str, dt.date, int]] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.name, upload.read())
        except ValueError as exc:
            table, errors = [], [str(exc)]
        header = [h.strip().lower() for h in (table[0] if table else [])]
        if not errors and header[:3] != ["instrument", "date", "responses"]:
            errors.append(_("Row 1: the columns must be instrument, date, responses."))
        for number, cells in enumerate(table[1:] if not errors else [], start=2):
            if not any(cells):
                continue
            cells = [*cells, "", "", ""]
            instrument, day, count = cells[0].strip().upper(), parse_date(cells[1]), cells[2].strip()
            if instrument not in ("IIT", "EIT"):
                errors.append(_("Row %(row)d, column instrument: use IIT or EIT.") % {"row": number})
            if day is None:
                errors.append(
                    _("Row %(row)d, column date: %(value)r is not a date.") % {"row": number, "value": cells[1]}
                )
            if not count.isdecimal():
                errors.append(_("Row %(row)d, column responses: not a whole number.") % {"row": number})
            if not errors:
                rows.append((instrument, day, int(count)))  # type: ignore[arg-type]
        if not rows and not errors:
            errors.append(_("The file has a header but no rows."))
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
    if errors:
        return _links_page(request, access, status=400, count_errors=errors)
    actions.save_counts(assessment, rows, request.user, source=CountSource.IMPORTED)
    messages.success(request, _("Imported %(count)d ITAS count(s).") % {"count": len(rows)})
    return _back("links", access, assessment)


@agency_view(Can.VIEW)
def link_qr(request: HttpRequest, access: AgencyAccess, instrument: str, fmt: str) -> HttpResponse:
    assessment = _assessment(request, access)
    if instrument not in ("IIT", "EIT") or fmt not in ("svg", "png"):
        raise Http404
    url = actions.links_for(assessment).url(instrument)
    return _qr_response(url, fmt, f"itas-{instrument.lower()}-{access.agency.slug}")


def _qr_response(url: str, fmt: str, name: str) -> HttpResponse:
    content = qr.svg(url) if fmt == "svg" else qr.png(url)
    response = HttpResponse(content, content_type="image/svg+xml" if fmt == "svg" else "image/png")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# Campaigns -------------------------------------------------------------------------------------


def _campaign(access: AgencyAccess, pk: int) -> Campaign:
    return access.get(Campaign.objects.select_related("assessment__criteria", "questionnaire"), pk=pk)


@agency_view(Can.MANAGE)
def new_campaign(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    assessment = _assessment(request, access)
    questionnaires = access.filter(Questionnaire)
    if request.method == "POST":
        form = CampaignForm(request.POST, questionnaires=questionnaires)
        if form.is_valid():
            campaign = actions.create_campaign(assessment, request.user, **form.cleaned_data)
            messages.success(request, _("Created the survey."))
            return redirect("surveys:campaign", agency=access.agency.slug, pk=campaign.pk)
    else:
        today = timezone.localdate()
        instrument = request.GET.get("instrument", "EIT")
        titles = {
            "IIT": _("Internal pulse survey (IIT questions) FY%(year)d"),
            "EIT": _("External pulse survey (EIT questions) FY%(year)d"),
            "SAT": _("Service satisfaction survey FY%(year)d"),
        }
        form = CampaignForm(
            questionnaires=questionnaires,
            initial={
                "instrument": instrument,
                "title": titles.get(instrument, titles["EIT"]) % {"year": assessment.fiscal_year},
                "opens_on": today,
                "closes_on": today + dt.timedelta(days=30),
                "open_link": instrument != "IIT",
            },
        )
    context = {"active_nav": "surveys", "assessment": assessment, "form": form}
    return render(request, "surveys/campaign_form.html", context, status=400 if form.errors else 200)


@agency_view(Can.VIEW)
def campaign(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    return _campaign_page(request, access, pk)


def _campaign_page(
    request: HttpRequest, access: AgencyAccess, pk: int, status: int = 200, **extra: Any
) -> HttpResponse:
    item = _campaign(access, pk)
    batches = (
        CodeBatch.objects.filter(campaign=item).annotate(unspent=Count("codes")).order_by("-created_at", "-id")[:50]
    )
    counts = results.daily_counts(item)
    context = {
        "active_nav": "surveys",
        "assessment": item.assessment,
        "campaign": item,
        "state": item.state(),
        "open_url": respond_url(item),
        "open_qr": qr.data_uri(respond_url(item)),
        "batches": batches,
        "total": sum(counts.values()),
        "daily": sorted(counts.items())[-14:],
        "bursts": actions.flagged_bursts(item),
        "reviews": item.burst_reviews.select_related("decided_by"),
        "reason_form": ReasonForm(),
        "codes_form": CodesForm(),
        "dates_form": DatesForm(initial={"opens_on": item.opens_on, "closes_on": item.closes_on}),
        "can_manage": access.can(Can.MANAGE),
        "can_export": access.can(Can.EXPORT),
        "report": SatisfactionReport.objects.filter(campaign=item).first(),
        # Guideline 2.3: how far the OIT entry is, so that confirming it on this page is an honest statement.
        "oit_progress": publication(item.assessment) if item.is_pulse else None,
        "oit_year": (
            OitYear.objects.filter(assessment=item.assessment).select_related("completed_by").first()
            if item.is_pulse
            else None
        ),
        **extra,
    }
    error_sources = [context[k].errors for k in ("reason_form", "codes_form", "dates_form") if context[k].errors]
    error_sources.append(extra.get("burst_form_errors") or {})
    context["form_errors"] = [e for errors in error_sources for errs in errors.values() for e in errs]
    return render(request, "surveys/campaign.html", context, status=status)


def _campaign_page_error(request: HttpRequest, access: AgencyAccess, pk: int, **extra: Any) -> HttpResponse:
    return _campaign_page(request, access, pk, status=400, **extra)


@require_POST
@agency_view(Can.MANAGE)
def confirm_oit(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    item = _campaign(access, pk)
    actions.confirm_oit_complete(item, request.user)
    messages.success(request, _("Recorded that the OIT entry is complete; the survey can open."))
    return redirect("surveys:campaign", agency=access.agency.slug, pk=pk)


@require_POST
@agency_view(Can.MANAGE)
def override(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    item = _campaign(access, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _campaign_page_error(request, access, pk, reason_form=form)
    actions.override_gate(item, form.cleaned_data["reason"], request.user)
    messages.warning(request, _("The survey may open before the OIT entry is complete; the reason is recorded."))
    return redirect("surveys:campaign", agency=access.agency.slug, pk=pk)


@require_POST
@agency_view(Can.MANAGE)
def close(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    actions.close_campaign(_campaign(access, pk), request.user)
    messages.success(request, _("The survey is closed."))
    return redirect("surveys:campaign", agency=access.agency.slug, pk=pk)


@require_POST
@agency_view(Can.MANAGE)
def change_dates(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    item = _campaign(access, pk)
    form = DatesForm(request.POST)
    if not form.is_valid():
        return _campaign_page_error(request, access, pk, dates_form=form)
    actions.update_dates(item, form.cleaned_data["opens_on"], form.cleaned_data["closes_on"], request.user)
    messages.success(request, _("Saved the dates."))
    return redirect("surveys:campaign", agency=access.agency.slug, pk=pk)


@require_POST
@agency_view(Can.MANAGE)
def issue_codes(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    item = _campaign(access, pk)
    form = CodesForm(request.POST)
    if not form.is_valid():
        return _campaign_page_error(request, access, pk, codes_form=form)
    kind = CodeKind.EVENT if request.POST.get("kind") == CodeKind.EVENT else CodeKind.SLIP
    batch = actions.issue_codes(item, form.cleaned_data["count"], request.user, kind, form.cleaned_data["label"])
    messages.success(request, _("Made %(count)d one-time codes; download the slips below.") % {"count": batch.issued})
    return redirect("surveys:campaign", agency=access.agency.slug, pk=pk)


@require_POST
@agency_view(Can.EDIT)
def ticket(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    """One service-event code, printed on a receipt or queue ticket (80 mm printers print this page)."""
    item = _campaign(access, pk)
    if item.instrument != "EIT" and item.instrument != Instrument.SATISFACTION:
        raise Http404
    batch = actions.issue_codes(item, 1, request.user, CodeKind.EVENT, _("Service ticket"))
    code = AccessCode.objects.filter(batch=batch).values_list("code", flat=True).get()
    url = respond_url(item, code)
    context = {
        "campaign": item,
        "agency": access.agency,
        "code": anonymity.display_code(code),
        "url": url,
        "qr": qr.data_uri(url, scale=3),
    }
    return render(request, "surveys/ticket.html", context)


@require_POST
@agency_view(Can.MANAGE)
def review_burst(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    item = _campaign(access, pk)
    form = BurstForm(request.POST)
    if not form.is_valid():
        return _campaign_page_error(request, access, pk, burst_form_errors=form.errors)
    data = form.cleaned_data
    try:
        count = actions.review_burst(
            item, data["fingerprint"], data["day"], data["decision"] == "exclude", data["reason"], request.user
        )
    except ValueError as exc:
        return _campaign_page_error(request, access, pk, burst_form_errors={"reason": [str(exc)]})
    messages.success(request, _("Recorded the decision on %(count)d answer sheets.") % {"count": count})
    return redirect("surveys:campaign", agency=access.agency.slug, pk=pk)


@agency_view(Can.VIEW)
def campaign_results(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    item = _campaign(access, pk)
    sheet = sheet_for(item)
    groups = {g.pk: g for g in StakeholderGroup.objects.filter(assessment=item.assessment)}
    scored = results.score(item, sheet, groups)
    criteria = item.assessment.criteria.framework
    indicator_names = {i.number: i.name_th for i in criteria.indicators} if item.is_pulse else {}
    context = {
        "active_nav": "surveys",
        "assessment": item.assessment,
        "campaign": item,
        "results": scored,
        "indicators": [(n, indicator_names.get(n, ""), s) for n, s in sorted(scored.indicators.items())],
        "min_group": results.MIN_GROUP,
        "can_export": access.can(Can.EXPORT),
    }
    return render(request, "surveys/results.html", context)


@agency_view(Can.VIEW)
def campaign_qr(request: HttpRequest, access: AgencyAccess, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("svg", "png"):
        raise Http404
    item = _campaign(access, pk)
    return _qr_response(respond_url(item), fmt, f"survey-{item.token}")


@require_POST
@agency_view(Can.MANAGE)
def publish(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    item = _campaign(access, pk)
    if item.instrument != Instrument.SATISFACTION:
        raise Http404
    actions.publish_report(item, request.user)
    messages.success(request, _("Published the report page; it can now be attached as OIT evidence."))
    return redirect("surveys:campaign", agency=access.agency.slug, pk=pk)


# Satisfaction questionnaires -------------------------------------------------------------------


@agency_view(Can.VIEW)
def questionnaires(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST":
        access.require(Can.MANAGE)
        if form.is_valid():
            item = Questionnaire.objects.create(agency=access.agency, **form.cleaned_data)
            actions.record(request.user, "survey.questionnaire.create", item, agency=access.agency)
            return redirect("surveys:questionnaire", agency=access.agency.slug, pk=item.pk)
    items = access.filter(Questionnaire).annotate(n=Count("questions", distinct=True), last=Max("campaigns__closes_on"))
    context = {"active_nav": "surveys", "items": items, "form": form, "can_manage": access.can(Can.MANAGE)}
    return render(request, "surveys/questionnaires.html", context, status=400 if form.errors else 200)


@agency_view(Can.VIEW)
def questionnaire(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    item = access.get(Questionnaire, pk=pk)
    form = QuestionForm(request.POST or None)
    in_use = item.campaigns.filter(responses__isnull=False).exists()
    if request.method == "POST":
        access.require(Can.MANAGE)
        if in_use:
            messages.error(request, _("This questionnaire already has answers; copy it to change its questions."))
            return redirect("surveys:questionnaire", agency=access.agency.slug, pk=pk)
        remove = request.POST.get("remove", "")
        if remove.isdecimal():
            SatisfactionQuestion.objects.filter(questionnaire=item, pk=int(remove)).delete()
            actions.record(request.user, "survey.questionnaire.remove_question", item, agency=access.agency)
            return redirect("surveys:questionnaire", agency=access.agency.slug, pk=pk)
        if form.is_valid():
            order = item.questions.count() + 1
            SatisfactionQuestion.objects.create(questionnaire=item, order=order, **form.cleaned_data)
            actions.record(
                request.user,
                "survey.questionnaire.add_question",
                item,
                agency=access.agency,
                after={"text": form.cleaned_data["text"]},
            )
            return redirect("surveys:questionnaire", agency=access.agency.slug, pk=pk)
    context = {
        "active_nav": "surveys",
        "item": item,
        "questions": item.questions.all(),
        "form": form,
        "in_use": in_use,
        "can_manage": access.can(Can.MANAGE),
    }
    return render(request, "surveys/questionnaire.html", context, status=400 if form.errors else 200)
