"""Anonymous pages: the respondent form (/s/<token>/), its thanks page, open surveys and published reports.

The POST path is the hot path of the whole product during the collection window: one campaign query, cache
checks, one transaction (code delete, shuffled insert). Nothing here logs, audits or stores who answered.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.agencies.models import Agency
from prongsai.surveys import actions, anonymity, live, results, submission
from prongsai.surveys.models import AccessCode, Campaign, SatisfactionReport, StakeholderGroup
from prongsai.surveys.questionnaires import Sheet, criteria_of, sheet_for

CODE_NOT_RECOGNISED = gettext_lazy("The code is not one of this survey's codes; check the letters on your slip.")
CLOSED_STATUS = {"closed": 410, "waiting_oit": 403, "scheduled": 403}


def _campaign(token: str) -> Campaign:
    return live.campaign_by_token(token)


def _groups(campaign: Campaign) -> list[StakeholderGroup]:
    if not campaign.ask_group:
        return []
    return list(StakeholderGroup.objects.filter(assessment_id=campaign.assessment_id))


def _page(request: HttpRequest, template: str, campaign: Campaign, status: int = 200, **extra: Any) -> HttpResponse:
    context = {"agency": campaign.agency, "campaign": campaign, **extra}
    return render(request, f"surveys/public/{template}", context, status=status)


def _sections(campaign: Campaign, sheet: Sheet, values: dict[str, str], errors: set[str]) -> list[dict[str, Any]]:
    """The form's questions grouped by indicator (the respondent's sections), with each radio's state."""
    names: dict[int, str] = {}
    if campaign.is_pulse:
        criteria = criteria_of(campaign.assessment.criteria_id)
        names = {i.number: i.name_th for i in criteria.indicators}
    sections: list[dict[str, Any]] = []
    for q in sheet.questions:
        if not sections or sections[-1]["indicator"] != q.indicator:
            sections.append({"indicator": q.indicator, "name": names.get(q.indicator, ""), "questions": []})
        keys = [
            {
                "code": k.code,
                "text": k.text,
                "error": f"k-{k.code}" in errors,
                "options": [(str(n), label, values.get(k.code) == str(n)) for n, label in enumerate(k.options, 1)],
            }
            for k in q.keys
        ]
        has_error = any(k["error"] for k in keys)
        sections[-1]["questions"].append({"q": q, "keys": keys, "error": has_error})
    for n, section in enumerate(sections, start=1):
        section["number"] = n
    return sections


def _form(
    request: HttpRequest,
    campaign: Campaign,
    sheet: Sheet,
    *,
    code: str = "",
    sub: submission.Submission | None = None,
    status: int = 200,
) -> HttpResponse:
    values = {k: request.POST.get(k, "") for k in sheet.sizes} if sub is not None else {}
    errors = {anchor for anchor, _ in sub.errors} if sub is not None else set()
    context = {
        "sheet": sheet,
        "sections": _sections(campaign, sheet, values, errors),
        "total": len(sheet.questions),
        "need_code": not campaign.open_link,
        "code": code or (sub.code if sub else ""),
        "code_shown": anonymity.display_code(code) if code else "",
        "errors": sub.errors if sub else [],
        "groups": _groups(campaign),
        "group_value": request.POST.get("group", "") if sub else "",
        "comment": request.POST.get("comment", "") if sub else "",
        "honeypot": submission.HONEYPOT,
    }
    response = _page(request, "form.html", campaign, status, **context)
    if anonymity.MARKER_COOKIE not in request.COOKIES:
        response.set_cookie(
            anonymity.MARKER_COOKIE,
            anonymity.new_marker(),
            max_age=anonymity.MARKER_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _not_open(request: HttpRequest, campaign: Campaign, state: str) -> HttpResponse:
    return _page(request, "closed.html", campaign, CLOSED_STATUS[state], state=state)


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str, code: str = "") -> HttpResponse:
    campaign = _campaign(token)
    state = campaign.state()
    if state != "open":
        return _not_open(request, campaign, state)
    if request.method == "POST":
        return _submit(request, campaign)
    sheet = sheet_for(campaign)
    code = anonymity.normalise_code(code)
    if code:
        if not anonymity.code_is_well_formed(campaign.token, code):
            return _page(request, "code_unknown.html", campaign, 404)
        if not AccessCode.objects.filter(campaign=campaign, code=code).exists():
            return _page(request, "code_used.html", campaign, 409)
    return _form(request, campaign, sheet, code=code)


def _submit(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > submission.MAX_BODY_BYTES:
        return _page(request, "too_large.html", campaign, 413)
    sheet = sheet_for(campaign)
    groups = {g.pk for g in _groups(campaign)} if campaign.ask_group else None
    sub = submission.read(sheet, request.POST, group_ids=groups, need_code=not campaign.open_link)
    if sub.honeypot:
        return _page(request, "honeypot.html", campaign, 400)
    if sub.code and not anonymity.code_is_well_formed(campaign.token, sub.code):
        sub.errors.insert(0, ("f-code", str(CODE_NOT_RECOGNISED)))
    if sub.errors:
        return _form(request, campaign, sheet, sub=sub, status=400)
    marker = "" if sub.code else request.COOKIES.get(anonymity.MARKER_COOKIE, "")[:64]
    print_ = anonymity.fingerprint(sub.answers, sub.group_id)
    admission = anonymity.admit(campaign.token, marker, print_)
    if admission.already_answered:
        return _page(request, "already.html", campaign, 409)
    try:
        actions.store_response(
            campaign,
            sub.answers,
            group_id=sub.group_id,
            comment=sub.comment,
            code=sub.code or None,
            flagged=admission.burst,
            fingerprint=print_,
        )
    except actions.CodeSpent:
        return _page(request, "code_used.html", campaign, 409)
    except Exception:
        anonymity.release_browser(campaign.token, marker)
        raise
    return redirect("s:thanks", token=campaign.token, permanent=False)


@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    campaign = _campaign(token)
    return _page(request, "thanks.html", campaign, today=timezone.localdate())


@require_GET
def open_surveys(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = get_object_or_404(Agency, slug=agency)
    today = timezone.localdate()
    campaigns = [
        c
        for c in Campaign.objects.filter(agency=agency_obj).accepting_on(today).select_related("assessment")
        if c.state(today) == "open"
    ]
    reports = SatisfactionReport.objects.filter(agency=agency_obj).select_related("campaign")
    return render(
        request, "surveys/public/open.html", {"agency": agency_obj, "campaigns": campaigns, "reports": reports}
    )


@require_GET
def report(request: HttpRequest, agency: str, token: str) -> HttpResponse:
    published = get_object_or_404(
        SatisfactionReport.objects.select_related("campaign__questionnaire", "campaign__assessment", "agency"),
        agency__slug=agency,
        campaign__token=token,
    )
    campaign = published.campaign
    sheet = sheet_for(campaign)
    scored = results.score(campaign, sheet)
    return _page(request, "report.html", campaign, published=published, results=scored, sheet=sheet)
