"""Downloadable kinds of the surveys app: posters and table cards, code slips, answers CSV, satisfaction report.

Options (web query string or `--option KEY=VALUE`):
  survey-poster:       instrument=IIT|EIT (the official ITAS link) or campaign=<id> (a Prongsai survey); layout=tent
  survey-slips:        batch=<id> or campaign=<id> (every unused code of the survey)
  survey-answers:      campaign=<id>, or instrument=IIT|EIT (the year's latest pulse survey of it)
  satisfaction-report: campaign=<id>, or the year's latest satisfaction survey
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.access import Can
from prongsai.assessments.models import Assessment
from prongsai.documents import charts, docx, pdf
from prongsai.documents.registry import Document, DocumentError, DocumentRequest, register
from prongsai.lib import thaidate
from prongsai.surveys import actions, anonymity, qr, results
from prongsai.surveys.models import AccessCode, Campaign, CodeBatch, Instrument
from prongsai.surveys.questionnaires import sheet_for

INSTRUMENT_TEXT = {
    "IIT": ("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", "สำหรับบุคลากรที่ปฏิบัติงานมาไม่น้อยกว่า ๑ ปี"),
    "EIT": ("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)", "สำหรับผู้รับบริการและผู้มาติดต่อ"),
    "SAT": ("แบบสำรวจความพึงพอใจในการให้บริการ", "สำหรับผู้รับบริการ"),
}


def _assessment(request: DocumentRequest) -> Assessment:
    year = request.fiscal_year
    assessment = (
        Assessment.objects.select_related("criteria", "agency").filter(agency=request.agency, fiscal_year=year).first()
        if year is not None
        else None
    )
    if assessment is None:
        raise DocumentError(f"{request.agency.slug} has no assessment for fiscal year {request.fiscal_year}")
    return assessment


def _campaign(request: DocumentRequest, assessment: Assessment, instrument: str | None = None) -> Campaign:
    campaigns = Campaign.objects.filter(assessment=assessment).select_related("assessment", "questionnaire", "agency")
    wanted = str(request.options.get("campaign", ""))
    if wanted:
        found = campaigns.filter(pk=int(wanted)).first() if wanted.isdecimal() else None
        if found is None:
            raise DocumentError(f"no survey {wanted!r} in fiscal year {assessment.fiscal_year}")
        return found
    instrument = str(request.options.get("instrument", "")).upper() or instrument
    latest = campaigns.filter(instrument=instrument).order_by("-opens_on", "-pk").first() if instrument else None
    if latest is None:
        raise DocumentError("name the survey with --option campaign=<id> (or instrument=IIT|EIT)")
    return latest


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _thai_date(day: dt.date) -> str:
    return thaidate.thai_digits(thaidate.format_date(day))


@register(
    "survey-poster",
    _("Survey poster or table-tent card"),
    ("pdf",),
    options_help="instrument=IIT|EIT or campaign=<id>; layout=tent",
)
def survey_poster(request: DocumentRequest) -> Document:
    assessment = _assessment(request)
    instrument = str(request.options.get("instrument", "")).upper()
    if instrument in ("IIT", "EIT") and "campaign" not in request.options:
        url = actions.links_for(assessment).url(instrument)
        title, audience = INSTRUMENT_TEXT[instrument]
        subtitle = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
        until = None
        name = f"itas-{instrument.lower()}"
    else:
        campaign = _campaign(request, assessment, "EIT")
        url = _site(reverse("s:respond", kwargs={"token": campaign.token}))
        title, audience = campaign.title, INSTRUMENT_TEXT[campaign.instrument][1]
        subtitle = INSTRUMENT_TEXT[campaign.instrument][0]
        until = _thai_date(campaign.closes_on)
        name = f"survey-{campaign.token}"
    tent = request.options.get("layout") == "tent"
    context = {
        "agency": assessment.agency,
        "year": thaidate.thai_digits(assessment.fiscal_year),
        "title": title,
        "subtitle": subtitle,
        "audience": audience,
        "url": url,
        "qr": qr.data_uri(url, scale=10),
        "until": until,
        "tent": tent,
    }
    content = pdf.render_template("surveys/pdf/poster.html", context, language=request.language)
    suffix = "tent" if tent else "poster"
    return Document(content, f"{name}-{suffix}-{request.agency.slug}.pdf", "pdf")


@register(
    "survey-slips",
    _("One-time code slips (QR)"),
    ("pdf",),
    options_help="batch=<id> or campaign=<id>",
    # Unused codes are answers waiting to be given: only those who issue them (Can.MANAGE) print them.
    permitted=lambda access: access.can(Can.MANAGE),
)
def survey_slips(request: DocumentRequest) -> Document:
    assessment = _assessment(request)
    batch_id = str(request.options.get("batch", ""))
    codes = AccessCode.objects.filter(campaign__assessment=assessment).select_related("campaign")
    if batch_id:
        batch = CodeBatch.objects.filter(
            pk=int(batch_id) if batch_id.isdecimal() else 0, campaign__assessment=assessment
        )
        if not batch.exists():
            raise DocumentError(f"no code batch {batch_id!r} in fiscal year {assessment.fiscal_year}")
        codes = codes.filter(batch_id=int(batch_id))
        campaign = batch.get().campaign
    else:
        campaign = _campaign(request, assessment)
        codes = codes.filter(campaign=campaign)
    # Sorted by code, which is random: the printed order says nothing about when codes are used.
    rows = list(codes.order_by("code").values_list("code", flat=True))
    if not rows:
        raise DocumentError("every code of this batch has been used; make a new batch")
    slips = []
    for code in rows:
        url = _site(reverse("s:respond-code", kwargs={"token": campaign.token, "code": code}))
        slips.append({"code": anonymity.display_code(code), "qr": qr.data_uri(url, scale=4), "url": url})
    context = {
        "agency": assessment.agency,
        "campaign": campaign,
        "slips": slips,
        "typing_url": _site(reverse("s:respond", kwargs={"token": campaign.token})),
        "until": _thai_date(campaign.closes_on),
    }
    content = pdf.render_template("surveys/pdf/slips.html", context, language=request.language)
    return Document(content, f"survey-slips-{campaign.token}.pdf", "pdf")


@register("survey-answers", _("Survey answers (prongsai score CSV)"), ("csv",), options_help="campaign=<id>")
def survey_answers(request: DocumentRequest) -> Document:
    assessment = _assessment(request)
    campaign = _campaign(request, assessment)
    sheet = sheet_for(campaign)
    counted = results.Response.objects.filter(campaign=campaign).counted().count()
    if counted < results.MIN_GROUP:
        raise DocumentError(
            f"only {counted} counted answers; answers are exported from {results.MIN_GROUP} respondents up"
        )
    text = results.answers_csv(campaign, sheet)
    return Document(text.encode("utf-8"), f"{campaign.instrument}-{campaign.token}.csv", "csv")


@register("satisfaction-report", _("Satisfaction survey report"), ("docx", "pdf"), options_help="campaign=<id>")
def satisfaction_report(request: DocumentRequest) -> Document:
    assessment = _assessment(request)
    campaign = _campaign(request, assessment, Instrument.SATISFACTION)
    sheet = sheet_for(campaign)
    scored = results.score(campaign, sheet)
    chart = None
    if not scored.suppressed:
        ordered = sorted((q for q in scored.questions), key=lambda q: q.number)
        chart = charts.bars(
            [f"{q.number}. {q.text}" for q in ordered],
            [float(q.score) if q.score is not None else None for q in ordered],
            title="คะแนนความพึงพอใจรายข้อ (0–100)",
        )
    context = {
        "agency": assessment.agency,
        "campaign": campaign,
        "year": thaidate.thai_digits(assessment.fiscal_year),
        "period": f"{_thai_date(campaign.opens_on)} – {_thai_date(campaign.closes_on)}",
        "results": scored,
        "questions": sorted(scored.questions, key=lambda q: q.number),
        "sheet": sheet,
        "chart": chart,
        "made_on": _thai_date(timezone.localdate()),
        "min_group": results.MIN_GROUP,
    }
    name = f"satisfaction-report-{campaign.token}.{request.format}"
    if request.format == "pdf":
        return Document(pdf.render_template("surveys/pdf/report.html", context, language=request.language), name, "pdf")
    return Document(_report_docx(context), name, "docx")


def _report_docx(context: dict) -> bytes:
    campaign, scored = context["campaign"], context["results"]
    doc = docx.new_document()
    docx.heading(doc, "รายงานผลการสำรวจความพึงพอใจในการให้บริการ", 1)
    docx.paragraph(doc, f"{context['agency'].name_th} ปีงบประมาณ พ.ศ. {context['year']}", align="center")
    docx.paragraph(doc, f"แบบสำรวจ: {campaign.title}")
    docx.paragraph(doc, f"ระยะเวลาเก็บข้อมูล: {context['period']}")
    if scored.suppressed:
        docx.paragraph(
            doc,
            f"มีผู้ตอบ {thaidate.thai_digits(scored.respondents)} คน ซึ่งน้อยกว่า "
            f"{thaidate.thai_digits(context['min_group'])} คน จึงไม่แสดงผลเพื่อคุ้มครองผู้ตอบ",
        )
        return docx.to_bytes(doc)
    docx.paragraph(
        doc,
        f"ผู้ตอบแบบสำรวจทั้งสิ้น {thaidate.thai_digits(scored.respondents)} คน "
        f"ความพึงพอใจโดยรวม {thaidate.thai_digits(f'{scored.overall:.2f}')} คะแนน (เต็ม ๑๐๐)",
        indent_cm=2.5,
    )
    if context["chart"] is not None:
        docx.image(doc, context["chart"].png(), width_cm=16)
    rows = [
        [thaidate.thai_digits(q.number), q.text, "–" if q.score is None else f"{q.score:.2f}", str(q.respondents)]
        for q in context["questions"]
    ]
    docx.table(doc, ["ข้อ", "คำถาม", "คะแนน", "ผู้ตอบ"], rows, widths_cm=[1.2, 10.3, 2.2, 2.3])
    weakest = scored.weakest[:3]
    if weakest:
        docx.heading(doc, "ประเด็นที่ควรปรับปรุง (คะแนนต่ำสุด)", 2)
        for q in weakest:
            docx.paragraph(doc, f"• {q.text} ({q.score:.2f})")
    if scored.comments:
        docx.heading(doc, "ข้อเสนอแนะจากผู้รับบริการ", 2)
        for comment in scored.comments:
            docx.paragraph(doc, f"• {comment}")
    docx.paragraph(doc, f"จัดทำเมื่อ {context['made_on']}", align="right")
    return docx.to_bytes(doc)
